"""Admin for the outbox, webhook subscriptions and their delivery log, notifications, feeds."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.utils import timezone

from config.errors import Conflict
from notifications import services
from notifications.models import (
    CalendarFeedToken,
    Notification,
    OutboxEvent,
    OutboxMessage,
    WebhookDelivery,
    WebhookSubscription,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: viewable, never edited by hand."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    exclude = ["secret"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ["key", "name", "incident", "is_drill", "created_at"]
    list_filter = ["name", "is_drill"]
    search_fields = ["key"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["event", "channel", "recipient", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "channel", "event__name", "event__is_drill"]
    list_select_related = ["event"]
    search_fields = ["event__key", "recipient", "uuid"]
    actions = ["redeliver"]

    @admin.action(description="Redeliver the selected dead letters")
    def redeliver(self, request: Any, queryset: Any) -> None:
        done = 0
        for message in queryset:
            try:
                services.outbox_redeliver(now=timezone.now(), message=message, actor=request.user)
                done += 1
            except Conflict:
                continue
        self.message_user(request, f"{done} message(s) queued again.", messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["message", "subscription", "attempt", "attempted_at", "status_code", "outcome"]
    list_filter = ["outcome", "subscription"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_filter = ["event"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    exclude = ["token"]
