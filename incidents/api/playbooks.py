"""Playbook API: everyone with a role reads them; the DPO and administrators edit them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from config.etag import IF_MATCH, etag_response, expected_version
from config.fields import JsonBooleanField
from config.schema import ErrorSerializer
from incidents.api.tasks import StrictSerializer
from incidents.choices import IncidentType, ProcessingRole
from incidents.models import DueAnchor, Team
from incidents.response import playbooks, selectors
from incidents.response.models import Playbook, PlaybookTask
from incidents.response.rules import REGIME_PATTERN

WRITE_CAPABILITIES = {name: "playbook.manage" for name in ("create", "partial_update", "destroy")}


class PlaybookTaskSerializer(serializers.ModelSerializer):
    """A task template as a playbook lists it."""

    team = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PlaybookTask
        fields = ["id", "playbook", *playbooks.TEMPLATE_FIELDS, "depends_on"]
        read_only_fields = fields


class PlaybookSerializer(serializers.ModelSerializer):
    """A playbook, the criteria that select it and its task templates."""

    tasks = PlaybookTaskSerializer(many=True, read_only=True)

    class Meta:
        model = Playbook
        fields = ["id", *playbooks.PLAYBOOK_FIELDS, "is_builtin", "tasks"]
        read_only_fields = fields


class PlaybookWriteSerializer(StrictSerializer):
    """What may be set on a playbook (lists empty = any)."""

    key = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    incident_types = serializers.ListField(
        child=serializers.ChoiceField(choices=IncidentType.choices), required=False, max_length=20
    )
    processing_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ProcessingRole.choices), required=False, max_length=3
    )
    regimes = serializers.ListField(
        child=serializers.RegexField(REGIME_PATTERN, max_length=20), required=False, max_length=30
    )
    is_active = JsonBooleanField(required=False)


class PlaybookTaskWriteSerializer(StrictSerializer):
    """What may be set on a task template."""

    playbook = serializers.PrimaryKeyRelatedField(queryset=Playbook.objects.all())
    key = serializers.SlugField(max_length=60)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    team = serializers.SlugRelatedField(slug_field="code", queryset=Team.objects.all())
    title = serializers.CharField(max_length=200)
    instructions = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    due_anchor = serializers.ChoiceField(
        choices=DueAnchor.choices, allow_blank=True, required=False
    )
    due_anchor_rule_id = serializers.CharField(max_length=40, allow_blank=True, required=False)
    due_offset_minutes = serializers.IntegerField(allow_null=True, required=False)
    depends_on = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=PlaybookTask.objects.all()),
        max_length=50,
        required=False,
    )


class PlaybookViewSet(viewsets.ModelViewSet):
    """Playbooks: templates of response tasks per incident type, processing role and regime."""

    serializer_class = PlaybookSerializer
    capability_by_action = WRITE_CAPABILITIES
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["is_active", "is_builtin"]

    def get_queryset(self) -> Any:
        return selectors.playbook_list().order_by("name", "pk")

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "partial_update"):
            return PlaybookWriteSerializer
        return PlaybookSerializer

    def _playbook_response(self, playbook: Playbook, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=playbook.pk)
        return etag_response(PlaybookSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One playbook with its task templates, and its ETag for the If-Match of an edit."""
        playbook = self.get_object()
        return etag_response(PlaybookSerializer(playbook).data, playbook)

    @extend_schema(request=PlaybookWriteSerializer, responses={201: PlaybookSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PlaybookWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        playbook = playbooks.playbook_create(
            now=timezone.now(), actor=request.user, data=serializer.validated_data
        )
        return self._playbook_response(playbook, status.HTTP_201_CREATED)

    @extend_schema(
        request=PlaybookWriteSerializer, parameters=[IF_MATCH], responses={200: PlaybookSerializer}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a playbook; send If-Match with the ETag of your last read."""
        playbook = self.get_object()
        version = expected_version(request, playbook)
        serializer = PlaybookWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        playbook = playbooks.playbook_update(
            now=timezone.now(),
            actor=request.user,
            playbook=playbook,
            data=serializer.validated_data,
            expected_version=version,
        )
        return self._playbook_response(playbook)

    @extend_schema(
        responses={
            204: None,
            409: OpenApiResponse(
                ErrorSerializer,
                description="A built-in playbook cannot be deleted (deactivate it).",
            ),
        }
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        playbooks.playbook_delete(
            now=timezone.now(), actor=request.user, playbook=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlaybookTaskViewSet(viewsets.ModelViewSet):
    """Task templates of playbooks; tasks already generated keep what they were given."""

    serializer_class = PlaybookTaskSerializer
    capability_by_action = WRITE_CAPABILITIES
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["playbook"]

    def get_queryset(self) -> Any:
        return selectors.playbook_task_list().order_by("playbook_id", "position", "pk")

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "partial_update"):
            return PlaybookTaskWriteSerializer
        return PlaybookTaskSerializer

    def _template_response(
        self, template: PlaybookTask, code: int = status.HTTP_200_OK
    ) -> Response:
        fresh = self.get_queryset().get(pk=template.pk)
        return etag_response(PlaybookTaskSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One task template, and its ETag for the If-Match of an edit."""
        template = self.get_object()
        return etag_response(PlaybookTaskSerializer(template).data, template)

    @extend_schema(request=PlaybookTaskWriteSerializer, responses={201: PlaybookTaskSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PlaybookTaskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        template = playbooks.playbook_task_create(
            now=timezone.now(), actor=request.user, playbook=data.pop("playbook"), data=data
        )
        return self._template_response(template, status.HTTP_201_CREATED)

    @extend_schema(
        request=PlaybookTaskWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: PlaybookTaskSerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a task template; send If-Match with the ETag of your last read."""
        template = self.get_object()
        version = expected_version(request, template)
        serializer = PlaybookTaskWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "playbook" in data:
            raise serializers.ValidationError({"playbook": ["A template stays in its playbook."]})
        template = playbooks.playbook_task_update(
            now=timezone.now(),
            actor=request.user,
            template=template,
            data=data,
            expected_version=version,
        )
        return self._template_response(template)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        playbooks.playbook_task_delete(
            now=timezone.now(), actor=request.user, template=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
