"""Template helpers of the learning pages: durations, drill offsets, charts, the dashboard panel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from compliance.figures_cache import FiguresCache
from incidents.learning.charts import Chart
from incidents.learning.trend_charts import regime_label, trend_charts
from incidents.learning.trends import dashboard_trends, default_period
from incidents.roles import user_roles

register = template.Library()
register.filter("regime_label", regime_label)

# Late is done after the deadline, overdue is not done and past it: the words keep them apart.
OUTCOME_LABELS = {
    "on_time": pgettext_lazy("outcome", "On time"),
    "late": pgettext_lazy("outcome", "Late"),
    "overdue": pgettext_lazy("outcome", "Overdue"),
    "pending": pgettext_lazy("outcome", "Pending"),
    "not_applicable": _("Not applicable"),
}


def duration_words(delta: timedelta) -> str:
    """An exact duration to the minute in the reader's language: '3 d 2 h 15 min', '3天2小时15分钟'.

    The same shape as the PDF's `duration_text` (compliance/reporting/pdf/text.py), which stays English like the PDF itself.
    """
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    values = {"days": days, "hours": hours, "minutes": mins}
    if days:
        text = pgettext("duration", "%(days)s d %(hours)s h %(minutes)s min") % values
    elif hours:
        text = pgettext("duration", "%(hours)s h %(minutes)s min") % values
    else:
        text = pgettext("duration", "%(minutes)s min") % values
    return ("−" if delta < timedelta() else "") + text


@register.filter
def duration(value: Any) -> str:
    """A timedelta (or seconds) as an exact duration, e.g. '3 d 2 h 15 min'."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, timedelta):
        value = timedelta(seconds=float(value))
    return duration_words(value)


@register.filter
def margin(value: timedelta | None) -> str:
    """A margin for or against a deadline, its sign dropped; seconds short of a minute still show."""
    if value is None:
        return "—"
    if timedelta() < abs(value) < timedelta(minutes=1):
        return pgettext("duration", "less than 1 min")
    return duration_words(abs(value))


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
    return f"T{'−' if delta < timedelta() else '+'}{duration_words(abs(delta))}"


@register.inclusion_tag("incidents/learning/_chart.html")
def svg_chart(chart: Chart) -> dict[str, Any]:
    """An SVG chart drawn on the server (every label autoescaped)."""
    return {"chart": chart}


@register.inclusion_tag("incidents/learning/_dashboard.html", takes_context=True)
def learning_dashboard(context: template.Context) -> dict[str, Any]:
    """The dashboard's trend panel: root causes over the last twelve months, notices on time."""
    request = context.get("request")
    if request is None or not user_roles(request.user):
        return {"show": False}
    now = timezone.now()
    start, end = default_period(now.date())
    # The same panel for every reader: cached under the facts' version (compliance.figures_cache).
    trends = FiguresCache(sees_everything=True).get(
        "dashboard_trends",
        (start, end),
        now=now,
        compute=lambda: dashboard_trends(period_from=start, period_to=end, now=now),
    )
    charts = trend_charts(trends)
    return {"show": True, "trends": trends, "causes": charts["causes"], "notify": charts["notify"]}
