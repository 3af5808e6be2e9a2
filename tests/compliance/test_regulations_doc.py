"""docs/regulations.md lists every rule the engine encodes, with the engine's own clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.engine.regimes import REGIMES, Rule

DOC = Path(__file__).resolve().parents[2] / "docs" / "regulations.md"


def documented_rows() -> dict[str, list[str]]:
    """The rule table's rows by rule id: regime, source, …, clock event, duration, unit."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[0] not in ("rule id", "---"):
            rows[cells[0]] = cells
    return rows


ENGINE_RULES = [rule for regime in REGIMES for rule in regime.rules]


def test_the_document_lists_exactly_the_engines_rules() -> None:
    assert sorted(documented_rows()) == sorted(rule.id for rule in ENGINE_RULES)


@pytest.mark.parametrize("rule", ENGINE_RULES, ids=lambda rule: rule.id)
def test_each_rule_is_documented_with_its_source_and_clock(rule: Rule) -> None:
    row = documented_rows()[rule.id]
    regime, source, clock_event, duration, unit = row[1], row[2], row[5], row[6], row[7]
    assert regime == rule.regime
    assert source.startswith(rule.legal_basis)
    assert clock_event == f"`{rule.clock_event}`"
    expected = "—" if rule.duration is None else f"{rule.duration:g}"
    assert duration.split(" (")[0] == expected
    assert unit == rule.unit
