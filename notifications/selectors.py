"""Reads of the notifications app: what is due for an alert, what waits to be sent, inboxes, feeds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value

from compliance.models import Obligation, ObligationStatus
from incidents.choices import Status
from incidents.models import TASK_OPEN_STATUSES, Task
from incidents.roles import has_capability
from notifications.models import (
    Notification,
    OutboxEvent,
    OutboxMessage,
    OutboxStatus,
    WebhookDelivery,
    WebhookSubscription,
)

OBLIGATION_OPEN = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)
# An exercise that is over owes nothing: ending a drill closes its incident (and closing is
# final), so the obligations and tasks of a closed drill incident are never alerted again. A
# real incident's duties outlive its closure: an open obligation or task of a closed real
# incident still warns and escalates, since closing the incident does not discharge a notice
# still owed (GDPR Art. 33(1)); whoever closed it finishes the work or marks it not applicable.
DRILL_OVER = Q(incident__is_drill=True, incident__status=Status.CLOSED)


@dataclass(frozen=True)
class DueItem:
    """An obligation or task whose deadline (or ASAP target) lies in the sweep's range."""

    kind: str
    pk: int
    deadline: datetime
    basis: str


def _due_branch(queryset: QuerySet[Any], kind: str, field: str) -> QuerySet[Any]:
    """One branch of the sweep's UNION ALL, in the shared column order."""
    return queryset.annotate(
        kind=Value(kind, output_field=CharField()),
        deadline=F(field),
        basis=Value(field, output_field=CharField()),
    ).values_list("kind", "pk", "deadline", "basis")


def deadlines_in_range(*, after: datetime, until: datetime) -> list[DueItem]:
    """Open obligations and tasks whose deadline lies in (after, until]."""
    query = deadlines_in_range_query(after=after, until=until)
    return [DueItem(kind, pk, deadline, basis) for kind, pk, deadline, basis in query]


def deadlines_in_range_query(*, after: datetime, until: datetime) -> QuerySet[Any]:
    """The sweep's ONE indexed query: a UNION ALL of three index range scans.

    Each branch is a range scan on an existing (status, due_at) or (status, target_at) index,
    so the cost grows with what is due, not with how many rows the tables hold. ASAP obligations
    have no due time and are timed by their internal target instead. Each due row is joined to
    its incident by primary key to leave out ended drills (see `DRILL_OVER`).
    """
    obligations = Obligation.objects.filter(status__in=OBLIGATION_OPEN, applies=True)
    obligations = obligations.exclude(DRILL_OVER).order_by()
    by_due = obligations.filter(due_at__gt=after, due_at__lte=until)
    by_target = obligations.filter(due_at__isnull=True, target_at__gt=after, target_at__lte=until)
    tasks = Task.objects.filter(status__in=TASK_OPEN_STATUSES, due_at__gt=after, due_at__lte=until)
    tasks = tasks.exclude(DRILL_OVER)
    return _due_branch(by_due, "obligation", "due_at").union(
        _due_branch(by_target, "obligation", "target_at"),
        _due_branch(tasks.order_by(), "task", "due_at"),
        all=True,
    )


def outbox_keys_existing(keys: list[str]) -> set[str]:
    """The event keys already written (served by the unique index on the key)."""
    if not keys:
        return set()
    return set(OutboxEvent.objects.filter(key__in=keys).values_list("key", flat=True))


def outbox_event_ids(keys: list[str]) -> dict[str, int]:
    """Event ids by key."""
    return dict(OutboxEvent.objects.filter(key__in=keys).values_list("key", "pk"))


def outbox_due_count(*, now: datetime, limit: int) -> int:
    """How many pending messages are due to be tried, counted up to `limit`."""
    due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    return due.order_by()[:limit].count()


def outbox_pending_ids_for_keys(*, event_keys: list[str]) -> list[int]:
    """The pending messages of these events (one change's), to send right after commit."""
    return list(
        OutboxMessage.objects.filter(event__key__in=event_keys, status=OutboxStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def subscriptions_active() -> list[WebhookSubscription]:
    """Active webhook subscriptions (few; filtered by event in Python, portable across databases)."""
    return list(WebhookSubscription.objects.filter(is_active=True).order_by("pk"))


def webhook_subscription_list() -> QuerySet[WebhookSubscription]:
    """All subscriptions for the settings page and API."""
    return WebhookSubscription.objects.order_by("name", "pk")


def webhook_delivery_list() -> QuerySet[WebhookDelivery]:
    """The delivery log, newest first, with what each row names fetched up front."""
    return WebhookDelivery.objects.select_related("message__event", "subscription").order_by(
        "-attempted_at", "-pk"
    )


def dead_letter_list() -> QuerySet[OutboxMessage]:
    """Messages that failed for good and wait for someone to redeliver them."""
    return (
        OutboxMessage.objects.filter(status=OutboxStatus.DEAD)
        .select_related("event__incident", "subscription", "user")
        .order_by("-updated_at", "-pk")
    )


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first."""
    return Notification.objects.filter(user=user).select_related("incident")


def notification_unread_count(*, user: Any) -> int:
    """How many of the user's notifications are unread (served by a partial index)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def calendar_obligations(*, user: Any) -> QuerySet[Obligation]:
    """Open deadlines and ASAP targets the user follows: those of the incidents they see."""
    from incidents.selectors import incident_scope

    if not has_capability(user, "deadlines.follow"):
        return Obligation.objects.none()
    return (
        Obligation.objects.filter(incident_scope(user=user))
        .filter(status__in=OBLIGATION_OPEN, applies=True)
        .filter(Q(due_at__isnull=False) | Q(target_at__isnull=False))
        .select_related("incident")
        .order_by("due_at", "target_at", "pk")
    )


def calendar_tasks(*, user: Any) -> QuerySet[Task]:
    """Open tasks with a due time assigned to the user, or unassigned on one of their teams."""
    mine = Q(assignee=user) | Q(assignee__isnull=True, team__members=user)
    return (
        Task.objects.filter(status__in=TASK_OPEN_STATUSES, due_at__isnull=False)
        .filter(mine)
        .select_related("incident", "team")
        .distinct()
        .order_by("due_at", "pk")
    )
