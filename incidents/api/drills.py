"""Drill API (start from a scenario or a past incident, end with a report) and scenarios."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

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
    not_applicable = serializers.IntegerField(
        help_text="Steps the team marked as not applying: neither done nor due."
    )


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
        progress = selectors.drill_progress(now=timezone.now(), drill=drill)
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
        drill = drills.drill_start(
            actor=request.user, now=timezone.now(), **serializer.validated_data
        )
        fresh = self.get_queryset().get(pk=drill.pk)
        response = Response(DrillDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/drills/{drill.pk}/"
        return response

    @extend_schema(request=None, responses={200: DrillDetailSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """End the drill: its report is frozen, open steps closed and its review opened."""
        ended = drills.drill_end(now=timezone.now(), actor=request.user, drill=self.get_object())
        fresh = self.get_queryset().get(pk=ended.pk)
        return Response(DrillDetailSerializer(fresh).data)


class DrillScenarioViewSet(viewsets.ReadOnlyModelViewSet):
    """The scenario library drills start from."""

    serializer_class = DrillScenarioSerializer

    def get_queryset(self) -> Any:
        return selectors.drill_scenario_list().order_by("name", "pk")
