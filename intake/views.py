"""The triage page: new signals, who owns them, and what became of them."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from incidents.views.access import capability_required, form_page
from intake import selectors, services
from intake.models import Alert, AlertStatus

PAGE_SIZE = 50
TABS = [(status.value, status.label) for status in AlertStatus]


@form_page
@capability_required("alert.triage")
def triage(request: HttpRequest) -> HttpResponse:
    """List alerts by status with search; acknowledge, dismiss or promote them."""
    if request.method == "POST":
        return _triage_action(request)
    status = request.GET.get("status") or AlertStatus.NEW
    if status not in AlertStatus.values:
        status = AlertStatus.NEW
    search = request.GET.get("q", "").strip()[:200]
    queryset = selectors.alert_list(status=status, search=search)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "search": search,
        "tabs": [(value, label) for value, label in TABS],
        "counts": selectors.alert_counts(),
        "now": timezone.now(),
    }
    return render(request, "intake/triage.html", context)


def _triage_action(request: HttpRequest) -> HttpResponse:
    """One POST, one decision: acknowledge, dismiss (with a reason) or promote the chosen alerts."""
    action = request.POST.get("action", "")
    ids = [int(v) for v in request.POST.getlist("alert") if v.isdigit()]
    now = timezone.now()
    back = redirect(f"{request.path}?status={request.POST.get('status', AlertStatus.NEW)}")
    try:
        if action == "promote":
            alerts = list(Alert.objects.filter(pk__in=ids))
            incident = services.alerts_promote(actor=request.user, alerts=alerts, now=now)
            messages.success(request, _("Incident %(ref)s opened.") % {"ref": incident.reference})
            return redirect("incident-detail", incident.reference)
        if not ids:
            messages.error(request, _("Choose an alert."))
            return back
        alert = get_object_or_404(Alert, pk=ids[0])
        if action == "acknowledge":
            services.alert_acknowledge(actor=request.user, alert=alert, now=now)
            messages.success(request, _("Alert acknowledged."))
        elif action == "dismiss":
            reason = request.POST.get("reason", "")
            services.alert_dismiss(actor=request.user, alert=alert, reason=reason, now=now)
            messages.success(request, _("Alert dismissed."))
        else:
            messages.error(request, _("Unknown action."))
    except ApplicationError as error:
        detail = "; ".join(m for msgs in error.fields.values() for m in msgs) or error.message
        messages.error(request, detail)
    return back
