"""Writes of the notifications app (split by concern; import from here).

Other apps call `event_emit` to announce what happened; `incident_changed_emit` is the one line
`incidents.services.incident_after_change` calls; compliance events arrive through
`compliance_event_receive`, connected in `NotificationsConfig.ready()`.
"""

from __future__ import annotations

from typing import Any

from notifications.services.alerts import (
    alert_stage,
    deadline_alerts_create,
    notifications_sweep,
)
from notifications.services.delivery import (
    outbox_dispatch,
    outbox_enqueue,
    outbox_redeliver,
    outbox_release_stale,
    outbox_requeue,
    outbox_send,
)
from notifications.services.inbox import (
    calendar_feed_token_get,
    calendar_feed_token_revoke,
    calendar_feed_token_rotate,
    notification_mark_read,
    notifications_mark_all_read,
)
from notifications.services.outbox import event_emit
from notifications.services.subscriptions import (
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
)


def incident_changed_emit(*, incident: Any, actor: Any, created: bool) -> str:
    """Announce a new or changed incident (incident.created / incident.updated, once per version)."""
    event = "incident.created" if created else "incident.updated"
    return event_emit(
        event=event,
        incident=incident,
        obj=incident,
        payload={"version": incident.version},
        actor=actor,
    )


__all__ = [
    "alert_stage",
    "calendar_feed_token_get",
    "calendar_feed_token_revoke",
    "calendar_feed_token_rotate",
    "deadline_alerts_create",
    "event_emit",
    "incident_changed_emit",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_sweep",
    "outbox_dispatch",
    "outbox_enqueue",
    "outbox_redeliver",
    "outbox_release_stale",
    "outbox_requeue",
    "outbox_send",
    "webhook_subscription_create",
    "webhook_subscription_delete",
    "webhook_subscription_rotate_secret",
    "webhook_subscription_update",
]
