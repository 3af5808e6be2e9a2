"""Writes a user makes on their own notifications and calendar feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from config.transactions import write_transaction
from incidents.audit import audit_record
from notifications.models import CalendarFeedToken, Notification, calendar_token_generate


def notification_mark_read(*, user: Any, notification: Notification, now: datetime) -> None:
    """Mark one of the user's notifications read (again is harmless)."""
    Notification.objects.filter(pk=notification.pk, user=user, read_at__isnull=True).update(
        read_at=now
    )


def notifications_mark_all_read(*, user: Any, now: datetime) -> int:
    """Mark all of the user's unread notifications read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)


def calendar_feed_token_get(*, user: Any) -> CalendarFeedToken:
    """The user's calendar-feed token, created on first use."""
    token, _ = CalendarFeedToken.objects.get_or_create(user=user)
    return token


@write_transaction
def calendar_feed_token_rotate(*, user: Any, now: datetime) -> CalendarFeedToken:
    """Issue a new feed URL; the old one stops working at once."""
    token, created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        token.token = calendar_token_generate()
        token.created_at = now
        token.last_used_at = None
        token.save()
    audit_record(now=now, actor=user, action="rotate_calendar_feed", obj=token)
    return token


@write_transaction
def calendar_feed_token_revoke(*, user: Any, now: datetime) -> None:
    """Switch the user's calendar feed off."""
    deleted, _ = CalendarFeedToken.objects.filter(user=user).delete()
    if deleted:
        audit_record(
            now=now,
            actor=user,
            action="revoke_calendar_feed",
            object_type="notifications.CalendarFeedToken",
        )
