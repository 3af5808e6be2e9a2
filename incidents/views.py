"""Web pages of the incidents app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from incidents.models import Incident
from incidents.selectors import incident_detail_queryset, incident_list


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The landing page: open incidents, newest first."""
    incidents = incident_list(user=request.user).exclude(status="closed")[:50]
    return render(request, "incidents/dashboard.html", {"incidents": incidents})


@require_GET
@login_required
def incident_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One incident with its obligations."""
    incident: Incident = get_object_or_404(
        incident_detail_queryset(user=request.user), reference=reference
    )
    return render(request, "incidents/detail.html", {"incident": incident})
