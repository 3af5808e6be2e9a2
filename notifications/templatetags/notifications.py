"""Template tags: the unread-notification count for the page header."""

from __future__ import annotations

from typing import Any

from django import template

from notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many of the user's in-app notifications are unread."""
    return notification_unread_count(user=user)
