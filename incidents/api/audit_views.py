"""The audit trail over the API: an incident's entries, its regulator export, and chain verification."""

from __future__ import annotations

from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.fields import AwareDateTimeField
from config.filters import AwareDateTimeFilter
from config.pdf_api import PdfRenderer, errors_as_json
from config.schema import INCIDENT_KEY, ErrorSerializer
from incidents.audit import audit_chain_check
from incidents.audit_export import audit_events_for_incident, audit_export_build
from incidents.audit_pdf import AuditPdfUnavailable, audit_pdf_render
from incidents.lookup import incident_key_filter
from incidents.models import AuditEvent, Incident
from incidents.selectors import incident_list


class AuditEventSerializer(serializers.ModelSerializer):
    """One audit entry: who did what, when, from where, before and after."""

    created_at = AwareDateTimeField(read_only=True)
    changes = serializers.DictField(read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_label",
            "ip_address",
            "incident",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditEntryExportSerializer(serializers.Serializer):
    """An exported entry (timestamps as stored, hashed)."""

    id = serializers.IntegerField()
    created_at = serializers.CharField()
    actor_id = serializers.IntegerField(allow_null=True)
    actor_label = serializers.CharField()
    ip_address = serializers.CharField(allow_null=True)
    incident_id = serializers.IntegerField(allow_null=True)
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    changes = serializers.DictField()
    prev_hash = serializers.CharField()
    hash = serializers.CharField()


class AuditExportSerializer(serializers.Serializer):
    """An incident's audit trail with the state of the whole chain at export time."""

    incident_id = serializers.IntegerField()
    incident_reference = serializers.CharField()
    incident_title = serializers.CharField()
    generated_at = serializers.CharField()
    generated_by = serializers.CharField()
    chain_intact = serializers.BooleanField()
    chain_entries_checked = serializers.IntegerField()
    chain_head = serializers.CharField()
    chain_broken_entry_id = serializers.IntegerField(allow_null=True)
    hash_method = serializers.CharField()
    entries = AuditEntryExportSerializer(many=True)


class ChainCheckSerializer(serializers.Serializer):
    """Whether the audit chain is intact, and where it first breaks if not."""

    intact = serializers.BooleanField()
    checked = serializers.IntegerField(help_text="Entries verified before the first break.")
    head = serializers.CharField(
        help_text="Hash of the last verified entry; record it to detect later truncation."
    )
    broken_entry_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class AuditEventFilter(django_filters.FilterSet):
    """Filters for an incident's audit entries."""

    created_after = AwareDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = AwareDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type"]


def visible_incident(request: Request, pk: Any) -> Incident:
    """The incident (by id or reference) if the caller may see it, else 404."""
    return get_object_or_404(incident_list(user=request.user), incident_key_filter(pk))


@extend_schema_view(get=extend_schema(parameters=[INCIDENT_KEY]))
class IncidentAuditListApi(generics.ListAPIView):
    """An incident's audit entries in the order they were written."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    ordering_fields = ["id", "created_at"]
    read_capability = "audit.view"
    queryset = AuditEvent.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        incident = visible_incident(self.request, self.kwargs["pk"])
        return audit_events_for_incident(incident=incident)


class PdfUnavailable(exceptions.APIException):
    """The PDF cannot be made on this installation (its font is missing)."""

    status_code = 503
    default_code = "pdf_unavailable"


class IncidentAuditExportApi(APIView):
    """Download an incident's audit trail for a regulator, as JSON.

    The PDF is `…/audit/export/pdf/`; `?format=pdf` here still answers it, for older clients.
    """

    renderer_classes = [JSONRenderer, PdfRenderer]
    read_capability = "audit.view"

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are JSON like everywhere else, even when a PDF was asked for.
        if getattr(self.request, "accepted_renderer", None) is not None:
            errors_as_json(self.request)
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[INCIDENT_KEY],
        responses={(200, JSONRenderer.media_type): AuditExportSerializer},
    )
    def get(self, request: Request, pk: str) -> Response:
        return self.export(request, pk, request.accepted_renderer.format)

    def export(self, request: Request, pk: str, extension: str) -> Response:
        """The export as JSON or PDF bytes, named for the incident."""
        incident = visible_incident(request, pk)
        export = audit_export_build(
            incident=incident, generated_by=request.user.get_username(), now=timezone.now()
        )
        try:
            body = audit_pdf_render(export) if extension == "pdf" else export.as_dict()
        except AuditPdfUnavailable as exc:
            raise PdfUnavailable(str(exc)) from exc
        filename = f"{incident.reference}-audit.{extension}"
        return Response(body, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class IncidentAuditExportPdfApi(IncidentAuditExportApi):
    """Download an incident's audit trail for a regulator, as PDF."""

    renderer_classes = [PdfRenderer, JSONRenderer]

    @extend_schema(
        parameters=[INCIDENT_KEY],
        responses={
            (200, PdfRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY),
            503: OpenApiResponse(ErrorSerializer, description="The PDF's font is not installed."),
        },
    )
    def get(self, request: Request, pk: str) -> Response:
        return self.export(request, pk, "pdf")


class AuditVerifyApi(APIView):
    """Walk the whole audit chain and report whether it is intact (administrators)."""

    read_capability = "audit.verify"

    @extend_schema(responses={200: ChainCheckSerializer})
    def get(self, request: Request) -> Response:
        check = audit_chain_check()
        body = {
            "intact": check.intact,
            "checked": check.checked,
            "head": check.head,
            "broken_entry_id": check.broken.pk if check.broken else None,
            "reason": check.reason,
        }
        return Response(ChainCheckSerializer(body).data)
