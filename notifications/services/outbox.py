"""The outbox: every event becomes one row per (event, channel, recipient) before anything is sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction

from config.transactions import write_transaction
from notifications import selectors
from notifications.content import incident_path, incident_summary, message_text
from notifications.models import Channel, Event, OutboxEvent, OutboxMessage
from notifications.recipients import Directory
from notifications.services.delivery import outbox_enqueue_event

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
    Event.ALERT_RECEIVED: (Channel.IN_APP, Channel.EMAIL),
}


def event_key_default(*, event: str, obj: Any, incident: Any) -> str:
    """event:app.model:pk[:vN]: one key per object and version, so a re-emit writes nothing new."""
    target = obj if obj is not None else incident
    if target is None or target.pk is None:
        raise ValueError("event_emit needs a saved obj or incident, or an explicit key.")
    key = f"{event}:{target._meta.label_lower}:{target.pk}"
    version = getattr(target, "version", None)
    return f"{key}:v{version}" if version is not None else key


@dataclass(frozen=True)
class EventDraft:
    """An event about to be written: its key, name, incident, webhook data and internal audience."""

    key: str
    name: str
    incident: Any
    data: dict[str, Any]
    users: list[Any]


def _event_row(draft: EventDraft, now: datetime) -> OutboxEvent:
    """The event row, with the text people read rendered once for all its messages."""
    incident = draft.incident
    is_drill = bool(incident is not None and incident.is_drill)
    subject, body = message_text(draft.name, draft.data, is_drill=is_drill)
    return OutboxEvent(
        key=draft.key,
        name=draft.name,
        incident=incident,
        is_drill=is_drill,
        subject=subject,
        body=body,
        url=incident_path(incident) if incident is not None else "",
        payload=draft.data,
        created_at=now,
    )


def _message_rows(
    draft: EventDraft, event_id: int, directory: Directory, now: datetime
) -> list[OutboxMessage]:
    """One message per user on the event's channels, and one per webhook subscriber."""
    common = {"event_id": event_id, "next_attempt_at": now, "created_at": now}
    rows = [
        OutboxMessage(channel=channel, recipient=f"user:{user.pk}", user=user, **common)
        for user in draft.users
        for channel in INTERNAL_CHANNELS[draft.name]
        if channel != Channel.EMAIL or user.email
    ]
    # Drills never leave the organisation: no webhook messages at all.
    if draft.incident is None or not draft.incident.is_drill:
        rows += [
            OutboxMessage(
                channel=Channel.WEBHOOK,
                recipient=f"subscription:{subscription.pk}",
                subscription=subscription,
                **common,
            )
            for subscription in directory.subscriptions_for(draft.name)
        ]
    return rows


def outbox_write(drafts: list[EventDraft], *, directory: Directory, now: datetime) -> None:
    """Insert the events and their messages; a key or delivery that exists already is kept as is.

    ON CONFLICT DO NOTHING (bulk_create's ignore_conflicts) settles races between sweeps, retried
    tasks and workers without an error and without a second row.
    """
    if not drafts:
        return
    OutboxEvent.objects.bulk_create([_event_row(d, now) for d in drafts], ignore_conflicts=True)
    event_ids = selectors.outbox_event_ids([d.key for d in drafts])
    messages = [
        message
        for draft in drafts
        for message in _message_rows(draft, event_ids[draft.key], directory, now)
    ]
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True, batch_size=500)


@write_transaction
def event_emit(
    *,
    event: str,
    incident: Any = None,
    obj: Any = None,
    payload: dict[str, Any],
    actor: Any = None,
    recipients: Iterable[Any] | None = None,
    key: str | None = None,
    now: datetime,
) -> str:
    """Record an event's messages in the outbox and send them once the caller's transaction commits.

    Webhook subscribers of the event get it (never for drills); internal users get it in-app and,
    for events worth an email, by email: `recipients` when given, else the event's default
    audience minus the actor. Returns the event key; emitting the same key again writes nothing.
    """
    if event not in Event.values:
        raise ValueError(f"Unknown event {event!r}; known events: {', '.join(Event.values)}.")
    event_key = key or event_key_default(event=event, obj=obj, incident=incident)
    data = dict(payload)
    if incident is not None:
        data.setdefault("incident", incident_summary(incident))
    directory = Directory()
    if recipients is None:
        actor_pk = getattr(actor, "pk", None)
        recipients = [u for u in directory.for_event(event, obj) if u.pk != actor_pk]
    draft = EventDraft(
        key=event_key, name=event, incident=incident, data=data, users=list(recipients)
    )
    outbox_write([draft], directory=directory, now=now)
    transaction.on_commit(partial(outbox_enqueue_event, event_key=event_key), robust=True)
    return event_key


def compliance_event_receive(
    sender: Any,
    *,
    event: str,
    incident: Any,
    obj: Any,
    payload: dict[str, Any],
    actor: Any,
    key: str | None,
    now: datetime,
    **kwargs: Any,
) -> None:
    """Turn a compliance event (compliance/services/events.py) into outbox messages."""
    extra = {"key": key} if key else {}
    event_emit(
        event=event, incident=incident, obj=obj, payload=payload, actor=actor, now=now, **extra
    )
