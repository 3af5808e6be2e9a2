"""Template tags: the unread-notification count for the page header, webhook events by name."""

from __future__ import annotations

from typing import Any

from django import template

from notifications.models import Event
from notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many of the user's in-app notifications are unread."""
    return notification_unread_count(user=user)


@register.filter
def event_labels(codes: list[str] | None) -> str:
    """A subscription's events as a person reads them ("Obligation overdue, Alert received")."""
    labels = dict(Event.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
