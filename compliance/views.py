"""Web pages of the compliance app: report documents of an incident, the breach register, and the
coverage page (the laws the engine applies)."""

from __future__ import annotations

import functools
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from compliance.coverage import regime_versions
from compliance.downloads import report_file_response
from compliance.models import (
    ObligationStatus,
    Regime,
    ReportKind,
    ReportLanguage,
    ReportStatus,
)
from compliance.register import (
    NOT_ASSESSED,
    TIER_FILTERS,
    RegisterFilters,
    register_entry,
    register_rows,
)
from compliance.register_reasoning import reason_text
from compliance.register_sources import RegisterSource, register_sources
from compliance.reporting.selectors import report_document_list, report_kind_duties
from compliance.reporting.services import report_request
from compliance.wording import text
from config.errors import ValidationFailed
from config.fragments import render_content_fragments
from incidents.choices import BreachType, DataCategory, RiskLevel, Status
from incidents.learning.models import Review
from incidents.models import Incident
from incidents.selectors import incident_list
from incidents.views.access import capability_required, form_page, page


class ReportRequestForm(forms.Form):
    """Which report of this incident to generate."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in ReportKind if k != ReportKind.REGISTER],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The kind's language")), *ReportLanguage.choices],
        required=False,
    )
    final = forms.BooleanField(
        label=_("Final"), required=False, help_text=_("Refused while facts are missing.")
    )

    def __init__(
        self,
        *args: Any,
        incident: Incident | None = None,
        duties: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        # A review report needs the incident's review: offer it only once the review is open.
        if incident is not None and not Review.objects.filter(incident=incident).exists():
            field.choices = [  # type: ignore[attr-defined]
                choice
                for choice in field.choices
                if choice[0] != ReportKind.REVIEW  # type: ignore[attr-defined]
            ]
        # A Chinese report whose duty is not owed says so, here as in its PDF (report_kind_duties).
        notes = {"not-required": DUTY_NOT_REQUIRED, "none": DUTY_NONE}
        field.choices = [  # type: ignore[attr-defined]
            (kind, notes[state] % {"kind": label})
            if (state := (duties or {}).get(kind)) in notes
            else (kind, label)
            for kind, label in field.choices  # type: ignore[attr-defined]
        ]


DUTY_NOT_REQUIRED = _("%(kind)s — not required for this incident")
DUTY_NONE = _("%(kind)s — no such duty for this incident")


def report_form_for(incident: Incident, data: Any = None, *, now: datetime) -> ReportRequestForm:
    """The report request form of an incident, its Chinese kinds marked as the PDF marks them."""
    duties = report_kind_duties(incident=incident, now=now)
    return ReportRequestForm(data, incident=incident, duties=duties)


@form_page
@capability_required("incident.view", write="report.generate")
def incident_reports(request: HttpRequest, reference: str) -> HttpResponse:
    """The incident's report versions, newest first, and a form to generate another."""
    incident = get_object_or_404(incident_list(user=request.user), reference=reference)
    now = timezone.now()
    form = report_form_for(incident, request.POST or None, now=now)
    if request.method == "POST":
        if form.is_valid():
            try:
                report_request(actor=request.user, incident=incident, now=now, **form.cleaned_data)
            except ValidationFailed as exc:
                for field, errors in exc.fields.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The report is being generated."))
                # The incident room's reports panel posts here and wants its page back.
                back = request.POST.get("next", "")
                if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                    return redirect(back)
                return redirect("incident-reports", reference=incident.reference)
    documents = report_document_list(user=request.user).filter(incident=incident)
    context = {"incident": incident, "documents": documents, "form": form}
    return render(request, "compliance/incident_reports.html", context)


