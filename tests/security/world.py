"""The data the security sweeps run against: the demo with its reviews and drills, plus what the
demo never makes (a webhook with a dead letter, a regime decision, a notification, a feed)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from compliance.models import Regime, RegimeAction
from compliance.services import regime_override_set
from incidents.learning.demo import learning_demo_seed
from incidents.models import Incident
from notifications.models import (
    CalendarFeedToken,
    Channel,
    DeliveryOutcome,
    Event,
    Notification,
    OutboxEvent,
    OutboxMessage,
    OutboxStatus,
    WebhookDelivery,
    WebhookSubscription,
)


def demo_world(personas: dict[str, Any], *, inbox_of: Any) -> dict[str, Any]:
    """Seed the demo and the notification data; return the objects routes should name."""
    learning_demo_seed(now=timezone.now())
    incident = Incident.objects.order_by("pk").first()
    return {"incident": incident, **notification_world(personas, incident, inbox_of=inbox_of)}


def notification_world(
    personas: dict[str, Any], incident: Incident, *, inbox_of: Any
) -> dict[str, Any]:
    """A webhook with a dead letter and its failed delivery, a regime decision, one in-app
    notification for `inbox_of`, and the DPO's calendar feed."""
    now = timezone.now()
    subscription = WebhookSubscription.objects.create(
        name="SIEM", url="https://siem.example.org/hook", events=list(Event.values)
    )
    event = OutboxEvent.objects.create(
        key="security-sweep",
        name=Event.INCIDENT_UPDATED,
        incident=incident,
        subject="Updated",
        created_at=now,
    )
    dead = OutboxMessage.objects.create(
        event=event,
        channel=Channel.WEBHOOK,
        recipient=f"subscription:{subscription.pk}",
        subscription=subscription,
        status=OutboxStatus.DEAD,
        attempts=1,
        next_attempt_at=now,
        last_error="HTTP 410",
        created_at=now,
    )
    WebhookDelivery.objects.create(
        message=dead,
        subscription=subscription,
        attempt=1,
        attempted_at=now,
        outcome=DeliveryOutcome.DEAD,
        status_code=410,
    )
    regime_override_set(
        actor=personas["dpo"],
        incident=incident,
        regime=Regime.UK_GDPR,
        action=RegimeAction.EXCLUDE,
        reason="No UK establishment or UK data subjects.",
    )
    notification = Notification.objects.create(
        user=inbox_of,
        event=Event.INCIDENT_UPDATED,
        title="Updated",
        incident=incident,
        created_at=now,
    )
    feed = CalendarFeedToken.objects.create(user=personas["dpo"])
    return {
        "outboxmessage": dead,
        "notification": notification,
        "calendar_token": feed.token,
        **intake_world(personas, now),
    }


def intake_world(personas: dict[str, Any], now: Any) -> dict[str, Any]:
    """An alert source with one open alert, and a watched feed."""
    from intake.mapping import AlertInput
    from intake.models import Alert, Feed
    from intake.services import alert_source_create, alerts_receive

    source, _ = alert_source_create(actor=personas["admin"], name="siem-world", now=now)
    signal = AlertInput("world-1", "Outbound transfer", "medium", now)
    (received,) = alerts_receive(source=source, alerts=[signal], now=now)
    feed = Feed.objects.create(
        name="News", url="https://news.example.org/feed", keywords=["breach"], source=source
    )
    return {"alert": Alert.objects.get(pk=received.alert_id), "feed": feed}
