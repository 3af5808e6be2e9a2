"""The outbox: write one row per (event, channel, recipient), then send, retry or dead-letter it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from notifications import selectors
from notifications.channels import Delivered, RecipientGone, TransportError, transport_for
from notifications.conf import notification_settings
from notifications.content import incident_path, incident_summary, message_text
from notifications.models import (
    Channel,
    DeliveryOutcome,
    Event,
    OutboxMessage,
    OutboxStatus,
    WebhookDelivery,
)
from notifications.recipients import Directory

logger = logging.getLogger(__name__)

# Which channels reach people for each event; webhooks get every event they subscribed to.
INTERNAL_CHANNELS: dict[str, tuple[str, ...]] = {
    Event.INCIDENT_CREATED: (Channel.IN_APP, Channel.EMAIL),
    Event.INCIDENT_UPDATED: (Channel.IN_APP,),
    Event.OBLIGATION_CREATED: (Channel.IN_APP, Channel.EMAIL),
    Event.OBLIGATION_DUE_SOON: (Channel.IN_APP, Channel.EMAIL),
    Event.OBLIGATION_OVERDUE: (Channel.IN_APP, Channel.EMAIL),
    Event.SUBMISSION_RECORDED: (Channel.IN_APP,),
    Event.TASK_ASSIGNED: (Channel.IN_APP, Channel.EMAIL),
    Event.TASK_DUE_SOON: (Channel.IN_APP, Channel.EMAIL),
    Event.TASK_OVERDUE: (Channel.IN_APP, Channel.EMAIL),
    Event.REPORT_GENERATED: (Channel.IN_APP,),
}
ERROR_LIMIT = 2000


def event_key_default(*, event: str, obj: Any, incident: Any) -> str:
    """event:app.model:pk[:vN]: one key per object and version, so a re-emit writes nothing new."""
    target = obj if obj is not None else incident
    if target is None or target.pk is None:
        raise ValueError("event_emit needs a saved obj or incident, or an explicit key.")
    key = f"{event}:{target._meta.label_lower}:{target.pk}"
    version = getattr(target, "version", None)
    return f"{key}:v{version}" if version is not None else key


def outbox_rows_build(
    *,
    event: str,
    event_key: str,
    incident: Any,
    data: dict[str, Any],
    users: Iterable[Any],
    directory: Directory,
    now: datetime,
) -> list[OutboxMessage]:
    """Unsaved outbox rows: each user on the event's channels, plus its webhook subscribers."""
    is_drill = bool(incident is not None and incident.is_drill)
    subject, body = message_text(event, data, is_drill=is_drill)
    common = dict(
        event=event,
        event_key=event_key,
        incident=incident,
        is_drill=is_drill,
        subject=subject,
        body=body,
        url=incident_path(incident) if incident is not None else "",
        payload=data,
        next_attempt_at=now,
        created_at=now,
    )
    rows = [
        OutboxMessage(channel=channel, recipient=f"user:{user.pk}", user=user, **common)
        for user in users
        for channel in INTERNAL_CHANNELS[event]
        if channel != Channel.EMAIL or user.email
    ]
    # Drills never leave the organisation: no webhook rows at all.
    if not is_drill:
        rows += [
            OutboxMessage(
                channel=Channel.WEBHOOK,
                recipient=f"subscription:{subscription.pk}",
                subscription=subscription,
                **common,
            )
            for subscription in directory.subscriptions_for(event)
        ]
    return rows


def outbox_rows_insert(rows: list[OutboxMessage]) -> None:
    """Insert rows, silently keeping the existing one where (event_key, channel, recipient) exists."""
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


@transaction.atomic
def event_emit(
    *,
    event: str,
    incident: Any = None,
    obj: Any = None,
    payload: dict[str, Any],
    actor: Any = None,
    recipients: Iterable[Any] | None = None,
    key: str | None = None,
    now: datetime | None = None,
) -> str:
    """Record an event's messages in the outbox and send them once the caller's transaction commits.

    Webhook subscribers of the event get it (never for drills); internal users get it in-app and,
    for events worth an email, by email: `recipients` when given, else the event's default
    audience minus the actor. Returns the event key; emitting the same key again writes nothing.
    """
    if event not in Event.values:
        raise ValueError(f"Unknown event {event!r}; known events: {', '.join(Event.values)}.")
    now = now or timezone.now()
    event_key = key or event_key_default(event=event, obj=obj, incident=incident)
    data = dict(payload)
    if incident is not None:
        data.setdefault("incident", incident_summary(incident))
    directory = Directory()
    if recipients is None:
        actor_pk = getattr(actor, "pk", None)
        recipients = [u for u in directory.for_event(event, obj) if u.pk != actor_pk]
    rows = outbox_rows_build(
        event=event,
        event_key=event_key,
        incident=incident,
        data=data,
        users=recipients,
        directory=directory,
        now=now,
    )
    outbox_rows_insert(rows)
    transaction.on_commit(partial(outbox_enqueue_event, event_key=event_key), robust=True)
    return event_key


