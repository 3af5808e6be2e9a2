"""POST/GET /api/v1/submissions/: phases, the late-notice rule of GDPR Art. 33(1), roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import time_machine

from compliance.models import Obligation, Submission
from incidents.models import AuditEvent
from tests.factories import incident_create_for_test

URL = "/api/v1/submissions/"
pytestmark = pytest.mark.django_db
AWARE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
DUE = AWARE + timedelta(hours=72)
LATER = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def notice(organisation: Any, personas: dict[str, Any]) -> Obligation:
    """GDPR-SA of an incident the controller became aware of at AWARE (due DUE)."""
    incident = incident_create_for_test(
        actor=personas["security"],
        now=AWARE + timedelta(minutes=30),
        detected_at=AWARE - timedelta(hours=1),
        aware_at=AWARE,
    )
    return incident.obligations.get(rule_id="GDPR-SA")


def post(client: Any, target: Obligation, /, **fields: Any) -> Any:
    body = {
        "obligation": target.pk,
        "phase": "initial",
        "submitted_at": "2026-11-21T10:00:00+01:00",
        "channel": "DPC web form",
        "regulator_reference": "BN-2026-1",
        **fields,
    }
    with time_machine.travel(LATER, tick=False):
        return client.post(URL, body, format="json")


@pytest.mark.parametrize(
    ("submitted_at", "late"),
    [
        pytest.param(DUE - timedelta(seconds=1), False, id="1s-before"),
        pytest.param(DUE, False, id="at-the-deadline-is-on-time"),
        pytest.param(DUE + timedelta(seconds=1), True, id="1s-after-is-late"),
    ],
)
def test_a_notice_after_the_deadline_needs_the_reasons_for_the_delay(
    api_client_for, notice: Obligation, submitted_at: datetime, late: bool
) -> None:
    client = api_client_for("dpo")
    stamp = submitted_at.astimezone(timezone(timedelta(hours=8))).isoformat()  # Shanghai offset
    without = post(client, notice, submitted_at=stamp)
    if late:
        assert without.status_code == 400
        assert list(without.json()) == ["delay_reasons"]
        assert "GDPR Art. 33(1)" in without.json()["delay_reasons"][0]
        assert not Submission.objects.exists()
        response = post(client, notice, submitted_at=stamp, delay_reasons="Forensics took longer.")
    else:
        response = without
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["late"] is late
    assert body["submitted_at"] == submitted_at.isoformat().replace("+00:00", "Z")
    notice.refresh_from_db()
    assert notice.status == ("submitted_late" if late else "submitted")
    assert (notice.late, notice.submitted_at) == (late, submitted_at)


def test_the_same_instant_in_another_offset_is_judged_the_same(api_client_for, notice) -> None:
    response = post(api_client_for("legal"), notice, submitted_at="2026-11-23T04:30:00-05:00")
    assert response.status_code == 201, response.json()
    assert response.json()["late"] is False  # 09:30 UTC: exactly the deadline


def test_asap_duties_are_never_late_by_statute(api_client_for, notice, personas) -> None:
    register = notice.incident.obligations.get(rule_id="GDPR-REG")
    assert register.due_at is None
    response = post(api_client_for("dpo"), register, submitted_at="2026-11-25T10:00:00Z")
    assert response.status_code == 201, response.json()
    assert response.json()["late"] is False
    register.refresh_from_db()
    assert register.status == "submitted"


def test_phases_run_initial_then_follow_ups_then_final(api_client_for, notice) -> None:
    client = api_client_for("dpo")
    first = post(client, notice, phase="follow_up")
    assert first.status_code == 400 and list(first.json()) == ["phase"]
    assert post(client, notice).status_code == 201
    again = post(client, notice, submitted_at="2026-11-21T11:00:00+01:00")
    assert again.status_code == 400 and list(again.json()) == ["phase"]
    earlier = post(client, notice, phase="follow_up", submitted_at="2026-11-21T09:00:00+01:00")
    assert earlier.status_code == 400 and list(earlier.json()) == ["submitted_at"]
    # GDPR Art. 33(4): further information after 72 h is a phase, not a late notice.
    follow_up = post(client, notice, phase="follow_up", submitted_at="2026-11-24T10:00:00Z")
    assert follow_up.status_code == 201 and follow_up.json()["late"] is False
    assert (
        post(client, notice, phase="final", submitted_at="2026-11-25T10:00:00Z").status_code == 201
    )
    after = post(client, notice, phase="follow_up", submitted_at="2026-11-25T11:00:00Z")
    assert after.status_code == 400 and list(after.json()) == ["phase"]
    notice.refresh_from_db()
    assert (notice.status, notice.submitted_at) == (
        "submitted",
        datetime(2026, 11, 21, 9, tzinfo=UTC),
    )
    listed = client.get(URL, {"obligation": notice.pk}).json()
    assert [row["phase"] for row in listed["results"]] == ["initial", "follow_up", "final"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        pytest.param({"submitted_at": "2026-11-21T10:00:00"}, {"submitted_at"}, id="naive"),
        pytest.param({"submitted_at": "2026-11-26T12:00:00Z"}, {"submitted_at"}, id="future"),
        pytest.param(
            {"submitted_at": "2026-11-19T12:00:00Z"}, {"submitted_at"}, id="pre-detection"
        ),
        pytest.param({"channel": ""}, {"channel"}, id="no-channel"),
        pytest.param({"phase": "draft"}, {"phase"}, id="unknown-phase"),
        pytest.param({"obligation": 99999}, {"obligation"}, id="unknown-obligation"),
        pytest.param({"colour": "red"}, {"colour"}, id="unknown-field"),
        pytest.param({"channel": "", "phase": "draft"}, {"channel", "phase"}, id="two-fields"),
    ],
)
def test_bad_input_is_a_400_naming_each_field_and_nothing_is_written(
    api_client_for, notice, fields: dict[str, Any], bad: set[str]
) -> None:
    events = AuditEvent.objects.count()
    response = post(api_client_for("dpo"), notice, **fields)
    assert response.status_code == 400
    assert set(response.json()) == bad
    assert not Submission.objects.exists()
    assert AuditEvent.objects.count() == events
    notice.refresh_from_db()
    assert notice.submitted_at is None


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("dpo", 201),
        ("legal", 201),
        ("admin", 201),
        ("security", 403),
        ("pr", 403),
        ("executive", 403),
        ("outsider", 403),
        (None, 401),
    ],
)
def test_who_may_record_a_notice(api_client_for, notice, persona, expected) -> None:
    response = post(api_client_for(persona), notice)
    assert response.status_code == expected
    assert Submission.objects.count() == (1 if expected == 201 else 0)


def test_executives_read_submissions(api_client_for, notice) -> None:
    post(api_client_for("dpo"), notice)
    body = api_client_for("executive").get(URL, {"incident": notice.incident_id}).json()
    assert body["count"] == 1
    assert body["results"][0]["recorded_by"] == "dpo"


def test_the_list_runs_a_constant_number_of_queries(
    api_client_for, notice, django_assert_num_queries
) -> None:
    client = api_client_for("dpo")
    post(client, notice)
    client.get(URL)
    with django_assert_num_queries(2):  # count, submissions with obligation and recorder
        client.get(URL)
    for rule in ("GDPR-REG", "UK_GDPR-SA"):
        other = notice.incident.obligations.filter(rule_id=rule).first()
        if other is not None:
            post(client, other)
    with django_assert_num_queries(2):
        assert client.get(URL).json()["count"] >= 2


def test_recording_emits_submission_recorded_when_notifications_offer_it(
    api_client_for, notice, monkeypatch
) -> None:
    emitted: list[dict[str, Any]] = []
    # Compliance events reach the notifications app's event_emit (compliance/services/events.py).
    monkeypatch.setattr("notifications.services.outbox.event_emit", lambda **kw: emitted.append(kw))
    assert post(api_client_for("dpo"), notice).status_code == 201
    assert [e["event"] for e in emitted] == ["submission.recorded"]
    assert emitted[0]["payload"]["regulator_reference"] == "BN-2026-1"
