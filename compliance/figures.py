"""The compliance figures, each defined once, for the dashboard, its charts, Trends and the API.

A *notice* is an obligation that is a live duty to tell someone: it applies, it was not found
unnecessary, and it is not the controller's own breach register (rule ids ending in ``-REG``).
Drills count only when asked for. Of the notices:

- **on time**: the first notice (the earliest submission) was sent on or before the statutory
  due time; an ASAP duty has no statutory due time, so a sent one is on time (the rule by which
  `submission_is_late` judges a notice when it is recorded);
- **late**: the first notice was sent after the statutory due time;
- **overdue** (the same figure as "past due, not sent"): no notice yet and the due time, or an
  ASAP duty's internal target, is before ``now``;
- **pending**: no notice yet and the limit not reached (or none);
- **share on time**: on time ÷ (on time + late + overdue), or none when that sum is 0;
- **time to notify**: the first notice's time (its earliest submission) − the obligation's clock
  start; per regime its mean and worst, per incident that of its quickest notice.

Every figure is a database aggregate over a bounded set of incidents (a user's visibility and a
window of first detection), never a Python loop over rows. `now` comes from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from compliance.models import Obligation, ObligationStatus, Submission
from incidents.selectors import incident_scope

# GDPR Art. 33(5): the controller's own record of every breach is not a notice to anyone.
INTERNAL_RECORD_SUFFIX = "-REG"
OPEN_STATUSES = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)
LIMIT = Coalesce("due_at", "target_at")
TAKEN = ExpressionWrapper(F("first_sent_at") - F("clock_start"), output_field=DurationField())
MEASURED = Q(first_sent_at__isnull=False, clock_start__isnull=False)


def notices(*, include_drills: bool = False) -> QuerySet[Obligation]:
    """Every live notice (see the module's words), with its `deadline` (due time, else internal
    target) and `first_sent_at` (its earliest submission) annotated."""
    queryset = (
        Obligation.objects.filter(applies=True)
        .exclude(status=ObligationStatus.NOT_REQUIRED)
        .exclude(rule_id__endswith=INTERNAL_RECORD_SUFFIX)
    )
    if not include_drills:
        # An IN, not `is_drill=False`, so SQLite can use the (is_drill, detected_at) index.
        queryset = queryset.filter(incident__is_drill__in=[False])
    # The first notice of any phase, from the submissions themselves: a correlated subquery (read
    # through the submission's obligation index), so per-regime sums stay one grouped query.
    first = Submission.objects.filter(obligation=OuterRef("pk")).order_by("submitted_at", "pk")
    return queryset.annotate(
        deadline=LIMIT, first_sent_at=Subquery(first.values("submitted_at")[:1])
    )


def on_time_q() -> Q:
    """Sent, on or before the statutory due time (or with none: an ASAP duty)."""
    return Q(first_sent_at__isnull=False) & (
        Q(due_at__isnull=True) | Q(first_sent_at__lte=F("due_at"))
    )


def late_q() -> Q:
    """Sent after the statutory due time."""
    return Q(first_sent_at__isnull=False, due_at__isnull=False, first_sent_at__gt=F("due_at"))


def overdue_q(now: datetime) -> Q:
    """Not sent, and the due time (or internal target) has passed: 'overdue' = 'past due'."""
    return Q(first_sent_at__isnull=True, deadline__lt=now)


def pending_q(now: datetime) -> Q:
    """Not sent, and the limit not reached (or none)."""
    return Q(first_sent_at__isnull=True) & (Q(deadline__gte=now) | Q(deadline__isnull=True))


def due_within_q(now: datetime, window: timedelta) -> Q:
    """Not sent, and the limit falls within the window from now."""
    return Q(first_sent_at__isnull=True, deadline__gte=now, deadline__lt=now + window)


def _aggregates(now: datetime) -> dict[str, Any]:
    return {
        "notices": Count("pk"),
        "on_time": Count("pk", filter=on_time_q()),
        "late": Count("pk", filter=late_q()),
        "overdue": Count("pk", filter=overdue_q(now)),
        "pending": Count("pk", filter=pending_q(now)),
        "total_time": Sum(TAKEN, filter=MEASURED),
        "measured": Count("pk", filter=MEASURED),
        "worst_time": Max(TAKEN, filter=MEASURED),
    }


@dataclass(frozen=True)
class NoticeFigures:
    """The figures of one set of notices."""

    notices: int
    on_time: int
    late: int
    overdue: int
    pending: int
    mean_time: timedelta | None
    worst_time: timedelta | None

    @property
    def decided(self) -> int:
        """Notices whose outcome is known: sent, or unsent past due."""
        return self.on_time + self.late + self.overdue

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.decided if self.decided else None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> NoticeFigures:
        measured = row["measured"]
        return cls(
            notices=row["notices"],
            on_time=row["on_time"],
            late=row["late"],
            overdue=row["overdue"],
            pending=row["pending"],
            mean_time=row["total_time"] / measured
            if measured and row["total_time"] is not None
            else None,
            worst_time=row["worst_time"],
        )


def _limits(now: datetime, window: timedelta | None = None) -> dict[str, Any]:
    """The next limits of unsent notices that `now` will pass: the figures above hold until
    `now` passes the first (see `holds_until`); with a window, also the next limit to enter it."""
    limits = {
        "next_limit": Min("deadline", filter=Q(first_sent_at__isnull=True, deadline__gte=now))
    }
    if window is not None:
        limits["next_window_limit"] = Min(
            "deadline", filter=Q(first_sent_at__isnull=True, deadline__gte=now + window)
        )
    return limits


def holds_until(row: dict[str, Any], window: timedelta | None = None) -> datetime | None:
    """The last instant for which figures computed with `_limits` stay the same (None: ever).

    An unsent notice turns overdue once `now` is past its limit; it enters a window of length
    `window` once `now` is past its limit − the window."""
    candidates = [row["next_limit"]]
    if window is not None and row["next_window_limit"] is not None:
        candidates.append(row["next_window_limit"] - window)
    return min((instant for instant in candidates if instant is not None), default=None)


def notice_figures_until(
    queryset: QuerySet[Obligation], *, now: datetime
) -> tuple[NoticeFigures, datetime | None]:
    """The figures of these notices and the last instant they hold for (one query)."""
    row = queryset.order_by().aggregate(**_aggregates(now), **_limits(now))
    return NoticeFigures.from_row(row), holds_until(row)


def notice_figures(queryset: QuerySet[Obligation], *, now: datetime) -> NoticeFigures:
    """The figures of these notices (one query)."""
    return notice_figures_until(queryset, now=now)[0]


def notice_figures_by_regime_until(
    queryset: QuerySet[Obligation], *, now: datetime
) -> tuple[list[tuple[str, NoticeFigures]], datetime | None]:
    """The figures per regime, regimes in alphabetical order, and the last instant they hold for
    (one grouped query)."""
    rows = list(
        queryset.order_by()
        .values("regime")
        .annotate(**_aggregates(now), **_limits(now))
        .order_by("regime")
    )
    until = min((u for u in map(holds_until, rows) if u is not None), default=None)
    return [(row["regime"], NoticeFigures.from_row(row)) for row in rows], until


def notice_figures_by_regime(
    queryset: QuerySet[Obligation], *, now: datetime
) -> list[tuple[str, NoticeFigures]]:
    """The figures per regime, regimes in alphabetical order (one grouped query)."""
    return notice_figures_by_regime_until(queryset, now=now)[0]


def visible_notices(*, user: Any, since: datetime | None = None) -> QuerySet[Obligation]:
    """The notices of real incidents the user sees, first detected since `since` when given."""
    queryset = notices().filter(incident_scope(user=user))
    if since is not None:
        queryset = queryset.filter(incident__detected_at__gte=since)
    return queryset


def open_counters_until(*, now: datetime, user: Any) -> tuple[dict[str, Any], datetime | None]:
    """Notices overdue now and due within 24 hours, and the earliest open limit (the worst
    countdown), of real incidents the user sees, and the last instant they hold for (one query).

    Unsent notices are open (pending or overdue): the status filter reads them through its index.
    """
    day = timedelta(hours=24)
    row = (
        notices()
        .filter(incident_scope(user=user), status__in=OPEN_STATUSES)
        .order_by()
        .aggregate(
            obligations_overdue=Count("pk", filter=overdue_q(now)),
            obligations_due_24h=Count("pk", filter=due_within_q(now, day)),
            next_deadline=Min("deadline"),
            **_limits(now, day),
        )
    )
    until = holds_until(row, day)
    del row["next_limit"], row["next_window_limit"]
    return row, until


def open_counters(*, now: datetime, user: Any) -> dict[str, Any]:
    """`open_counters_until`'s counters."""
    return open_counters_until(now=now, user=user)[0]


def overdue_notices(*, now: datetime, user: Any) -> QuerySet[Obligation]:
    """Open notices of real incidents the user sees whose limit has passed."""
    return (
        notices().filter(incident_scope(user=user), status__in=OPEN_STATUSES).filter(overdue_q(now))
    )


def first_notice_times(*, user: Any, since: datetime, limit: int = 12) -> list[dict[str, Any]]:
    """Per notified incident first detected since `since` (the latest `limit`): the time to
    notify of its quickest notice (one query)."""
    rows = (
        visible_notices(user=user, since=since)
        .filter(MEASURED)
        .values("incident__reference", "incident__detected_at")
        .annotate(first=Min(TAKEN))
        .order_by("-incident__detected_at")[:limit]
    )
    return [
        {"reference": row["incident__reference"], "time": max(row["first"], timedelta())}
        for row in reversed(rows)
    ]
