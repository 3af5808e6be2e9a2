"""Reads of reviews, corrective actions and drills, and the measurements built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    F,
    Min,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from compliance.models import Obligation, ObligationStatus
from compliance.reporting.pdf.text import duration_text
from incidents.learning.metrics import (
    NoticeTiming,
    Outcome,
    ReviewMetrics,
    StatementTiming,
    TaskResult,
    TaskTiming,
    TeamResult,
    Timeline,
    review_metrics,
    task_result,
    team_results,
)
from incidents.learning.models import CorrectiveAction, Drill, DrillScenario, Review
from incidents.models import TASK_OPEN_STATUSES, Incident, Task, TaskStatus
from incidents.response.models import Statement
from incidents.response.selectors import _visible

Clock = Callable[[datetime], datetime | None]
# GDPR Art. 33(5) (and UK GDPR's): the breach register is the controller's own record, kept for
# every breach; it is not a notice to anyone, so reviews and trends do not time it.
INTERNAL_RECORD_SUFFIX = "-REG"


def _same(moment: datetime) -> datetime | None:
    return moment


def _mapped(clock: Clock, moment: datetime | None) -> datetime | None:
    return clock(moment) if moment is not None else None


def review_list(*, user: Any) -> QuerySet[Review]:
    """Reviews of the incidents the user may see, with their incident and corrective actions."""
    actions = CorrectiveAction.objects.select_related("team", "owner")
    return (
        _visible(Review.objects.all(), user=user)
        .select_related("incident", "incident__drill", "created_by", "completed_by")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )


def corrective_action_list(*, user: Any, now: datetime | None = None) -> QuerySet[CorrectiveAction]:
    """Corrective actions the user may see, overdue ones flagged."""
    now = now or timezone.now()
    return (
        _visible(CorrectiveAction.objects.all(), user=user, path="review__incident")
        .select_related("review__incident", "team", "owner", "completed_by")
        .annotate(
            is_overdue=Case(
                When(status__in=TASK_OPEN_STATUSES, due_at__lt=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def drill_list(*, user: Any) -> QuerySet[Drill]:
    """Drills of the incidents the user may see, with their scenario and people."""
    return _visible(Drill.objects.all(), user=user).select_related(
        "incident", "scenario", "source_incident", "started_by", "ended_by"
    )


def drill_scenario_list() -> QuerySet[DrillScenario]:
    """The scenario library: the scenarios a drill can start from."""
    return DrillScenario.objects.filter(is_active=True)


def drill_source_incidents(*, user: Any) -> QuerySet[Incident]:
    """Past real incidents a drill may replay (never a drill's own copy)."""
    return _visible(Incident.objects.filter(is_drill=False), user=user, path="pk").order_by(
        "-detected_at"
    )


def notices_queryset() -> QuerySet[Obligation]:
    """Obligations that are live notices to someone (not exempted, not the register)."""
    return (
        Obligation.objects.filter(applies=True)
        .exclude(status=ObligationStatus.NOT_REQUIRED)
        .exclude(rule_id__endswith=INTERNAL_RECORD_SUFFIX)
    )


def incident_timeline(*, incident: Incident, clock: Clock = _same) -> Timeline:
    """The incident's timestamps, its live notices with their first submission, its statements.

    `clock` maps what people recorded to the time the review measures in (a drill's clock).
    """
    obligations = (
        notices_queryset()
        .filter(incident=incident)
        .annotate(
            first_submitted_at=Min("submissions__submitted_at"),
            deadline=Coalesce("due_at", "target_at"),
        )
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    statements = (
        Statement.objects.filter(incident=incident)
        .annotate(first_published_at=Min("versions__published_at"))
        .order_by("audience")
    )
    return Timeline(
        detected_at=incident.detected_at,
        occurred_from=incident.occurred_from,
        aware_at=incident.aware_at,
        contained_at=_mapped(clock, incident.contained_at),
        resolved_at=_mapped(clock, incident.resolved_at),
        closed_at=_mapped(clock, incident.closed_at),
        notices=tuple(
            NoticeTiming(
                regime=o.regime,
                legal_basis=o.legal_basis,
                recipient=o.recipient,
                clock_start=o.clock_start,
                due_at=o.due_at,
                target_at=o.target_at,
                first_submitted_at=_mapped(clock, o.first_submitted_at),
            )
            for o in obligations
        ),
        statements=tuple(
            StatementTiming(s.get_audience_display(), _mapped(clock, s.first_published_at))
            for s in statements
        ),
    )


def incident_metrics(*, incident: Incident, now: datetime | None = None) -> ReviewMetrics:
    """The review measurements as they stand now; a drill's on its own clock, up to its end."""
    now = now or timezone.now()
    drill = getattr(incident, "drill", None) if incident.is_drill else None
    if drill is None:
        return review_metrics(incident_timeline(incident=incident), now=now)
    timeline = incident_timeline(incident=incident, clock=drill.recorded_time)
    return review_metrics(timeline, now=drill.drill_time(now))


@dataclass(frozen=True)
class DrillProgress:
    """A drill as it stands: its clock, each task against its target, each team, injects so far."""

    drill: Drill
    real_now: datetime
    drill_now: datetime
    elapsed: timedelta
    tasks: list[tuple[Task, TaskResult]]
    teams: list[TeamResult]
    injects: list[dict[str, Any]]
    next_inject_in: timedelta | None
    metrics: ReviewMetrics


def drill_task_results(*, drill: Drill, drill_now: datetime) -> list[tuple[Task, TaskResult]]:
    """Each task of the drill's incident measured from the start in drill time."""
    tasks = Task.objects.filter(incident_id=drill.incident_id).select_related("team", "assignee")
    results = []
    for task in tasks.order_by("due_at", "pk"):
        timing = TaskTiming(
            team=task.team.name,
            title=task.title,
            due_at=task.due_at,
            completed_at=_mapped(drill.recorded_time, task.completed_at),
            not_applicable=task.status == TaskStatus.NOT_APPLICABLE,
        )
        results.append((task, task_result(timing, started_at=drill.started_at, ended_at=drill_now)))
    return results


def drill_progress(*, drill: Drill, now: datetime | None = None) -> DrillProgress:
    """Where a drill stands at a real moment (its end, once it has ended)."""
    real_now = now or timezone.now()
    drill_now = drill.drill_time(real_now)
    elapsed = drill_now - drill.started_at
    tasks = drill_task_results(drill=drill, drill_now=drill_now)
    injects = sorted(
        (drill.scenario.injects if drill.scenario else []), key=lambda i: i["after_minutes"]
    )
    shown = [i for i in injects if timedelta(minutes=i["after_minutes"]) <= elapsed]
    upcoming = [timedelta(minutes=i["after_minutes"]) - elapsed for i in injects[len(shown) :]]
    timeline = incident_timeline(incident=drill.incident, clock=drill.recorded_time)
    return DrillProgress(
        drill=drill,
        real_now=real_now,
        drill_now=drill_now,
        elapsed=elapsed,
        tasks=tasks,
        teams=team_results([result for _, result in tasks]),
        injects=shown,
        next_inject_in=upcoming[0] if upcoming and drill.is_running else None,
        metrics=review_metrics(timeline, now=drill_now),
    )


def drill_missed_and_late(progress: DrillProgress) -> tuple[list[str], list[str]]:
    """Steps left undone past their due time (tasks and notices), and steps done late."""
    missed: list[str] = []
    late: list[tuple[str, timedelta]] = []
    for _, result in progress.tasks:
        label = f"{result.team}: {result.title}"
        if result.outcome == Outcome.OVERDUE:
            missed.append(label)
        elif result.outcome == Outcome.LATE and result.taken and result.target is not None:
            late.append((label, result.taken - result.target))
    for notice in progress.metrics.notices:
        label = f"Notice {notice.legal_basis} to {notice.recipient}"
        if notice.outcome == Outcome.OVERDUE:
            missed.append(label)
        elif notice.outcome == Outcome.LATE and notice.margin is not None:
            late.append((label, -notice.margin))
    return missed, [f"{label} ({duration_text(delay)} late)" for label, delay in late]
