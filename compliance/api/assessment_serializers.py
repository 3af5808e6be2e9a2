"""Serializers of the assessment API: each decision input documented with its effect."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.api.report_serializers import StrictSerializerMixin
from compliance.engine.decision import (
    HANDFUL_PEOPLE,
    LONG_EXPOSURE_HOURS,
    MASS_PEOPLE,
    QUICK_RESTORE_HOURS,
)
from compliance.engine.risk import (
    AVAILABILITY_LOSS,
    CONFIDENTIALITY_LOSS,
    EASE_OF_IDENTIFICATION,
    INTEGRITY_LOSS,
)
from compliance.models import RiskAssessment
from config.fields import AwareDateTimeField
from incidents.choices import DataCategory, RiskLevel
from incidents.models import Incident

MAX_TEXT = 20_000
LOWERS = "Mitigating: it can only lower the tier."
RAISES = "Aggravating: it can only raise the tier."


def _level_field(levels: dict[float, str], effect: str, *, required: bool = False) -> Any:
    """A score field limited to the ENISA method's levels, with its effect on the decision."""
    described = "; ".join(f"{value:g} = {label}" for value, label in levels.items())
    return serializers.FloatField(required=required, help_text=f"One of: {described}. {effect}")


def _flag(effect: str) -> serializers.BooleanField:
    """A yes/no decision fact; absent means no (or the incident's value where stated)."""
    return serializers.BooleanField(required=False, help_text=effect)


