"""Alert API shapes."""

from __future__ import annotations

from rest_framework import serializers

from intake.models import Alert, AlertSource, Feed, SourceKind


class AlertSerializer(serializers.ModelSerializer):
    """An alert as the triage queue shows it."""

    source = serializers.CharField(source="source.name", read_only=True)
    incident = serializers.PrimaryKeyRelatedField(read_only=True)
    incident_reference = serializers.CharField(
        source="incident.reference", read_only=True, allow_null=True, default=None
    )

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
    severity = serializers.ChoiceField(choices=["low", "medium", "high", "critical"])
    observed_at = serializers.DateTimeField(help_text="ISO 8601 with a UTC offset.")
    details = serializers.JSONField(required=False)
    group = serializers.CharField(max_length=200, required=False)
    link = serializers.URLField(required=False)
    text = serializers.CharField(required=False)


class AlertmanagerReceivedSerializer(serializers.Serializer):
    """What an Alertmanager delivery did."""

    received = serializers.IntegerField()
    created = serializers.IntegerField()
    alerts = serializers.ListField(child=serializers.IntegerField())


class DismissSerializer(serializers.Serializer):
    """Why the signal is not a breach."""

    reason = serializers.CharField(max_length=2000)


class PromoteSerializer(serializers.Serializer):
    """Open an incident from alerts, or attach them to an existing one."""

    alerts = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, required=False
    )
    incident = serializers.IntegerField(min_value=1, required=False)
    title = serializers.CharField(max_length=200, required=False)


class AlertSourceSerializer(serializers.ModelSerializer):
    """A system allowed to send alerts; `token` is shown only in the answer that creates it."""

    token = serializers.CharField(read_only=True)
    signed = serializers.BooleanField(write_only=True, required=False, default=False)
    kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.MONITORING)

    class Meta:
        model = AlertSource
        fields = ["id", "name", "kind", "is_active", "created_at", "token", "signed", "hmac_secret"]
        read_only_fields = ["id", "is_active", "created_at", "token", "hmac_secret"]


class FeedSerializer(serializers.ModelSerializer):
    """A watched RSS or Atom feed and the words that make an item an alert."""

    keywords = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=50
    )

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
