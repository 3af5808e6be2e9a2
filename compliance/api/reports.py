"""Report API: request a version (202, rendered by a worker), list, read, download, check gaps."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.api.report_serializers import (
    CompletenessSerializer,
    ReportDocumentSerializer,
    ReportFactsSerializer,
    ReportQuerySerializer,
    ReportRequestSerializer,
)
from compliance.downloads import report_file_response
from compliance.models import ReportDocument, ReportKind, ReportLanguage, ReportStatus
from compliance.reporting.selectors import report_document_list
from compliance.reporting.selectors.sources import facts_of
from compliance.reporting.services import (
    report_facts_update,
    report_kind_authorize,
    report_request,
    report_spec_gaps,
    report_spec_validate,
)
from config.api import query_params_strict, row_id
from config.errors import Conflict
from config.etag import IF_MATCH, etag_response, expected_version
from config.pdf_api import PdfActionMixin
from config.schema import INCIDENT_KEY
from incidents.lookup import incident_key_filter
from incidents.selectors import incident_list


class ReportDocumentFilter(django_filters.FilterSet):
    """Filters for the document list."""

    incident = django_filters.CharFilter(method="filter_incident", label="Incident id or reference")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)
    language = django_filters.ChoiceFilter(choices=ReportLanguage.choices)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = ReportDocument
        fields = ["incident", "kind", "language", "status", "is_final", "entity"]

    def filter_incident(self, queryset: Any, name: str, value: str) -> Any:
        text = value.strip()
        number = row_id(text)
        if number is not None:
            return queryset.filter(Q(incident_id=number) | Q(incident__reference=text))
        return queryset.filter(incident__reference__iexact=text)


def _download_header(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200], description=description
    )


DOWNLOAD_HEADERS = [
    _download_header("ETag", "The quoted SHA-256: If-None-Match with it gets 304."),
    _download_header("X-Content-SHA256", "The PDF's SHA-256 in hex, to verify what you got."),
    _download_header("Digest", "The same digest as `sha-256=<base64>` (RFC 3230)."),
]


class ReportDocumentViewSet(
    PdfActionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Generated report documents: every version is kept with its SHA-256."""

    pdf_actions = ("download",)
    serializer_class = ReportDocumentSerializer
    filterset_class = ReportDocumentFilter
    ordering_fields = ["requested_at", "generated_at", "version"]
    lookup_value_regex = r"\d+"
    capability_by_action = {"create": "report.generate"}

    def get_queryset(self) -> Any:
        return report_document_list(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ReportRequestSerializer
        if self.action == "completeness":
            return ReportQuerySerializer
        return ReportDocumentSerializer

    @extend_schema(
        request=ReportRequestSerializer,
        responses={
            202: OpenApiResponse(
                ReportDocumentSerializer,
                description="Queued; poll the document until `status` is `ready` or `failed`.",
            ),
            400: OpenApiResponse(description="A field is invalid, or `final` with facts missing."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Request a new version of a report; it renders in the background."""
        serializer = ReportRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        document = report_request(
            actor=request.user, now=timezone.now(), **serializer.validated_data
        )
        document.refresh_from_db()
        body = ReportDocumentSerializer(document, context=self.get_serializer_context()).data
        response = Response(body, status=status.HTTP_202_ACCEPTED)
        response["Location"] = f"/api/v1/reports/{document.pk}/"
        return response

    @extend_schema(
        parameters=DOWNLOAD_HEADERS,
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The PDF; headers X-Content-SHA256 (hex) and Digest (RFC 3230).",
            ),
            409: OpenApiResponse(description="The document is queued or failed."),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None, **kwargs: Any) -> Any:
        """The stored PDF as an attachment, with its SHA-256."""
        document = self.get_object()
        if document.status != ReportStatus.READY:
            raise Conflict(
                f"The document is {document.status}"
                + (f": {document.error}" if document.error else "; try again shortly.")
            )
        return report_file_response(document)

    @extend_schema(
        parameters=[ReportQuerySerializer],
        responses={200: CompletenessSerializer},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def completeness(self, request: Request, **kwargs: Any) -> Response:
        """The required facts a report would lack if generated now; nothing is stored."""
        params = query_params_strict(request, ReportQuerySerializer())
        query = ReportQuerySerializer(data=params, context={"request": request})
        query.is_valid(raise_exception=True)
        report_kind_authorize(actor=request.user, kind=query.validated_data["kind"])
        spec = report_spec_validate(**query.validated_data)
        gaps = report_spec_gaps(spec=spec, actor=request.user, now=timezone.now())
        return Response(
            {
                "kind": spec.kind,
                "language": spec.language,
                "incident": spec.incident.pk if spec.incident else None,
                "entity": spec.entity.pk if spec.entity else None,
                "complete": not gaps,
                "gaps": gaps,
            }
        )


class ReportFactsView(APIView):
    """Facts of an incident that only reports need (reporter, CAC items 3-8, advice, …)."""

    serializer_class = ReportFactsSerializer
    write_capability = "report.generate"

    def _incident(self, pk: str) -> Any:
        return get_object_or_404(incident_list(user=self.request.user), incident_key_filter(pk))

    @extend_schema(parameters=[INCIDENT_KEY], responses={200: ReportFactsSerializer})
    def get(self, request: Request, pk: str) -> Response:
        """The incident's report facts (blank ones when none were recorded), with their ETag."""
        facts = facts_of(self._incident(pk))
        return etag_response(ReportFactsSerializer(facts).data, facts)

    @extend_schema(
        request=ReportFactsSerializer,
        parameters=[INCIDENT_KEY, IF_MATCH],
        responses={200: ReportFactsSerializer},
    )
    def patch(self, request: Request, pk: str) -> Response:
        """Record some of the incident's report facts; send If-Match with the ETag you read."""
        incident = self._incident(pk)
        current = facts_of(incident)
        version = expected_version(request, current)
        serializer = ReportFactsSerializer(
            current, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        facts = report_facts_update(
            now=timezone.now(),
            actor=request.user,
            incident=incident,
            data=serializer.validated_data,
            expected_version=version,
        )
        return etag_response(ReportFactsSerializer(facts).data, facts)
