"""Outbox, webhook subscriptions and their delivery log, in-app notifications, calendar feeds."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident


class Event(models.TextChoices):
    INCIDENT_CREATED = "incident.created", _("Incident created")
    INCIDENT_UPDATED = "incident.updated", _("Incident updated")
    OBLIGATION_CREATED = "obligation.created", _("Obligation created")
    OBLIGATION_DUE_SOON = "obligation.due_soon", _("Obligation due soon")
    OBLIGATION_OVERDUE = "obligation.overdue", _("Obligation overdue")
    SUBMISSION_RECORDED = "submission.recorded", _("Submission recorded")
    TASK_ASSIGNED = "task.assigned", _("Task assigned")
    TASK_DUE_SOON = "task.due_soon", _("Task due soon")
    TASK_OVERDUE = "task.overdue", _("Task overdue")
    REPORT_GENERATED = "report.generated", _("Report generated")
    ALERT_RECEIVED = "alert.received", _("Alert received")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("Webhook")
    IN_APP = "in_app", _("In-app")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Dead letter")
    CANCELLED = "cancelled", _("Cancelled")


def webhook_secret_generate() -> str:
    """A fresh random signing secret for a subscription."""
    return "whsec_" + secrets.token_urlsafe(32)


def calendar_token_generate() -> str:
    """A fresh unguessable token for a calendar-feed URL."""
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """An integrator's endpoint: the events it wants, and the secret its deliveries are signed with."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100, default=webhook_secret_generate)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counted up on every change, for the API's ETag / If-Match.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version."""
        return f'"{self.pk}-{self.version}"'

    def listens_to(self, event: str) -> bool:
        """Tell whether the subscription is active and chose this event."""
        return self.is_active and event in self.events


class OutboxEvent(models.Model):
    """Something to tell, written once under its key: what happened and what its messages say.

    The key names the occurrence (`obligation.due_soon:<id>:6h:<due time>`), so a sweep that
    runs twice finds it already written, while a moved deadline makes a new key.
    """

    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=40, choices=Event.choices)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_drill = models.BooleanField(default=False)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key


class OutboxMessage(models.Model):
    """One message about one event to one recipient on one channel, written before it is sent.

    The unique (event, channel, recipient) makes a re-run sweep, a retried task or two racing
    workers write it once; the status and lease let a crashed sender's message be picked up again.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The unique constraint below leads with the event, so it serves as the foreign-key index.
    event = models.ForeignKey(
        OutboxEvent, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"], name="outbox_unique_delivery"
            ),
        ]
        # Partial indexes: sent messages, nearly all of them in time, are in none of these.
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="outbox_sending_claimed",
            ),
            models.Index(
                fields=["-updated_at"], condition=models.Q(status="dead"), name="outbox_dead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.channel}:{self.recipient} ({self.status})"


class DeliveryOutcome(models.TextChoices):
    SUCCESS = "success", _("Delivered")
    RETRY = "retry", _("Failed, will retry")
    DEAD = "dead", _("Failed, dead-lettered")


class WebhookDelivery(models.Model):
    """One HTTP attempt to deliver an outbox message to a webhook, with what the receiver said."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        WebhookSubscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    attempt = models.PositiveIntegerField()
    attempted_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=DeliveryOutcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        ordering = ["-attempted_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["subscription", "-attempted_at"], name="delivery_subscription"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} attempt {self.attempt}: {self.status_code or self.error[:40]}"


class Notification(models.Model):
    """An in-app notification for one user, unread until they open or dismiss it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.OneToOneField(
        OutboxMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"


class CalendarFeedToken(models.Model):
    """The secret in a user's calendar-feed URL; rotating it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=calendar_token_generate)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
