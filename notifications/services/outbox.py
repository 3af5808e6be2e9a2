"""The outbox: every event becomes one row per (event, channel, recipient) before anything is sent;
people get one message per change (the events of one incident in one transaction, grouped)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from config.transactions import before_commit_once, write_transaction
from notifications import selectors
from notifications.content import incident_path, incident_summary
from notifications.messages import message_render
from notifications.models import Channel, Event, OutboxEvent, OutboxMessage
from notifications.recipients import Directory
from notifications.services.delivery import outbox_enqueue_events

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
    """The event row, with the text the outbox page shows (site language, UTC); each person
    reads it rendered anew in their own language and zone (notifications.channels)."""
    incident = draft.incident
    is_drill = bool(incident is not None and incident.is_drill)
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = message_render(event=draft.name, payload=draft.data, is_drill=is_drill)
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


# Which event leads a grouped message: the change itself before what it brought about.
LEAD_ORDER = (Event.INCIDENT_CREATED, Event.INCIDENT_UPDATED)


def _group_draft(drafts: list[EventDraft]) -> EventDraft:
    """One people-only event standing for several events of one incident and one change.

    Its key follows from the member keys, so writing the same group again writes nothing.
    """
    ordered = sorted(
        drafts, key=lambda d: LEAD_ORDER.index(d.name) if d.name in LEAD_ORDER else len(LEAD_ORDER)
    )
    digest = hashlib.sha256("|".join(sorted(d.key for d in drafts)).encode()).hexdigest()[:40]
    items = [
        {"event": d.name, **{k: v for k, v in d.data.items() if k != "incident"}} for d in ordered
    ]
    data = {"incident": ordered[0].data.get("incident"), "items": items}
    return EventDraft(
        key=f"group:{digest}",
        name=ordered[0].name,
        incident=ordered[0].incident,
        data=data,
        users=[],
    )


def _people_rows(
    drafts: list[EventDraft], event_ids: dict[str, int], now: datetime, *, group: bool = True
) -> tuple[list[OutboxMessage], list[str]]:
    """In-app and e-mail messages: one per person for all the events of one incident in this
    batch (a grouped event when there are several), or with `group` false one per event.

    Returns the messages and the keys of the grouped events written for them.
    """
    by_incident: dict[Any, list[EventDraft]] = defaultdict(list)
    for draft in drafts:
        alone = not group or draft.incident is None
        by_incident[id(draft) if alone else draft.incident.pk].append(draft)
    targets: list[tuple[EventDraft, list[Any], list[str]]] = []
    for group in by_incident.values():
        audiences: dict[tuple[str, ...], tuple[list[EventDraft], dict[int, Any]]] = {}
        per_user: dict[int, list[EventDraft]] = defaultdict(list)
        people: dict[int, Any] = {}
        for draft in group:
            for user in draft.users:
                if draft not in per_user[user.pk]:
                    per_user[user.pk].append(draft)
                people[user.pk] = user
        for pk, own in per_user.items():
            keys = tuple(d.key for d in own)
            audiences.setdefault(keys, (own, {}))[1][pk] = people[pk]
        for own, users in audiences.values():
            target = own[0] if len(own) == 1 else _group_draft(own)
            channels = [
                c for c in Channel.values if any(c in INTERNAL_CHANNELS[d.name] for d in own)
            ]
            targets.append((target, list(users.values()), channels))
    grouped = [target for target, _users, _channels in targets if target.key not in event_ids]
    if grouped:
        OutboxEvent.objects.bulk_create(
            [_event_row(d, now) for d in grouped], ignore_conflicts=True
        )
        event_ids = {**event_ids, **selectors.outbox_event_ids([d.key for d in grouped])}
    common = {"next_attempt_at": now, "created_at": now}
    rows = [
        OutboxMessage(
            event_id=event_ids[target.key],
            channel=channel,
            recipient=f"user:{user.pk}",
            user=user,
            **common,
        )
        for target, users, channels in targets
        for user in users
        for channel in channels
        if channel != Channel.EMAIL or user.email
    ]
    return rows, [d.key for d in grouped]


def _webhook_rows(
    draft: EventDraft, event_id: int, directory: Directory, now: datetime
) -> list[OutboxMessage]:
    """One message per webhook subscriber of the event; drills never leave the organisation."""
    if draft.incident is not None and draft.incident.is_drill:
        return []
    return [
        OutboxMessage(
            event_id=event_id,
            channel=Channel.WEBHOOK,
            recipient=f"subscription:{subscription.pk}",
            subscription=subscription,
            next_attempt_at=now,
            created_at=now,
        )
        for subscription in directory.subscriptions_for(draft.name)
    ]


def outbox_write(
    drafts: list[EventDraft], *, directory: Directory, now: datetime, people: bool = True
) -> list[str]:
    """Insert the events and their messages; a key or delivery that exists already is kept as is.

    Webhooks and people get one message per event (the deadline sweep's alerts: each its own
    deadline); with `people` false only webhooks (event_emit groups people's before commit).
    ON CONFLICT DO NOTHING (bulk_create's ignore_conflicts) settles races between sweeps, retried
    tasks and workers without an error and without a second row. Returns the grouped events' keys.
    """
    if not drafts:
        return []
    OutboxEvent.objects.bulk_create([_event_row(d, now) for d in drafts], ignore_conflicts=True)
    event_ids = selectors.outbox_event_ids([d.key for d in drafts])
    messages = [
        message
        for draft in drafts
        for message in _webhook_rows(draft, event_ids[draft.key], directory, now)
    ]
    grouped: list[str] = []
    if people:
        rows, grouped = _people_rows(drafts, event_ids, now, group=False)
        messages += rows
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True, batch_size=500)
    return grouped


class PeopleBatch:
    """The events of one write transaction whose people are told just before it commits, so
    that one change (an incident and the duties and tasks it brought) makes one message."""

    once_key = "notifications.people"

    def __init__(self) -> None:
        self.drafts: list[EventDraft] = []
        self.now: datetime | None = None

    def __call__(self) -> None:
        # Events of a savepoint that rolled back were never written: they are left out.
        event_ids = selectors.outbox_event_ids([d.key for d in self.drafts])
        drafts = [d for d in self.drafts if d.key in event_ids]
        if not drafts or self.now is None:
            return
        rows, grouped = _people_rows(drafts, event_ids, self.now)
        OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        # One publish for the whole change once it is committed.
        keys = [d.key for d in drafts] + grouped
        transaction.on_commit(partial(outbox_enqueue_events, event_keys=keys), robust=True)


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
    """Record an event's messages in the outbox and send them once the caller's transaction commits
    (people's messages are added, grouped per incident, just before it commits).

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
    outbox_write([draft], directory=directory, now=now, people=False)
    batch = before_commit_once(PeopleBatch.once_key, PeopleBatch)
    batch.drafts.append(draft)
    batch.now = batch.now or now
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
