"""Web pages of the notifications app: the calendar feed, the inbox, webhooks and dead letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.errors import Conflict
from incidents.roles import has_capability
from notifications import selectors, services
from notifications.calendar import calendar_feed
from notifications.models import CalendarFeedToken

PAGE_ROWS = 100


@never_cache
@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The user's deadlines and tasks as iCalendar; the secret in the URL is the credential."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("Unknown calendar feed.")
    CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    body = calendar_feed(
        name=f"Breachdesk: {feed.user.get_username()}",
        obligations=selectors.calendar_obligations(user=feed.user),
        tasks=selectors.calendar_tasks(user=feed.user),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="breachdesk.ics"'
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    """The inbox; POST marks everything read."""
    if request.method == "POST":
        services.notifications_mark_all_read(user=request.user)
        return redirect("notification-list")
    rows = selectors.notification_list(user=request.user)[:PAGE_ROWS]
    return render(request, "notifications/list.html", {"notifications": rows})


def _require_webhook_manager(request: HttpRequest) -> None:
    if not has_capability(request.user, "webhook.manage"):
        raise PermissionDenied


@login_required
def webhook_settings_view(request: HttpRequest) -> HttpResponse:
    """Subscriptions, the latest deliveries and the dead letters (administrators)."""
    _require_webhook_manager(request)
    context = {
        "subscriptions": selectors.webhook_subscription_list(),
        "deliveries": selectors.webhook_delivery_list()[:PAGE_ROWS],
        "dead_letters": selectors.dead_letter_list()[:PAGE_ROWS],
    }
    return render(request, "notifications/webhooks.html", context)


@login_required
@require_POST
def dead_letter_redeliver_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a dead letter again."""
    _require_webhook_manager(request)
    message = get_object_or_404(selectors.dead_letter_list(), pk=pk)
    try:
        services.outbox_redeliver(message=message, actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Message {message.pk} is queued again.")
    return redirect("webhook-settings")
