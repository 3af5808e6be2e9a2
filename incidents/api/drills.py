"""Drill API (start from a scenario or a past incident, end with a report), scenarios, trends."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.models import Regime
from config.errors import ValidationFailed
from config.fields import AwareDateTimeField
from incidents.api.learning import (
    ERRORS,
    OUTCOME_CHOICES,
    ReviewMetricsSerializer,
    SecondsField,
)
from incidents.api.tasks import StrictBooleanFilter, StrictSerializer
from incidents.learning import drills, selectors
from incidents.learning.metrics import as_json
from incidents.learning.models import ClockMode, Drill, DrillScenario
from incidents.learning.trends import default_period, labelled, period_errors, trends_compute
from incidents.permissions import RolePermission


class TeamResultSerializer(serializers.Serializer):
    """A team's drill tasks against the playbook's targets."""

    team = serializers.CharField()
    tasks = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missed = serializers.IntegerField(help_text="Not done although due before the drill ended.")
    mean_taken = SecondsField(help_text="Mean time from the drill's start to completion.")
    mean_target = SecondsField(help_text="Mean time from the start to the due time (targets).")
    worst_lateness = SecondsField()


class TaskResultSerializer(serializers.Serializer):
    """One drill task measured from the drill's start."""

    team = serializers.CharField()
    title = serializers.CharField()
    target = SecondsField(help_text="Due time − drill start, in seconds.")
    taken = SecondsField(help_text="Completion − drill start, in drill seconds.")
    outcome = serializers.ChoiceField(choices=OUTCOME_CHOICES)


class DrillReportSerializer(serializers.Serializer):
    """The drill report, frozen when the drill ended; times are drill times."""

    scenario = serializers.CharField()
    source_incident = serializers.CharField()
    clock_mode = serializers.ChoiceField(choices=ClockMode.choices)
    speed_factor = serializers.IntegerField()
    started_at = AwareDateTimeField()
    ended_at = AwareDateTimeField(help_text="Real time the drill ended.")
    ended_at_drill_time = AwareDateTimeField()
    drill_duration = SecondsField()
    teams = TeamResultSerializer(many=True)
    tasks = TaskResultSerializer(many=True)
    missed_steps = serializers.ListField(child=serializers.CharField())
    late_steps = serializers.ListField(child=serializers.CharField())
    metrics = ReviewMetricsSerializer()


class DrillProgressSerializer(serializers.Serializer):
    """Where a running drill stands: its clock, each team against its targets, injects so far."""

    drill_now = AwareDateTimeField()
    elapsed = SecondsField(help_text="Drill time since the start, in seconds.")
    teams = TeamResultSerializer(many=True)
    tasks = TaskResultSerializer(many=True)
    injects = serializers.ListField(child=serializers.DictField())
    next_inject_in = SecondsField()


class DrillSerializer(serializers.ModelSerializer):
    """A drill: its incident copy, scenario or source, clock and (once ended) its report."""

    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    incident_title = serializers.CharField(source="incident.title", read_only=True)
    scenario = serializers.SlugRelatedField(slug_field="key", read_only=True)
    scenario_name = serializers.CharField(source="scenario.name", read_only=True, default=None)
    source_incident_reference = serializers.CharField(
        source="source_incident.reference", read_only=True, default=None
    )
    started_at = AwareDateTimeField(read_only=True)
    ended_at = AwareDateTimeField(read_only=True, allow_null=True)
    started_by_username = serializers.CharField(
        source="started_by.username", read_only=True, default=None
    )
    ended_by_username = serializers.CharField(
        source="ended_by.username", read_only=True, default=None
    )
    is_running = serializers.BooleanField(read_only=True)
    drill_now = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()

    class Meta:
        model = Drill
        fields = [
            "id",
            "incident",
            "incident_reference",
            "incident_title",
            "scenario",
            "scenario_name",
            "source_incident",
            "source_incident_reference",
            "clock_mode",
            "speed_factor",
            "started_at",
            "started_by_username",
            "ended_at",
            "ended_by_username",
            "is_running",
            "drill_now",
            "report",
        ]
        read_only_fields = fields

    @extend_schema_field(AwareDateTimeField())
    def get_drill_now(self, drill: Drill) -> str:
        return as_json(drill.drill_time(timezone.now()))

    @extend_schema_field(DrillReportSerializer(allow_null=True))
    def get_report(self, drill: Drill) -> dict[str, Any] | None:
        return drill.report or None


class DrillDetailSerializer(DrillSerializer):
    """A drill with its live progress."""

    progress = serializers.SerializerMethodField()

    class Meta(DrillSerializer.Meta):
        fields = [*DrillSerializer.Meta.fields, "progress"]
        read_only_fields = fields

    @extend_schema_field(DrillProgressSerializer)
    def get_progress(self, drill: Drill) -> dict[str, Any]:
        progress = selectors.drill_progress(drill=drill)
        return as_json(
            {
                "drill_now": progress.drill_now,
                "elapsed": progress.elapsed,
                "teams": [asdict(team) for team in progress.teams],
                "tasks": [{"task": task.pk, **asdict(r)} for task, r in progress.tasks],
                "injects": progress.injects,
                "next_inject_in": progress.next_inject_in,
            }
        )


