"""The engine refuses invalid facts, naming the field, and stores immutable values."""

from __future__ import annotations

from datetime import datetime

import pytest

from compliance.engine.facts import EntityFacts, OrganisationFacts
from tests.compliance.engine_cases import (
    AWARE,
    EU_ENTITY,
    TICK,
    incident,
)

# Facts validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param(
            {"detected_at": datetime(2026, 3, 28, 9, 0)}, "detected_at", id="naive-detected"
        ),
        pytest.param({"aware_at": datetime(2026, 3, 28, 9, 0)}, "aware_at", id="naive-aware"),
        pytest.param(
            {"handling_ended_at": datetime(2026, 4, 1)}, "handling_ended_at", id="naive-handling"
        ),
        pytest.param({"aware_at": AWARE - TICK}, "aware_at", id="aware-before-detected"),
        pytest.param(
            {"occurred_from": AWARE, "occurred_to": AWARE - TICK},
            "occurred_to",
            id="occurred-reversed",
        ),
        pytest.param(
            {"affected_subjects": (("de", 5),)}, "affected_subjects", id="lower-case-country"
        ),
        pytest.param(
            {"affected_subjects": (("DEU", 5),)}, "affected_subjects", id="alpha-3-country"
        ),
        pytest.param(
            {"affected_subjects": (("DE", -1),)}, "affected_subjects", id="negative-count"
        ),
        pytest.param({"records_count": -5}, "records_count", id="negative-records"),
        pytest.param({"cac_leaked_people": -1}, "cac_leaked_people", id="negative-leaked"),
        pytest.param({"role": "owner"}, "role", id="unknown-role"),
        pytest.param(
            {"breach_types": frozenset({"theft"})}, "breach_types", id="unknown-breach-type"
        ),
        pytest.param({"risk_tier": "medium"}, "risk_tier", id="band-is-not-a-tier"),
        pytest.param({"cac_grade": "major"}, "cac_grade_reason", id="grade-without-reason"),
        pytest.param(
            {"regime_overrides": (("GDPR", "include", " "),)},
            "regime_overrides",
            id="override-no-reason",
        ),
        pytest.param(
            {"regime_overrides": (("US-ZZ", "include", "x"),)},
            "regime_overrides",
            id="unknown-regime",
        ),
        pytest.param(
            {"regime_overrides": (("GDPR", "include", "a"), ("GDPR", "exclude", "b"))},
            "regime_overrides",
            id="include-and-exclude",
        ),
    ],
)
def test_invalid_facts_raise_naming_the_field(overrides: dict, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{field}"):
        incident(**overrides)


def test_an_entity_country_must_be_an_alpha_2_code() -> None:
    with pytest.raises(ValueError, match="^country"):
        EntityFacts(1, "Acme", "Germany")


def test_an_organisation_needs_distinct_entities_and_positive_targets() -> None:
    with pytest.raises(ValueError, match="^entities"):
        OrganisationFacts(())
    with pytest.raises(ValueError, match="^entities"):
        OrganisationFacts((EU_ENTITY, EU_ENTITY))
    with pytest.raises(ValueError, match="^asap_target_hours"):
        OrganisationFacts((EU_ENTITY,), asap_target_hours={"GDPR": 0})


def test_facts_accept_lists_and_store_immutable_values() -> None:
    facts = incident(breach_types=["confidentiality"], affected_subjects=[["DE", 3]])
    assert facts.breach_types == frozenset({"confidentiality"})
    assert facts.affected_subjects == (("DE", 3, ""),)
    assert facts.affected_subjects[0].count == 3
