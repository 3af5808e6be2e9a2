"""Triage: acknowledge, dismiss with a reason (still searchable), promote to an incident."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from intake.models import Alert, AlertStatus
from tests.factories import incident_create_for_test
from tests.intake.conftest import generic

pytestmark = pytest.mark.usefixtures("frozen")
URL = "/api/v1/intake/alerts/"


def _alerts(post_as, *times: str) -> list[int]:
    return [
        post_as(generic(fingerprint=f"f-{n}", observed_at=moment)).json()["id"]
        for n, moment in enumerate(times)
    ]


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("security", 200),
        ("dpo", 200),
        ("admin", 200),
        ("legal", 403),
        ("pr", 403),
        ("executive", 403),
        ("outsider", 403),
        (None, 401),
    ],
)
def test_the_queue_is_for_the_security_team_and_the_dpo(api_client_for, persona, code) -> None:
    assert api_client_for(persona).get(URL).status_code == code


def test_acknowledge_then_dismiss_needs_a_reason_and_stays_searchable(
    post_as, api_client_for
) -> None:
    (alert_id,) = _alerts(post_as, "2026-11-24T07:00:00Z")
    client = api_client_for("security")
    acknowledged = client.post(f"{URL}{alert_id}/acknowledge/")
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged"
    assert client.post(f"{URL}{alert_id}/acknowledge/").status_code == 409
    no_reason = client.post(f"{URL}{alert_id}/dismiss/", {"reason": "  "}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    dismissed = client.post(
        f"{URL}{alert_id}/dismiss/", {"reason": "Nightly backup to the DR site"}, format="json"
    )
    assert dismissed.json()["status"] == "dismissed"
    found = client.get(URL, {"q": "backup", "status": "dismissed"}).json()
    assert [row["id"] for row in found["results"]] == [alert_id]
    assert (
        client.post(f"{URL}{alert_id}/dismiss/", {"reason": "again"}, format="json").status_code
        == 409
    )


def test_promoting_several_opens_one_incident_from_the_first_signal(
    post_as, api_client_for, organisation
) -> None:
    ids = _alerts(post_as, "2026-11-24T07:00:00Z", "2026-11-24T05:45:00+01:00")
    response = api_client_for("security").post(
        f"{URL}promote/", {"alerts": ids, "title": "Customer database exfiltration"}, format="json"
    )
    assert response.status_code == 201, response.json()
    incident = response.json()
    assert incident["detected_at"] == "2026-11-24T04:45:00Z"
    assert incident["aware_at"] is None  # awareness waits for a person to confirm personal data
    assert incident["title"] == "Customer database exfiltration"
    alerts = Alert.objects.filter(pk__in=ids)
    assert {a.status for a in alerts} == {AlertStatus.PROMOTED}
    assert {a.incident.reference for a in alerts} == {incident["reference"]}


def test_attaching_an_earlier_signal_moves_detection_back(
    post_as, api_client_for, personas, organisation
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        detected_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
        aware_at=datetime(2026, 11, 24, 8, 30, tzinfo=UTC),
    )
    (alert_id,) = _alerts(post_as, "2026-11-24T06:00:00Z")
    response = api_client_for("dpo").post(
        f"{URL}{alert_id}/promote/", {"incident": incident.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    incident.refresh_from_db()
    assert incident.detected_at == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert incident.version == 2  # through the incident's one write path: audited, recomputed


def test_a_promoted_alert_cannot_be_promoted_again(post_as, api_client_for, organisation) -> None:
    (alert_id,) = _alerts(post_as, "2026-11-24T07:00:00Z")
    client = api_client_for("security")
    assert client.post(f"{URL}{alert_id}/promote/", {}, format="json").status_code == 201
    assert client.post(f"{URL}{alert_id}/promote/", {}, format="json").status_code == 409


def test_a_drill_alert_is_marked_and_tells_nobody(
    api_client_for, django_capture_on_commit_callbacks, organisation
) -> None:
    from notifications.models import Notification

    client = api_client_for("dpo")
    body = {k: v for k, v in generic(severity="critical").items() if k != "source"}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(f"{URL}drill/", body, format="json")
    assert created.status_code == 201 and created.json()["is_drill"] is True
    assert not Notification.objects.filter(event="alert.received").exists()
    promoted = client.post(f"{URL}{created.json()['id']}/promote/", {}, format="json").json()
    assert promoted["reference"].startswith("DRILL-") and promoted["is_drill"] is True
    assert api_client_for("legal").post(f"{URL}drill/", body, format="json").status_code == 403


def test_the_triage_page_lists_and_acts(post_as, personas, client) -> None:
    (alert_id,) = _alerts(post_as, "2026-11-24T07:00:00Z")
    client.force_login(personas["security"])
    page = client.get("/triage/")
    assert page.status_code == 200 and b"Unusual outbound transfer" in page.content
    client.post("/triage/", {"action": "acknowledge", "alert": alert_id, "status": "new"})
    assert Alert.objects.get(pk=alert_id).status == "acknowledged"
    client.post("/triage/", {"action": "dismiss", "alert": alert_id, "reason": "Test traffic"})
    assert Alert.objects.get(pk=alert_id).dismiss_reason == "Test traffic"
    client.force_login(personas["legal"])
    assert client.get("/triage/").status_code == 403


def test_a_later_window_tells_the_team_again(post_as, now, django_capture_on_commit_callbacks):
    import time_machine

    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        post_as(generic(fingerprint="a"))
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            post_as(generic(fingerprint="b", observed_at="2026-11-24T09:05:00Z"))
    assert (
        Notification.objects.filter(event="alert.received", user__username="security").count() == 2
    )


def test_the_room_shows_the_signals_and_the_time_from_first_signal_to_awareness(
    post_as, api_client_for, personas, client, organisation
) -> None:
    from incidents.services import incident_update

    (alert_id,) = _alerts(post_as, "2026-11-24T07:00:00Z")
    reference = api_client_for("security").post(f"{URL}{alert_id}/promote/", {}, format="json")
    incident = Alert.objects.get(pk=alert_id).incident
    client.force_login(personas["dpo"])
    before = client.get(f"/incidents/{reference.json()['reference']}/").content.decode()
    assert "Unusual outbound transfer" in before and "awareness not confirmed yet" in before
    incident_update(
        actor=personas["dpo"],
        incident=incident,
        data={"aware_at": datetime(2026, 11, 24, 8, 30, tzinfo=UTC)},
        now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )
    after = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert "Signal to awareness" in after and "01:30:00" in after
