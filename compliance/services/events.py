"""Compliance events (an obligation overdue, a submission recorded, a report generated).

The notifications app sits above compliance (docs/architecture.md), so compliance never imports
it: it sends ``compliance_event`` and the notifications app, when installed, connects its
``event_emit`` in ``NotificationsConfig.ready()``. Without a receiver the event goes nowhere.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# Sent with event, incident, obj, payload, actor and key, the arguments of event_emit.
compliance_event = Signal()


def event_emit_if_available(
    *,
    event: str,
    incident: Any = None,
    obj: Any = None,
    payload: dict[str, Any],
    actor: Any = None,
    key: str | None = None,
) -> None:
    """Announce the event to whoever listens (the notifications app turns it into messages)."""
    compliance_event.send(
        sender=None, event=event, incident=incident, obj=obj, payload=payload, actor=actor, key=key
    )
