"""Task API: team queues and "my tasks", updates with If-Match, completion and comments."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db.models import F, Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import IdFilter, StrictInputMixin
from config.etag import IF_MATCH, expected_version
from config.fields import AwareDateTimeField, JsonBooleanField
from config.filters import AwareDateTimeFilter
from incidents.models import DueAnchor, Incident, Task, TaskStatus, Team
from incidents.response import selectors, services
from incidents.response.models import TaskComment

MAX_TEXT = 20_000


class StrictSerializer(StrictInputMixin, serializers.Serializer):
    """A serializer that names unknown input fields instead of ignoring them."""


class VisibleIncidentField(serializers.PrimaryKeyRelatedField):
    """An incident id among those the caller may work on."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Incident.objects.all(), **kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return Incident.objects.none()
        return selectors.incidents_visible(user=request.user)


class TaskSerializer(serializers.ModelSerializer):
    """A task as lists and details show it."""

    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    team = serializers.SlugRelatedField(slug_field="code", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    assignee_username = serializers.CharField(
        source="assignee.username", read_only=True, default=None
    )
    completed_by_username = serializers.CharField(
        source="completed_by.username", read_only=True, default=None
    )
    due_at = AwareDateTimeField(read_only=True, allow_null=True)
    completed_at = AwareDateTimeField(read_only=True, allow_null=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    comments_count = serializers.IntegerField(read_only=True)
    depends_on = serializers.SerializerMethodField()
    blocked_by = serializers.SerializerMethodField()
    can_update = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "incident",
            "incident_reference",
            "team",
            "team_name",
            "title",
            "instructions",
            "assignee",
            "assignee_username",
            "status",
            "not_applicable_reason",
            "closed_automatically",
            "due_at",
            "due_anchor",
            "due_anchor_rule_id",
            "due_offset_minutes",
            "anchor_obligation",
            "due_set_manually",
            "overdue",
            "completed_at",
            "completed_by",
            "completed_by_username",
            "origin_key",
            "playbook_task",
            "depends_on",
            "blocked_by",
            "comments_count",
            "can_update",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_depends_on(self, task: Task) -> list[int]:
        return [d.pk for d in _dependencies(task)]

    def get_blocked_by(self, task: Task) -> list[int]:
        """The tasks it depends on that are still open: it cannot be completed before them."""
        return [d.pk for d in _dependencies(task) if d.is_open]

    def get_can_update(self, task: Task) -> bool:
        return selectors.task_can_update(user=self.context["request"].user, task=task)


def _dependencies(task: Task) -> list[Task]:
    """The tasks it depends on: the list the list page fetched (no related manager is built per
    field and row), else the related manager's."""
    fetched = getattr(task, "api_dependencies", None)
    return fetched if fetched is not None else list(task.depends_on.all())


# What a list page reads of the related rows: otherwise the incident's whole row (its facts,
# JSON and long texts) is fetched and decoded for its reference alone.
LIST_RELATED = (
    "incident__reference",
    "team__code",
    "team__name",
    "assignee__username",
    "completed_by__username",
)


class TaskWriteSerializer(StrictSerializer):
    """Fields a person may set on a task (all optional on update)."""

    title = serializers.CharField(max_length=200)
    instructions = serializers.CharField(
        max_length=MAX_TEXT, allow_blank=True, trim_whitespace=False
    )
    team = serializers.SlugRelatedField(slug_field="code", queryset=Team.objects.all())
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True
    )
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    not_applicable_reason = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    due_at = AwareDateTimeField(allow_null=True)
    due_anchor = serializers.ChoiceField(choices=DueAnchor.choices, allow_blank=True)
    due_anchor_rule_id = serializers.CharField(max_length=40, allow_blank=True)
    due_offset_minutes = serializers.IntegerField(allow_null=True)
    due_set_manually = JsonBooleanField()
    depends_on = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=Task.objects.all()),
        max_length=100,
    )


class TaskCreateSerializer(TaskWriteSerializer):
    """A task added by hand to an incident the caller can see."""

    incident = VisibleIncidentField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in ("incident", "team", "title")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "status" in attrs or "not_applicable_reason" in attrs:
            raise serializers.ValidationError(
                {"status": ["A new task starts open; change its status afterwards."]}
            )
        return attrs


class TaskCommentSerializer(serializers.ModelSerializer):
    """A comment on a task."""

    author_username = serializers.CharField(source="author.username", read_only=True, default=None)
    created_at = AwareDateTimeField(read_only=True)
    body = serializers.CharField(max_length=services.MAX_COMMENT)

    class Meta:
        model = TaskComment
        fields = ["id", "task", "author", "author_username", "body", "created_at"]
        read_only_fields = ["id", "task", "author", "author_username", "created_at"]


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    """A true/false filter that refuses anything else instead of ignoring it."""

    field_class = forms.TypedChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


