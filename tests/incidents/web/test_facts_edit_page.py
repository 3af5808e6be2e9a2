"""GET/POST /incidents/<reference>/facts/: edit facts with optimistic locking and a clear conflict."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import timezone

from incidents.models import AuditEvent, Incident, UserPreference
from incidents.services import incident_update
from tests.incidents.web.conftest import form_data

pytestmark = pytest.mark.django_db


def edit_url(incident: Incident) -> str:
    return f"/incidents/{incident.reference}/facts/"


def opened_form(client: Any, incident: Incident) -> dict[str, Any]:
    """What the browser would send back unchanged after opening the facts form."""
    response = client.get(edit_url(incident))
    assert response.status_code == 200
    return form_data(response.content.decode(), "version")


def test_saving_sends_only_what_changed(client_for, make_incident) -> None:
    incident = make_incident(title="Old title", description="As logged.")
    client = client_for("dpo")
    data = opened_form(client, incident)
    data["title"] = "New title"
    response = client.post(edit_url(incident), data)
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.reference}/"
    incident.refresh_from_db()
    assert (incident.title, incident.description, incident.version) == (
        "New title",
        "As logged.",
        2,
    )
    event = AuditEvent.objects.filter(
        incident=incident, action="update", object_type="incidents.Incident"
    ).get()
    assert set(event.changes) <= {"title", "version", "updated_at"}


def test_times_are_shown_and_read_in_the_persons_zone(client_for, personas, make_incident):
    UserPreference.objects.create(user=personas["dpo"], time_zone="Asia/Shanghai")
    incident = make_incident(
        detected_at=datetime(2026, 11, 20, 1, 0, tzinfo=UTC),
        aware_at=datetime(2026, 11, 20, 2, 0, 5, tzinfo=UTC),
    )
    client = client_for("dpo")
    data = opened_form(client, incident)
    assert data["detected_at"] == "2026-11-20T09:00:00"
    assert data["time_zone"] == "Asia/Shanghai"
    data["aware_at"] = "2026-11-20T12:30:00"
    client.post(edit_url(incident), data)
    incident.refresh_from_db()
    assert incident.aware_at == datetime(2026, 11, 20, 4, 30, tzinfo=UTC)
    assert incident.detected_at == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def test_a_stale_save_is_refused_and_shows_the_other_change(
    client_for, personas, make_incident
) -> None:
    incident = make_incident(title="Old title", description="As logged.")
    client = client_for("dpo")
    data = opened_form(client, incident)
    incident_update(
        now=timezone.now(),
        actor=personas["security"],
        incident=incident,
        data={"description": "Forensics done."},
    )
    data["title"] = "DPO's title"
    response = client.post(edit_url(incident), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in body
    assert "<strong>security</strong>" in body and "Forensics done." in body
    incident.refresh_from_db()
    assert incident.title == "Old title"

    again = form_data(body, "version")
    assert again["title"] == "DPO's title"  # the DPO's input is kept
    assert again["description"] == "Forensics done."  # the other change is not reverted
    assert again["version"] == "2"
    assert client.post(edit_url(incident), again).status_code == 302
    incident.refresh_from_db()
    assert (incident.title, incident.description, incident.version) == (
        "DPO's title",
        "Forensics done.",
        3,
    )


def test_a_field_both_people_changed_is_flagged(client_for, personas, make_incident) -> None:
    incident = make_incident(description="As logged.")
    client = client_for("dpo")
    data = opened_form(client, incident)
    incident_update(
        actor=personas["security"],
        incident=incident,
        data={"description": "Theirs"},
        now=timezone.now(),
    )
    data["description"] = "Mine"
    body = client.post(edit_url(incident), data).content.decode()
    assert "Someone else changed this too" in body
    assert form_data(body, "version")["description"] == "Mine"
    incident.refresh_from_db()
    assert incident.description == "Theirs"


def test_the_same_rules_as_the_api_apply(client_for, make_incident) -> None:
    incident = make_incident()
    client = client_for("security")
    data = opened_form(client, incident)
    data["aware_at"] = data["detected_at"][:-8] + "00:00:00"
    data["detected_at"] = data["detected_at"][:-8] + "23:00:00"
    data["records_count"] = "-5"
    body = client.post(edit_url(incident), data).content.decode()
    assert "Ensure this value is greater than or equal to 0." in body
    assert 'id="id_records_count_error"' in body
    data["records_count"] = ""
    body = client.post(edit_url(incident), data).content.decode()
    assert (
        "Awareness cannot come before the first signal" in body.split('id="id_aware_at_error"')[1]
    )
    assert Incident.objects.get().version == 1


def test_nothing_changed_saves_nothing(client_for, make_incident) -> None:
    incident = make_incident()
    client = client_for("dpo")
    response = client.post(edit_url(incident), opened_form(client, incident))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.version == 1


@pytest.mark.parametrize("name", ["executive", "legal", "pr", "outsider"])
def test_roles_that_do_not_edit_facts_are_refused(client_for, make_incident, name: str) -> None:
    incident = make_incident(title="Kept")
    client = client_for(name)
    assert client.get(edit_url(incident)).status_code == 403
    assert client.post(edit_url(incident), {"title": "Changed", "version": 1}).status_code == 403
    incident.refresh_from_db()
    assert incident.title == "Kept"
