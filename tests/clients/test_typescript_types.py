"""TypeScript types generated from the live schema (openapi-typescript) type-check under --strict,
with the usage in clients/check-types.ts."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.clients.conftest import ROOT, node_tool, run


def test_the_generated_types_compile_strictly(served_schema: Path, tmp_path: Path) -> None:
    types = tmp_path / "schema.d.ts"
    output = run([node_tool("openapi-typescript"), served_schema, "--output", types])
    assert "warn" not in output.lower(), output
    check = shutil.copy(ROOT / "clients/check-types.ts", tmp_path / "check-types.ts")
    run(
        [node_tool("tsc"), "--strict", "--noEmit", "--target", "es2022"]
        + ["--module", "esnext", "--moduleResolution", "bundler", types, check]
    )
