"""Incident API: create, list, read and update with ETag / If-Match."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from compliance.figures_cache import FiguresCache
from config.api import RowRepresentation
from config.etag import IF_MATCH, expected_version
from config.filters import AwareDateTimeFilter
from config.schema import INCIDENT_KEY, ErrorSerializer
from incidents import selectors, services
from incidents.api.serializers import IncidentListSerializer, IncidentSerializer
from incidents.choices import Status
from incidents.lookup import incident_key_filter
from incidents.models import Incident

# The list page is read as plain rows (no model instances) and rendered with the list
# serializer's own fields: the same output and schema at a fraction of the cost.
LIST_ROWS = RowRepresentation(IncidentListSerializer)
# Query parameters that leave the list's rows as they are: paging and ordering.
UNFILTERED = frozenset({"page", "page_size", "ordering"})


class IncidentFilter(django_filters.FilterSet):
    """Filters for the incident list."""

    detected_after = AwareDateTimeFilter(field_name="detected_at", lookup_expr="gte")
    detected_before = AwareDateTimeFilter(field_name="detected_at", lookup_expr="lt")
    country = django_filters.CharFilter(method="filter_country")

    class Meta:
        model = Incident
        fields = ["status", "role", "risk_level", "severity", "is_drill", "root_cause"]

    def filter_country(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(affected_subjects__icontains=f'"{value.upper()}"')


class TransitionSerializer(serializers.Serializer):
    """The lifecycle status to move to."""

    status = serializers.ChoiceField(choices=Status.choices)


WRITES = frozenset({"update", "partial_update", "transition"})


class IncidentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Personal-data breaches: log them, read them with their obligations, update their facts."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    ordering_fields = ["detected_at", "aware_at", "created_at", "reference", "subjects_total"]
    capability_by_action = {
        "create": "incident.create",
        "update": "incident.update",
        "partial_update": "incident.update",
        "transition": "incident.transition",
    }
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self) -> Any:
        if self.action == "list" or self.action in WRITES:
            # A write reads the incident (the service locks and reads it again) and answers
            # with a fresh detail read: nothing related is needed before that.
            return selectors.incident_list_rows(user=self.request.user)
        return selectors.incident_detail_queryset(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return IncidentListSerializer
        if self.action == "transition":
            return TransitionSerializer
        return IncidentSerializer

    def get_object(self) -> Incident:
        queryset = self.filter_queryset(self.get_queryset())
        incident = get_object_or_404(queryset, incident_key_filter(self.kwargs["pk"]))
        self.check_object_permissions(self.request, incident)
        return incident

    def _detail_response(
        self,
        incident: Incident,
        code: int = status.HTTP_200_OK,
        serializer: IncidentSerializer | None = None,
    ) -> Response:
        fresh = selectors.incident_detail_queryset(user=self.request.user).get(pk=incident.pk)
        if serializer is None:
            serializer = IncidentSerializer(fresh, context=self.get_serializer_context())
        else:
            # The serializer that read the input writes the answer, as DRF's own save() does:
            # its fields (built per serializer, a third of a write's CPU) are built once.
            serializer.instance = fresh
        response = Response(serializer.data, status=code)
        response["ETag"] = fresh.etag
        return response

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.filter_queryset(self.get_queryset()).values(*LIST_ROWS.sources)
        if not set(request.query_params) - UNFILTERED and self.paginator is not None:
            # Every incident, for a reader who sees them all: the count is cached under the
            # facts' version (an incident added or deleted renews it; compliance.figures_cache).
            cache = FiguresCache(sees_everything=selectors.sees_every_incident(request.user))
            self.paginator.known_count = cache.get(  # type: ignore[attr-defined]
                "incident_count", (), now=timezone.now(), compute=lambda: (rows.count(), None)
            )
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(LIST_ROWS(rows))
        return self.get_paginated_response(LIST_ROWS(page))

    @extend_schema(parameters=[INCIDENT_KEY])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incident = self.get_object()
        response = Response(self.get_serializer(incident).data)
        response["ETag"] = incident.etag
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = services.incident_create(
            now=timezone.now(), actor=request.user, data=serializer.validated_data
        )
        response = self._detail_response(incident, status.HTTP_201_CREATED, serializer)
        response["Location"] = f"/api/v1/incidents/{incident.pk}/"
        return response

    @extend_schema(
        parameters=[INCIDENT_KEY, IF_MATCH],
        responses={200: IncidentSerializer, 412: OpenApiResponse()},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incident = self.get_object()
        version = expected_version(request, incident)
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(incident, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        updated = services.incident_update(
            now=timezone.now(),
            actor=request.user,
            incident=incident,
            data=serializer.validated_data,
            expected_version=version,
        )
        return self._detail_response(updated, serializer=serializer)

    @extend_schema(
        parameters=[INCIDENT_KEY, IF_MATCH],
        responses={200: IncidentSerializer, 412: OpenApiResponse()},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=TransitionSerializer,
        parameters=[INCIDENT_KEY, IF_MATCH],
        responses={
            200: IncidentSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="The incident is already at or past that status (it never moves back).",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Move the incident forward: open → contained → resolved → closed."""
        incident = self.get_object()
        version = expected_version(request, incident)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.incident_transition(
            now=timezone.now(),
            actor=request.user,
            incident=incident,
            status=serializer.validated_data["status"],
            expected_version=version,
        )
        return self._detail_response(updated)
