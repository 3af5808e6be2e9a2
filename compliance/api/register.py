"""Breach register API (GDPR Art. 33(5)): paginated JSON and CSV / XLSX export."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from compliance.api.report_serializers import StrictSerializerMixin
from compliance.models import ObligationStatus, Regime
from compliance.register import (
    TIER_FILTERS,
    RegisterFilters,
    register_entry,
    register_incidents,
)
from compliance.register_export import (
    CSV_TYPE,
    XLSX_TYPE,
    register_csv_response,
    register_xlsx_response,
)
from config.api import query_params_strict
from config.fields import AwareDateTimeField, QueryBooleanField
from incidents.choices import Status

PAGING_PARAMETERS = ("page", "page_size", "format")


class RegisterFilterSerializer(StrictSerializerMixin, serializers.Serializer):
    """Which incidents the register shows; drills only when asked for."""

    detected_after = AwareDateTimeField(required=False, help_text="Detected at or after.")
    detected_before = AwareDateTimeField(required=False, help_text="Detected before.")
    regime = serializers.ChoiceField(choices=Regime.choices, required=False)
    notified = QueryBooleanField(
        required=False, default=None, help_text="An authority was notified."
    )
    tier = serializers.ChoiceField(
        choices=TIER_FILTERS, required=False, help_text="'none': no tier recorded or assessed."
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    include_drills = QueryBooleanField(required=False, default=False)

    def filters(self) -> RegisterFilters:
        """The validated query as the selector's filters."""
        return RegisterFilters(**self.validated_data)


def register_filters_from(request: Request, *, ignore: tuple[str, ...] = ()) -> RegisterFilters:
    """Validate the query string into filters; a bad value is a 400 naming the parameter."""
    params = query_params_strict(request, RegisterFilterSerializer())
    query = {k: v for k, v in params.items() if k not in ignore}
    serializer = RegisterFilterSerializer(data=query)
    serializer.is_valid(raise_exception=True)
    return serializer.filters()


class RegisterDecisionSerializer(serializers.Serializer):
    """One notice duty of the incident and what became of it."""

    regime = serializers.ChoiceField(choices=Regime.choices)
    rule_id = serializers.CharField()
    legal_basis = serializers.CharField()
    recipient = serializers.CharField()
    entity = serializers.CharField()
    status = serializers.ChoiceField(choices=ObligationStatus.choices)
    due_at = AwareDateTimeField(allow_null=True)
    target_at = AwareDateTimeField(allow_null=True)
    submitted_at = AwareDateTimeField(allow_null=True)
    late = serializers.BooleanField()
    regulator_reference = serializers.CharField()
    reason = serializers.CharField(help_text="Why the duty is not required, if it is not.")


class RegisterEntrySerializer(serializers.Serializer):
    """One incident in the register: facts, effects, remedial action, reasoning."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    is_drill = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Status.choices)
    detected_at = AwareDateTimeField()
    aware_at = AwareDateTimeField(allow_null=True)
    occurred_from = AwareDateTimeField(allow_null=True)
    occurred_to = AwareDateTimeField(allow_null=True)
    nature = serializers.ListField(child=serializers.CharField())
    incident_type = serializers.CharField()
    root_cause = serializers.CharField()
    data_categories = serializers.ListField(child=serializers.CharField())
    subjects_total = serializers.IntegerField()
    subjects_by_country = serializers.ListField(child=serializers.DictField())
    records_count = serializers.IntegerField(allow_null=True)
    effects = serializers.CharField()
    remedial_action = serializers.CharField()
    measures_proposed = serializers.CharField()
    tier = serializers.CharField(help_text="unlikely, risk, high; empty when not assessed.")
    tier_source = serializers.ChoiceField(choices=["assessment", "incident", "none"])
    assessment_score = serializers.FloatField(allow_null=True)
    assessment_band = serializers.CharField()
    regimes = serializers.ListField(child=serializers.ChoiceField(choices=Regime.choices))
    notified = serializers.BooleanField(help_text="An authority was notified.")
    notified_at = AwareDateTimeField(allow_null=True)
    late = serializers.BooleanField()
    delay_reasons = serializers.CharField()
    subjects_notified = serializers.BooleanField()
    reasoning = serializers.CharField(help_text="Why the incident was or was not notified.")
    decisions = RegisterDecisionSerializer(many=True)


class RegisterView(generics.GenericAPIView):
    """Every incident, notified or not (drills on request), with the reasoning (Art. 33(5))."""

    read_capability = "register.view"
    serializer_class = RegisterEntrySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        filters = register_filters_from(self.request, ignore=PAGING_PARAMETERS)
        return register_incidents(filters=filters)

    @extend_schema(
        parameters=[RegisterFilterSerializer],
        responses={200: RegisterEntrySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        """The register, oldest detection first, paginated."""
        page = self.paginate_queryset(self.get_queryset())
        now = timezone.now()
        entries = [register_entry(incident, now=now) for incident in page or []]
        return self.get_paginated_response(RegisterEntrySerializer(entries, many=True).data)


class _FileRenderer(BaseRenderer):
    """Lets ?format= name the file type; the view returns the file itself."""

    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        return data


class CsvRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


class XlsxRenderer(_FileRenderer):
    media_type = XLSX_TYPE
    format = "xlsx"


class ExportQuerySerializer(RegisterFilterSerializer):
    """The register's filters plus the file type."""

    format = serializers.ChoiceField(choices=["csv", "xlsx"], default="csv")


EXPORT_DESCRIPTION = (
    "The register as a file: an XLSX workbook with format=xlsx, else (the default) UTF-8 CSV "
    "with a header row; times in UTC."
)


class RegisterExportView(generics.GenericAPIView):
    """The register as a file: CSV streamed row by row, or an XLSX workbook."""

    read_capability = "register.view"
    renderer_classes = [CsvRenderer, XlsxRenderer, JSONRenderer]
    filter_backends: list[Any] = []
    pagination_class = None

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # DRF answers an unknown ?format= with 404; here it is a filter like the others.
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            raise serializers.ValidationError({"format": ["Choose csv or xlsx."]}) from None

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are JSON even when the client asked for a file.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={
            # The workbook first: a generated client then reads either file as bytes, where
            # reading the workbook as text would corrupt it.
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description=EXPORT_DESCRIPTION),
            (200, CSV_TYPE.split(";")[0]): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=EXPORT_DESCRIPTION,
            ),
            400: OpenApiResponse(description="A filter is invalid; the body names it."),
        },
    )
    def get(self, request: Request) -> Any:
        """Download the filtered register (attachment named breach-register-<time>.<format>)."""
        query = ExportQuerySerializer(data=query_params_strict(request, ExportQuerySerializer()))
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        file_format = data.pop("format")
        incidents = register_incidents(filters=RegisterFilters(**data))
        if file_format == "xlsx":
            return register_xlsx_response(incidents, now=timezone.now())
        return register_csv_response(incidents, now=timezone.now())
