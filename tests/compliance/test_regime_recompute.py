"""Stored obligations of the further regimes: cascades on a recorded notice, the projection,
the Omnibus switch, and the new clock events through the incident API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.api.serializers import ObligationSerializer
from compliance.models import Obligation
from compliance.services import submission_record
from incidents.models import AuditEvent, LegalEntity, OrganisationProfile
from incidents.services import incident_update, organisation_profile_update
from tests.factories import incident_create_for_test, incident_payload

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday
URL = "/api/v1/incidents/"


def row(incident: Any, rule_id: str) -> Obligation:
    return Obligation.objects.get(incident=incident, rule_id=rule_id, applies=True)


@pytest.fixture
def bank(organisation: Any) -> LegalEntity:
    entity = LegalEntity.objects.get(country="IE")
    entity.dora_financial_entity = True
    entity.save()
    return entity


def test_recording_the_initial_dora_notice_starts_the_intermediate_clock(
    bank: LegalEntity, personas: dict[str, Any]
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        entities=[bank],
        classified_major_at=NOW - timedelta(hours=3),
    )
    initial = row(incident, "DORA-INITIAL")
    assert initial.due_at == NOW + timedelta(hours=1)
    assert row(incident, "DORA-INTERMEDIATE").due_at is None
    sent = NOW - timedelta(minutes=30)
    submission_record(
        actor=personas["dpo"],
        obligation=initial,
        phase="initial",
        submitted_at=sent,
        channel="NCA portal",
        now=NOW,
    )
    intermediate = row(incident, "DORA-INTERMEDIATE")
    assert intermediate.clock_start == sent
    assert intermediate.due_at == sent + timedelta(hours=72)  # a Friday: no roll
    assert AuditEvent.objects.filter(action="update", object_id=str(intermediate.pk)).exists()


def test_the_projection_is_stored_and_exposed_read_only(
    organisation: Any, personas: dict[str, Any]
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=NOW, risk_level="high")
    sa = row(incident, "GDPR-SA")
    body = ObligationSerializer(sa).data["projection"]
    assert set(body) == {"label", "legal_basis", "due_at", "duty", "note"}
    assert body["due_at"] == (incident.aware_at + timedelta(hours=96)).isoformat().replace(
        "+00:00", "Z"
    )
    assert ObligationSerializer(row(incident, "GDPR-DS")).data["projection"] is None


def test_the_omnibus_switch_is_audited_and_recomputes_open_incidents(
    organisation: Any, personas: dict[str, Any]
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=NOW, risk_level="high")
    profile = OrganisationProfile.current()
    assert profile.omnibus_adopted is False
    organisation_profile_update(
        actor=personas["admin"] if "admin" in personas else None,
        profile=profile,
        data={"omnibus_adopted": True},
        now=NOW,
    )
    omnibus = row(incident, "GDPR-SA-OMNIBUS")
    assert omnibus.due_at == incident.aware_at + timedelta(hours=96)
    assert omnibus.projection is None
    assert not Obligation.objects.get(incident=incident, rule_id="GDPR-SA").applies
    entry = (
        AuditEvent.objects.filter(object_type=OrganisationProfile._meta.label).order_by("id").last()
    )
    assert entry is not None
    assert entry.changes["omnibus_adopted"] == {"before": False, "after": True}


def test_region_and_regime_flags_reach_the_engine(
    organisation: Any, personas: dict[str, Any]
) -> None:
    entity = LegalEntity.objects.get(country="IE")
    entity.hipaa_covered = True
    entity.save()
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        entities=[entity],
        affected_subjects=[{"country": "US", "region": "US-TX", "count": 300}],
    )
    regimes = set(incident.obligations.filter(applies=True).values_list("regime", flat=True))
    assert {"HIPAA", "US-TX"} <= regimes
    assert row(incident, "US-TX-AG").status == "pending"


def test_the_incident_api_takes_the_new_clock_events_with_an_offset_only(
    api_client_for: Any,
) -> None:
    client = api_client_for("dpo")
    created = client.post(URL, incident_payload(), format="json")
    assert created.status_code == 201, created.json()
    naive = client.patch(
        f"{URL}{created.json()['id']}/",
        {"materiality_determined_at": "2026-11-24T08:00:00"},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert naive.status_code == 400
    assert "materiality_determined_at" in naive.json()
    detected = created.json()["detected_at"]
    ok = client.patch(
        f"{URL}{created.json()['id']}/",
        {"materiality_determined_at": detected, "classified_major_at": detected},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["materiality_determined_at"] == detected
    change = AuditEvent.objects.filter(action="update").last()
    assert change is not None and "classified_major_at" in change.changes


def test_a_clock_event_before_detection_is_refused_by_name(
    organisation: Any, personas: dict[str, Any]
) -> None:
    from config.errors import ValidationFailed

    incident = incident_create_for_test(actor=personas["security"], now=NOW)
    with pytest.raises(ValidationFailed) as error:
        incident_update(
            actor=None,
            incident=incident,
            data={"assessment_completed_at": incident.detected_at - timedelta(minutes=1)},
            now=NOW,
        )
    assert "assessment_completed_at" in error.value.fields
