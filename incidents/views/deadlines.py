"""The DPO's deadline board: every obligation across incidents, soonest deadline first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from compliance.figures_cache import FiguresCache
from incidents import selectors
from incidents.filters import DeadlineBoardFilter
from incidents.roles import has_capability
from incidents.views.access import capability_required, page

PAGE_SIZE = 100


@page
@capability_required("incident.view")
def deadline_board(request: HttpRequest) -> HttpResponse:
    """Obligations filtered by regime, recipient, status and time left, coloured by urgency."""
    now = timezone.now()
    filterset = DeadlineBoardFilter(
        request.GET,
        queryset=selectors.obligations_open(user=request.user),
        values=selectors.obligation_filter_values(user=request.user),
        now=now,
    )
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    if filterset.is_valid() and not filterset.form.cleaned_data.get("when"):
        # The count of a selection that does not depend on the clock, cached under the facts'
        # version for people who see every incident (it grows with what is open).
        chosen = tuple(sorted((k, str(v)) for k, v in filterset.form.cleaned_data.items()))
        cache = FiguresCache(sees_everything=selectors.sees_every_incident(request.user))
        paginator.count = cache.get(
            "board_count", chosen, now=now, compute=lambda: (filterset.qs.count(), None)
        )
    page = paginator.get_page(request.GET.get("page"))
    # Each row links to its notice form (obligation-submission answers GET), rendered on demand.
    context = {
        "filter": filterset,
        "page": page,
        "now": now,
        "records_submissions": has_capability(request.user, "submission.write"),
    }
    return render(request, "incidents/board.html", context)
