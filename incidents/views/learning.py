"""Web pages: the review of an incident, drills (start, watch, end) and the trends charts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from compliance.wording import text as stored_text
from config.errors import ApplicationError
from incidents.choices import RootCause
from incidents.forms.fields import ContentChoiceField
from incidents.learning import charts, drills, selectors, services
from incidents.learning.metrics import Outcome, ReviewMetrics
from incidents.learning.models import ClockMode, CorrectiveActionCategory, Drill, Review
from incidents.learning.trend_charts import trend_charts
from incidents.learning.trends import (
    default_period,
    period_errors,
    trends_compute,
)
from incidents.models import Team
from incidents.response.selectors import incidents_visible
from incidents.roles import has_capability
from incidents.views.access import capability_required, form_page, page

HOUR = 3600.0
# A browser's date field reads and writes ISO dates only, whatever the page's language.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _apply(request: HttpRequest, write: Any) -> bool:
    """Run a service; show a domain refusal as a message instead of an error page."""
    try:
        write()
    except ApplicationError as error:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
        messages.error(request, details or error.message)
        return False
    return True


def _text(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False)


class FindingsForm(forms.Form):
    """The findings of a review."""

    root_cause = forms.ChoiceField(
        label=gettext_lazy("Root cause category"),
        choices=[("", "—"), *RootCause.choices],
        required=False,
    )
    root_cause_details = _text(gettext_lazy("Root cause details"), 2)
    summary = _text(gettext_lazy("Summary"), 2)
    went_wrong_decisions = _text(gettext_lazy("What went wrong: decisions"))
    went_wrong_communication = _text(gettext_lazy("What went wrong: communication"))
    went_wrong_response = _text(gettext_lazy("What went wrong: response"))
    went_well = _text(gettext_lazy("What went well"))


class ActionForm(forms.Form):
    """A corrective action to agree."""

    title = forms.CharField(label=gettext_lazy("Action"), max_length=200)
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=CorrectiveActionCategory.choices
    )
    team = ContentChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.all(),
        to_field_name="code",
        empty_label="—",
    )
    due_at = forms.DateField(label=gettext_lazy("Due"), required=False, widget=DATE_INPUT)


def timeline_chart(metrics: ReviewMetrics) -> charts.Chart:
    """Each measured step as a bar in hours; a notice's allowed time is its target tick."""
    rows: list[charts.Bar] = []
    steps = [
        (_("Detection"), metrics.time_to_detect),
        (_("Awareness"), metrics.time_to_awareness),
        (_("Containment"), metrics.time_to_containment),
    ]
    for label, value in steps:
        if value is not None:
            rows.append(
                charts.Bar(label, value.total_seconds() / HOUR, _hours(value), charts.MUTED)
            )
    for notice in metrics.notices:
        if notice.time_taken is None:
            continue
        allowed = notice.time_allowed.total_seconds() / HOUR if notice.time_allowed else None
        fill = charts.ON_TIME if notice.outcome == Outcome.ON_TIME else charts.LATE
        text = _("%(taken)s (allowed %(allowed)s)") % {
            "taken": _hours(notice.time_taken),
            "allowed": _hours(notice.time_allowed),
        }
        rows.append(
            charts.Bar(
                stored_text(notice.legal_basis),
                notice.time_taken.total_seconds() / HOUR,
                text,
                fill,
                allowed,
            )
        )
    for statement in metrics.statements:
        if statement.time_taken is not None:
            label = _("Statement: %(audience)s") % {"audience": statement.audience}
            hours = statement.time_taken.total_seconds() / HOUR
            rows.append(charts.Bar(label, hours, _hours(statement.time_taken), charts.PALETTE[5]))
    title = _("Hours each step took (tick: the time a notice allowed)")
    return charts.horizontal_bars(title=title, bars=rows)


def _hours(delta: Any) -> str:
    if delta is None:
        return "—"
    return f"{delta.total_seconds() / HOUR:.1f} {pgettext('hours, abbreviated', 'h')}"


