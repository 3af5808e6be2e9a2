"""The sweep and drills: a running drill alerts its participants, an ended one owes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from compliance.models import Obligation, ObligationStatus
from incidents.learning.drills import drill_end, drill_start
from incidents.learning.models import Drill, DrillScenario
from incidents.learning.scenarios import drill_scenarios_ensure
from incidents.models import Incident, Task
from incidents.services import incident_transition
from notifications.models import OutboxEvent, OutboxMessage
from notifications.tasks import notifications_sweep_task
from tests.factories import incident_create_for_test
from tests.notifications.builders import obligation_make, task_make

pytestmark = pytest.mark.django_db
STARTED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def sweep_at(moment: datetime) -> None:
    """Run the Celery sweep task with the clock stopped at `moment`, as beat would."""
    with time_machine.travel(moment, tick=False):
        notifications_sweep_task()


def alert_events(incident: Incident) -> list[OutboxEvent]:
    """The deadline alerts (due soon, overdue) written about the incident."""
    events = OutboxEvent.objects.filter(incident=incident, name__regex=r"\.(due_soon|overdue)$")
    return list(events.order_by("pk"))


def first_deadline(incident: Incident) -> datetime:
    """The earliest due time (or ASAP target) of the incident's live obligations."""
    live = incident.obligations.filter(applies=True)
    return min(o.due_at or o.target_at for o in live if (o.due_at or o.target_at))


@pytest.fixture
def drill(personas: dict[str, Any], organisation: Any) -> Drill:
    """A ransomware drill in real time, started at STARTED by the DPO."""
    drill_scenarios_ensure()
    scenario = DrillScenario.objects.filter(key__icontains="ransomware").get()
    started = drill_start(actor=personas["dpo"], scenario=scenario, now=STARTED)
    assert started.incident.obligations.filter(applies=True).exists()
    assert started.incident.tasks.exists()
    return started


def test_a_running_drill_still_alerts_its_participants_internally(drill: Drill) -> None:
    incident = drill.incident
    sweep_at(first_deadline(incident) - timedelta(minutes=30))
    assert alert_events(incident)
    messages = OutboxMessage.objects.filter(event__incident=incident)
    assert set(messages.values_list("channel", flat=True)) <= {"in_app", "email"}
    assert not messages.filter(subscription__isnull=False).exists()


def test_an_ended_drill_writes_no_new_outbox_rows(
    drill: Drill, personas: dict[str, Any], subscription: Any
) -> None:
    incident = drill.incident
    due = first_deadline(incident)
    drill_end(actor=personas["dpo"], drill=drill, now=STARTED + timedelta(minutes=20))
    events, messages = OutboxEvent.objects.count(), OutboxMessage.objects.count()
    for moment in (due - timedelta(hours=1), due + timedelta(seconds=1), due + timedelta(days=2)):
        sweep_at(moment)
    assert (OutboxEvent.objects.count(), OutboxMessage.objects.count()) == (events, messages)
    assert alert_events(incident) == []


def test_an_ended_drill_obligation_is_never_marked_overdue(
    drill: Drill, personas: dict[str, Any]
) -> None:
    incident = drill.incident
    due = first_deadline(incident)
    drill_end(actor=personas["dpo"], drill=drill, now=STARTED + timedelta(minutes=20))
    sweep_at(due + timedelta(days=2))
    statuses = set(incident.obligations.filter(applies=True).values_list("status", flat=True))
    assert ObligationStatus.OVERDUE not in statuses


def test_a_drill_incident_closed_by_hand_is_over_too(
    personas: dict[str, Any], organisation: Any
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=STARTED, is_drill=True)
    incident_transition(actor=personas["security"], incident=incident, status="closed", now=STARTED)
    # Made after closing, so that the engine's recomputation on closing leaves them as they are.
    due = STARTED + timedelta(hours=30)
    obligation = obligation_make(incident, rule_id="GDPR-SA", due_at=due)
    task = task_make(incident, due_at=due)
    sweep_at(due - timedelta(hours=1))
    sweep_at(due + timedelta(seconds=1))
    assert alert_events(incident) == []
    obligation.refresh_from_db()
    task.refresh_from_db()
    assert (obligation.status, task.status) == ("pending", "open")


def test_a_closed_real_incident_keeps_warning_about_work_still_owed(
    personas: dict[str, Any], organisation: Any
) -> None:
    """Closing does not discharge a notice still owed: the alerts go on (a documented choice)."""
    incident = incident_create_for_test(actor=personas["security"], now=STARTED)
    incident_transition(actor=personas["security"], incident=incident, status="closed", now=STARTED)
    # Made after closing, so that the engine's recomputation on closing leaves them as they are.
    due = STARTED + timedelta(hours=30)
    obligation = obligation_make(incident, rule_id="GDPR-SA", due_at=due)
    task = task_make(incident, due_at=due)
    sweep_at(due + timedelta(seconds=1))
    keys = [event.key for event in alert_events(incident)]
    assert any(key.startswith(f"obligation.overdue:{obligation.pk}:") for key in keys)
    assert any(key.startswith(f"task.overdue:{task.pk}:") for key in keys)
    assert Obligation.objects.get(pk=obligation.pk).status == ObligationStatus.OVERDUE
    assert Task.objects.get(pk=task.pk).status == "open"
