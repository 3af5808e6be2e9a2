"""Incident API serializers: strict input validation, naming each bad field."""

from __future__ import annotations

from typing import Any

import pycountry
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from compliance.api.fields import ObligationStatusNowField
from compliance.models import Obligation, Regime
from config.fields import AwareDateTimeField
from config.input_policy import body_field_errors
from incidents.choices import (
    BreachType,
    CacGrade,
    DataCategory,
    DiscoveredBy,
    IncidentType,
    ProcessingRole,
    RiskLevel,
    RootCause,
    Severity,
    Status,
    SubjectCategory,
)
from incidents.models import Incident, LegalEntity
from incidents.regions import region_normalise, regions_errors

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_COUNT = 10_000_000_000  # more people than live on Earth is a typo
COUNTRY_CODES = frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


class AffectedSubjectsSerializer(serializers.Serializer):
    """People affected in one country, or in one region (ISO 3166-2) of it."""

    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. DE")
    region = serializers.CharField(
        max_length=6,
        required=False,
        allow_blank=True,
        help_text="ISO 3166-2 subdivision of the country, e.g. US-CA; left out when not known.",
    )
    count = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)

    def validate_country(self, value: str) -> str:
        code = value.strip().upper()
        if code not in COUNTRY_CODES:
            raise serializers.ValidationError(f"Unknown ISO 3166-1 alpha-2 country code {value!r}.")
        return code


class ObligationSummarySerializer(serializers.ModelSerializer):
    """An obligation as embedded in an incident."""

    # Plain strings, as before the model had choices: the vocabulary is the engine's and grows
    # with its rule table (compliance.vocabulary), so a new rule is not an API change.
    rule_id = serializers.CharField(read_only=True)
    regime = serializers.CharField(read_only=True)
    clock_event = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    due_at = AwareDateTimeField(read_only=True, allow_null=True)
    target_at = AwareDateTimeField(read_only=True, allow_null=True)
    clock_start = AwareDateTimeField(read_only=True, allow_null=True)
    submitted_at = AwareDateTimeField(read_only=True, allow_null=True)
    status = ObligationStatusNowField()
    regime = serializers.ChoiceField(choices=Regime.choices, read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "rule_id",
            "regime",
            "legal_basis",
            "recipient",
            "entity",
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
            "applies",
            "submitted_at",
            "late",
        ]
        read_only_fields = fields


def _text(**kwargs: Any) -> serializers.CharField:
    """A free-text field with the API's size limit."""
    return serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, trim_whitespace=False, **kwargs
    )


