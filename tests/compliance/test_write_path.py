"""One write path: assessments and regime decisions change the incident through incident_update."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from compliance.models import Obligation
from compliance.services import assessment_record, regime_override_revoke, regime_override_set
from incidents.models import AuditEvent, Incident, LegalEntity
from tests.factories import incident_create_for_test

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
EXCLUDE_GDPR = {"regime": "GDPR", "action": "exclude", "reason": "Outside the EU's reach."}
pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(organisation: Any, personas: dict[str, Any]) -> Incident:
    """Germans affected, the Irish company concerned, risk recorded as 'risk'."""
    irish = list(LegalEntity.objects.filter(country="IE"))
    return incident_create_for_test(actor=personas["security"], now=NOW, entities=irish)


def incident_updates(incident: Incident) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(
        object_type="incidents.Incident", object_id=str(incident.pk), action="update"
    )
    return [event.changes for event in events.order_by("pk")]


def stale_patch(api_client_for: Any, incident: Incident, etag: str) -> int:
    client = api_client_for("security")
    url = f"/api/v1/incidents/{incident.pk}/"
    return client.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH=etag).status_code


def test_an_assessment_bumps_the_version_audits_the_source_and_recomputes(
    incident: Incident, personas: dict[str, Any], api_client_for: Any
) -> None:
    old_etag = incident.etag
    assessment_record(
        actor=personas["dpo"],
        incident=incident,
        inputs={"ease_of_identification": 1, "confidentiality": 0.5, "data_categories": ["health"]},
        now=NOW,
    )
    incident.refresh_from_db()
    assert (incident.version, incident.risk_level) == (2, "high")
    [update] = incident_updates(incident)
    assert update["source"] == "risk assessment"
    assert update["risk_level"] == {"before": "risk", "after": "high"}
    # GDPR Art. 34(1): a high risk brings the data-subject notice in.
    subjects = Obligation.objects.get(incident=incident, rule_id="GDPR-DS", applies=True)
    assert subjects.status == "pending"
    assert stale_patch(api_client_for, incident, old_etag) == 412


def test_a_regime_decision_and_its_revocation_each_bump_the_version(
    incident: Incident, personas: dict[str, Any], api_client_for: Any
) -> None:
    old_etag = incident.etag
    dpo = personas["dpo"]
    override = regime_override_set(actor=dpo, incident=incident, now=NOW, **EXCLUDE_GDPR)
    incident.refresh_from_db()
    assert incident.version == 2
    authority = Obligation.objects.get(incident=incident, rule_id="GDPR-SA")
    assert authority.status == "not_required"
    assert stale_patch(api_client_for, incident, old_etag) == 412

    regime_override_revoke(actor=personas["dpo"], override=override, reason="Wrong.", now=NOW)
    incident.refresh_from_db()
    authority.refresh_from_db()
    assert incident.version == 3
    assert authority.status != "not_required"
    assert [update["source"] for update in incident_updates(incident)] == ["regime decision"] * 2


def test_a_second_assessment_with_the_same_tier_still_makes_old_etags_stale(
    incident: Incident, personas: dict[str, Any], api_client_for: Any
) -> None:
    inputs = {"ease_of_identification": 0.75, "data_categories": ["payment_card"]}
    assessment_record(actor=personas["dpo"], incident=incident, inputs=inputs, now=NOW)
    incident.refresh_from_db()
    etag = incident.etag
    # The engine now reads the newer assessment: a change of facts like any other.
    assessment_record(actor=personas["dpo"], incident=incident, inputs=inputs, now=NOW)
    incident.refresh_from_db()
    assert (incident.risk_level, incident.version) == ("risk", 3)
    assert stale_patch(api_client_for, incident, etag) == 412