@form_page
@capability_required("incident.view", write="review.write")
def review_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The review of one incident: measured timeline, findings, corrective actions."""
    incident = get_object_or_404(incidents_visible(user=request.user), reference=reference)
    review = selectors.review_list(user=request.user).filter(incident=incident).first()
    if request.method == "POST":
        _review_post(request, incident, review)
        return redirect("review-page", reference=reference)
    drill = getattr(incident, "drill", None) if incident.is_drill else None
    metrics = selectors.incident_metrics(now=timezone.now(), incident=incident)
    context = {
        "incident": incident,
        "review": review,
        "drill": drill,
        "report": drill.report if drill is not None else None,
        "metrics": metrics,
        "chart": timeline_chart(metrics),
        "findings_form": FindingsForm(
            initial={name: getattr(review, name) for name in FindingsForm.base_fields}
            if review
            else None
        ),
        "action_form": ActionForm(),
        "can_write": has_capability(request.user, "review.write"),
        "can_complete": has_capability(request.user, "review.complete"),
        "now": timezone.now(),
    }
    return render(request, "incidents/learning/review.html", context)


def _review_post(request: HttpRequest, incident: Any, review: Review | None) -> None:
    """Open the review, save findings, add an action or complete it, as the button says."""
    step = request.POST.get("step")
    actor = request.user
    if review is None:
        if step == "open":
            _apply(
                request,
                lambda: services.review_create(now=timezone.now(), actor=actor, incident=incident),
            )
        return
    if step == "findings":
        form = FindingsForm(request.POST)
        if form.is_valid():
            _apply(
                request,
                lambda: services.review_update(
                    now=timezone.now(), actor=actor, review=review, data=form.cleaned_data
                ),
            )
    elif step == "action":
        form = ActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the action a title, category and team."))
            return
        data = dict(form.cleaned_data)
        due: date | None = data.pop("due_at")
        # A date alone means the end of that day (UTC).
        data["due_at"] = datetime.combine(due, time(23, 59), tzinfo=UTC) if due else None
        _apply(
            request,
            lambda: services.corrective_action_create(
                now=timezone.now(), actor=actor, review=review, data=data
            ),
        )
    elif step == "complete":
        if _apply(
            request,
            lambda: services.review_complete(now=timezone.now(), actor=actor, review=review),
        ):
            messages.success(request, _("The review is completed."))


class DrillStartForm(forms.Form):
    """What to rehearse and on which clock."""

    scenario = ContentChoiceField(
        label=gettext_lazy("Scenario"),
        queryset=selectors.drill_scenario_list(),
        to_field_name="key",
        required=False,
        empty_label="—",
    )
    source_incident = forms.ModelChoiceField(
        label=gettext_lazy("Past incident"), queryset=None, required=False, empty_label="—"
    )
    clock_mode = forms.ChoiceField(
        label=gettext_lazy("Clock"), choices=ClockMode.choices, initial=ClockMode.ACCELERATED
    )
    speed_factor = forms.IntegerField(
        label=gettext_lazy("Speed factor"),
        min_value=1,
        max_value=drills.MAX_SPEED_FACTOR,
        initial=12,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source_incident"]
        field.queryset = selectors.drill_source_incidents(user=user)  # type: ignore[attr-defined]
        field.label_from_instance = lambda i: f"{i.reference} · {i.title}"  # type: ignore[attr-defined]


@form_page
@capability_required("incident.view", write="drill.run")
def drill_list_page(request: HttpRequest) -> HttpResponse:
    """Drills so far, and the form that starts one."""
    form = DrillStartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        if data.get("clock_mode") == ClockMode.REAL:
            data.pop("speed_factor", None)
        started: list[Drill] = []
        if _apply(
            request,
            lambda: started.append(
                drills.drill_start(actor=request.user, now=timezone.now(), **data)
            ),
        ):
            return redirect("drill-page", pk=started[0].pk)
    context = {
        "drills": selectors.drill_list(user=request.user).order_by("-started_at")[:50],
        "scenarios": selectors.drill_scenario_list(),
        "form": form,
        "can_run": has_capability(request.user, "drill.run"),
    }
    return render(request, "incidents/learning/drills.html", context)


TEAM_SEGMENTS = (
    ("on_time", charts.ON_TIME, pgettext_lazy("outcome", "On time")),
    ("late", charts.PALETTE[1], pgettext_lazy("outcome", "Late")),
    ("missed", charts.LATE, gettext_lazy("Missed")),
    ("pending", charts.PALETTE[9], gettext_lazy("Not yet due")),
    ("not_applicable", charts.MUTED, gettext_lazy("Not applicable")),
)


def team_chart(progress: selectors.DrillProgress) -> charts.Chart:
    """Each team's steps by outcome so far: on time, late, missed, not yet due, not applicable
    (an ended drill has none not yet due unless a step had no due time)."""
    bars = []
    for team in progress.teams:
        counts = {
            "on_time": team.on_time,
            "late": team.late,
            "missed": team.missed,
            "pending": team.tasks - team.on_time - team.late - team.missed - team.not_applicable,
            "not_applicable": team.not_applicable,
        }
        segments = tuple(
            charts.Segment(counts[key], fill, f"{name}: {counts[key]}")
            for key, fill, name in TEAM_SEGMENTS
            if counts[key]
        )
        text = _("%(done)s of %(tasks)s done") % {
            "done": team.on_time + team.late,
            "tasks": team.tasks,
        }
        # A default team's name in the reader's language; a team the organisation named, as named.
        bars.append(charts.Bar(stored_text(team.team), team.tasks, text, segments=segments))
    legend = [(fill, str(name)) for _key, fill, name in TEAM_SEGMENTS]
    return charts.horizontal_bars(title=_("Steps per team"), bars=bars, legend=legend)


@form_page
@capability_required("incident.view", write="drill.run")
def drill_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A drill: its clock, the brief and injects so far, each team against its targets."""
    drill = get_object_or_404(selectors.drill_list(user=request.user), pk=pk)
    if request.method == "POST":
        if request.POST.get("step") == "end" and _apply(
            request, lambda: drills.drill_end(now=timezone.now(), actor=request.user, drill=drill)
        ):
            messages.success(
                request, _("The drill ended; its report is frozen and its review open.")
            )
        return redirect("drill-page", pk=pk)
    progress = selectors.drill_progress(now=timezone.now(), drill=drill)
    context = {
        "drill": drill,
        "progress": progress,
        "chart": team_chart(progress),
        "can_run": has_capability(request.user, "drill.run"),
    }
    return render(request, "incidents/learning/drill.html", context)


