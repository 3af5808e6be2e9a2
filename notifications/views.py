"""Web pages of the notifications app: the calendar feed, the inbox, webhooks and dead letters."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.errors import Conflict, ValidationFailed
from incidents.views.access import capability_required, form_page, page
from notifications import selectors, services
from notifications.calendar import calendar_feed
from notifications.channels import notification_text
from notifications.forms import WebhookSubscriptionForm
from notifications.models import CalendarFeedToken, WebhookSubscription

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


@form_page
@capability_required("incident.view")
def notification_list_view(request: HttpRequest) -> HttpResponse:
    """The inbox; POST marks everything read."""
    if request.method == "POST":
        services.notifications_mark_all_read(now=timezone.now(), user=request.user)
        return redirect("notification-list")
    rows = selectors.notification_list(user=request.user).select_related("message__event")
    language, zone = translation.get_language(), timezone.get_current_timezone_name()
    notes = [
        (note, *notification_text(note, language=language, zone=zone)) for note in rows[:PAGE_ROWS]
    ]
    return render(request, "notifications/list.html", {"notifications": notes})


# Webhook settings are the administrators' (incidents/roles.py, "webhook.manage").
WEBHOOK_MANAGE = "webhook.manage"


@page
@capability_required(WEBHOOK_MANAGE)
def webhook_settings_view(request: HttpRequest) -> HttpResponse:
    """Subscriptions, the latest deliveries and the dead letters (administrators)."""
    context = {
        "subscriptions": selectors.webhook_subscription_list(),
        "deliveries": selectors.webhook_delivery_list()[:PAGE_ROWS],
        "dead_letters": selectors.dead_letter_list()[:PAGE_ROWS],
    }
    return render(request, "notifications/webhooks.html", context)


@require_POST
@capability_required(WEBHOOK_MANAGE)
def dead_letter_redeliver_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a dead letter again."""
    message = get_object_or_404(selectors.dead_letter_list(), pk=pk)
    try:
        services.outbox_redeliver(now=timezone.now(), message=message, actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Message {message.pk} is queued again.")
    return redirect("webhook-settings")


@form_page
@capability_required(WEBHOOK_MANAGE)
def webhook_edit_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a subscription, or change one's name, URL, events and active switch."""
    subscription = get_object_or_404(WebhookSubscription, pk=pk) if pk else None
    initial = (
        {f: getattr(subscription, f) for f in ("name", "url", "events", "is_active")}
        if subscription
        else None
    )
    form = WebhookSubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if subscription is None:
                created = services.webhook_subscription_create(
                    now=timezone.now(), actor=request.user, data=form.cleaned_data
                )
                messages.success(request, _secret_notice(created))
            else:
                services.webhook_subscription_update(
                    now=timezone.now(),
                    actor=request.user,
                    subscription=subscription,
                    data=form.cleaned_data,
                )
            return redirect("webhook-settings")
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    context = {"form": form, "subscription": subscription}
    return render(request, "notifications/webhook_form.html", context)


def _secret_notice(subscription: WebhookSubscription) -> str:
    return (
        f"Signing secret of {subscription.name} (shown once, keep it with the receiver): "
        f"{subscription.secret}"
    )


@require_POST
@capability_required(WEBHOOK_MANAGE)
def webhook_rotate_secret_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace a subscription's signing secret and show the new one once."""
    subscription = services.webhook_subscription_rotate_secret(
        now=timezone.now(),
        actor=request.user,
        subscription=get_object_or_404(WebhookSubscription, pk=pk),
    )
    messages.success(request, _secret_notice(subscription))
    return redirect("webhook-settings")


@require_POST
@capability_required(WEBHOOK_MANAGE)
def webhook_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a subscription (what still waited for it is cancelled)."""
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    services.webhook_subscription_delete(
        now=timezone.now(), actor=request.user, subscription=subscription
    )
    messages.success(request, f"Deleted {subscription.name}.")
    return redirect("webhook-settings")
