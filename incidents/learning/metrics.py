"""Review and drill measurements computed exactly from timestamps (pure: no database, no clock).

Selectors turn an incident into a `Timeline` (for a drill, with the times people recorded during
the exercise already mapped to drill time); these functions only subtract.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
from typing import Any

from compliance.clock_start import clock_start


class Outcome(StrEnum):
    """How one timed step ended up against its due time."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"  # not done, and its due time has passed
    PENDING = "pending"  # not done, due time still ahead (or none)
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class NoticeTiming:
    """An obligation to notify: when its clock started, when it was due, when it was first met."""

    regime: str
    legal_basis: str
    recipient: str
    clock_start: datetime | None
    due_at: datetime | None
    target_at: datetime | None = None
    first_submitted_at: datetime | None = None

    @property
    def deadline(self) -> datetime | None:
        """The statutory due time, or the internal target of an ASAP duty."""
        return self.due_at or self.target_at


@dataclass(frozen=True)
class StatementTiming:
    """The first publication of the statement to one audience."""

    audience: str
    published_at: datetime | None


@dataclass(frozen=True)
class Timeline:
    """The facts of an incident a review measures."""

    detected_at: datetime
    occurred_from: datetime | None = None
    aware_at: datetime | None = None
    contained_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    notices: tuple[NoticeTiming, ...] = ()
    statements: tuple[StatementTiming, ...] = ()


@dataclass(frozen=True)
class NoticeMetric:
    """Time to one notification against its due time (or internal target)."""

    regime: str
    legal_basis: str
    recipient: str
    statutory: bool
    clock_start: datetime | None
    deadline: datetime | None
    submitted_at: datetime | None
    time_taken: timedelta | None  # first submission − clock start
    time_allowed: timedelta | None  # deadline − clock start
    margin: timedelta | None  # deadline − first submission; negative when late
    outcome: Outcome


@dataclass(frozen=True)
class StatementMetric:
    """Time from the clock start (awareness, else detection) to a statement's publication."""

    audience: str
    published_at: datetime | None
    time_taken: timedelta | None


@dataclass(frozen=True)
class ReviewMetrics:
    """Everything a review measures about one incident."""

    time_to_detect: timedelta | None  # detected_at − occurred_from
    time_to_awareness: timedelta | None  # aware_at − detected_at
    time_to_containment: timedelta | None  # contained_at − aware_at
    time_to_resolution: timedelta | None  # resolved_at − aware_at
    notices: tuple[NoticeMetric, ...]
    statements: tuple[StatementMetric, ...]

    @property
    def notices_on_time(self) -> int:
        """How many notices went out by their due time."""
        return sum(1 for notice in self.notices if notice.outcome == Outcome.ON_TIME)

    @property
    def notices_late(self) -> int:
        """How many notices went out late or are still overdue."""
        return sum(1 for n in self.notices if n.outcome in (Outcome.LATE, Outcome.OVERDUE))


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    """end − start, or None when either is unknown."""
    if start is None or end is None:
        return None
    return end - start


def step_outcome(*, due: datetime | None, done_at: datetime | None, now: datetime) -> Outcome:
    """On time when done by its due time (inclusive), late after it; otherwise overdue or pending."""
    if done_at is not None:
        return Outcome.ON_TIME if due is None or done_at <= due else Outcome.LATE
    if due is not None and now > due:
        return Outcome.OVERDUE
    return Outcome.PENDING


def notice_metric(notice: NoticeTiming, *, now: datetime) -> NoticeMetric:
    """Measure one notification; a notice still unsent is overdue once its deadline has passed."""
    deadline, submitted = notice.deadline, notice.first_submitted_at
    return NoticeMetric(
        regime=notice.regime,
        legal_basis=notice.legal_basis,
        recipient=notice.recipient,
        statutory=notice.due_at is not None,
        clock_start=notice.clock_start,
        deadline=deadline,
        submitted_at=submitted,
        time_taken=_between(notice.clock_start, submitted),
        time_allowed=_between(notice.clock_start, deadline),
        margin=_between(submitted, deadline),
        outcome=step_outcome(due=deadline, done_at=submitted, now=now),
    )


