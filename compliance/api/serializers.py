"""Serializers of the compliance API: obligations, assessments, submissions, regime decisions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from compliance.api.report_serializers import StrictSerializerMixin
from compliance.engine.risk import (
    AVAILABILITY_LOSS,
    CONFIDENTIALITY_LOSS,
    EASE_OF_IDENTIFICATION,
    INTEGRITY_LOSS,
)
from compliance.models import (
    Obligation,
    ObligationStatus,
    Regime,
    RegimeAction,
    RegimeOverride,
    ReportDocument,
    RiskAssessment,
    Submission,
    SubmissionPhase,
)
from config.fields import AwareDateTimeField
from incidents.choices import DataCategory, RiskLevel
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


class ObligationSerializer(serializers.ModelSerializer):
    """An obligation with its snapshotted legal terms, status now, and the notices sent."""

    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    entity_name = serializers.CharField(
        source="entity.legal_name", read_only=True, allow_null=True, default=None
    )
    status = serializers.ChoiceField(
        choices=ObligationStatus.choices,
        source="current_status",
        read_only=True,
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


def _level_field(levels: dict[float, str], *, required: bool = False) -> serializers.FloatField:
    """A score field limited to the ENISA method's levels."""
    described = "; ".join(f"{value:g} = {label}" for value, label in levels.items())
    return serializers.FloatField(required=required, help_text=f"One of: {described}.")


class AssessmentCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """ENISA inputs (omitted facts come from the incident) and an optional DPO override."""

    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all())
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices),
        required=False,
        max_length=50,
        help_text="Default: the incident's data categories. The highest DPC wins.",
    )
    ease_of_identification = _level_field(dict(EASE_OF_IDENTIFICATION), required=True)
    confidentiality = _level_field(dict(CONFIDENTIALITY_LOSS))
    integrity = _level_field(dict(INTEGRITY_LOSS))
    availability = _level_field(dict(AVAILABILITY_LOSS))
    malicious = serializers.BooleanField(required=False, help_text="Default: the incident's.")
    dpc_adjustment = serializers.IntegerField(min_value=-1, max_value=1, required=False)
    dpc_adjustment_reason = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True
    )
    encrypted_key_intact = serializers.BooleanField(required=False)
    backup_available = serializers.BooleanField(required=False)
    restore_hours = serializers.FloatField(min_value=0, required=False, allow_null=True)
    logs_show_no_exfiltration = serializers.BooleanField(required=False)
    vulnerable_people = serializers.BooleanField(required=False)
    subjects_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    records_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    trusted_recipient_deleted = serializers.BooleanField(required=False)
    data_already_public = serializers.BooleanField(required=False)
    override_tier = serializers.ChoiceField(
        choices=RiskLevel.choices, required=False, allow_blank=True
    )
    override_rationale = serializers.CharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        help_text="Required with override_tier; kept with the assessment.",
    )
    consequences = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)

    LEVELS = {
        "ease_of_identification": EASE_OF_IDENTIFICATION,
        "confidentiality": CONFIDENTIALITY_LOSS,
        "integrity": INTEGRITY_LOSS,
        "availability": AVAILABILITY_LOSS,
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = {
            name: [f"One of {', '.join(f'{v:g}' for v in levels)}."]
            for name, levels in self.LEVELS.items()
            if name in attrs and attrs[name] not in levels
        }
        if attrs.get("override_tier") and not attrs.get("override_rationale", "").strip():
            errors["override_rationale"] = ["An override needs a written rationale."]
        if attrs.get("dpc_adjustment") and not attrs.get("dpc_adjustment_reason", "").strip():
            errors["dpc_adjustment_reason"] = ["An adjustment of the DPC needs a reason."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def service_arguments(self) -> dict[str, Any]:
        """Split the validated data into the service's inputs and its override arguments."""
        data = dict(self.validated_data)
        arguments = {
            name: data.pop(name, "")
            for name in ("override_tier", "override_rationale", "consequences")
        }
        return {"incident": data.pop("incident"), "inputs": data, **arguments}


class RiskAssessmentSerializer(serializers.ModelSerializer):
    """A stored assessment: inputs, ENISA score and band, the tier, and who decided it."""

    score = serializers.FloatField(read_only=True)
    effective_tier = serializers.ChoiceField(
        choices=RiskLevel.choices,
        read_only=True,
        help_text="The tier that drives notifiability: the override when given.",
    )
    assessor = serializers.SerializerMethodField()
    created_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "incident",
            "inputs",
            "score",
            "band",
            "tier",
            "override_tier",
            "override_rationale",
            "effective_tier",
            "consequences",
            "explanation",
            "deciding_factors",
            "assessor",
            "created_at",
        ]
        read_only_fields = fields

    def get_assessor(self, assessment: RiskAssessment) -> str | None:
        return _username(assessment.assessor)


class AssessmentPreviewSerializer(serializers.Serializer):
    """What an assessment would give, computed without storing anything."""

    inputs = serializers.DictField()
    score = serializers.FloatField()
    band = serializers.CharField()
    tier = serializers.ChoiceField(choices=RiskLevel.choices)
    effective_tier = serializers.ChoiceField(choices=RiskLevel.choices)
    explanation = serializers.CharField()
    deciding_factors = serializers.ListField(child=serializers.CharField())


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
