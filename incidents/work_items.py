"""The work-item lifecycle that response tasks and corrective actions share.

Statuses, which of them still need work, when an item is overdue, and the rules for moving
between them: done stamps who and when (once), "not applicable" needs a reason, and going back to
work clears both. Each kind of item keeps its own permissions, audit entries and extra checks
(a task waits for the tasks it depends on).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.errors import Conflict, ValidationFailed
from config.versioned import VersionedModel
from incidents.choices import TASK_OPEN_STATUSES, TaskStatus


def overdue_q(now: datetime) -> Q:
    """Items still to do whose due time has passed at `now`, as a query condition."""
    return Q(status__in=TASK_OPEN_STATUSES, due_at__lt=now)


def work_item_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Done has its completion time and "not applicable" its reason, in the database too."""
    return [
        models.CheckConstraint(
            condition=~models.Q(status=TaskStatus.DONE) | models.Q(completed_at__isnull=False),
            name=f"{prefix}_done_has_completion_time",
        ),
        models.CheckConstraint(
            condition=~models.Q(status=TaskStatus.NOT_APPLICABLE)
            | ~models.Q(not_applicable_reason=""),
            name=f"{prefix}_not_applicable_has_reason",
        ),
    ]


class WorkItem(VersionedModel):
    """Something a team has to do by a due time: a response task or a corrective action."""

    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    not_applicable_reason = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        """Whether the item still needs work."""
        return self.status in TASK_OPEN_STATUSES

    def overdue_at(self, now: datetime) -> bool:
        """Whether the item is still to do and its due time has passed at `now`."""
        return self.is_open and self.due_at is not None and self.due_at < now


def work_item_status_check(*, item: WorkItem, status: str, reason: str, noun: str) -> bool:
    """Refuse a move the lifecycle forbids; return False when the item is already there."""
    if status not in TaskStatus.values:
        message = f"Unknown status {status!r}."
        raise ValidationFailed(message, fields={"status": [message]})
    work_item_reason_check(status=status, reason=reason, noun=noun)
    if status == item.status:
        if status == TaskStatus.DONE:
            raise Conflict(
                f"The {noun} was already completed at {item.completed_at:%Y-%m-%d %H:%M} UTC."
            )
        if status == TaskStatus.NOT_APPLICABLE:
            raise Conflict(f"The {noun} is already marked not applicable.")
        return False
    if status == TaskStatus.DONE and item.status == TaskStatus.NOT_APPLICABLE:
        raise Conflict(f"The {noun} is marked not applicable; reopen it before completing it.")
    if status == TaskStatus.NOT_APPLICABLE and not reason.strip():
        message = f"Say why the {noun} does not apply."
        raise ValidationFailed(message, fields={"not_applicable_reason": [message]})
    return True


def work_item_reason_check(*, status: str, reason: str, noun: str) -> None:
    """A reason only goes with "not applicable"."""
    if reason.strip() and status != TaskStatus.NOT_APPLICABLE:
        message = f"Only {_article(noun)} {noun} marked not_applicable takes a reason."
        raise ValidationFailed(message, fields={"not_applicable_reason": [message]})


def work_item_status_apply(
    *, item: WorkItem, status: str, reason: str, actor: Any, now: datetime
) -> None:
    """Move a checked item: done stamps who and when, anything else clears them."""
    done = status == TaskStatus.DONE
    item.status = status
    item.not_applicable_reason = reason.strip() if status == TaskStatus.NOT_APPLICABLE else ""
    item.completed_at = now if done else None
    item.completed_by = actor if done and getattr(actor, "is_authenticated", False) else None


def _article(noun: str) -> str:
    """'a task', 'an action'."""
    return "an" if noun[:1] in "aeiou" else "a"
