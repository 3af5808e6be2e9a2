"""Statement API: one statement per audience, its versions, approval and publication."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import IdFilter
from config.etag import IF_MATCH, etag_response, expected_version
from config.fields import AwareDateTimeField
from incidents.api.tasks import StrictSerializer, VisibleIncidentField
from incidents.response import selectors, statements
from incidents.response.models import Audience, Statement, StatementVersion

ERRORS = {409: OpenApiResponse(description="Not allowed in the version's current state")}


class StatementVersionSerializer(serializers.ModelSerializer):
    """One wording of a statement and who drafted, approved and published it."""

    author_username = serializers.CharField(source="author.username", read_only=True, default=None)
    approved_by_username = serializers.CharField(
        source="approved_by.username", read_only=True, default=None
    )
    published_by_username = serializers.CharField(
        source="published_by.username", read_only=True, default=None
    )
    created_at = AwareDateTimeField(read_only=True)
    approved_at = AwareDateTimeField(read_only=True, allow_null=True)
    published_at = AwareDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = StatementVersion
        fields = [
            "id",
            "statement",
            "number",
            "status",
            "is_current",
            "body",
            "spokesperson",
            "channel",
            "author",
            "author_username",
            "created_at",
            "approved_by",
            "approved_by_username",
            "approved_at",
            "published_by",
            "published_by_username",
            "published_at",
        ]
        read_only_fields = fields


class StatementSerializer(serializers.ModelSerializer):
    """A statement for one audience, its current (approved) version and all versions."""

    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    current_version = serializers.SerializerMethodField()
    versions = StatementVersionSerializer(many=True, read_only=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "incident",
            "incident_reference",
            "audience",
            "current_version",
            "versions",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(StatementVersionSerializer(allow_null=True))
    def get_current_version(self, statement: Statement) -> dict[str, Any] | None:
        current = next((v for v in statement.versions.all() if v.is_current), None)
        return StatementVersionSerializer(current).data if current is not None else None


class WordingSerializer(StrictSerializer):
    """The wording of a version: the text, who says it and where."""

    body = serializers.CharField(max_length=statements.MAX_BODY, trim_whitespace=False)
    spokesperson = serializers.CharField(
        max_length=statements.MAX_NAME, allow_blank=True, required=False
    )
    channel = serializers.CharField(
        max_length=statements.MAX_NAME, allow_blank=True, required=False
    )


class StatementCreateSerializer(WordingSerializer):
    """A new statement for an audience, with its first draft."""

    incident = VisibleIncidentField()
    audience = serializers.ChoiceField(choices=Audience.choices)


class PublishSerializer(StrictSerializer):
    """Who gives the statement and where (the spokesperson may already be on the version)."""

    spokesperson = serializers.CharField(max_length=statements.MAX_NAME, required=False)
    channel = serializers.CharField(
        max_length=statements.MAX_NAME, allow_blank=True, required=False
    )


class StatementFilter(django_filters.FilterSet):
    """Filters for the statement list."""

    incident = IdFilter(field_name="incident_id")

    class Meta:
        model = Statement
        fields = ["audience"]


class StatementVersionFilter(django_filters.FilterSet):
    """Filters for the version list."""

    incident = IdFilter(field_name="statement__incident_id")

    class Meta:
        model = StatementVersion
        fields = ["statement", "status", "is_current"]


class StatementViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Crisis communication per audience: PR, Legal and the DPO draft; DPO and Legal approve."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    ordering_fields = ["created_at", "updated_at", "audience"]
    capability_by_action = {"create": "statement.draft", "version_add": "statement.draft"}

    def get_queryset(self) -> Any:
        return selectors.statement_list(user=self.request.user).order_by("incident_id", "audience")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return StatementCreateSerializer
        if self.action == "version_add":
            return WordingSerializer
        return StatementSerializer

    @extend_schema(
        request=StatementCreateSerializer, responses={201: StatementSerializer, **ERRORS}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        statement = statements.statement_create(
            actor=request.user,
            incident=data.pop("incident"),
            audience=data.pop("audience"),
            data=data,
        )
        fresh = self.get_queryset().get(pk=statement.pk)
        response = Response(StatementSerializer(fresh).data, status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/statements/{statement.pk}/"
        return response

    @extend_schema(request=WordingSerializer, responses={201: StatementVersionSerializer})
    @action(detail=True, methods=["post"], url_path="versions")
    def version_add(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Draft a new version of the statement."""
        statement = self.get_object()
        serializer = WordingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = statements.statement_version_draft(
            actor=request.user, statement=statement, data=dict(serializer.validated_data)
        )
        data = StatementVersionSerializer(version).data
        return etag_response(data, version, status.HTTP_201_CREATED)


class StatementVersionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Versions of statements: edit a draft, approve it (it becomes current), publish it."""

    serializer_class = StatementVersionSerializer
    filterset_class = StatementVersionFilter
    capability_by_action = {
        "partial_update": "statement.draft",
        "approve": "statement.approve",
        "publish": "statement.draft",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.statement_version_list(user=self.request.user).order_by(
            "statement_id", "number"
        )

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return WordingSerializer
        if self.action == "publish":
            return PublishSerializer
        return StatementVersionSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One version, with its ETag for the If-Match of an edit, approval or publication."""
        version = self.get_object()
        return etag_response(StatementVersionSerializer(version).data, version)

    @extend_schema(
        request=WordingSerializer,
        parameters=[IF_MATCH],
        responses={200: StatementVersionSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Edit a draft's wording; send If-Match with the ETag of your last read."""
        version = self.get_object()
        expected = expected_version(request, version)
        serializer = WordingSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = statements.statement_version_update(
            actor=request.user,
            version=version,
            data=dict(serializer.validated_data),
            expected_version=expected,
        )
        return etag_response(StatementVersionSerializer(updated).data, updated)

    @extend_schema(
        request=None, parameters=[IF_MATCH], responses={200: StatementVersionSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Approve the draft you read (If-Match): it becomes the one current version."""
        version = self.get_object()
        approved = statements.statement_version_approve(
            actor=request.user, version=version, expected_version=expected_version(request, version)
        )
        return etag_response(StatementVersionSerializer(approved).data, approved)

    @extend_schema(
        request=PublishSerializer,
        parameters=[IF_MATCH],
        responses={200: StatementVersionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Record that the approved version you read (If-Match) went out, and who gave it where."""
        version = self.get_object()
        expected = expected_version(request, version)
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        published = statements.statement_version_publish(
            actor=request.user,
            version=version,
            data=dict(serializer.validated_data),
            expected_version=expected,
        )
        return etag_response(StatementVersionSerializer(published).data, published)
