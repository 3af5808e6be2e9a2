"""The dashboards: the DPO's and team's (open incidents, deadlines, what is overdue, charts) and
the executive's (status at a glance). Every figure comes from compliance.figures."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compliance import figures
from compliance.figures_cache import FiguresCache
from incidents import selectors
from incidents.charts import BarInput, bar_chart, donut
from incidents.choices import Severity, Status
from incidents.filters import UNRATED
from incidents.learning.trends import default_period
from incidents.roles import is_read_only
from incidents.views.access import capability_required, page

# GDPR Art. 33(1): notify the supervisory authority within 72 hours of becoming aware.
GDPR_HOURS = 72
MONTHS_SHOWN = 12
SEVERITY_ROWS = [
    Severity.VERY_HIGH,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
]
STATUS_COLUMNS = [Status.OPEN, Status.CONTAINED, Status.RESOLVED]


def incidents_url(**params: str) -> str:
    """The incident list filtered by the given parameters."""
    return f"{reverse('incident-list')}?{urlencode(params)}"


def severity_status_matrix(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of open real incidents per severity (rows) and status (columns), with links."""
    counts = {
        (r["severity"] or UNRATED, r["status"]): r["count"] for r in rows if not r["is_drill"]
    }
    severities = [(s.value, s.label) for s in SEVERITY_ROWS] + [(UNRATED, _("Not rated"))]
    table = []
    for value, label in severities:
        cells = [
            {
                "count": counts.get((value, status.value), 0),
                "href": incidents_url(status=status.value, severity=value, is_drill="false"),
            }
            for status in STATUS_COLUMNS
        ]
        total = sum(cell["count"] for cell in cells)
        href = incidents_url(status="active", severity=value, is_drill="false")
        table.append({"value": value, "label": label, "cells": cells, "total": total, "href": href})
    column_totals = [
        {
            "count": sum(counts.get((value, status.value), 0) for value, _label in severities),
            "href": incidents_url(status=status.value, is_drill="false"),
        }
        for status in STATUS_COLUMNS
    ]
    return {
        "columns": [status.label for status in STATUS_COLUMNS],
        "rows": table,
        "totals": column_totals,
        "total": sum(cell["count"] for cell in column_totals),
        "total_href": incidents_url(status="active", is_drill="false"),
        "drills": sum(r["count"] for r in rows if r["is_drill"]),
    }


def month_starts(now: datetime, count: int) -> list[datetime]:
    """The first day of this month and the count − 1 months before it, in the active zone."""
    local = timezone.localtime(now)
    year, month = local.year, local.month
    starts = []
    for _index in range(count):
        starts.append(local.replace(year=year, month=month, day=1, hour=0, minute=0, second=0))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [start.replace(microsecond=0) for start in reversed(starts)]


def monthly_chart(now: datetime, user: Any, cache: FiguresCache) -> Any:
    """Bars of real incidents detected per month over the last year, each linking to the list."""
    months = month_starts(now, MONTHS_SHOWN)
    counts = cache.get(
        "incidents_per_month",
        tuple(months),
        now=now,
        compute=lambda: (
            selectors.dashboard_incidents_per_month(month_starts=months, user=user),
            None,
        ),
    )
    items = []
    for start, count in zip(months, counts, strict=True):
        items.append(
            BarInput(
                label=date_format(start, pgettext("Django date format of a chart's month", "M")),
                value=count,
                value_text=f"{start:%Y-%m}: {count}",
                href=incidents_url(month=f"{start:%Y-%m}", is_drill="false"),
            )
        )
    return bar_chart(items)


