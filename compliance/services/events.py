"""Announce compliance events through the notifications app when it provides `event_emit`."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def event_emit_if_available(
    *,
    event: str,
    incident: Any = None,
    obj: Any = None,
    payload: dict[str, Any],
    actor: Any = None,
    key: str | None = None,
    now: datetime,
) -> None:
    """Emit the event if the notifications app offers event_emit; otherwise do nothing."""
    try:
        from notifications.services import event_emit
    except ImportError:
        return
    extra = {"key": key} if key else {}
    event_emit(
        event=event, incident=incident, obj=obj, payload=payload, actor=actor, now=now, **extra
    )
