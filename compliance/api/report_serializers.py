"""Serializers of the report API: stored documents, report requests and report-only facts."""

from __future__ import annotations

from typing import Any

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.models import ReportDocument, ReportFacts, ReportKind, ReportLanguage
from compliance.reporting.selectors import incident_by_id_or_reference
from config.api import StrictInputMixin as StrictSerializerMixin
from config.fields import AwareDateTimeField, JsonBooleanField, QueryBooleanField
from incidents.models import Incident, LegalEntity

MAX_TEXT = 20_000
KIND_HELP = f"One of: {', '.join(ReportKind.values)}."


class ReportDocumentSerializer(serializers.ModelSerializer):
    """A stored report version; poll it until `status` is `ready`, then download it."""

    incident_reference = serializers.CharField(
        source="incident.reference", read_only=True, allow_null=True, default=None
    )
    requested_at = AwareDateTimeField(read_only=True)
    generated_at = AwareDateTimeField(read_only=True, allow_null=True)
    generated_by = serializers.SerializerMethodField(
        help_text="Username of who asked for it; null when made on the command line."
    )
    gaps = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Required facts still missing; a document with gaps is a draft.",
    )
    filename = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportDocument
        fields = [
            "id",
            "incident",
            "incident_reference",
            "entity",
            "kind",
            "language",
            "version",
            "is_final",
            "status",
            "error",
            "gaps",
            "period_from",
            "period_to",
            "include_drills",
            "requested_at",
            "generated_at",
            "generated_by",
            "sha256",
            "size",
            "filename",
            "download_url",
        ]
        read_only_fields = fields

    def get_generated_by(self, document: ReportDocument) -> str | None:
        return document.generated_by.get_username() if document.generated_by else None

    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True})
    def get_download_url(self, document: ReportDocument) -> str | None:
        if document.status != "ready":
            return None
        return f"/api/v1/reports/{document.pk}/download/"


@extend_schema_field({"type": "string", "example": "BD-2026-0001"})
class IncidentRefField(serializers.Field):
    """An incident named by its numeric id or its reference (BD-2026-0001)."""

    default_error_messages = {"unknown": "No incident with id or reference {value!r}."}

    def to_internal_value(self, data: Any) -> Incident:
        text = str(data).strip()[:40] if isinstance(data, str | int) else ""
        request = self.context.get("request")
        incident = incident_by_id_or_reference(text, user=getattr(request, "user", None))
        if incident is None:
            self.fail("unknown", value=text or data)
        return incident

    def to_representation(self, value: Incident) -> str:
        return value.reference


class ReportQuerySerializer(StrictSerializerMixin, serializers.Serializer):
    """Which report: its kind, incident or register period, language and entity."""

    kind = serializers.ChoiceField(
        choices=ReportKind.choices,
        error_messages={"invalid_choice": f"Unknown report kind {{input!r}}. {KIND_HELP}"},
    )
    incident = IncidentRefField(
        required=False,
        allow_null=True,
        help_text="Incident id or reference; every kind but `register` needs one.",
    )
    language = serializers.ChoiceField(
        choices=ReportLanguage.choices,
        required=False,
        allow_blank=True,
        help_text="Defaults to the kind's language; only the Art. 34 letter has both.",
    )
    entity = serializers.PrimaryKeyRelatedField(
        queryset=LegalEntity.objects.all(),
        required=False,
        allow_null=True,
        help_text="Legal entity the report speaks for; defaults to the one the kind concerns.",
    )
    period_from = serializers.DateField(
        required=False, allow_null=True, help_text="Register only: first day (UTC)."
    )
    period_to = serializers.DateField(
        required=False, allow_null=True, help_text="Register only: last day (UTC), included."
    )
    include_drills = QueryBooleanField(
        required=False, default=False, help_text="Register only: list drills too."
    )


class ReportRequestSerializer(ReportQuerySerializer):
    """A request for a new version of a report."""

    include_drills = JsonBooleanField(
        required=False, default=False, help_text="Register only: list drills too."
    )

    final = JsonBooleanField(
        required=False,
        default=False,
        help_text="Final documents carry no DRAFT mark; refused while facts are missing.",
    )


class CompletenessSerializer(serializers.Serializer):
    """The required facts a report would lack if generated now."""

    kind = serializers.CharField()
    language = serializers.CharField()
    incident = serializers.IntegerField(allow_null=True)
    entity = serializers.IntegerField(allow_null=True)
    complete = serializers.BooleanField()
    gaps = serializers.ListField(child=serializers.CharField())


class StoredAwareDateTimeField(AwareDateTimeField):
    """An aware timestamp kept as an ISO 8601 string inside a JSON column."""

    def to_representation(self, value: Any) -> str:
        if isinstance(value, str):
            value = parse_datetime(value)
        return super().to_representation(value)


class NoticeToBodySerializer(serializers.Serializer):
    """Another body told: police, a CSIRT, another authority."""

    body = serializers.CharField(max_length=300)
    notified_at = StoredAwareDateTimeField(required=False, allow_null=True)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReportFactsSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    """Facts only the regulators' forms ask for; free-text lists take one item per line."""

    subjects_informed_at = AwareDateTimeField(required=False, allow_null=True)
    ransom_demanded_at = AwareDateTimeField(required=False, allow_null=True)
    ongoing = JsonBooleanField(required=False)
    other_bodies = NoticeToBodySerializer(many=True, required=False, max_length=50)
    updated_at = AwareDateTimeField(read_only=True, allow_null=True)
    updated_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Username of who last changed them; null until someone does.",
    )

    class Meta:
        model = ReportFacts
        exclude = ["incident"]
        read_only_fields = ["updated_at", "updated_by", "version"]
        extra_kwargs = {
            name: {"max_length": MAX_TEXT}
            for name in (
                "discovery_details",
                "exfiltration_evidence",
                "protection_in_place",
                "likely_impacts",
                "delay_reasons",
                "subjects_informed_details",
                "staff_training",
                "advice_to_individuals",
                "notice_what_happened",
                "harm_so_far",
                "measures_effect",
                "likely_trend",
                "preliminary_cause",
                "tracing_leads",
                "support_requested",
                "scene_preservation",
                "other_matters",
                "register_reasoning",
            )
        }

    def validate_other_bodies(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Store times as ISO 8601 UTC strings in the JSON column."""
        return [
            {
                "body": row["body"],
                "notified_at": (
                    row["notified_at"].isoformat().replace("+00:00", "Z")
                    if row.get("notified_at")
                    else None
                ),
                "reference": row.get("reference", ""),
            }
            for row in value
        ]
