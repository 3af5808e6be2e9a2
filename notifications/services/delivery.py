"""Sending outbox messages: publish work, claim a row, deliver it, record, retry or dead-letter.

A row is claimed (status 'sending', claimed_at) in its own short transaction before the network
call, so no lock is held while a receiver answers and two workers never send the same row. A
worker that dies after claiming leaves the row 'sending'; when the lease runs out the sweep hands
it out again. Rows that were never claimed stay 'pending' and the sweep's dispatch tasks find them.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerError

from config.errors import Conflict
from config.jobs import job_task
from config.transactions import write_transaction
from incidents.audit import audit_record
from notifications import selectors
from notifications.channels import Delivered, RecipientGone, TransportError, transport_for
from notifications.conf import notification_settings
from notifications.models import (
    Channel,
    DeliveryOutcome,
    OutboxMessage,
    OutboxStatus,
    WebhookDelivery,
)

logger = logging.getLogger(__name__)
ERROR_LIMIT = 2000
# One send task carries at most this many message ids (an event fans out to a few recipients).
IDS_PER_TASK = 50
# The tasks' registered names (notifications/tasks.py), looked up rather than imported.
OUTBOX_SEND_TASK = "notifications.tasks.outbox_send_task"
OUTBOX_DISPATCH_TASK = "notifications.tasks.outbox_dispatch_task"


def _publish(task: Any, arguments: list[tuple[Any, ...]]) -> int:
    """Publish one task per argument tuple; with the broker down, log it and leave it to the sweep."""
    if task.app.conf.task_always_eager:
        for args in arguments:
            task.apply_async(args)
        return len(arguments)
    published = 0
    try:
        with task.app.producer_or_acquire() as producer:
            # Fail fast: a web request must not wait for a broker that is down.
            producer.connection.ensure_connection(max_retries=0)
            for args in arguments:
                task.apply_async(args, producer=producer)
                published += 1
    except (BrokerError, OSError) as exc:
        logger.warning("Broker unavailable (%s): the sweep will send what waits.", exc)
    return published


def outbox_enqueue(message_ids: list[int]) -> int:
    """Publish send tasks for these messages (a few ids per task); returns tasks published."""
    chunks = [message_ids[i : i + IDS_PER_TASK] for i in range(0, len(message_ids), IDS_PER_TASK)]
    return _publish(job_task(OUTBOX_SEND_TASK), [(chunk,) for chunk in chunks])


def outbox_enqueue_events(*, event_keys: list[str]) -> int:
    """Publish the send tasks for the pending messages of one change's events, after commit."""
    return outbox_enqueue(selectors.outbox_pending_ids_for_keys(event_keys=event_keys))


def outbox_dispatch_enqueue(count: int) -> int:
    """Publish `count` dispatch tasks, each draining due messages."""
    return _publish(job_task(OUTBOX_DISPATCH_TASK), [()] * count)


def outbox_claim(*, now: datetime, message_id: int | None = None) -> OutboxMessage | None:
    """Claim one due pending message (this one, or the next due), skipping rows others hold."""
    with transaction.atomic():
        due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        if message_id is not None:
            due = due.filter(pk=message_id)
        pk = (
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return None
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
    return OutboxMessage.objects.select_related("event", "user", "subscription").get(pk=pk)


def outbox_deliver(message: OutboxMessage, *, now: datetime) -> str:
    """Hand a claimed message to its transport and record what happened, as of the claim."""
    try:
        delivered = transport_for(message.channel).notify(message)
    except TransportError as error:
        return outbox_record_failure(message=message, error=error, now=now)
    return outbox_record_success(message=message, delivered=delivered, now=now)


def outbox_send(*, message_id: int, now: datetime) -> str | None:
    """Send one message if it is due and free; returns its new status, or None if not taken."""
    message = outbox_claim(now=now, message_id=message_id)
    return outbox_deliver(message, now=now) if message is not None else None


def outbox_dispatch(*, max_messages: int, max_seconds: float, clock: Callable[[], datetime]) -> int:
    """Send due messages one claim at a time until none is left or the budget is spent.

    The loop outlives one instant, so its task hands it the clock to read at each claim.
    """
    started, sent = time.monotonic(), 0
    while sent < max_messages and time.monotonic() - started < max_seconds:
        now = clock()
        message = outbox_claim(now=now)
        if message is None:
            break
        outbox_deliver(message, now=now)
        sent += 1
    return sent


def _finish(message: OutboxMessage, *, now: datetime, **changes: Any) -> bool:
    """Apply the outcome only if this sender still holds the claim (its lease did not expire)."""
    updated = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxStatus.SENDING, claimed_at=message.claimed_at
    ).update(updated_at=now, **changes)
    if not updated:
        logger.warning("Outbox message %s was re-claimed after its lease expired.", message.pk)
    return bool(updated)


