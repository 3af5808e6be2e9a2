"""Review API: lessons learned per closed incident, with its metrics and PDF."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import django_filters
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from compliance.reporting.pdf import render_pdf
from config.api import IdFilter
from config.etag import IF_MATCH, etag_response, expected_version
from config.fields import AwareDateTimeField
from config.pdf_api import PdfActionMixin
from incidents.api.tasks import StrictBooleanFilter, StrictSerializer, VisibleIncidentField
from incidents.choices import RootCause
from incidents.learning import selectors, services
from incidents.learning.metrics import Outcome, as_json
from incidents.learning.models import (
    REVIEW_FINDINGS,
    CorrectiveAction,
    Review,
    ReviewStatus,
)
from incidents.learning.report import review_report_build

MAX_TEXT = 20_000
# How a timed step ended up (named StepOutcomeEnum in the schema).
OUTCOME_CHOICES = [
    (Outcome.ON_TIME.value, "On time"),
    (Outcome.LATE.value, "Late"),
    (Outcome.OVERDUE.value, "Overdue: not done and past its due time"),
    (Outcome.PENDING.value, "Pending: not done, due time ahead or none"),
    (Outcome.NOT_APPLICABLE.value, "Not applicable"),
]
ERRORS = {409: OpenApiResponse(description="Not allowed in the current state")}


@extend_schema_field({"type": "number", "nullable": True, "description": "Seconds."})
class SecondsField(serializers.Field):
    """A duration as seconds (exact, fractions kept); null when a timestamp is missing."""

    def to_representation(self, value: Any) -> float | None:
        if value is None:
            return None
        return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


class NoticeMetricSerializer(serializers.Serializer):
    """Time to one notification: first submission − clock start, against the due time."""

    regime = serializers.CharField()
    legal_basis = serializers.CharField()
    recipient = serializers.CharField()
    statutory = serializers.BooleanField(help_text="False: an ASAP duty with an internal target.")
    clock_start = AwareDateTimeField(allow_null=True)
    deadline = AwareDateTimeField(allow_null=True)
    submitted_at = AwareDateTimeField(allow_null=True)
    time_taken = SecondsField()
    time_allowed = SecondsField()
    margin = SecondsField(help_text="Seconds to spare; negative when late.")
    outcome = serializers.ChoiceField(choices=OUTCOME_CHOICES)


class StatementMetricSerializer(serializers.Serializer):
    """Time from the clock start to a statement's first publication."""

    audience = serializers.CharField()
    published_at = AwareDateTimeField(allow_null=True)
    time_taken = SecondsField()


class ReviewMetricsSerializer(serializers.Serializer):
    """The measured timeline; for a drill, in drill time."""

    time_to_detect = SecondsField(help_text="detected_at − occurred_from, in seconds.")
    time_to_awareness = SecondsField(help_text="aware_at − detected_at, in seconds.")
    time_to_containment = SecondsField(help_text="contained_at − aware_at, in seconds.")
    time_to_resolution = SecondsField(help_text="resolved_at − aware_at, in seconds.")
    notices = NoticeMetricSerializer(many=True)
    statements = StatementMetricSerializer(many=True)