@extend_schema_serializer(deprecate_fields=["data_encrypted"])
class IncidentSerializer(serializers.ModelSerializer):
    """Incident facts in and out; obligations and lifecycle data are read-only."""

    title = serializers.CharField(max_length=MAX_TITLE)
    description = _text()
    description_zh = _text(
        help_text="What happened, in Simplified Chinese: the account the PIPL Art. 57 and CAC "
        "reports of a Chinese entity give (they never print English prose)."
    )
    detected_at = AwareDateTimeField()
    aware_at = AwareDateTimeField(required=False, allow_null=True)
    occurred_from = AwareDateTimeField(required=False, allow_null=True)
    occurred_to = AwareDateTimeField(required=False, allow_null=True)
    handling_ended_at = AwareDateTimeField(required=False, allow_null=True)
    classified_major_at = AwareDateTimeField(required=False, allow_null=True)
    materiality_determined_at = AwareDateTimeField(required=False, allow_null=True)
    assessment_completed_at = AwareDateTimeField(required=False, allow_null=True)
    contained_at = AwareDateTimeField(read_only=True, allow_null=True)
    resolved_at = AwareDateTimeField(read_only=True, allow_null=True)
    closed_at = AwareDateTimeField(read_only=True, allow_null=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    role = serializers.ChoiceField(choices=ProcessingRole.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    risk_level = serializers.ChoiceField(
        choices=RiskLevel.choices, required=False, allow_blank=True
    )
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True)
    incident_type = serializers.ChoiceField(
        choices=IncidentType.choices, required=False, allow_blank=True
    )
    root_cause = serializers.ChoiceField(
        choices=RootCause.choices, required=False, allow_blank=True
    )
    discovered_by = serializers.ChoiceField(
        choices=DiscoveredBy.choices, required=False, allow_blank=True
    )
    cac_grade = serializers.ChoiceField(choices=CacGrade.choices, required=False, allow_blank=True)
    breach_types = serializers.ListField(
        child=serializers.ChoiceField(choices=BreachType.choices), required=False, max_length=3
    )
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), required=False, max_length=50
    )
    subject_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=SubjectCategory.choices),
        required=False,
        max_length=20,
    )
    affected_subjects = AffectedSubjectsSerializer(many=True, required=False, max_length=300)
    records_count = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT * 100, required=False, allow_null=True
    )
    entities = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=LegalEntity.objects.all(),
        required=False,
        help_text="Default: the entities whose regimes the affected people's countries reach.",
    )
    data_encrypted = serializers.BooleanField(
        required=False,
        help_text="Deprecated: record encryption on the risk assessment (encrypted_key_intact), "
        "the one field the decision reads. Still accepted: it pre-fills that input, and decides "
        "GDPR Art. 34(3)(a) until an assessment exists.",
    )
    systems = _text()
    third_parties = _text()
    consequences = _text()
    measures_taken = _text()
    measures_proposed = _text()
    cac_grade_reason = _text(
        help_text="Required with cac_grade, a DPO's manual grade that replaces the derived one."
    )
    cac_leaked_people = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="People whose personal information leaked (CAC grading: 1 M 较大, 10 M 重大, "
        "100 M 特别重大). Default: everyone affected in China.",
    )
    cac_direct_loss_cny = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Direct economic loss in CNY (CAC grading: 5 M / 50 M / 100 M; verify).",
    )
    cac_cii_outage_hours = serializers.FloatField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Hours critical information infrastructure was wholly down (0.5 / 2 / 6; verify).",
    )
    cac_cii_function_outage_hours = serializers.FloatField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Hours a main CII function was down (CAC grading: 2 / 6 / 24; verify).",
    )
    obligations = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "description_zh",
            "status",
            "detected_at",
            "aware_at",
            "occurred_from",
            "occurred_to",
            "discovered_by",
            "role",
            "breach_types",
            "incident_type",
            "root_cause",
            "malicious",
            "data_categories",
            "subject_categories",
            "affected_subjects",
            "subjects_total",
            "records_count",
            "data_encrypted",
            "systems",
            "third_parties",
            "consequences",
            "measures_taken",
            "measures_proposed",
            "severity",
            "risk_level",
            "high_risk_mitigated",
            "disproportionate_effort",
            "pipl_harm_avoided",
            "cac_grade",
            "cac_grade_reason",
            "cac_leaked_people",
            "cac_direct_loss_cny",
            "cac_cii_outage_hours",
            "cac_cii_function_outage_hours",
            "handling_ended_at",
            "classified_major_at",
            "materiality_determined_at",
            "assessment_completed_at",
            "entities",
            "is_drill",
            "contained_at",
            "resolved_at",
            "closed_at",
            "created_at",
            "updated_at",
            "version",
            "obligations",
        ]
        read_only_fields = ["id", "reference", "status", "subjects_total", "version"]

    def validate_affected_subjects(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: set[tuple[str, str]] = set()
        rows = []
        for row in value:
            region = region_normalise(row.get("region"))
            if (row["country"], region) in seen:
                raise serializers.ValidationError(
                    f"{region or 'Country ' + row['country']} is listed twice; "
                    "give one count per country or region."
                )
            seen.add((row["country"], region))
            rows.append({"country": row["country"], "count": row["count"]})
            if region:
                rows[-1]["region"] = region
        return rows

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Named affected_subjects[i].region, as the write path names it (incidents.regions).
        errors = regions_errors(attrs.get("affected_subjects") or ())
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def validate_risk_level(self, value: str) -> str:
        incident = self.instance
        if incident is not None and value != incident.risk_level:
            if incident.assessments.exists():
                raise serializers.ValidationError(
                    "Derived from the latest risk assessment; record a new assessment "
                    "(or a DPO override with its rationale) to change it."
                )
        return value

    def validate_breach_types(self, value: list[str]) -> list[str]:
        return sorted(set(value))

    def validate_data_categories(self, value: list[str]) -> list[str]:
        return sorted(set(value))

    def validate_subject_categories(self, value: list[str]) -> list[str]:
        return sorted(set(value))

    @extend_schema_field(ObligationSummarySerializer(many=True))
    def get_obligations(self, incident: Incident) -> list[dict[str, Any]]:
        rows = [o for o in incident.obligations.all() if o.applies]
        return ObligationSummarySerializer(rows, many=True).data

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        errors = body_field_errors(self.fields, data)
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


LIST_FIELDS = [
    "id",
    "reference",
    "title",
    "status",
    "detected_at",
    "aware_at",
    "role",
    "incident_type",
    "root_cause",
    "data_categories",
    "affected_subjects",
    "subjects_total",
    "records_count",
    "data_encrypted",
    "severity",
    "risk_level",
    "is_drill",
    "contained_at",
    "resolved_at",
    "closed_at",
    "created_at",
    "updated_at",
    "version",
]


class IncidentListSerializer(serializers.ModelSerializer):
    """A summary row per incident for lists; the detail adds the full facts and obligations."""

    detected_at = AwareDateTimeField(read_only=True)
    aware_at = AwareDateTimeField(read_only=True, allow_null=True)
    contained_at = AwareDateTimeField(read_only=True, allow_null=True)
    resolved_at = AwareDateTimeField(read_only=True, allow_null=True)
    closed_at = AwareDateTimeField(read_only=True, allow_null=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    data_categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    affected_subjects = AffectedSubjectsSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = LIST_FIELDS
        read_only_fields = LIST_FIELDS