class TrendsForm(forms.Form):
    """The trends page's filter."""

    period_from = forms.DateField(required=False, widget=DATE_INPUT)
    period_to = forms.DateField(required=False, widget=DATE_INPUT)
    include_drills = forms.BooleanField(required=False)


@page
@capability_required("incident.view")
def trends_page(request: HttpRequest) -> HttpResponse:
    """Trends over a period, with server-drawn charts; drills only when asked for."""
    start, end = default_period(timezone.now().date())
    form = TrendsForm(request.GET or None, initial={"period_from": start, "period_to": end})
    include_drills = False
    if form.is_valid():
        start = form.cleaned_data["period_from"] or start
        end = form.cleaned_data["period_to"] or end
        include_drills = form.cleaned_data["include_drills"]
    if period_errors(start, end):
        messages.error(request, " ".join(sum(period_errors(start, end).values(), [])))
        start, end = default_period(timezone.now().date())
    trends = trends_compute(
        period_from=start, period_to=end, include_drills=include_drills, now=timezone.now()
    )
    reviews = selectors.review_list(user=request.user).order_by("-created_at")
    if not include_drills:
        reviews = reviews.filter(incident__is_drill=False)
    context = {
        "form": form,
        "trends": trends,
        "charts": trend_charts(trends),
        "reviews": reviews[:10],
    }
    return render(request, "incidents/learning/trends.html", context)