def delay_chart(user: Any, since: datetime, now: datetime, cache: FiguresCache) -> Any:
    """Per recently notified incident: the time to notify of its quickest notice, in hours,
    against the 72-hour line (compliance.figures defines the time to notify)."""
    hour = pgettext("hours, abbreviated", "h")
    items = []
    rows = cache.get(
        "first_notice_times",
        (since,),
        now=now,
        compute=lambda: (figures.first_notice_times(user=user, since=since), None),
    )
    for row in rows:
        hours = row["time"].total_seconds() / 3600
        items.append(
            BarInput(
                # The reference's number: the full reference would not fit under a dozen bars.
                label=row["reference"].rsplit("-", 1)[-1],
                value=hours,
                value_text=f"{row['reference']}: {hours:.1f} {hour}",
                href=reverse("incident-detail", args=[row["reference"]]),
                tone="late" if hours > GDPR_HOURS else "primary",
            )
        )
    return bar_chart(items, reference=(GDPR_HOURS, f"72 {hour}")) if items else None


def figures_since(now: datetime) -> datetime:
    """The start of the figures' window: the trends' default period (last twelve months)."""
    start, _end = default_period(now.date())
    return datetime.combine(start, time.min, tzinfo=UTC)


def open_notices(now: datetime, user: Any) -> tuple[dict[str, Any], datetime | None]:
    """The open counters and the keys of the five most overdue notices, which hold until the
    next open limit passes."""
    counters, until = figures.open_counters_until(now=now, user=user)
    overdue = figures.overdue_notices(now=now, user=user).order_by("deadline", "pk")
    counters["overdue_ids"] = list(overdue.values_list("pk", flat=True)[:5])
    return counters, until


def dashboard_figures(now: datetime, user: Any, cache: FiguresCache) -> dict[str, Any]:
    """The figures the DPO's and the executive's pages share, each from compliance.figures;
    those that read the history are cached under the facts' version (compliance.figures_cache)."""
    since = figures_since(now)
    timeliness = cache.get(
        "timeliness",
        (since,),
        now=now,
        compute=lambda: figures.notice_figures_until(
            figures.visible_notices(user=user, since=since), now=now
        ),
    )
    counters = cache.get("open_notices", (), now=now, compute=lambda: open_notices(now, user))
    open_ids = cache.get(
        "open_incidents",
        (),
        now=now,
        compute=lambda: (selectors.dashboard_open_incident_ids(user=user), None),
    )
    counts = cache.get(
        "incident_counts",
        (),
        now=now,
        compute=lambda: (selectors.dashboard_incident_counts(user=user), None),
    )
    return {
        "now": now,
        "since": since,
        "counters": counters,
        "timeliness": timeliness,
        "timeliness_ring": donut(timeliness.on_time, timeliness.decided),
        "open_incidents": selectors.incidents_in_order(user=user, pks=open_ids),
        "matrix": severity_status_matrix(counts),
    }


@page
@capability_required("incident.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The DPO's and team's page (open incidents, deadlines, what is overdue, charts), or the
    executive's page for a read-only executive."""
    now = timezone.now()
    user = request.user
    cache = FiguresCache(sees_everything=selectors.sees_every_incident(user))
    context = dashboard_figures(now, user, cache)
    since = context["since"]
    if is_read_only(user):
        visible = figures.visible_notices(user=user, since=since)
        context["by_regime"] = cache.get(
            "by_regime",
            (since,),
            now=now,
            compute=lambda: figures.notice_figures_by_regime_until(visible, now=now),
        )
        return render(request, "incidents/dashboard_executive.html", context)
    overdue_ids = context["counters"]["overdue_ids"]
    overdue = {
        o.pk: o
        for o in figures.notices().filter(pk__in=overdue_ids).select_related("incident", "entity")
    }
    context |= {
        "tasks_overdue": cache.get(
            "tasks_overdue",
            (),
            now=now,
            compute=lambda: selectors.tasks_overdue_count(now=now, user=user),
        ),
        "upcoming": selectors.dashboard_upcoming_obligations(now=now, user=user),
        "overdue_obligations": [overdue[pk] for pk in overdue_ids if pk in overdue],
        "overdue_tasks": selectors.dashboard_overdue_tasks(now=now, user=user),
        "monthly_chart": monthly_chart(now, user, cache),
        "delay_chart": delay_chart(user, since, now, cache),
    }
    return render(request, "incidents/dashboard.html", context)
