"""Incidents and the organisation profile mapped onto the engine's facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.mapping import incident_facts, organisation_facts, tier_choice
from compliance.services import assessment_record
from incidents.models import LegalEntity, OrganisationProfile
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_entities_become_engine_entities_with_their_status(organisation: Any) -> None:
    LegalEntity.objects.filter(country="CN").update(is_cii_operator=True)
    org = organisation_facts()
    by_country = {entity.country: entity for entity in org.entities}
    assert set(by_country) == {"IE", "GB", "CN"}
    assert by_country["CN"].is_cii_operator is True
    assert by_country["IE"].supervisory_authority == "Data Protection Commission"


def test_a_fresh_install_without_entities_still_gets_obligations(db: Any) -> None:
    incident = incident_create_for_test(now=NOW)
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert notice.entity is None
    assert notice.due_at == NOW - timedelta(hours=4) + timedelta(hours=72)


def test_bad_profile_settings_fall_back_to_the_defaults(organisation: Any) -> None:
    OrganisationProfile.objects.update(
        asap_target_hours={"GDPR": 12, "US-ZZ": 5, "PIPL": -1}, tier_mapping={"low": "risk"}
    )
    org = organisation_facts()
    assert org.target_hours("GDPR") == 12.0
    assert org.target_hours("PIPL") == 24.0
    assert org.tier_by_band["medium"] == "risk"


def test_the_organisations_tier_mapping_is_used(organisation: Any, personas: Any) -> None:
    OrganisationProfile.objects.update(
        tier_mapping={"low": "risk", "medium": "high", "high": "high", "very_high": "high"}
    )
    incident = incident_create_for_test(actor=personas["security"], now=NOW)
    assessment = assessment_record(
        actor=personas["dpo"],
        incident=incident,
        inputs={"ease_of_identification": 0.25, "data_categories": ["contact"]},
        now=NOW,
    )
    assert (assessment.band, assessment.tier) == ("low", "risk")


def test_the_tier_comes_from_the_latest_assessment_then_the_incident_then_none(
    organisation: Any, personas: Any
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=NOW, risk_level="")
    assert tier_choice(incident).tier is None
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert "has not been assessed yet" in notice.explanation
    incident.risk_level = "unlikely"
    assert (tier_choice(incident).tier, tier_choice(incident).source) == ("unlikely", "incident")
    assessment_record(
        actor=personas["dpo"],
        incident=incident,
        inputs={"ease_of_identification": 1, "confidentiality": 0.5, "data_categories": ["health"]},
        now=NOW,
    )
    choice = tier_choice(incident)
    assert (choice.tier, choice.source) == ("high", "assessment")


def test_facts_carry_the_incidents_values(organisation: Any, personas: Any) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        affected_subjects=[{"country": "de", "count": 3}],
        cac_grade="major",
        cac_grade_reason="Direct loss above CNY 100 million.",
        is_drill=True,
    )
    facts = incident_facts(incident, tier="risk")
    assert facts.affected_subjects == (("DE", 3, ""),)
    assert (facts.cac_grade, facts.is_drill, facts.risk_tier) == ("major", True, "risk")
    assert facts.aware_at == incident.aware_at
