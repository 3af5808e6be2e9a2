"""Thin Celery tasks: each loads by id and calls a service; the database decides what happens."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from notifications import services
from notifications.conf import notification_settings
from notifications.services.delivery import OUTBOX_DISPATCH_TASK, OUTBOX_SEND_TASK

# Only a database hiccup is worth a Celery retry; delivery failures are scheduled in the outbox.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
RETRYING = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": True, "retry_backoff_max": 60}


@shared_task(name=OUTBOX_SEND_TASK, max_retries=5, ignore_result=True, **RETRYING)
def outbox_send_task(message_ids: list[int]) -> list[str | None]:
    """Send these outbox messages if still due (a duplicate task finds nothing to do)."""
    return [services.outbox_send(message_id=pk) for pk in message_ids]


@shared_task(name=OUTBOX_DISPATCH_TASK, max_retries=3, ignore_result=True, **RETRYING)
def outbox_dispatch_task() -> int:
    """Send due messages, one claim at a time, within a time budget."""
    config = notification_settings()
    return services.outbox_dispatch(
        max_messages=config.dispatch_batch, max_seconds=config.dispatch_seconds
    )


@shared_task(max_retries=3, ignore_result=True, **RETRYING)
def notifications_sweep_task() -> dict[str, int]:
    """The every-minute sweep: deadline alerts, expired leases, due sends and retries."""
    return services.notifications_sweep()
