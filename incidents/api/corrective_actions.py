"""The corrective actions API: actions agreed in a review, their owners, due times and status."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db.models import F
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import IdFilter
from config.etag import IF_MATCH, etag_response, expected_version
from config.fields import AwareDateTimeField
from incidents.api.learning import ERRORS, MAX_TEXT, CorrectiveActionSerializer, drills_left_out
from incidents.api.tasks import StrictBooleanFilter, StrictSerializer
from incidents.learning import selectors, services
from incidents.learning.models import (
    CorrectiveAction,
    CorrectiveActionCategory,
    Review,
)
from incidents.models import TaskStatus, Team


class CorrectiveActionWriteSerializer(StrictSerializer):
    """Fields a person may set on a corrective action (all optional on update)."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    category = serializers.ChoiceField(choices=CorrectiveActionCategory.choices)
    team = serializers.SlugRelatedField(slug_field="code", queryset=Team.objects.all())
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True
    )
    due_at = AwareDateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    not_applicable_reason = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)


class VisibleReviewField(serializers.PrimaryKeyRelatedField):
    """A review id among those the caller may see."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Review.objects.all(), **kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return Review.objects.none()
        return selectors.review_list(user=request.user)


class CorrectiveActionCreateSerializer(CorrectiveActionWriteSerializer):
    """A corrective action agreed in a review."""

    review = VisibleReviewField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in ("review", "title", "team")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "status" in attrs or "not_applicable_reason" in attrs:
            raise serializers.ValidationError(
                {"status": ["A new action starts open; change its status afterwards."]}
            )
        return attrs


class CorrectiveActionFilter(django_filters.FilterSet):
    """Filters: review, incident, team, owner ("me"), status, overdue; drills only when asked."""

    incident = IdFilter(field_name="review__incident_id")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all(), to_field_name="code")
    owner = django_filters.CharFilter(
        method="filter_owner",
        validators=[RegexValidator(r"^(me|\d+)$", "Give a user id or 'me'.")],
        help_text="A user id, or 'me'.",
    )
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, distinct=False)
    category = django_filters.ChoiceFilter(choices=CorrectiveActionCategory.choices)
    overdue = StrictBooleanFilter(field_name="is_overdue")
    include_drills = StrictBooleanFilter(method="filter_include_drills")

    class Meta:
        model = CorrectiveAction
        fields = ["review"]

    def filter_include_drills(self, queryset: Any, name: str, value: bool) -> Any:
        # Applied by the view's list (drills_left_out), so a detail is found whatever it is.
        return queryset

    def filter_owner(self, queryset: Any, name: str, value: str) -> Any:
        owner_id = self.request.user.pk if value == "me" else int(value)
        return queryset.filter(owner_id=owner_id)


class CorrectiveActionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Corrective actions: owner, team, due date and status, like tasks."""

    serializer_class = CorrectiveActionSerializer
    filterset_class = CorrectiveActionFilter
    ordering_fields = ["due_at", "created_at", "updated_at", "status"]
    capability_by_action = {
        "create": "review.write",
        "partial_update": "task.update_own_team",
        "complete": "task.update_own_team",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.corrective_action_list(
            now=timezone.now(), user=self.request.user
        ).order_by(F("due_at").asc(nulls_last=True), "pk")

    def filter_queryset(self, queryset: Any) -> Any:
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        return drills_left_out(
            queryset, self.request, path="review__incident", named=("incident", "review")
        )

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return CorrectiveActionCreateSerializer
        if self.action == "partial_update":
            return CorrectiveActionWriteSerializer
        return CorrectiveActionSerializer

    def _writable_version(self, request: Request, item: CorrectiveAction) -> int | None:
        """Refuse (403) a caller who may not change the action, then read If-Match (428
        without it): refusal comes first so it reveals nothing about the input."""
        services.corrective_action_authorize(actor=request.user, action=item)
        return expected_version(request, item)

    def _action_response(self, item: CorrectiveAction, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=item.pk)
        return etag_response(CorrectiveActionSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return etag_response(self.get_serializer(item).data, item)

    @extend_schema(
        request=CorrectiveActionCreateSerializer, responses={201: CorrectiveActionSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = services.corrective_action_create(
            now=timezone.now(), actor=request.user, review=data.pop("review"), data=data
        )
        response = self._action_response(item, status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/corrective-actions/{item.pk}/"
        return response

    @extend_schema(
        request=CorrectiveActionWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: CorrectiveActionSerializer, 412: OpenApiResponse(), **ERRORS},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        version = self._writable_version(request, item)
        serializer = CorrectiveActionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.corrective_action_update(
            now=timezone.now(),
            actor=request.user,
            action=item,
            data=dict(serializer.validated_data),
            expected_version=version,
        )
        return self._action_response(updated)

    @extend_schema(
        request=None, parameters=[IF_MATCH], responses={200: CorrectiveActionSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Mark the action done; completing it twice is a 409."""
        item = self.get_object()
        version = self._writable_version(request, item)
        done = services.corrective_action_complete(
            now=timezone.now(), actor=request.user, action=item, expected_version=version
        )
        return self._action_response(done)