def review_metrics(timeline: Timeline, *, now: datetime) -> ReviewMetrics:
    """Measure detection, awareness, containment, each notice and each statement."""
    start = clock_start(aware_at=timeline.aware_at, detected_at=timeline.detected_at)
    return ReviewMetrics(
        time_to_detect=_between(timeline.occurred_from, timeline.detected_at),
        time_to_awareness=_between(timeline.detected_at, timeline.aware_at),
        time_to_containment=_between(timeline.aware_at, timeline.contained_at),
        time_to_resolution=_between(timeline.aware_at, timeline.resolved_at),
        notices=tuple(notice_metric(notice, now=now) for notice in timeline.notices),
        statements=tuple(
            StatementMetric(
                audience=statement.audience,
                published_at=statement.published_at,
                time_taken=_between(start, statement.published_at),
            )
            for statement in timeline.statements
        ),
    )


@dataclass(frozen=True)
class TaskTiming:
    """A drill task: its team, due time and completion, in drill time."""

    team: str
    title: str
    due_at: datetime | None
    completed_at: datetime | None
    not_applicable: bool = False


@dataclass(frozen=True)
class TaskResult:
    """One task measured from the drill's start: the target it had and the time it took."""

    team: str
    title: str
    target: timedelta | None  # due_at − drill start
    taken: timedelta | None  # completed_at − drill start
    outcome: Outcome


@dataclass(frozen=True)
class TeamResult:
    """A team's drill performance against its playbook targets."""

    team: str
    tasks: int
    on_time: int
    late: int
    missed: int
    mean_taken: timedelta | None
    mean_target: timedelta | None
    worst_lateness: timedelta | None
    not_applicable: int = 0  # steps the team marked as not applying: neither done nor due


def task_result(task: TaskTiming, *, started_at: datetime, ended_at: datetime) -> TaskResult:
    """Measure one drill task; one left undone after its due time is missed (overdue)."""
    if task.not_applicable:
        outcome = Outcome.NOT_APPLICABLE
    else:
        outcome = step_outcome(due=task.due_at, done_at=task.completed_at, now=ended_at)
    return TaskResult(
        team=task.team,
        title=task.title,
        target=_between(started_at, task.due_at),
        taken=_between(started_at, task.completed_at),
        outcome=outcome,
    )


def _mean(values: list[timedelta]) -> timedelta | None:
    return sum(values, timedelta()) / len(values) if values else None


def team_results(results: list[TaskResult]) -> list[TeamResult]:
    """Per team, in name order: counts by outcome, mean time taken and target, worst lateness."""
    by_team: dict[str, list[TaskResult]] = defaultdict(list)
    for result in results:
        by_team[result.team].append(result)
    teams = []
    for team, rows in sorted(by_team.items()):
        done = [r for r in rows if r.taken is not None]
        lateness = [r.taken - r.target for r in done if r.target is not None and r.taken > r.target]
        teams.append(
            TeamResult(
                team=team,
                tasks=len(rows),
                on_time=sum(1 for r in rows if r.outcome == Outcome.ON_TIME),
                late=sum(1 for r in rows if r.outcome == Outcome.LATE),
                missed=sum(1 for r in rows if r.outcome == Outcome.OVERDUE),
                mean_taken=_mean([r.taken for r in done if r.taken is not None]),
                mean_target=_mean([r.target for r in done if r.target is not None]),
                worst_lateness=max(lateness) if lateness else None,
                not_applicable=sum(1 for r in rows if r.outcome == Outcome.NOT_APPLICABLE),
            )
        )
    return teams


def as_json(value: Any) -> Any:
    """Measurements as JSON: times in ISO 8601 UTC, durations in seconds, outcomes as codes."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    return value
