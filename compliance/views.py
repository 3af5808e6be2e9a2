"""Web pages of the compliance app: an incident's report documents, generation and download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from compliance.downloads import report_file_response
from compliance.models import ReportKind, ReportLanguage, ReportStatus
from compliance.report_selectors import report_document_list
from compliance.report_services import report_request
from config.errors import ValidationFailed
from incidents.roles import has_capability
from incidents.selectors import incident_list


class ReportRequestForm(forms.Form):
    """Which report of this incident to generate."""

    kind = forms.ChoiceField(
        choices=[(k.value, k.label) for k in ReportKind if k != ReportKind.REGISTER]
    )
    language = forms.ChoiceField(
        choices=[("", _("The kind's language")), *ReportLanguage.choices], required=False
    )
    final = forms.BooleanField(required=False, help_text=_("Refused while facts are missing."))


@login_required
@require_http_methods(["GET", "POST"])
def incident_reports(request: HttpRequest, reference: str) -> HttpResponse:
    """The incident's report versions, newest first, and a form to generate another."""
    incident = get_object_or_404(incident_list(user=request.user), reference=reference)
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST":
        if not has_capability(request.user, "report.generate"):
            return HttpResponseForbidden()
        if form.is_valid():
            try:
                report_request(actor=request.user, incident=incident, **form.cleaned_data)
            except ValidationFailed as exc:
                for field, errors in exc.fields.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The report is being generated."))
                return redirect("incident-reports", reference=incident.reference)
    documents = report_document_list(user=request.user).filter(incident=incident)
    context = {"incident": incident, "documents": documents, "form": form}
    return render(request, "compliance/incident_reports.html", context)


@login_required
@require_safe
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
