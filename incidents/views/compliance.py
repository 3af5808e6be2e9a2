"""Record a notice sent for an obligation, and an ENISA risk assessment, from the web pages.

Both answer POST only: success goes back to the page the form was on; refused input comes back
as a page with the form and each message next to its field (400), nothing written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from compliance.models import Obligation
from compliance.services import assessment_record, submission_record
from config.errors import ValidationFailed
from incidents import selectors
from incidents.choices import RiskLevel
from incidents.forms import form_add_errors
from incidents.forms.compliance import RiskAssessmentForm, SubmissionForm, risk_initial
from incidents.models import Incident
from incidents.roles import has_capability
from incidents.views.access import capability_required


def next_url(request: HttpRequest, default: str) -> str:
    """The page the form was posted from, if it is on this site; else the default."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def submission_form_for(obligation: Obligation, *, now: Any, data: Any = None) -> SubmissionForm:
    """The notice form of one obligation, marking the delay reasons needed once it is late."""
    late = obligation.due_at is not None and obligation.due_at < now
    return SubmissionForm(
        data,
        obligation=obligation,
        zone_name=timezone.get_current_timezone_name(),
        late=late and obligation.submitted_at is None,
    )


def submission_forms_attach(user: Any, obligations: Any, *, now: Any) -> None:
    """Give each obligation its notice form when this person may record submissions."""
    if not has_capability(user, "submission.write"):
        return
    for obligation in obligations:
        obligation.submission_form = submission_form_for(obligation, now=now)


@require_http_methods(["GET", "POST"])
@capability_required("submission.write")
def submission_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a notice sent for one obligation (initial, follow-up or final).

    GET shows the form on its own page: the deadline board links each row here rather than
    render a hundred forms of which a person opens at most one.
    """
    obligation = get_object_or_404(selectors.obligations_open(user=request.user), pk=pk)
    room = reverse("incident-detail", args=[obligation.incident.reference])
    back = next_url(request, f"{room}#obligation-{obligation.pk}")
    if request.method == "GET":
        form = submission_form_for(obligation, now=timezone.now())
        return render(
            request,
            "incidents/submission_record.html",
            {"obligation": obligation, "form": form, "back": back},
        )
    form = submission_form_for(obligation, now=timezone.now(), data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission_record(
                now=timezone.now(),
                actor=request.user,
                obligation=obligation,
                phase=data["phase"],
                submitted_at=data["submitted_at"],
                channel=data["channel"],
                regulator_reference=data["regulator_reference"],
                delay_reasons=data["delay_reasons"],
            )
        except ValidationFailed as error:
            form_add_errors(form, error.fields)
        else:
            messages.success(
                request,
                _("Submission recorded for %(basis)s → %(recipient)s.")
                % {"basis": obligation.legal_basis, "recipient": obligation.recipient},
            )
            return redirect(back)
    context = {"obligation": obligation, "form": form, "back": back}
    return render(request, "incidents/submission_record.html", context, status=400)


@require_POST
@capability_required("assessment.write")
def risk_assess_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an ENISA assessment of the incident; its tier drives notifiability."""
    incident = get_object_or_404(Incident, reference=reference)
    back = reverse("incident-detail", args=[reference]) + "#risk"
    form = RiskAssessmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assessment = assessment_record(
                now=timezone.now(),
                actor=request.user,
                incident=incident,
                inputs=form.inputs(),
                override_tier=data["override_tier"],
                override_rationale=data["override_rationale"],
                consequences=data["consequences"],
            )
        except ValidationFailed as error:
            form_add_errors(form, error.fields)
        else:
            messages.success(
                request,
                _("Risk assessed: %(tier)s (score %(score)s).")
                % {"tier": RiskLevel(assessment.effective_tier).label, "score": assessment.score},
            )
            return redirect(back)
    context = {"incident": incident, "risk_form": form, "back": back}
    return render(request, "incidents/risk_assess.html", context, status=400)


def risk_form_for(user: Any, incident: Incident, assessment: Any) -> RiskAssessmentForm | None:
    """The room's ENISA form, prefilled, for people who may assess."""
    if not has_capability(user, "assessment.write"):
        return None
    return RiskAssessmentForm(initial=risk_initial(incident, assessment))
