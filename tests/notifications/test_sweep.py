"""The deadline sweep: each warning window once, overdue escalation once, whatever the re-runs."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from incidents.models import Task, Team
from notifications.models import Channel, Notification, OutboxEvent, OutboxMessage, OutboxStatus
from notifications.selectors import deadlines_in_range
from notifications.services import alert_stage, deadline_alerts_create
from notifications.tasks import notifications_sweep_task
from tests.factories import obligation_slots
from tests.notifications.builders import obligation_make, task_make

pytestmark = pytest.mark.django_db
DUE = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
WINDOWS = (timedelta(hours=24), timedelta(hours=6), timedelta(hours=1))


def sweep_at(moment: datetime, times: int = 1) -> None:
    """Run the Celery sweep task with the clock stopped at `moment`, as beat would."""
    with time_machine.travel(moment, tick=False):
        for _ in range(times):
            notifications_sweep_task()


def alert_rows(*objects: Any) -> list[OutboxMessage]:
    """The alert messages about these obligations or tasks, and nothing else the incident has."""
    about = Q(pk__in=[])
    for obj in objects:
        kind = "task" if isinstance(obj, Task) else "obligation"
        about |= Q(event__key__regex=rf"^{kind}\.(due_soon|overdue):{obj.pk}:")
    messages = OutboxMessage.objects.filter(about).select_related("event", "user")
    return list(messages.order_by("pk"))


def keys(rows: list[OutboxMessage]) -> list[str]:
    return sorted({row.event.key for row in rows})


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(DUE - timedelta(hours=24) - SECOND, None, id="just-before-24h"),
        pytest.param(DUE - timedelta(hours=24), "24h", id="at-24h"),
        pytest.param(DUE - timedelta(hours=6) - SECOND, "24h", id="just-before-6h"),
        pytest.param(DUE - timedelta(hours=6), "6h", id="at-6h"),
        pytest.param(DUE - timedelta(hours=1), "1h", id="at-1h"),
        pytest.param(DUE, "1h", id="at-deadline-still-on-time"),
        pytest.param(DUE + SECOND, "overdue", id="just-after-deadline"),
    ],
)
def test_alert_stage_boundaries(moment: datetime, expected: str | None) -> None:
    assert alert_stage(deadline=DUE, now=moment, windows=WINDOWS) == expected


def test_windows_are_elapsed_hours_across_a_dst_change() -> None:
    # Europe/Berlin springs forward at 01:00 UTC on 29 March 2026; 24 h before a deadline on
    # that morning is still exactly 24 elapsed hours, not 23 local ones.
    due = datetime(2026, 3, 29, 5, 0, tzinfo=UTC)
    assert alert_stage(deadline=due, now=due - timedelta(hours=24), windows=WINDOWS) == "24h"
    assert (
        alert_stage(deadline=due, now=due - timedelta(hours=24) - SECOND, windows=WINDOWS) is None
    )


def test_sweep_walks_every_window_once_per_recipient_and_channel(
    incident: Any, personas: dict[str, Any], subscription: Any, receiver: Any
) -> None:
    obligation = obligation_make(incident, due_at=DUE)
    moments = [
        DUE - timedelta(hours=24) - SECOND,
        DUE - timedelta(hours=24),
        DUE - timedelta(hours=20),
        DUE - timedelta(hours=6),
        DUE - timedelta(hours=1) - SECOND,
        DUE - timedelta(hours=1),
        DUE,
        DUE + SECOND,
        DUE + timedelta(hours=3),
    ]
    for moment in moments:
        sweep_at(moment, times=3)

    rows = alert_rows(obligation)
    due_iso = "2026-11-26T12:00:00Z"
    assert keys(rows) == sorted(
        [
            f"obligation.due_soon:{obligation.pk}:24h:{due_iso}",
            f"obligation.due_soon:{obligation.pk}:6h:{due_iso}",
            f"obligation.due_soon:{obligation.pk}:1h:{due_iso}",
            f"obligation.overdue:{obligation.pk}:{due_iso}",
        ]
    )
    per_delivery = Counter((row.event.key, row.channel, row.recipient) for row in rows)
    assert set(per_delivery.values()) == {1}
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    # The DPO was told four times in-app and by email, the receiver got four webhooks.
    dpo = personas["dpo"]
    assert Notification.objects.filter(user=dpo, message__in=rows).count() == 4
    ids = {f"<{row.uuid}@127.0.0.1>" for row in rows if row.user == dpo}
    to_dpo = [m for m in mail.outbox if m.extra_headers["Message-ID"] in ids]
    assert len(to_dpo) == 4 and all(m.to == [dpo.email] for m in to_dpo)
    webhooks = [r for r in receiver.received if r.message_id in {str(row.uuid) for row in rows}]
    assert [r.json()["data"]["window"] for r in webhooks] == ["24h", "6h", "1h", None]


def test_a_sweep_that_starts_late_sends_only_the_narrowest_window(
    incident: Any, personas: dict[str, Any]
) -> None:
    obligation = obligation_make(incident, due_at=DUE)
    sweep_at(DUE - timedelta(minutes=30))
    assert [key.split(":")[2] for key in keys(alert_rows(obligation))] == ["1h"]


def test_a_moved_deadline_warns_again_but_a_rerun_never_does(
    incident: Any, personas: dict[str, Any]
) -> None:
    obligation = obligation_make(incident, due_at=DUE)
    sweep_at(DUE - timedelta(hours=5), times=2)
    obligation.due_at = DUE + timedelta(minutes=30)
    obligation.save()
    sweep_at(DUE - timedelta(hours=5), times=2)
    assert len(keys(alert_rows(obligation))) == 2
    assert all(":6h:" in key for key in keys(alert_rows(obligation)))


def test_asap_obligations_warn_against_their_internal_target(
    incident: Any, personas: dict[str, Any]
) -> None:
    target = DUE
    obligation = obligation_make(
        incident,
        rule_id="GDPR-DS",
        recipient="Affected data subjects",
        unit="ASAP",
        target_at=target,
    )
    sweep_at(target - timedelta(hours=6))
    sweep_at(target + SECOND)
    rows = alert_rows(obligation)
    assert {row.event.payload["basis"] for row in rows} == {"target_at"}
    subjects = {row.event.subject for row in rows}
    assert any("internal target in 6h" in subject for subject in subjects)
    assert any("missed its internal target" in subject for subject in subjects)


def test_overdue_regulator_deadline_escalates_to_lead_dpo_and_executives(
    incident: Any, personas: dict[str, Any]
) -> None:
    Team.objects.filter(code="dpo").update(lead=personas["legal"])
    obligation = obligation_make(incident, due_at=DUE)
    sweep_at(DUE - timedelta(hours=2))
    sweep_at(DUE + timedelta(minutes=1))
    rows = alert_rows(obligation)
    warned = {r.user.username for r in rows if r.event.name == "obligation.due_soon" and r.user}
    escalated = {r.user.username for r in rows if r.event.name == "obligation.overdue" and r.user}
    assert warned == {"dpo"}
    assert escalated == {"dpo", "legal", "executive"}


def test_overdue_duty_to_data_subjects_does_not_reach_executives(
    incident: Any, personas: dict[str, Any]
) -> None:
    obligation = obligation_make(
        incident, rule_id="GDPR-DS", recipient="Affected data subjects", due_at=DUE
    )
    sweep_at(DUE + timedelta(minutes=1))
    assert {r.user.username for r in alert_rows(obligation) if r.user} == {"dpo"}


def test_tasks_warn_the_assignee_and_escalate_to_team_lead_and_dpo(
    incident: Any, personas: dict[str, Any]
) -> None:
    Team.objects.filter(code="legal").update(lead=personas["admin"])
    task = task_make(incident, assignee=personas["legal"], due_at=DUE)
    sweep_at(DUE - timedelta(hours=24))
    sweep_at(DUE + SECOND)
    rows = alert_rows(task)
    by_event = {
        event: {r.user.username for r in rows if r.event.name == event and r.user}
        for event in ("task.due_soon", "task.overdue")
    }
    assert by_event == {"task.due_soon": {"legal"}, "task.overdue": {"legal", "admin", "dpo"}}
    assert all(r.event.payload["task"]["id"] == task.pk for r in rows)


def test_unassigned_task_warns_the_team_members(incident: Any, personas: dict[str, Any]) -> None:
    Team.objects.get(code="pr-comms").members.add(personas["pr"])
    task = task_make(incident, team="pr-comms", due_at=DUE)
    sweep_at(DUE - timedelta(hours=1))
    assert {r.user.username for r in alert_rows(task)} == {"pr"}


def test_closed_work_is_never_swept(incident: Any, personas: dict[str, Any]) -> None:
    closed = [
        obligation_make(incident, rule_id="GDPR-DS", due_at=DUE, status="submitted"),
        obligation_make(incident, rule_id="GDPR-PROC", due_at=DUE, applies=False),
        task_make(incident, due_at=DUE, status="done"),
    ]
    sweep_at(DUE - timedelta(hours=1))
    sweep_at(DUE + SECOND)
    assert alert_rows(*closed) == []


def test_overdue_escalation_is_sent_within_the_lookback_after_an_outage(
    incident: Any, personas: dict[str, Any]
) -> None:
    obligation = obligation_make(incident, due_at=DUE)
    sweep_at(DUE + timedelta(days=3))  # beat was down for three days
    assert {r.event.name for r in alert_rows(obligation)} == {"obligation.overdue"}


def test_drill_alerts_stay_internal(
    personas: dict[str, Any], subscription: Any, receiver: Any, now: datetime
) -> None:
    from tests.factories import incident_create_for_test

    drill = incident_create_for_test(actor=personas["security"], now=now, is_drill=True)
    obligation = obligation_make(drill, due_at=DUE)
    sweep_at(DUE - timedelta(hours=1))
    rows = alert_rows(obligation)
    assert rows and {row.channel for row in rows} == {Channel.IN_APP, Channel.EMAIL}
    assert all(row.event.subject.startswith("[DRILL]") for row in rows)
    assert receiver.received == []


def test_sweep_query_count_does_not_grow_with_what_is_due(
    incident: Any, personas: dict[str, Any], subscription: Any
) -> None:
    slots = obligation_slots()

    def queries_for(count: int, offset: int) -> int:
        for index in range(count):
            obligation_make(incident, **slots[offset + index], due_at=DUE)
            task_make(incident, due_at=DUE)
        with CaptureQueriesContext(connection) as captured:
            deadline_alerts_create(now=DUE - timedelta(hours=1))
        OutboxEvent.objects.all().delete()
        # Inserts come in batches the database's parameter limit sets; reads must stay constant.
        return len([q for q in captured if not q["sql"].startswith("INSERT")])

    assert queries_for(2, 0) == queries_for(len(slots) - 2, 2)


def test_finding_what_is_due_is_one_query(
    incident: Any, personas: dict[str, Any], django_assert_num_queries: Any
) -> None:
    ours = {
        ("obligation", obligation_make(incident, rule_id="GDPR-DS", due_at=DUE).pk, "due_at"),
        (
            "obligation",
            obligation_make(incident, rule_id="GDPR-PROC", target_at=DUE).pk,
            "target_at",
        ),
        ("task", task_make(incident, due_at=DUE).pk, "due_at"),
    }
    with django_assert_num_queries(1):
        due = deadlines_in_range(after=DUE - timedelta(days=7), until=DUE + timedelta(hours=24))
    assert ours <= {(item.kind, item.pk, item.basis) for item in due}
