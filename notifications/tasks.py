"""Thin Celery tasks: each loads by id and calls a service; the database decides what happens."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from notifications import services

# Only a database hiccup is worth a Celery retry; delivery failures are scheduled in the outbox.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    ignore_result=True,
)
def outbox_send_task(message_id: int) -> str | None:
    """Send one outbox message if it is still due (a duplicate task finds nothing to do)."""
    return services.outbox_send(message_id=message_id)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def notifications_sweep_task() -> dict[str, int]:
    """The every-minute sweep: deadline alerts, expired leases, due sends and retries."""
    return services.notifications_sweep()
