"""The incident list and the intake form that starts a new incident."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ValidationFailed
from incidents import selectors
from incidents.filters import IncidentListFilter
from incidents.forms import IncidentIntakeForm, form_add_errors, utc_to_wall_clock
from incidents.services import incident_create
from incidents.views.access import capability_required, form_page, page
from incidents.views.validation import api_validated

PAGE_SIZE = 50


@page
@capability_required("incident.view")
def incident_list(request: HttpRequest) -> HttpResponse:
    """Incidents filtered by status, severity, month or text, newest first."""
    filterset = IncidentListFilter(request.GET, queryset=selectors.incident_rows(user=request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/incident_list.html", {"filter": filterset, "page": page})


@form_page
@capability_required("incident.create")
def incident_new(request: HttpRequest) -> HttpResponse:
    """Log an incident: a title, when it was detected (with its zone) and what happened."""
    zone_name = timezone.get_current_timezone_name()
    if request.method == "POST":
        form = IncidentIntakeForm(request.POST, zone_name=zone_name)
        if form.is_valid():
            data = api_validated(form, form.payload(form.filled_facts()))
            if data is not None:
                try:
                    incident = incident_create(actor=request.user, data=data)
                except ValidationFailed as error:
                    form_add_errors(form, error.fields)
                else:
                    messages.success(
                        request,
                        _("Incident %(reference)s logged. Its obligations are listed below.")
                        % {"reference": incident.reference},
                    )
                    return redirect("incident-detail", reference=incident.reference)
    else:
        now = utc_to_wall_clock(timezone.now(), timezone.get_current_timezone())
        initial = {"detected_at": now.replace(second=0) if now else None}
        form = IncidentIntakeForm(zone_name=zone_name, initial=initial)
    return render(request, "incidents/intake.html", {"form": form})