def outbox_enqueue_event(*, event_key: str) -> int:
    """Publish send tasks for an event's pending messages."""
    return outbox_enqueue(selectors.outbox_pending_ids_for_key(event_key=event_key))


def outbox_enqueue(message_ids: list[int]) -> int:
    """Publish one send task per message; with the broker down, log it and leave it to the sweep."""
    from notifications.tasks import outbox_send_task

    if not message_ids:
        return 0
    app = outbox_send_task.app
    if app.conf.task_always_eager:
        for pk in message_ids:
            outbox_send_task.apply_async((pk,))
        return len(message_ids)
    published = 0
    try:
        with app.producer_or_acquire() as producer:
            # Fail fast: a web request must not wait for a broker that is down.
            producer.connection.ensure_connection(max_retries=0)
            for pk in message_ids:
                outbox_send_task.apply_async((pk,), producer=producer, retry=False)
                published += 1
    except (BrokerError, OSError) as exc:
        logger.warning(
            "Broker unavailable (%s): %d of %d messages stay pending for the sweep.",
            exc,
            len(message_ids) - published,
            len(message_ids),
        )
    return published


def outbox_claim(*, message_id: int, now: datetime) -> OutboxMessage | None:
    """Take a due pending message for sending, or None if it is not due or another worker has it."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.status = OutboxStatus.SENDING
        message.claimed_at = now
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
    return (
        OutboxMessage.objects.select_related("user", "subscription", "incident")
        .filter(pk=message_id)
        .first()
    )


def outbox_send(*, message_id: int, now: datetime | None = None) -> str | None:
    """Claim, deliver and record one message; returns its new status, or None if not taken.

    The claim is committed before the network call, so no lock is held while waiting on a
    receiver; a sender that dies after claiming leaves the row 'sending' until its lease
    expires and the sweep hands it out again.
    """
    message = outbox_claim(message_id=message_id, now=now or timezone.now())
    if message is None:
        return None
    try:
        delivered = transport_for(message.channel).notify(message)
    except TransportError as error:
        return outbox_record_failure(message=message, error=error, now=timezone.now())
    return outbox_record_success(message=message, delivered=delivered, now=timezone.now())


def _finish(message: OutboxMessage, **changes: Any) -> bool:
    """Apply the outcome only if this sender still holds the claim (its lease did not expire)."""
    updated = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxStatus.SENDING, claimed_at=message.claimed_at
    ).update(updated_at=timezone.now(), **changes)
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


@transaction.atomic
def outbox_record_success(*, message: OutboxMessage, delivered: Delivered, now: datetime) -> str:
    """Mark a message sent and log the delivery."""
    _finish(message, status=OutboxStatus.SENT, sent_at=now, claimed_at=None, last_error="")
    _log_delivery(message, outcome=DeliveryOutcome.SUCCESS, now=now, result=delivered)
    return OutboxStatus.SENT


@transaction.atomic
def outbox_record_failure(*, message: OutboxMessage, error: TransportError, now: datetime) -> str:
    """Schedule the next try with exponential backoff, or dead-letter after the last one."""
    config = notification_settings()
    if isinstance(error, RecipientGone):
        status = OutboxStatus.CANCELLED
    elif error.permanent or message.attempts >= config.max_attempts:
        status = OutboxStatus.DEAD
    else:
        status = OutboxStatus.PENDING
    changes: dict[str, Any] = dict(status=status, claimed_at=None, last_error=error.message)
    changes["last_error"] = changes["last_error"][:ERROR_LIMIT]
    if status == OutboxStatus.PENDING:
        changes["next_attempt_at"] = now + config.backoff(message.attempts)
    _finish(message, **changes)
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
    """Release expired leases and publish every due pending message (first tries and retries)."""
    released = outbox_release_stale(now=now)
    due = selectors.outbox_due_ids(now=now, limit=notification_settings().requeue_batch)
    return {"released": released, "due": len(due), "enqueued": outbox_enqueue(due)}


@transaction.atomic
def outbox_redeliver(*, message: OutboxMessage, actor: Any, now: datetime | None = None) -> None:
    """Give a dead letter a fresh set of attempts and send it again."""
    from config.errors import Conflict
    from incidents.audit import audit_record

    now = now or timezone.now()
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
        actor=actor,
        action="redeliver",
        obj=message,
        incident=message.incident,
        changes={"status": {"before": OutboxStatus.DEAD, "after": OutboxStatus.PENDING}},
    )
    transaction.on_commit(partial(outbox_enqueue, [message.pk]), robust=True)
