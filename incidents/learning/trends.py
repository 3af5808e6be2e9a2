"""Trends across incidents: root causes and data categories over time, notification times per
regime, overdue tasks per team and open corrective actions.

Drills are left out unless asked for (`include_drills`), so rehearsals never flatter or spoil
the real figures. Each trend is one query, whatever the number of incidents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from compliance import figures
from incidents.choices import DataCategory, RootCause
from incidents.learning.models import CorrectiveAction, CorrectiveActionCategory
from incidents.learning.response_times import response_times_by_month
from incidents.models import TASK_OPEN_STATUSES, Incident, Task, TaskStatus
from incidents.work_items import overdue_q

UNKNOWN = "unknown"
MAX_MONTHS = 60


@dataclass(frozen=True)
class RegimeNotifyTimes:
    """How fast and how punctually one regime's notices went out."""

    regime: str
    notices: int
    on_time: int
    late: int
    overdue: int
    pending: int
    mean_time: timedelta | None
    worst_time: timedelta | None

    @property
    def share_on_time(self) -> float | None:
        """On-time notices among those whose outcome is known (compliance.figures)."""
        decided = self.on_time + self.late + self.overdue
        return self.on_time / decided if decided else None


@dataclass(frozen=True)
class TeamTaskLoad:
    """A team's open and overdue tasks now."""

    team: str
    open: int
    overdue: int


@dataclass(frozen=True)
class Trends:
    """Every trend of one period, months in order."""

    period_from: date
    period_to: date
    include_drills: bool
    months: list[str]
    incidents: int
    by_root_cause: dict[str, list[int]]
    by_data_category: dict[str, list[int]]
    notify_by_regime: list[RegimeNotifyTimes]
    tasks_by_team: list[TeamTaskLoad]
    corrective_actions: dict[str, Any] = field(default_factory=dict)
    response_times: list[dict[str, Any]] = field(default_factory=list)


def months_between(start: date, end: date) -> list[str]:
    """Month labels (YYYY-MM) from start's month to end's, inclusive."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months, this one included."""
    year, month = (today.year - 1, today.month + 1) if today.month < 12 else (today.year, 1)
    return date(year, month, 1), today


def period_errors(period_from: date, period_to: date) -> dict[str, list[str]]:
    """Name what is wrong with a period: backwards, or longer than the charts can show."""
    if period_to < period_from:
        return {"period_to": ["Must not be before period_from."]}
    months = (period_to.year - period_from.year) * 12 + period_to.month - period_from.month
    if months >= MAX_MONTHS:
        return {"period_to": [f"A period spans at most {MAX_MONTHS} months."]}
    return {}


def period_bounds(period_from: date, period_to: date) -> tuple[datetime, datetime]:
    """The period as instants [start, end): UTC days, both ends included."""
    start = datetime.combine(period_from, time.min, tzinfo=UTC)
    return start, datetime.combine(period_to + timedelta(days=1), time.min, tzinfo=UTC)


def _incidents(*, period_from: date, period_to: date, include_drills: bool) -> QuerySet[Incident]:
    """Incidents first detected within the period (UTC days, both ends included)."""
    start, end = period_bounds(period_from, period_to)
    queryset = Incident.objects.filter(detected_at__gte=start, detected_at__lt=end)
    return queryset if include_drills else queryset.filter(is_drill=False)