class TaskFilter(django_filters.FilterSet):
    """Filters for task lists: team queue, assignee ("me"), status, overdue, incident."""

    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.all(), to_field_name="code", help_text="A team code, e.g. legal."
    )
    assignee = django_filters.CharFilter(
        method="filter_assignee",
        validators=[RegexValidator(r"^(me|\d{1,18})$", "Give a user id or 'me'.")],
        help_text="A user id, or 'me' for my tasks.",
    )
    mine = StrictBooleanFilter(
        method="filter_mine", help_text="Assigned to me, or unassigned in one of my teams."
    )
    unassigned = StrictBooleanFilter(field_name="assignee", lookup_expr="isnull")
    # A column of the task itself: no join, so no duplicate rows to remove (the filter's default
    # DISTINCT made PostgreSQL sort every open task before taking a page).
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, distinct=False)
    overdue = StrictBooleanFilter(field_name="is_overdue")
    incident = IdFilter(field_name="incident_id")
    due_before = AwareDateTimeFilter(field_name="due_at", lookup_expr="lt")
    due_after = AwareDateTimeFilter(field_name="due_at", lookup_expr="gte")

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_assignee(self, queryset: Any, name: str, value: str) -> Any:
        user_id = self.request.user.pk if value == "me" else int(value)
        return queryset.filter(assignee_id=user_id)

    def filter_mine(self, queryset: Any, name: str, value: bool) -> Any:
        mine = selectors.task_mine_q(user=self.request.user)
        return queryset.filter(mine) if value else queryset.exclude(mine)


class TaskViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Response tasks: members change their team's, the DPO and admins any, executives read."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    ordering_fields = ["due_at", "created_at", "updated_at", "status"]
    capability_by_action = {
        "create": "task.update_own_team",
        "partial_update": "task.update_own_team",
        "complete": "task.update_own_team",
        "comment_add": "task.update_own_team",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        queryset = selectors.task_list(now=timezone.now(), user=self.request.user).order_by(
            F("due_at").asc(nulls_last=True), "pk"
        )
        if self.action == "list":
            # Only for reading (a task a service changes is fetched whole: a deferred field is
            # not saved): the related rows' shown fields, the dependencies as a list.
            own = [field.name for field in Task._meta.concrete_fields]
            queryset = (
                queryset.only(*own, *LIST_RELATED)
                .prefetch_related(None)
                .prefetch_related(
                    Prefetch(
                        "depends_on",
                        queryset=Task.objects.only("pk", "status"),
                        to_attr="api_dependencies",
                    )
                )
            )
        return queryset

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return TaskCreateSerializer
        if self.action == "partial_update":
            return TaskWriteSerializer
        if self.action in ("comments", "comment_add"):
            return TaskCommentSerializer
        return TaskSerializer

    def _task_response(self, task: Task, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=task.pk)
        response = Response(TaskSerializer(fresh, context=self.get_serializer_context()).data, code)
        response["ETag"] = fresh.etag
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        response = Response(self.get_serializer(task).data)
        response["ETag"] = task.etag
        return response

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        incident = data.pop("incident")
        task = services.task_create(
            now=timezone.now(), actor=request.user, incident=incident, data=data
        )
        response = self._task_response(task, status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/tasks/{task.pk}/"
        return response

    def _writable_version(self, request: Request, task: Task) -> int | None:
        """Refuse (403) a caller who may not change the task or the fields named, then read
        If-Match (428 without it): refusal comes first so it reveals nothing about the input."""
        named = frozenset(request.data) if isinstance(request.data, dict) else frozenset()
        services.task_authorize(actor=request.user, task=task, fields=named)
        return expected_version(request, task)

    @extend_schema(
        request=TaskWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: TaskSerializer, 409: OpenApiResponse()},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a task; send If-Match with the ETag of your last read."""
        task = self.get_object()
        version = self._writable_version(request, task)
        serializer = TaskWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.task_update(
            now=timezone.now(),
            actor=request.user,
            task=task,
            data=dict(serializer.validated_data),
            expected_version=version,
        )
        return self._task_response(updated)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH],
        responses={200: TaskSerializer, 409: OpenApiResponse(description="Already completed")},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Mark the task done (If-Match required); completing it twice is a 409."""
        task = self.get_object()
        version = self._writable_version(request, task)
        completed = services.task_complete(
            now=timezone.now(), actor=request.user, task=task, expected_version=version
        )
        return self._task_response(completed)

    @extend_schema(responses={200: TaskCommentSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def comments(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """The task's comments, oldest first."""
        comments = selectors.task_comments(task=self.get_object())
        page = self.paginate_queryset(comments)
        data = TaskCommentSerializer(page, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(request=TaskCommentSerializer, responses={201: TaskCommentSerializer})
    @comments.mapping.post
    def comment_add(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Add a comment to the task."""
        task = self.get_object()
        serializer = TaskCommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.task_comment_add(
            now=timezone.now(),
            actor=request.user,
            task=task,
            body=serializer.validated_data["body"],
        )
        return Response(TaskCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
