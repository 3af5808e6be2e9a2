"""Builders of deadlines for the notification tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from compliance.models import Obligation
from incidents.models import Task, Team
from tests.factories import obligation_create_for_test

SECRET = "whsec_test-secret-for-the-receiver-0123456789"


def obligation_make(incident: Any, **fields: Any) -> Obligation:
    """A pending obligation as the engine writes it (GDPR Art. 33 by default), due when given."""
    # These tests place their own deadlines: drop the ones the engine derived (they explain
    # themselves; the rows made here do not) so only the test's rows are swept.
    Obligation.objects.filter(incident=incident, submissions__isnull=True).exclude(
        explanation=""
    ).delete()
    values = {"status": "pending", "explanation": "", "due_at": None, "target_at": None}
    return obligation_create_for_test(incident=incident, **{**values, **fields})


def task_make(incident: Any, *, team: str = "legal", **fields: Any) -> Task:
    """An open response task of a default team (a done one gets its completion time)."""
    if fields.get("status") == "done":
        fields.setdefault("completed_at", incident.aware_at)
    return Task.objects.create(
        incident=incident, team=Team.objects.get(code=team), title="File the notice", **fields
    )


def incident_event_emit(incident: Any, *, key: str, event: str = "incident.updated") -> str:
    """Emit an incident event with an empty payload, as of the wall clock."""
    from notifications.services import event_emit

    return event_emit(
        event=event, incident=incident, obj=incident, payload={}, key=key, now=timezone.now()
    )
