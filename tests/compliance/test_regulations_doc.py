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
IDS = [rule.id for rule in ENGINE_RULES]


def doc_key(rule: Rule) -> str:
    """The rule's row: its id, with the dates when the law changed and it has versions."""
    if IDS.count(rule.id) == 1:
        return rule.id
    if rule.valid_from is not None:
        return f"{rule.id} (from {rule.valid_from.isoformat()})"
    assert rule.valid_to is not None
    return f"{rule.id} (until {rule.valid_to.isoformat()})"


def test_the_document_lists_exactly_the_engines_rules() -> None:
    assert sorted(documented_rows()) == sorted(doc_key(rule) for rule in ENGINE_RULES)


@pytest.mark.parametrize("rule", ENGINE_RULES, ids=doc_key)
def test_each_rule_is_documented_with_its_source_and_clock(rule: Rule) -> None:
    row = documented_rows()[doc_key(rule)]
    regime, source, clock_event, duration, unit = row[1], row[2], row[5], row[6], row[7]
    assert regime == rule.regime
    assert source.startswith(rule.legal_basis)
    assert clock_event == f"`{rule.clock_event}`"
    expected = "—" if rule.duration is None else f"{rule.duration:g}"
    assert duration.split(" (")[0] == expected
    assert unit == rule.unit
    assert ("(verify" in source) == rule.verify