def _by_month(
    rows: list[tuple[datetime, list[str], int]], months: list[str], order: list[str]
) -> dict[str, list[int]]:
    """Counts per key and month, keys in `order` first (others after), only keys that occur.

    Each row is a month (its first instant), the keys counted in it and how many incidents.
    """
    index = {month: i for i, month in enumerate(months)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for month, keys, number in rows:
        slot = index.get(f"{month.astimezone(UTC):%Y-%m}")
        if slot is None:
            continue
        for key in keys:
            counts[key][slot] += number
    ranked = [key for key in order if key in counts] + sorted(set(counts) - set(order))
    return {key: counts[key] for key in ranked}


def _notify_times(
    *, start: datetime, end: datetime, include_drills: bool, now: datetime
) -> tuple[list[RegimeNotifyTimes], datetime | None]:
    """Per regime, the notices of incidents first detected in [start, end): outcomes and time to
    notify as compliance.figures defines them, and the last instant they hold for (one grouped
    query)."""
    notices = figures.notices(include_drills=include_drills).filter(
        incident__detected_at__gte=start, incident__detected_at__lt=end
    )
    rows, until = figures.notice_figures_by_regime_until(notices, now=now)
    return [
        RegimeNotifyTimes(
            regime=regime,
            notices=row.notices,
            on_time=row.on_time,
            late=row.late,
            overdue=row.overdue,
            pending=row.pending,
            mean_time=row.mean_time,
            worst_time=row.worst_time,
        )
        for regime, row in rows
    ], until


def _causes(incidents: QuerySet[Incident]) -> list[tuple[datetime, list[str], int]]:
    """Incidents per month and root cause (the review's finding, else the one logged)."""
    monthly = incidents.order_by().annotate(month=TruncMonth("detected_at", tzinfo=UTC))
    cause_rows = monthly.values_list("month", "root_cause", "review__root_cause").annotate(
        number=Count("pk")
    )
    return [(m, [finding or logged or UNKNOWN], n) for m, logged, finding, n in cause_rows]


def dashboard_trends(
    *, period_from: date, period_to: date, now: datetime
) -> tuple[Trends, datetime | None]:
    """What the dashboard's trend panel draws (root causes per month, notices per regime), the
    other trends left empty, and the last instant the passing of time leaves it as it is."""
    months = months_between(period_from, period_to)
    start, end = period_bounds(period_from, period_to)
    incidents = _incidents(period_from=period_from, period_to=period_to, include_drills=False)
    causes = _causes(incidents)
    notify, until = _notify_times(start=start, end=end, include_drills=False, now=now)
    trends = Trends(
        period_from=period_from,
        period_to=period_to,
        include_drills=False,
        months=months,
        incidents=sum(number for _, _, number in causes),
        by_root_cause=_by_month(causes, months, [*RootCause.values, UNKNOWN]),
        by_data_category={},
        notify_by_regime=notify,
        tasks_by_team=[],
    )
    return trends, until


def _tasks_by_team(*, include_drills: bool, now: datetime) -> list[TeamTaskLoad]:
    """Open and overdue tasks per team right now (not limited to the period)."""
    tasks = Task.objects.filter(status__in=TASK_OPEN_STATUSES)
    if not include_drills:
        tasks = tasks.filter(incident__is_drill=False)
    rows = (
        tasks.values("team__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        .order_by("-overdue", "team__name")
    )
    return [TeamTaskLoad(r["team__name"], r["open"], r["overdue"]) for r in rows]


def _corrective_actions(*, include_drills: bool, now: datetime) -> dict[str, Any]:
    """Corrective actions by category: open, overdue and done, right now."""
    actions = CorrectiveAction.objects.all()
    if not include_drills:
        actions = actions.filter(review__incident__is_drill=False)
    rows = actions.values("category").annotate(
        open=Count("pk", filter=Q(status__in=TASK_OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue_q(now)),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
    )
    labels = dict(CorrectiveActionCategory.choices)
    by_category = sorted(
        (
            {
                "category": r["category"],
                "label": str(labels.get(r["category"], r["category"])),
                "open": r["open"],
                "overdue": r["overdue"],
                "done": r["done"],
            }
            for r in rows
        ),
        key=lambda r: (-r["open"], r["label"]),
    )
    return {
        "open": sum(r["open"] for r in by_category),
        "overdue": sum(r["overdue"] for r in by_category),
        "done": sum(r["done"] for r in by_category),
        "by_category": by_category,
    }


def labelled(counts: dict[str, list[int]]) -> list[dict[str, Any]]:
    """Counts per key as rows with a readable label (root cause or data category names)."""
    labels = {**dict(RootCause.choices), **dict(DataCategory.choices), UNKNOWN: _("Not recorded")}
    return [
        {"key": key, "label": str(labels.get(key, key)), "counts": values}
        for key, values in counts.items()
    ]


def trends_compute(
    *, period_from: date, period_to: date, include_drills: bool = False, now: datetime
) -> Trends:
    """All trends for incidents detected in the period; task and action loads are as of now."""
    months = months_between(period_from, period_to)
    start, end = period_bounds(period_from, period_to)
    incidents = _incidents(
        period_from=period_from, period_to=period_to, include_drills=include_drills
    )
    # Grouped by the database: a row per month and distinct value, however many incidents.
    monthly = incidents.order_by().annotate(month=TruncMonth("detected_at", tzinfo=UTC))
    causes = _causes(incidents)
    category_rows = monthly.values_list("month", "data_categories").annotate(number=Count("pk"))
    categories = [(m, sorted(set(cats or [])), n) for m, cats, n in category_rows]
    return Trends(
        period_from=period_from,
        period_to=period_to,
        include_drills=include_drills,
        months=months,
        incidents=sum(number for _, _, number in causes),
        by_root_cause=_by_month(causes, months, [*RootCause.values, UNKNOWN]),
        by_data_category=_by_month(categories, months, list(DataCategory.values)),
        notify_by_regime=_notify_times(
            start=start, end=end, include_drills=include_drills, now=now
        )[0],
        tasks_by_team=_tasks_by_team(include_drills=include_drills, now=now),
        corrective_actions=_corrective_actions(include_drills=include_drills, now=now),
        response_times=response_times_by_month(incidents, months),
    )