class CorrectiveActionSerializer(serializers.ModelSerializer):
    """A corrective action as lists and details show it."""

    incident = serializers.IntegerField(source="review.incident_id", read_only=True)
    incident_reference = serializers.CharField(source="review.incident.reference", read_only=True)
    team = serializers.SlugRelatedField(slug_field="code", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    owner_username = serializers.CharField(source="owner.username", read_only=True, default=None)
    due_at = AwareDateTimeField(read_only=True, allow_null=True)
    completed_at = AwareDateTimeField(read_only=True, allow_null=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "review",
            "incident",
            "incident_reference",
            "title",
            "description",
            "category",
            "team",
            "team_name",
            "owner",
            "owner_username",
            "status",
            "not_applicable_reason",
            "due_at",
            "overdue",
            "completed_at",
            "completed_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, action: CorrectiveAction) -> bool:
        flagged = getattr(action, "is_overdue", None)
        if flagged is not None:
            return bool(flagged)
        return action.is_open and action.due_at is not None and action.due_at < timezone.now()


class ReviewListSerializer(serializers.ModelSerializer):
    """A review with its findings and corrective actions (measurements: see the detail)."""

    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    incident_title = serializers.CharField(source="incident.title", read_only=True)
    is_drill = serializers.BooleanField(source="incident.is_drill", read_only=True)
    created_by_username = serializers.CharField(
        source="created_by.username", read_only=True, default=None
    )
    completed_by_username = serializers.CharField(
        source="completed_by.username", read_only=True, default=None
    )
    completed_at = AwareDateTimeField(read_only=True, allow_null=True)
    created_at = AwareDateTimeField(read_only=True)
    updated_at = AwareDateTimeField(read_only=True)
    corrective_actions = CorrectiveActionSerializer(source="actions", many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "incident",
            "incident_reference",
            "incident_title",
            "is_drill",
            "status",
            *REVIEW_FINDINGS,
            "corrective_actions",
            "created_by_username",
            "completed_at",
            "completed_by_username",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReviewSerializer(ReviewListSerializer):
    """A review with its measured timeline (a drill's: the timeline frozen when it ended)."""

    metrics = serializers.SerializerMethodField()

    class Meta(ReviewListSerializer.Meta):
        fields = [*ReviewListSerializer.Meta.fields, "metrics"]
        read_only_fields = fields

    @extend_schema_field(ReviewMetricsSerializer)
    def get_metrics(self, review: Review) -> dict[str, Any]:
        drill = getattr(review.incident, "drill", None) if review.incident.is_drill else None
        if drill is not None and drill.report:
            return drill.report["metrics"]
        return as_json(asdict(selectors.incident_metrics(incident=review.incident)))


class ReviewWriteSerializer(StrictSerializer):
    """Findings of a review (all optional on update)."""

    root_cause = serializers.ChoiceField(choices=RootCause.choices, allow_blank=True)
    root_cause_details = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    summary = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    went_wrong_decisions = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    went_wrong_communication = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    went_wrong_response = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)
    went_well = serializers.CharField(max_length=MAX_TEXT, allow_blank=True)


class ReviewCreateSerializer(ReviewWriteSerializer):
    """The review of a closed incident the caller can see, with any findings so far."""

    incident = VisibleIncidentField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "incident"


class ReviewFilter(django_filters.FilterSet):
    """Filters for the review list; drills' reviews only when asked for or named by incident."""

    incident = IdFilter(field_name="incident_id")
    include_drills = StrictBooleanFilter(method="filter_include_drills")
    root_cause = django_filters.ChoiceFilter(choices=RootCause.choices)
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)

    class Meta:
        model = Review
        fields: list[str] = []

    def filter_include_drills(self, queryset: Any, name: str, value: bool) -> Any:
        # Applied by the view's list (drills_left_out), so a detail is found whatever it is.
        return queryset


def drills_left_out(queryset: Any, request: Request, *, path: str, named: tuple[str, ...]) -> Any:
    """Leave drills out of a list unless include_drills=true or a filter names the incident."""
    params = request.query_params
    if params.get("include_drills") == "true" or any(params.get(name) for name in named):
        return queryset
    return queryset.filter(**{f"{path}__is_drill": False})


class ReviewViewSet(
    PdfActionMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Post-incident reviews: open one when an incident closes, write findings, complete it."""

    pdf_actions = ("pdf",)

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["created_at", "updated_at", "completed_at"]
    capability_by_action = {
        "create": "review.write",
        "partial_update": "review.write",
        "complete": "review.complete",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.review_list(user=self.request.user).order_by("-created_at", "-pk")

    def filter_queryset(self, queryset: Any) -> Any:
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        return drills_left_out(queryset, self.request, path="incident", named=("incident",))

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return ReviewListSerializer
        if self.action == "create":
            return ReviewCreateSerializer
        if self.action == "partial_update":
            return ReviewWriteSerializer
        return ReviewSerializer

    def _review_response(self, review: Review, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=review.pk)
        return etag_response(ReviewSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.get_object()
        return etag_response(self.get_serializer(review).data, review)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer, **ERRORS})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        review = services.review_create(
            actor=request.user, incident=data.pop("incident"), data=data
        )
        response = self._review_response(review, status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/reviews/{review.pk}/"
        return response

    @extend_schema(
        request=ReviewWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: ReviewSerializer, 412: OpenApiResponse(), **ERRORS},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.get_object()
        version = expected_version(request, review)
        serializer = ReviewWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.review_update(
            actor=request.user,
            review=review,
            data=dict(serializer.validated_data),
            expected_version=version,
        )
        return self._review_response(updated)

    @extend_schema(request=None, parameters=[IF_MATCH], responses={200: ReviewSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Complete the review once root cause, what went wrong and what went well are written."""
        review = self.get_object()
        version = expected_version(request, review)
        completed = services.review_complete(
            actor=request.user, review=review, expected_version=version
        )
        return self._review_response(completed)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None, **kwargs: Any) -> HttpResponse:
        """The review as a PDF (the drill report for a drill); a draft until it is complete."""
        review = self.get_object()
        report = review_report_build(review=review, now=timezone.now(), actor=request.user)
        response = HttpResponse(render_pdf(report), content_type="application/pdf")
        name = f"{review.incident.reference}_review_v{review.version}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        # Reviews hold personal data: no shared cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
        return response
