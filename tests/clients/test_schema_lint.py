"""The served schema passes Redocly's lint (clients/redocly.yaml: every rule is an error)."""

from __future__ import annotations

from pathlib import Path

from tests.clients.conftest import ROOT, node_tool, run


def test_the_served_schema_passes_the_lint(served_schema: Path) -> None:
    output = run(
        [node_tool("redocly"), "lint", "--config", ROOT / "clients/redocly.yaml", served_schema]
    )
    assert "Your API description is valid" in output