@require_safe
@capability_required("incident.view")
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF of a ready document the user may see."""
    document = get_object_or_404(report_document_list(user=request.user), pk=pk)
    if document.status != ReportStatus.READY:
        return HttpResponse(
            _("This document is not ready (%(status)s).") % {"status": document.status},
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return report_file_response(document)


TIER_LABELS = {**dict(RiskLevel.choices), NOT_ASSESSED: _("Not assessed")}


def _regime_choices() -> list[tuple[str, str]]:
    """The regimes by name in the reader's language (the engine's names are catalogue texts)."""
    return [("", str(_("Any"))), *[(code, text(str(name))) for code, name in Regime.choices]]


class RegisterFilterForm(forms.Form):
    """The register's filters as a web form; days are whole UTC days."""

    detected_from = forms.DateField(
        required=False,
        label=_("Detected from (UTC day)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    detected_to = forms.DateField(
        required=False,
        label=_("Detected to (UTC day, included)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    regime = forms.ChoiceField(label=_("Regime"), choices=_regime_choices, required=False)
    notified = forms.NullBooleanField(
        required=False,
        label=_("Authority notified"),
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    tier = forms.ChoiceField(
        label=_("Risk"),
        choices=[("", _("Any")), *[(t, TIER_LABELS.get(t, t)) for t in TIER_FILTERS]],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False
    )
    include_drills = forms.BooleanField(required=False, label=_("Include drills"))

    def filters(self) -> RegisterFilters:
        """The cleaned form as the selector's filters (the 'to' day is included)."""
        data = self.cleaned_data
        start, end = data.get("detected_from"), data.get("detected_to")
        return RegisterFilters(
            detected_after=_utc_midnight(start) if start else None,
            detected_before=_utc_midnight(end + timedelta(days=1)) if end else None,
            regime=data.get("regime") or None,
            notified=data.get("notified"),
            tier=data.get("tier") or None,
            status=data.get("status") or None,
            include_drills=bool(data.get("include_drills")),
        )


def _utc_midnight(day: date) -> datetime:
    """The start of a day in UTC."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def _export_query(filters: RegisterFilters) -> str:
    """The API export's query string for the same filters."""
    params: dict[str, str] = {}
    for name, value in asdict(filters).items():
        if value is None or (name == "include_drills" and not value):
            continue
        if isinstance(value, datetime):
            params[name] = value.isoformat()
        else:
            params[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return urlencode(params)


@functools.cache
def _choice_labels(choices: Any) -> dict[str, Any]:
    """A choice class's codes and (lazy) labels, built once: labels translate when shown."""
    return dict(choices.choices)


def _labels(codes: list[str], choices: Any) -> list[str]:
    """Stored choice codes in words (a code no choice knows stays as it is)."""
    known = _choice_labels(choices)
    return [str(known.get(code, code)) for code in codes]


def register_row(entry: Any) -> dict[str, Any]:
    """What the register page shows of an entry: codes in words, one row per regime decision."""
    statuses = _choice_labels(ObligationStatus)
    regimes = _choice_labels(Regime)
    decisions = [
        {
            "decision": decision,
            "regime": regimes.get(decision.regime, ""),
            "status": str(statuses.get(decision.status, decision.status)),
            "reason": reason_text(decision.reason) if decision.reason else "",
            "deadline": decision.due_at or decision.target_at,
        }
        for decision in entry.decisions
    ]
    return {
        "entry": entry,
        "nature": _labels(entry.nature, BreachType),
        "categories": _labels(entry.data_categories, DataCategory),
        "tier": TIER_LABELS.get(entry.tier) if entry.tier else None,
        "decisions": decisions,
    }


def _filters_content(form: RegisterFilterForm, request: HttpRequest) -> tuple[Any, ...]:
    """What the filter bar is made from: whether the form is bound, its fields' values."""
    values = [(name, request.GET.getlist(name)) for name in form.fields]
    return ("register-filters", form.is_bound, values)


def _filters_context(form: RegisterFilterForm) -> dict[str, Any]:
    return {"form": form}


def _register_context(source: RegisterSource, now: datetime) -> dict[str, Any]:
    """The context of one register entry's fragment."""
    return {"row": register_row(register_entry(source.built(), now=now))}


@page
@capability_required("register.view")
def register_page(request: HttpRequest) -> HttpResponse:
    """GDPR Art. 33(5): every breach, notified or not, with the reasoning; filter and export."""
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else RegisterFilters()
    paginator = Paginator(register_rows(filters=filters), 100)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    # An entry is keyed on the rows it is built from (config/fragments): one rendered before
    # with the same rows comes from the cache without being built.
    sources = register_sources(list(page.object_list), now=now)
    context = {
        "form": form,
        # The bar shows its fields' values and errors in the reader's words: equal for equal
        # values of its fields (config/fragments keys on the language).
        "filters": render_content_fragments(
            "compliance/_register_filters.html",
            [(_filters_content(form, request), functools.partial(_filters_context, form))],
        )[0],
        "page": page,
        "entries": render_content_fragments(
            "compliance/_register_entry.html",
            [
                (source.content, functools.partial(_register_context, source, now))
                for source in sources
            ],
        ),
        "export_query": _export_query(filters),
    }
    return render(request, "compliance/register.html", context)


@page
@capability_required("incident.view")
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Each regime the engine applies: versions and dates, source, facts needed, rules to verify."""
    today = timezone.localdate(timezone.now())
    groups: dict[str, list[Any]] = {}
    for version in regime_versions(on=today):
        groups.setdefault(version.regime.code, []).append(version)
    context = {"today": today, "regimes": list(groups.items())}
    return render(request, "compliance/coverage.html", context)
