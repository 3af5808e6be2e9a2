"""The whole demo: organisation, users, current incidents each showing one situation, and the
past months (closed incidents, reviews, drills) that fill the trends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from config.transactions import write_transaction
from incidents.demo import demo_seed
from incidents.learning.demo import learning_demo_seed
from incidents.models import Incident
from notifications.models import Notification, OutboxMessage, OutboxStatus
from notifications.services import outbox_send

# What greets each demo user: the newest few notifications unread, not the whole history.
UNREAD_KEPT = 5


def demo_story_seed(*, now: datetime) -> dict[str, Any]:
    """Create the whole demo unless it exists already, its messages delivered as of now."""
    with transaction.atomic():
        current = demo_seed(now=now)
        past = learning_demo_seed(now=now)
    if current["incidents"]:
        # Delivered here rather than by a worker, so the inbox can be settled below; the tasks
        # already queued find them sent and send nothing twice.
        pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        # Messages the seeding wrote fall due when written, a moment after the command's now.
        latest = pending.aggregate(latest=Max("next_attempt_at"))["latest"] or now
        for message_id in pending.values_list("pk", flat=True):
            outbox_send(message_id=message_id, now=max(now, latest))
        notifications_settle(now=max(now, latest))
        severity_of_past_set()
    return {
        "users": current["users"],
        "incidents": current["incidents"],
        "past": past["incidents"],
        "drills": past["drills"],
    }


@write_transaction
def notifications_settle(*, now: datetime) -> None:
    """Mark all but each user's newest notifications read, as a user who keeps up would have."""
    for user_id in Notification.objects.values_list("user_id", flat=True).distinct():
        newest = Notification.objects.filter(user_id=user_id).values_list("pk", flat=True)
        kept = list(newest[:UNREAD_KEPT])
        Notification.objects.filter(user_id=user_id, read_at__isnull=True).exclude(
            pk__in=kept
        ).update(read_at=now)


# The ENISA band a closed demo incident's assessment would have given, by its GDPR tier.
SEVERITY_OF_TIER = {"high": "high", "risk": "medium", "unlikely": "low"}


def severity_of_past_set() -> None:
    """Rate the past months' incidents, which were seeded without an assessment."""
    for tier, severity in SEVERITY_OF_TIER.items():
        Incident.objects.filter(severity="", risk_level=tier).update(severity=severity)
