"""The DPO's deadline board: every obligation across incidents, soonest deadline first."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from compliance.figures_cache import FiguresCache
from compliance.models import Obligation, ObligationStatus
from config.fragments import render_fragments
from incidents import selectors
from incidents.filters import DeadlineBoardFilter
from incidents.roles import has_capability
from incidents.views.access import capability_required, page

PAGE_SIZE = 100
# The statuses in words (lazy: each reader's language); get_status_display would rebuild this
# mapping for every row.
STATUS_LABELS = dict(ObligationStatus.choices)


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
    records_submissions = has_capability(request.user, "submission.write")
    here = request.get_full_path()
    obligations = list(page)
    # The cells that do not change with the clock are rendered once per content.
    cells = render_fragments(
        "incidents/board/_row_cells.html",
        [{"row": _row(o, records_submissions, here)} for o in obligations],
    )
    context = {
        "filter": filterset,
        "page": page,
        "rows": list(zip(obligations, cells, strict=True)),
        "now": now,
    }
    return render(request, "incidents/board.html", context)


def _row(obligation: Obligation, records_submissions: bool, here: str) -> dict[str, Any]:
    """What a board row shows besides its countdown, as plain values."""
    return {
        "pk": obligation.pk,
        "deadline": obligation.deadline,  # type: ignore[attr-defined]
        "due_at": obligation.due_at,
        "target_at": obligation.target_at,
        "regime": obligation.regime,
        "legal_basis": obligation.legal_basis,
        "recipient": obligation.recipient,
        "entity": obligation.entity.legal_name if obligation.entity else "",
        "reference": obligation.incident.reference,
        "title": obligation.incident.title,
        "status": obligation.status,
        "status_label": STATUS_LABELS.get(obligation.status, obligation.status),
        "records_submissions": records_submissions,
        "next": here,
    }
