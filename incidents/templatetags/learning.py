"""Template helpers of the learning pages: durations, drill offsets, charts, the dashboard panel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone

from compliance.reports.kinds.review import duration_text
from incidents.learning.charts import Chart
from incidents.learning.trends import default_period, trends_compute
from incidents.roles import user_roles

register = template.Library()

OUTCOME_LABELS = {
    "on_time": "On time",
    "late": "Late",
    "overdue": "Overdue",
    "pending": "Pending",
    "not_applicable": "Not applicable",
}


@register.filter
def duration(value: Any) -> str:
    """A timedelta (or seconds) as an exact duration, e.g. '3 d 2 h 15 min'."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, timedelta):
        value = timedelta(seconds=float(value))
    return duration_text(value)


@register.filter
def magnitude(value: timedelta | None) -> timedelta | None:
    """A duration without its sign (a margin of −5 min is 5 min late)."""
    return abs(value) if value is not None else None


@register.filter
def minutes(value: Any) -> timedelta:
    """A number of minutes as a duration."""
    return timedelta(minutes=float(value))


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash when there is none."""
    return "—" if value is None else f"{value:.0%}"


@register.filter
def outcome_label(value: str) -> str:
    """A measurement outcome code in words."""
    return OUTCOME_LABELS.get(str(value), str(value))


@register.simple_tag
def drill_offset(drill: Any, moment: datetime | None) -> str:
    """A drill-time moment as an offset from the drill's start: T+7 h 0 min (or T−1 h 0 min)."""
    if moment is None:
        return "—"
    delta = moment - drill.started_at
    return f"T{'−' if delta < timedelta() else '+'}{duration_text(abs(delta))}"


@register.inclusion_tag("incidents/learning/_chart.html")
def svg_chart(chart: Chart) -> dict[str, Any]:
    """An SVG chart drawn on the server (every label autoescaped)."""
    return {"chart": chart}


@register.inclusion_tag("incidents/learning/_dashboard.html", takes_context=True)
def learning_dashboard(context: template.Context) -> dict[str, Any]:
    """The dashboard's trend panel: root causes over the last twelve months, notices on time."""
    from incidents.learning.views import trend_charts

    request = context.get("request")
    if request is None or not user_roles(request.user):
        return {"show": False}
    start, end = default_period(timezone.now().date())
    trends = trends_compute(period_from=start, period_to=end, now=timezone.now())
    charts = trend_charts(trends)
    return {"show": True, "trends": trends, "causes": charts["causes"], "notify": charts["notify"]}
