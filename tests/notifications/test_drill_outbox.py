"""A drill runs the real engine, tasks and notifications, but nothing leaves the organisation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from incidents.learning.drills import drill_start
from incidents.learning.models import DrillScenario
from incidents.learning.scenarios import drill_scenarios_ensure
from notifications.models import OutboxMessage
from notifications.services.alerts import notifications_sweep

pytestmark = pytest.mark.django_db


def test_a_drill_notifies_only_internal_users_and_never_calls_a_webhook(
    personas: dict[str, Any],
    organisation: Any,
    subscription: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    drill_scenarios_ensure()
    scenario = DrillScenario.objects.filter(key__icontains="ransomware").get()
    with django_capture_on_commit_callbacks(execute=True):
        drill = drill_start(actor=personas["dpo"], scenario=scenario)
    incident = drill.incident
    assert incident.is_drill
    assert incident.tasks.exists()
    assert incident.obligations.filter(applies=True).exists()

    # Run the sweep as the first deadline comes close, so warnings are written too.
    # The register entry (GDPR Art. 33(5)) is a record with no time limit: it has no due time.
    limits = [o.limit_at for o in incident.obligations.filter(applies=True)]
    first_due = min(limit for limit in limits if limit is not None)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_sweep(now=first_due - timedelta(minutes=30))

    messages = OutboxMessage.objects.filter(event__incident=incident)
    assert messages.exists()
    assert set(messages.values_list("channel", flat=True)) <= {"in_app", "email"}
    assert not messages.filter(channel="webhook").exists()
    assert not messages.filter(subscription__isnull=False).exists()
    assert receiver.received == []
    internal = {u.email for u in personas.values()}
    for message in mail.outbox:
        assert set(message.to) <= internal