def _log_delivery(
    message: OutboxMessage, *, outcome: str, now: datetime, result: Delivered | TransportError
) -> None:
    """Add a row to the webhook delivery log."""
    if message.channel != Channel.WEBHOOK:
        return
    WebhookDelivery.objects.create(
        message=message,
        subscription=message.subscription,
        attempt=message.attempts,
        attempted_at=now,
        outcome=outcome,
        status_code=result.status_code,
        duration_ms=result.duration_ms,
        error=result.message[:ERROR_LIMIT] if isinstance(result, TransportError) else "",
        response_excerpt=result.response_excerpt,
    )


@write_transaction
def outbox_record_success(*, message: OutboxMessage, delivered: Delivered, now: datetime) -> str:
    """Mark a message sent and log the delivery."""
    _finish(message, now=now, status=OutboxStatus.SENT, sent_at=now, claimed_at=None, last_error="")
    _log_delivery(message, outcome=DeliveryOutcome.SUCCESS, now=now, result=delivered)
    return OutboxStatus.SENT


@write_transaction
def outbox_record_failure(*, message: OutboxMessage, error: TransportError, now: datetime) -> str:
    """Schedule the next try with exponential backoff, or dead-letter after the last one."""
    config = notification_settings()
    if isinstance(error, RecipientGone):
        status = OutboxStatus.CANCELLED
    elif error.permanent or message.attempts >= config.max_attempts:
        status = OutboxStatus.DEAD
    else:
        status = OutboxStatus.PENDING
    changes: dict[str, Any] = {
        "status": status,
        "claimed_at": None,
        "last_error": error.message[:ERROR_LIMIT],
    }
    if status == OutboxStatus.PENDING:
        changes["next_attempt_at"] = now + config.backoff(message.attempts)
    _finish(message, now=now, **changes)
    outcome = DeliveryOutcome.RETRY if status == OutboxStatus.PENDING else DeliveryOutcome.DEAD
    _log_delivery(message, outcome=outcome, now=now, result=error)
    if status == OutboxStatus.DEAD:
        logger.error("Outbox message %s dead-lettered: %s", message.pk, error.message)
    return status


def outbox_release_stale(*, now: datetime) -> int:
    """Hand back messages whose sender died mid-send (lease expired); dead-letter worn-out ones."""
    config = notification_settings()
    stale = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=now - config.lease
    )
    note = "The sender stopped before recording a result (lease expired)."
    dead = stale.filter(attempts__gte=config.max_attempts).update(
        status=OutboxStatus.DEAD, claimed_at=None, last_error=note, updated_at=now
    )
    released = stale.update(
        status=OutboxStatus.PENDING,
        claimed_at=None,
        next_attempt_at=now,
        last_error=note + " Trying again.",
        updated_at=now,
    )
    return dead + released


def outbox_requeue(*, now: datetime) -> dict[str, int]:
    """Release expired leases and publish enough dispatch tasks for what is due (retries too)."""
    config = notification_settings()
    released = outbox_release_stale(now=now)
    due = selectors.outbox_due_count(
        now=now, limit=config.dispatch_batch * config.dispatch_parallel
    )
    tasks = min(math.ceil(due / config.dispatch_batch), config.dispatch_parallel)
    return {"released": released, "due": due, "dispatched": outbox_dispatch_enqueue(tasks)}


@write_transaction
def outbox_redeliver(*, message: OutboxMessage, actor: Any, now: datetime) -> None:
    """Give a dead letter a fresh set of attempts and send it again."""
    updated = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.DEAD).update(
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        claimed_at=None,
        updated_at=now,
    )
    if not updated:
        raise Conflict("Only a dead-lettered message can be redelivered.")
    audit_record(
        now=now,
        actor=actor,
        action="redeliver",
        obj=message,
        incident=message.event.incident,
        changes={"status": {"before": OutboxStatus.DEAD, "after": OutboxStatus.PENDING}},
    )
    transaction.on_commit(partial(outbox_enqueue, [message.pk]), robust=True)
