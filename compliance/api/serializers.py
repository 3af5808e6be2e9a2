"""Serializers of the compliance API: obligations, assessments, submissions, regime decisions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.api.fields import ObligationStatusNowField
from compliance.api.report_serializers import StrictSerializerMixin
from compliance.models import (
    Obligation,
    Regime,
    RegimeAction,
    RegimeOverride,
    ReportDocument,
    Submission,
    SubmissionPhase,
)
from config.fields import AwareDateTimeField
from incidents.models import Incident

MAX_TEXT = 20_000


def _username(user: Any) -> str | None:
    """A user's username, or None for the system."""
    return user.get_username() if user is not None else None


class SubmissionSerializer(serializers.ModelSerializer):
    """A notice sent for an obligation."""

    incident = serializers.IntegerField(source="obligation.incident_id", read_only=True)
    submitted_at = AwareDateTimeField(read_only=True)
    created_at = AwareDateTimeField(read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "obligation",
            "incident",
            "phase",
            "submitted_at",
            "channel",
            "regulator_reference",
            "delay_reasons",
            "late",
            "notes",
            "document",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_recorded_by(self, submission: Submission) -> str | None:
        return _username(submission.recorded_by)


class ProjectionSerializer(serializers.Serializer):
    """A proposed law's reading of an obligation: what it would ask, and by when."""

    label = serializers.CharField(read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    duty = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


# The projection inline and nullable: generated clients read `null` for a nullable inline object,
# where a nullable reference to a component (allOf) is read as the component and fails on null.
PROJECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "nullable": True,
    "readOnly": True,
    "properties": {
        "label": {"type": "string"},
        "legal_basis": {"type": "string"},
        "due_at": {"type": "string", "format": "date-time", "nullable": True},
        "duty": {"type": "string"},
        "note": {"type": "string"},
    },
    "required": ["label", "legal_basis", "due_at", "duty", "note"],
}


@extend_schema_field(PROJECTION_SCHEMA)
class ProjectionField(serializers.Field):
    """The obligation's projection as ProjectionSerializer renders it, or null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance.projection

    def to_representation(self, value: Any) -> Any:
        return ProjectionSerializer(value).data if value else None


class ObligationSerializer(serializers.ModelSerializer):
    """An obligation with its snapshotted legal terms, status now, and the notices sent."""

    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    entity_name = serializers.CharField(
        source="entity.legal_name", read_only=True, allow_null=True, default=None
    )
    status = ObligationStatusNowField(
        help_text="Overdue once the due time (or an ASAP duty's internal target) has passed "
        "with nothing submitted; the due time itself is still on time.",
    )
    clock_start = AwareDateTimeField(read_only=True, allow_null=True)
    due_at = AwareDateTimeField(
        read_only=True, allow_null=True, help_text="Statutory deadline in UTC; null for ASAP."
    )
    target_at = AwareDateTimeField(
        read_only=True,
        allow_null=True,
        help_text="The due time, or for ASAP duties the organisation's internal target.",
    )
    submitted_at = AwareDateTimeField(read_only=True, allow_null=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    submissions = SubmissionSerializer(many=True, read_only=True)
    regime = serializers.ChoiceField(choices=Regime.choices, read_only=True)
    # Plain strings, as before the model had choices: the vocabulary is the engine's and grows
    # with its rule table (compliance.vocabulary), so a new rule is not an API change.
    rule_id = serializers.CharField(read_only=True)
    clock_event = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    projection = ProjectionField(
        help_text="What a proposed law (the EU Digital Omnibus) would ask instead; shown beside "
        "the obligation, never owed. Null when no proposal concerns the duty.",
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "incident",
            "incident_reference",
            "entity",
            "entity_name",
            "rule_id",
            "regime",
            "legal_basis",
            "recipient",
            "trigger",
            "clock_event",
            "clock_start",
            "unit",
            "duration",
            "due_at",
            "target_at",
            "statutory",
            "status",
            "exemption",
            "explanation",
            "content_checklist",
            "projection",
            "applies",
            "submitted_at",
            "late",
            "submissions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SubmissionCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """Record a notice: which obligation, which phase, when, how, and the authority's reference."""

    obligation = serializers.PrimaryKeyRelatedField(queryset=Obligation.objects.all())
    phase = serializers.ChoiceField(choices=SubmissionPhase.choices)
    submitted_at = AwareDateTimeField(help_text="When the notice was sent, with its UTC offset.")
    channel = serializers.CharField(max_length=100, help_text="Portal, e-mail, letter, phone.")
    regulator_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    delay_reasons = serializers.CharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        help_text="Required when an initial notice is sent after its statutory deadline "
        "(GDPR Art. 33(1)).",
    )
    notes = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    document = serializers.PrimaryKeyRelatedField(
        queryset=ReportDocument.objects.all(),
        required=False,
        allow_null=True,
        help_text="The generated report that was sent (same incident, ready).",
    )


class RegimeOverrideSerializer(serializers.ModelSerializer):
    """A DPO's decision on a regime, active until revoked."""

    decided_by = serializers.SerializerMethodField()
    revoked_by = serializers.SerializerMethodField()
    decided_at = AwareDateTimeField(read_only=True)
    revoked_at = AwareDateTimeField(read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = RegimeOverride
        fields = [
            "id",
            "incident",
            "regime",
            "action",
            "reason",
            "is_active",
            "decided_by",
            "decided_at",
            "revoked_by",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields

    def get_decided_by(self, override: RegimeOverride) -> str | None:
        return _username(override.decided_by)

    def get_revoked_by(self, override: RegimeOverride) -> str | None:
        return _username(override.revoked_by)


class RegimeOverrideCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """Include or exclude a regime for an incident, with the written reason."""

    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all())
    regime = serializers.ChoiceField(choices=Regime.choices)
    action = serializers.ChoiceField(choices=RegimeAction.choices)
    reason = serializers.CharField(max_length=MAX_TEXT)


class RevokeSerializer(StrictSerializerMixin, serializers.Serializer):
    """Why a regime decision is withdrawn."""

    reason = serializers.CharField(max_length=MAX_TEXT)
