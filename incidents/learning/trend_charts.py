"""The trends charts, drawn on the server for the trends page and the dashboard panel."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compliance.vocabulary import regime_label
from compliance.wording import text
from incidents.learning import charts
from incidents.learning.trends import Trends, labelled

HOUR = 3600.0


def month_text(month: str) -> str:
    """'2026-01' as a short month with its year in the reader's language ('Jan 26', '26年1月')."""
    year, number = (int(part) for part in month.split("-"))
    return date_format(
        date(year, number, 1),
        pgettext("Django date format of a chart's month with its year", "M y"),
    )


def _notify_bars(trends: Trends) -> list[charts.Bar]:
    """Per regime: the mean time to notify as the bar, the worst as the tick."""
    hour = pgettext("hours, abbreviated", "h")
    bars = []
    for row in trends.notify_by_regime:
        if row.mean_time is None or row.worst_time is None:
            continue
        mean = row.mean_time.total_seconds() / HOUR
        worst = row.worst_time.total_seconds() / HOUR
        text = _("mean %(mean)s · worst %(worst)s") % {
            "mean": f"{mean:.1f} {hour}",
            "worst": f"{worst:.1f} {hour}",
        }
        if row.share_on_time is not None:
            text += " · " + _("%(share)s on time") % {"share": f"{row.share_on_time:.0%}"}
        label = regime_label(row.regime)
        bars.append(charts.Bar(label, mean, text, charts.PALETTE[0], target=worst))
    return bars


def trend_charts(trends: Trends) -> dict[str, charts.Chart]:
    """The charts of the trends page."""
    causes = [(row["label"], row["counts"]) for row in labelled(trends.by_root_cause)]
    categories = [(row["label"], row["counts"]) for row in labelled(trends.by_data_category)]
    tasks = [
        charts.Bar(
            text(row.team),  # a default team's name in the reader's language
            row.overdue,
            _("%(overdue)s overdue of %(open)s open") % {"overdue": row.overdue, "open": row.open},
            charts.LATE,
        )
        for row in trends.tasks_by_team
    ]
    actions = [
        charts.Bar(
            row["label"],
            row["open"],
            _("%(open)s open, %(overdue)s overdue")
            % {"open": row["open"], "overdue": row["overdue"]},
        )
        for row in trends.corrective_actions.get("by_category", [])
        if row["open"]
    ]
    months = {"categories": trends.months, "month_label": month_text}
    return {
        "causes": charts.stacked_columns(
            title=_("Incidents by root cause"), series=causes, **months
        ),
        "categories": charts.stacked_columns(
            title=_("Incidents by data category"), series=categories, **months
        ),
        "notify": charts.horizontal_bars(
            title=_("Time to notify per regime (bar: mean, tick: worst)"),
            bars=_notify_bars(trends),
        ),
        "tasks": charts.horizontal_bars(title=_("Overdue tasks per team"), bars=tasks),
        "actions": charts.horizontal_bars(title=_("Corrective actions open"), bars=actions),
    }
