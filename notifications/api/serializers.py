"""Serializers of the notifications API."""

from __future__ import annotations

from rest_framework import serializers

from config.api import StrictInputMixin
from config.fields import AwareDateTimeField, JsonBooleanField
from notifications.models import (
    Event,
    Notification,
    OutboxMessage,
    WebhookDelivery,
    WebhookSubscription,
)
from notifications.services.subscriptions import MIN_SECRET_LENGTH


class WebhookSubscriptionSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A webhook endpoint and the events it receives; the secret is write-only."""

    url = serializers.URLField(max_length=500, help_text="http:// or https:// endpoint.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), min_length=1, max_length=20
    )
    is_active = JsonBooleanField(required=False, help_text="Off: nothing is sent to it.")
    secret = serializers.CharField(
        write_only=True,
        required=False,
        min_length=MIN_SECRET_LENGTH,
        max_length=100,
        help_text="Signing secret; generated when omitted and shown once in the response.",
    )
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "name",
            "url",
            "events",
            "is_active",
            "secret",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version"]


class WebhookSubscriptionSecretSerializer(WebhookSubscriptionSerializer):
    """A subscription with its secret, returned only on creation and rotation."""

    signing_secret = serializers.CharField(source="secret", read_only=True)

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "signing_secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    """One HTTP attempt of the delivery log."""

    message_id = serializers.UUIDField(source="message.uuid", read_only=True)
    event = serializers.CharField(source="message.event.name", read_only=True)
    attempted_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "message_id",
            "event",
            "subscription",
            "attempt",
            "attempted_at",
            "outcome",
            "status_code",
            "duration_ms",
            "error",
            "response_excerpt",
        ]
        read_only_fields = fields


class OutboxMessageSerializer(serializers.ModelSerializer):
    """An outbox message with what its event says (dead letters are listed with this)."""

    message_id = serializers.UUIDField(source="uuid", read_only=True)
    event = serializers.CharField(source="event.name", read_only=True)
    event_key = serializers.CharField(source="event.key", read_only=True)
    incident = serializers.IntegerField(source="event.incident_id", read_only=True, allow_null=True)
    incident_reference = serializers.CharField(
        source="event.incident.reference", read_only=True, allow_null=True, default=None
    )
    is_drill = serializers.BooleanField(source="event.is_drill", read_only=True)
    subject = serializers.CharField(source="event.subject", read_only=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    next_attempt_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = OutboxMessage
        fields = [
            "id",
            "message_id",
            "event",
            "event_key",
            "channel",
            "recipient",
            "subscription",
            "incident",
            "incident_reference",
            "is_drill",
            "subject",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    """An in-app notification."""

    incident_reference = serializers.CharField(
        source="incident.reference", read_only=True, allow_null=True, default=None
    )
    created_at = AwareDateTimeField(read_only=True)
    read_at = AwareDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "event",
            "title",
            "body",
            "url",
            "incident",
            "incident_reference",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields


class UnreadCountSerializer(serializers.Serializer):
    """How many notifications are unread."""

    unread = serializers.IntegerField()


class MarkedReadSerializer(serializers.Serializer):
    """How many notifications were marked read."""

    marked = serializers.IntegerField()


class CalendarFeedSerializer(serializers.Serializer):
    """The secret URL of the user's calendar feed."""

    url = serializers.URLField()
    created_at = AwareDateTimeField()
    last_used_at = AwareDateTimeField(allow_null=True)