class AssessmentCreateSerializer(StrictSerializerMixin, serializers.Serializer):
    """The facts the decision turns on (omitted ones come from the incident) and an optional override."""

    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all())
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices),
        required=False,
        max_length=50,
        help_text="Default: the incident's data categories. The highest ENISA DPC wins; "
        "special-category, criminal-offence or children's data disclosed readable make the "
        f"breach at least a risk. {RAISES}",
    )
    ease_of_identification = _level_field(
        dict(EASE_OF_IDENTIFICATION), "ENISA EI, multiplies the DPC.", required=True
    )
    confidentiality = _level_field(
        dict(CONFIDENTIALITY_LOSS),
        "ENISA CB. Unknown recipients (0.5) of readable data through a malicious act raise the "
        "tier one step; 0.25 with a handful of people by mistake caps it. " + RAISES,
    )
    integrity = _level_field(dict(INTEGRITY_LOSS), "ENISA CB. " + RAISES)
    availability = _level_field(
        dict(AVAILABILITY_LOSS),
        "ENISA CB. A loss not restored from a working backup within "
        f"{QUICK_RESTORE_HOURS:g} hours makes the breach at least a risk. {RAISES}",
    )
    malicious = _flag(
        "Default: the incident's. Malicious access to readable data makes the breach at least "
        f"a risk and blocks the handful-of-people caps. {RAISES}"
    )
    dpc_adjustment = serializers.IntegerField(
        min_value=-1, max_value=1, required=False, help_text="ENISA's +/-1 on the DPC for context."
    )
    dpc_adjustment_reason = serializers.CharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        help_text="Required with an adjustment.",
    )
    encrypted_key_intact = _flag(
        "State-of-the-art encryption or hashing with the key or salt not compromised: the "
        "confidentiality loss no longer counts (GDPR Art. 34(3)(a)). Default: the incident's "
        f"deprecated data_encrypted. {LOWERS}"
    )
    backup_available = _flag(
        "A working backup: an integrity loss no longer counts, nor an availability loss restored "
        f"within {QUICK_RESTORE_HOURS:g} hours. {LOWERS}"
    )
    restore_hours = serializers.FloatField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text=f"Hours the restore took; more than {QUICK_RESTORE_HOURS:g} keeps an "
        f"availability loss counting. Longer can only raise the tier.",
    )
    logs_show_no_exfiltration = _flag(
        f"Logs show no data left the systems: the confidentiality loss no longer counts. {LOWERS}"
    )
    vulnerable_people = _flag(
        "Children, patients or other vulnerable people; default: true when the incident's "
        f"subject categories name minors, patients or vulnerable people. Raises one step. {RAISES}"
    )
    subjects_count = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text=f"People affected; default the incident's total. {HANDFUL_PEOPLE} or fewer "
        f"allows the handful caps; {MASS_PEOPLE:,} or more with readable data raises one step.",
    )
    records_count = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Records affected (shown only)."
    )
    trusted_recipient_deleted = _flag(
        "The recipient is trusted, bound by secrecy and confirmed deletion: the confidentiality "
        f"loss no longer counts. {LOWERS}"
    )
    data_already_public = _flag(
        f"The data were already public: the confidentiality loss no longer counts. {LOWERS}"
    )
    identity_theft_possible = _flag(
        "The data disclosed enable identity theft or fraud: at least a risk, a high risk when "
        f"obtained maliciously. {RAISES}"
    )
    exposure_hours = serializers.FloatField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text=f"How long the data were exposed; {LONG_EXPOSURE_HOURS:g} hours or more of "
        "readable data make the breach at least a risk. Longer can only raise the tier.",
    )
    override_tier = serializers.ChoiceField(
        choices=RiskLevel.choices,
        required=False,
        allow_blank=True,
        help_text="A DPO's tier, replacing the computed one; needs override_rationale.",
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


class VerdictSerializer(serializers.Serializer):
    """One duty's answer and the facts that decided it."""

    required = serializers.BooleanField()
    legal_basis = serializers.CharField(help_text="e.g. GDPR Art. 33(1)")
    deciding_facts = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    """The Art. 33 and Art. 34 answers of an assessment."""

    enisa_tier = serializers.ChoiceField(choices=RiskLevel.choices, help_text="ENISA band only.")
    tier = serializers.ChoiceField(choices=RiskLevel.choices)
    supervisory_authority = VerdictSerializer(help_text="GDPR Art. 33(1).")
    data_subjects = VerdictSerializer(help_text="GDPR Art. 34(1).")


class ChangeSerializer(serializers.Serializer):
    """One fact that, changed alone, would change an answer."""

    field = serializers.CharField()
    value = serializers.JSONField()
    fact = serializers.CharField()
    supervisory_authority = serializers.BooleanField(help_text="The Art. 33(1) answer it gives.")
    data_subjects = serializers.BooleanField(help_text="The Art. 34(1) answer it gives.")
    summary = serializers.CharField()


class RiskAssessmentSerializer(serializers.ModelSerializer):
    """A stored assessment: inputs, ENISA score and band, the decision, and who made it."""

    score = serializers.FloatField(read_only=True)
    effective_tier = serializers.ChoiceField(
        choices=RiskLevel.choices,
        read_only=True,
        help_text="The tier that drives notifiability: the override when given.",
    )
    decision = serializers.SerializerMethodField()
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
            "decision",
            "assessor",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, assessment: RiskAssessment) -> dict[str, Any] | None:
        """The stored verdicts; null for assessments made before verdicts were kept."""
        return assessment.decision or None

    def get_assessor(self, assessment: RiskAssessment) -> str | None:
        user = assessment.assessor
        return user.get_username() if user is not None else None


class AssessmentPreviewSerializer(serializers.Serializer):
    """What an assessment would give, computed without storing anything."""

    inputs = serializers.DictField()
    score = serializers.FloatField()
    band = serializers.CharField()
    tier = serializers.ChoiceField(choices=RiskLevel.choices)
    effective_tier = serializers.ChoiceField(choices=RiskLevel.choices)
    explanation = serializers.CharField()
    deciding_factors = serializers.ListField(child=serializers.CharField())
    decision = DecisionSerializer()
    what_if = ChangeSerializer(
        many=True, help_text="The single facts that, changed alone, would change an answer."
    )
