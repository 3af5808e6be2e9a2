"""The deadline sweep: warn owners as deadlines approach and escalate when they pass."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from compliance.models import Obligation
from compliance.services import obligations_refresh_overdue
from config.transactions import write_transaction
from incidents.models import Task
from notifications import selectors
from notifications.conf import notification_settings
from notifications.content import (
    incident_summary,
    iso_utc,
    obligation_summary,
    task_summary,
    window_label,
)
from notifications.recipients import Directory
from notifications.services.delivery import outbox_requeue
from notifications.services.outbox import EventDraft, outbox_write

OVERDUE = "overdue"


def alert_stage(*, deadline: datetime, now: datetime, windows: tuple[timedelta, ...]) -> str | None:
    """The narrowest warning window the deadline is in ("1h"), "overdue", or None if none yet.

    Windows are elapsed time, so a DST change never stretches or shrinks one. Submitting at the
    deadline itself is on time: overdue starts just after it.
    """
    if now > deadline:
        return OVERDUE
    remaining = deadline - now
    for window in sorted(windows):
        if remaining <= window:
            return window_label(window)
    return None


def alert_event(kind: str, stage: str) -> str:
    """obligation.due_soon, obligation.overdue, task.due_soon or task.overdue."""
    return f"{kind}.{'overdue' if stage == OVERDUE else 'due_soon'}"


def alert_key(item: selectors.DueItem, stage: str) -> str:
    """One key per item, stage and deadline: a moved deadline warns again, a re-run never does."""
    event = alert_event(item.kind, stage)
    when = iso_utc(item.deadline)
    if stage == OVERDUE:
        return f"{event}:{item.pk}:{when}"
    return f"{event}:{item.pk}:{stage}:{when}"


def _payload(obj: Any, item: selectors.DueItem, stage: str, now: datetime) -> dict[str, Any]:
    """What an alert says about the deadline and the thing that is due."""
    summary = obligation_summary(obj) if item.kind == "obligation" else task_summary(obj)
    seconds = int((item.deadline - now).total_seconds())
    return {
        "incident": incident_summary(obj.incident),
        item.kind: summary,
        "basis": item.basis,
        "deadline": iso_utc(item.deadline),
        "window": None if stage == OVERDUE else stage,
        "seconds_left": max(seconds, 0),
        "seconds_overdue": max(-seconds, 0),
    }


def _load(items: list[selectors.DueItem]) -> dict[tuple[str, int], Any]:
    """The obligations and tasks that need alerts, with what the messages name, in two queries."""
    obligation_ids = [i.pk for i in items if i.kind == "obligation"]
    task_ids = [i.pk for i in items if i.kind == "task"]
    loaded: dict[tuple[str, int], Any] = {}
    if obligation_ids:
        for pk, obj in (
            Obligation.objects.select_related("incident").in_bulk(obligation_ids).items()
        ):
            loaded[("obligation", pk)] = obj
    if task_ids:
        tasks = Task.objects.select_related("incident", "team__lead", "assignee")
        tasks = tasks.prefetch_related("team__members")
        for pk, obj in tasks.in_bulk(task_ids).items():
            loaded[("task", pk)] = obj
    return loaded


@write_transaction
def deadline_alerts_create(*, now: datetime) -> int:
    """Write outbox rows for every deadline that entered a warning window or passed.

    Returns the number of new alert keys. Keys already written are skipped before any work is
    done for them, and the unique constraints settle a race between two sweeps.
    """
    config = notification_settings()
    items = selectors.deadlines_in_range(
        after=now - config.overdue_lookback, until=now + max(config.warning_windows)
    )
    staged: dict[str, tuple[selectors.DueItem, str]] = {}
    for item in items:
        stage = alert_stage(deadline=item.deadline, now=now, windows=config.warning_windows)
        if stage is not None:
            staged[alert_key(item, stage)] = (item, stage)
    existing = selectors.outbox_keys_existing(list(staged))
    new = {key: value for key, value in staged.items() if key not in existing}
    if not new:
        return 0
    objects = _load([item for item, _ in new.values()])
    directory = Directory()
    drafts = []
    for key, (item, stage) in new.items():
        obj = objects.get((item.kind, item.pk))
        if obj is None:  # deleted between the two queries
            continue
        event = alert_event(item.kind, stage)
        drafts.append(
            EventDraft(
                key=key,
                name=event,
                incident=obj.incident,
                data=_payload(obj, item, stage, now),
                users=directory.for_event(event, obj),
            )
        )
    outbox_write(drafts, directory=directory, now=now)
    return len(new)


def notifications_sweep(*, now: datetime) -> dict[str, int]:
    """The every-minute job: mark what slipped, write due alerts, then send what is pending."""
    overdue = obligations_refresh_overdue(now=now)
    alerts = deadline_alerts_create(now=now)
    return {"marked_overdue": overdue, "alerts": alerts, **outbox_requeue(now=now)}