class DrillStartSerializer(StrictSerializer):
    """What to rehearse (a scenario or a past incident) and on which clock."""

    scenario = serializers.SlugRelatedField(
        slug_field="key",
        queryset=DrillScenario.objects.filter(is_active=True),
        required=False,
        help_text="The scenario's `key` (see /api/v1/drill-scenarios/), not its id.",
    )
    source_incident = serializers.PrimaryKeyRelatedField(
        queryset=selectors.drill_source_incidents(user=None),
        required=False,
        help_text="The id of a past incident to rehearse, instead of a scenario.",
    )
    clock_mode = serializers.ChoiceField(choices=ClockMode.choices, default=ClockMode.REAL)
    speed_factor = serializers.IntegerField(
        required=False, min_value=1, max_value=drills.MAX_SPEED_FACTOR
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = request.user if request is not None else None
        self.fields["source_incident"].queryset = selectors.drill_source_incidents(user=user)


class DrillScenarioSerializer(serializers.ModelSerializer):
    """A scenario of the library: brief, starting facts and injects."""

    class Meta:
        model = DrillScenario
        fields = [
            "id",
            "key",
            "name",
            "brief",
            "facts",
            "occurred_minutes_before",
            "detected_minutes_before",
            "injects",
            "is_builtin",
        ]
        read_only_fields = fields


class DrillFilter(django_filters.FilterSet):
    """Filters for the drill list."""

    running = StrictBooleanFilter(field_name="ended_at", lookup_expr="isnull")
    scenario = django_filters.CharFilter(field_name="scenario__key")

    class Meta:
        model = Drill
        fields = ["clock_mode"]


class DrillViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Tabletop exercises on the real engine and tasks; nothing is ever sent outside."""

    serializer_class = DrillSerializer
    filterset_class = DrillFilter
    ordering_fields = ["started_at", "ended_at"]
    capability_by_action = {"create": "drill.run", "end": "drill.run"}

    def get_queryset(self) -> Any:
        return selectors.drill_list(user=self.request.user).order_by("-started_at", "-pk")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return DrillStartSerializer
        if self.action == "list":
            return DrillSerializer
        return DrillDetailSerializer

    @extend_schema(request=DrillStartSerializer, responses={201: DrillDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a drill: the copy is an exercise (is_drill) created now, facts and times shifted."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        drill = drills.drill_start(actor=request.user, **serializer.validated_data)
        fresh = self.get_queryset().get(pk=drill.pk)
        response = Response(DrillDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/drills/{drill.pk}/"
        return response

    @extend_schema(request=None, responses={200: DrillDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """End the drill: its report is frozen, open steps closed and its review opened."""
        ended = drills.drill_end(actor=request.user, drill=self.get_object())
        fresh = self.get_queryset().get(pk=ended.pk)
        return Response(DrillDetailSerializer(fresh).data)


class DrillScenarioViewSet(viewsets.ReadOnlyModelViewSet):
    """The scenario library drills start from."""

    serializer_class = DrillScenarioSerializer

    def get_queryset(self) -> Any:
        return selectors.drill_scenario_list().order_by("name", "pk")


class TrendsQuerySerializer(StrictSerializer):
    """The period (first-detection dates, UTC) and whether drills count."""

    period_from = serializers.DateField(required=False)
    period_to = serializers.DateField(required=False)
    include_drills = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = default_period(timezone.now().date())
        attrs.setdefault("period_from", start)
        attrs.setdefault("period_to", end)
        errors = period_errors(attrs["period_from"], attrs["period_to"])
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CountsSerializer(serializers.Serializer):
    """Counts per month for one key (a root cause or data category)."""

    key = serializers.CharField()
    label = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())


class RegimeTimesSerializer(serializers.Serializer):
    """Time to notify and punctuality of one regime's notices."""

    regime = serializers.ChoiceField(choices=Regime.choices)
    notices = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    pending = serializers.IntegerField()
    share_on_time = serializers.FloatField(allow_null=True)
    mean_time = SecondsField(help_text="Mean first submission − clock start, in seconds.")
    worst_time = SecondsField()


class TeamLoadSerializer(serializers.Serializer):
    """A team's open and overdue tasks now."""

    team = serializers.CharField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class TrendsSerializer(serializers.Serializer):
    """Incidents by root cause and data category per month, notification times, open work."""

    period_from = serializers.DateField()
    period_to = serializers.DateField()
    include_drills = serializers.BooleanField()
    months = serializers.ListField(child=serializers.CharField())
    incidents = serializers.IntegerField()
    by_root_cause = CountsSerializer(many=True)
    by_data_category = CountsSerializer(many=True)
    notify_by_regime = RegimeTimesSerializer(many=True)
    tasks_by_team = TeamLoadSerializer(many=True)
    corrective_actions = serializers.DictField()


def trends_data(*, period_from: date, period_to: date, include_drills: bool) -> dict[str, Any]:
    """The trends as the API returns them."""
    trends = trends_compute(
        period_from=period_from,
        period_to=period_to,
        include_drills=include_drills,
        now=timezone.now(),
    )
    return {
        "period_from": trends.period_from.isoformat(),
        "period_to": trends.period_to.isoformat(),
        "include_drills": trends.include_drills,
        "months": trends.months,
        "incidents": trends.incidents,
        "by_root_cause": labelled(trends.by_root_cause),
        "by_data_category": labelled(trends.by_data_category),
        "notify_by_regime": [
            {**as_json(asdict(row)), "share_on_time": row.share_on_time}
            for row in trends.notify_by_regime
        ],
        "tasks_by_team": [asdict(row) for row in trends.tasks_by_team],
        "corrective_actions": trends.corrective_actions,
    }


class TrendsApi(APIView):
    """Trends across incidents; drills are left out unless include_drills=true."""

    permission_classes = [RolePermission]

    @extend_schema(
        parameters=[TrendsQuerySerializer],
        responses={200: TrendsSerializer, 400: OpenApiResponse()},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = TrendsQuerySerializer(data=request.query_params.dict())
        if not query.is_valid():
            raise ValidationFailed("Invalid trend query.", fields=query.errors)
        return Response(trends_data(**query.validated_data))
