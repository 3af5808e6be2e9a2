"""The demo's first-run page: what each demo incident shows and where to click."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.demo_situations import PAST_SITUATIONS, SITUATIONS
from incidents.models import Incident
from incidents.views.access import page


@page
def welcome(request: HttpRequest) -> HttpResponse:
    """Open to everyone in demo mode (it names only demo data); absent otherwise."""
    if not settings.BREACHDESK.get("DEMO"):
        raise Http404("The welcome page is part of the demo.")
    situations = {**SITUATIONS, **PAST_SITUATIONS}
    references = dict(
        Incident.objects.filter(title__in=situations).values_list("title", "reference")
    )
    drills = Incident.objects.filter(is_drill=True).order_by("reference")
    rows = [
        {"reference": references[title], "title": title, "shows": shows}
        for title, shows in situations.items()
        if title in references
    ]
    context = {"situations": rows, "drills": drills.values("reference", "title", "status")}
    return render(request, "incidents/welcome.html", context)
