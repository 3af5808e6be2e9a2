"""/calendar/<secret>.ics: an RFC 5545 feed of a user's deadlines and tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from notifications.services import calendar_feed_token_get
from tests.notifications.builders import obligation_make, task_make

pytestmark = pytest.mark.django_db
DUE = datetime(2026, 11, 27, 5, 30, tzinfo=UTC)


def feed(client: Any, user: Any) -> Calendar:
    token = calendar_feed_token_get(user=user).token
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict[str, Any]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_dpo_sees_every_open_deadline_with_reminders(
    client: Any, personas: dict[str, Any], incident: Any
) -> None:
    gdpr = obligation_make(incident, due_at=DUE)
    asap = obligation_make(
        incident,
        rule_id="GDPR-DS",
        recipient="Affected data subjects",
        unit="ASAP",
        target_at=DUE + timedelta(hours=3),
    )
    submitted = obligation_make(incident, rule_id="UK_GDPR-SA", due_at=DUE, status="submitted")
    calendar = feed(client, personas["dpo"])
    assert str(calendar["VERSION"]) == "2.0"
    assert "Breachdesk" in str(calendar["PRODID"])
    events = events_by_uid(calendar)
    assert {f"obligation-{gdpr.pk}@127.0.0.1", f"obligation-{asap.pk}@127.0.0.1"} <= set(events)
    assert f"obligation-{submitted.pk}@127.0.0.1" not in events
    deadline = events[f"obligation-{gdpr.pk}@127.0.0.1"]
    assert deadline["DTSTART"].dt == DUE
    assert deadline["DTSTART"].to_ical() == b"20261127T053000Z"
    assert str(deadline["SUMMARY"]).startswith("Deadline: GDPR Art. 33(1)")
    assert str(deadline["URL"]).endswith(f"/incidents/{incident.reference}/")
    triggers = sorted(alarm["TRIGGER"].dt for alarm in deadline.walk("VALARM"))
    assert triggers == [-timedelta(hours=24), -timedelta(hours=1)]
    assert str(events[f"obligation-{asap.pk}@127.0.0.1"]["SUMMARY"]).startswith("Internal target")


def test_uids_are_stable_when_a_deadline_moves(
    client: Any, personas: dict[str, Any], incident: Any
) -> None:
    obligation = obligation_make(incident, due_at=DUE)
    before = set(events_by_uid(feed(client, personas["dpo"])))
    obligation.due_at = DUE + timedelta(days=1)
    obligation.save()
    after = events_by_uid(feed(client, personas["dpo"]))
    assert set(after) == before
    assert after[f"obligation-{obligation.pk}@127.0.0.1"]["DTSTART"].dt == DUE + timedelta(days=1)


def test_a_responder_sees_their_tasks_but_not_the_register(
    client: Any, personas: dict[str, Any], incident: Any
) -> None:
    obligation_make(incident, due_at=DUE)
    mine = task_make(incident, team="it-security", assignee=personas["security"], due_at=DUE)
    done = task_make(
        incident, team="it-security", assignee=personas["security"], due_at=DUE, status="done"
    )
    theirs = task_make(incident, team="legal", assignee=personas["legal"], due_at=DUE)
    events = events_by_uid(feed(client, personas["security"]))
    assert f"task-{mine.pk}@127.0.0.1" in events
    assert {f"task-{done.pk}@127.0.0.1", f"task-{theirs.pk}@127.0.0.1"}.isdisjoint(events)
    assert not [uid for uid in events if uid.startswith("obligation-")]
    assert str(events[f"task-{mine.pk}@127.0.0.1"]["SUMMARY"]).startswith(
        "Task due: File the notice"
    )


def test_unassigned_tasks_appear_for_the_team(
    client: Any, personas: dict[str, Any], incident: Any
) -> None:
    from incidents.models import Team

    Team.objects.get(code="pr-comms").members.add(personas["pr"])
    task = task_make(incident, team="pr-comms", due_at=DUE)
    assert f"task-{task.pk}@127.0.0.1" in events_by_uid(feed(client, personas["pr"]))


def test_drills_are_labelled(client: Any, personas: dict[str, Any], now: datetime) -> None:
    from tests.factories import incident_create_for_test

    drill = incident_create_for_test(actor=personas["security"], now=now, is_drill=True)
    obligation = obligation_make(drill, due_at=DUE)
    event = events_by_uid(feed(client, personas["dpo"]))[f"obligation-{obligation.pk}@127.0.0.1"]
    assert str(event["SUMMARY"]).startswith("[DRILL] ")


def test_unknown_secrets_and_inactive_users_get_404(client: Any, personas: dict[str, Any]) -> None:
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    token = calendar_feed_token_get(user=personas["dpo"]).token
    personas["dpo"].is_active = False
    personas["dpo"].save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
