"""Per month: how long from the first signal to awareness, and from awareness to the first notice.

The first is triage (an incident promoted from alerts is detected at its first signal); the second
is the time the legal clocks actually ran before a notice went out.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db.models import Min, QuerySet
from django.db.models.functions import TruncMonth

from incidents.learning.selectors import notices_queryset
from incidents.models import Incident

HOUR = 3600.0


def _mean_hours(spans: list[float]) -> float | None:
    return round(sum(spans) / len(spans) / HOUR, 2) if spans else None


def response_times_by_month(
    incidents: QuerySet[Incident], months: list[str]
) -> list[dict[str, Any]]:
    """One row per month of the period: incidents, and mean hours signal → awareness → first notice."""
    first_notice = dict(
        notices_queryset()
        .filter(incident__in=incidents)
        .order_by()
        .values("incident_id")
        .annotate(first=Min("submissions__submitted_at"))
        .filter(first__isnull=False)
        .values_list("incident_id", "first")
    )
    rows = incidents.order_by().annotate(month=TruncMonth("detected_at", tzinfo=UTC))
    triage: dict[str, list[float]] = {month: [] for month in months}
    notify: dict[str, list[float]] = {month: [] for month in months}
    counts = dict.fromkeys(months, 0)
    for pk, month, detected, aware in rows.values_list("pk", "month", "detected_at", "aware_at"):
        key = f"{month.astimezone(UTC):%Y-%m}"
        if key not in counts:
            continue
        counts[key] += 1
        if aware is not None:
            triage[key].append((aware - detected).total_seconds())
            sent = first_notice.get(pk)
            if sent is not None:
                notify[key].append(max((sent - aware).total_seconds(), 0.0))
    return [
        {
            "month": month,
            "incidents": counts[month],
            "signal_to_awareness_hours": _mean_hours(triage[month]),
            "awareness_to_first_notice_hours": _mean_hours(notify[month]),
        }
        for month in months
    ]
