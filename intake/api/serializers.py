"""Alert API shapes."""

from __future__ import annotations

from rest_framework import serializers

from config.api import StrictInputMixin
from config.fields import JsonBooleanField
from intake.models import Alert, AlertSource, Feed, Severity, SourceKind


class AlertSerializer(serializers.ModelSerializer):
    """An alert as the triage queue shows it."""

    source = serializers.CharField(source="source.name", read_only=True)
    incident = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    incident_reference = serializers.CharField(
        source="incident.reference", read_only=True, allow_null=True, default=None
    )
    link = serializers.CharField(read_only=True, help_text="The signal's URL, or empty.")

    class Meta:
        model = Alert
        fields = [
            "id",
            "source",
            "fingerprint",
            "group_key",
            "title",
            "severity",
            "status",
            "first_seen_at",
            "last_seen_at",
            "received_at",
            "count",
            "link",
            "text",
            "details",
            "is_drill",
            "acknowledged_at",
            "closed_at",
            "dismiss_reason",
            "incident",
            "incident_reference",
        ]
        read_only_fields = fields


class AlertReceiptSerializer(serializers.Serializer):
    """What a source gets back: the alert its signal opened or folded onto."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    severity = serializers.CharField()
    count = serializers.IntegerField()
    first_seen_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()


RECEIPT_FIELDS = ["id", "status", "severity", "count", "first_seen_at", "last_seen_at"]


class GenericAlertSerializer(serializers.Serializer):
    """The generic inbound body (documented for the schema; parsed by intake.mapping)."""

    source = serializers.CharField(max_length=60, help_text="The source's registered name.")
    fingerprint = serializers.CharField(
        max_length=200, help_text="Stable id of the condition: repeats fold onto one open alert."
    )
    title = serializers.CharField(max_length=300)
    severity = serializers.ChoiceField(
        choices=Severity.choices, required=False, default=Severity.MEDIUM
    )
    observed_at = serializers.DateTimeField(help_text="ISO 8601 with a UTC offset.")
    details = serializers.JSONField(required=False, allow_null=True)
    group = serializers.CharField(max_length=200, required=False, allow_blank=True)
    link = serializers.URLField(required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)


class DrillAlertSerializer(GenericAlertSerializer):
    """A synthetic alert for a drill: the generic body, `source` optional (default "drill")."""

    source = serializers.CharField(max_length=60, required=False, default="drill")


class StrictStringField(serializers.CharField):
    """A JSON string: a number is refused instead of turned into text."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AlertmanagerReceivedSerializer(serializers.Serializer):
    """What an Alertmanager delivery did."""

    received = serializers.IntegerField()
    created = serializers.IntegerField()
    alerts = serializers.ListField(child=serializers.IntegerField())


class DismissSerializer(StrictInputMixin, serializers.Serializer):
    """Why the signal is not a breach."""

    reason = serializers.CharField(max_length=2000)


class PromoteSerializer(StrictInputMixin, serializers.Serializer):
    """Open an incident from alerts, or attach them to an existing one."""

    alerts = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, required=False
    )
    incident = serializers.IntegerField(min_value=1, required=False)
    title = serializers.CharField(max_length=200, required=False)


class AlertSourceSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A system allowed to send alerts (its token is shown once, when it is created)."""

    signed = JsonBooleanField(write_only=True, required=False, default=False)
    kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.MONITORING)

    class Meta:
        model = AlertSource
        fields = ["id", "name", "kind", "is_active", "created_at", "signed", "hmac_secret"]
        read_only_fields = ["id", "is_active", "created_at", "hmac_secret"]


class AlertSourceCreatedSerializer(AlertSourceSerializer):
    """The answer that creates a source: with its token, shown this once (stored as a hash)."""

    token = serializers.CharField(read_only=True)

    class Meta(AlertSourceSerializer.Meta):
        fields = [*AlertSourceSerializer.Meta.fields, "token"]


class FeedSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A watched RSS or Atom feed and the words that make an item an alert."""

    keywords = serializers.ListField(
        child=StrictStringField(max_length=100), required=False, max_length=50
    )
    is_active = JsonBooleanField(required=False, default=True)

    class Meta:
        model = Feed
        fields = [
            "id",
            "name",
            "url",
            "keywords",
            "is_active",
            "last_polled_at",
            "last_status",
            "last_error",
        ]
        read_only_fields = ["id", "last_polled_at", "last_status", "last_error"]
