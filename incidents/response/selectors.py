"""Reads of tasks, statements and playbooks, limited to what the user may see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from incidents import roles
from incidents.models import Incident, Task
from incidents.response.models import (
    Playbook,
    PlaybookTask,
    Statement,
    StatementVersion,
    TaskComment,
)
from incidents.roles import has_capability, user_roles
from incidents.work_items import overdue_q

# Roles that see every incident's tasks and statements; the others see the incidents they are on.
SEES_ALL_ROLES = frozenset({roles.DPO, roles.ADMIN, roles.EXECUTIVE})


def user_team_ids(user: Any) -> frozenset[int]:
    """The ids of the teams the user belongs to, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_breachdesk_team_ids", None)
    if cached is None:
        cached = frozenset(user.teams.values_list("pk", flat=True))
        user._breachdesk_team_ids = cached
    return cached


def incidents_visible(*, user: Any) -> QuerySet[Incident]:
    """Incidents whose tasks and statements the user may see.

    Legal, PR and security staff see the incidents they are on: ones they logged, or where
    they or one of their teams has a task.
    """
    user_role_names = user_roles(user)
    if not user_role_names:
        return Incident.objects.none()
    if user_role_names & SEES_ALL_ROLES:
        return Incident.objects.all()
    return Incident.objects.filter(
        Q(created_by=user) | Q(tasks__team__members=user) | Q(tasks__assignee=user)
    ).distinct()


def _visible(queryset: QuerySet[Any], *, user: Any, path: str = "incident") -> QuerySet[Any]:
    """Narrow a queryset of incident-owned rows to the incidents the user may see."""
    if user_roles(user) & SEES_ALL_ROLES:
        return queryset
    return queryset.filter(**{f"{path}__in": incidents_visible(user=user).values("pk")})


def task_list(*, user: Any, now: datetime) -> QuerySet[Task]:
    """Tasks the user may see, with what the list shows fetched up front and overdue flagged."""
    comments = (
        TaskComment.objects.filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        _visible(Task.objects.all(), user=user)
        .select_related("incident", "team", "assignee", "completed_by")
        .prefetch_related(Prefetch("depends_on", queryset=Task.objects.only("pk", "status")))
        .annotate(
            is_overdue=Case(
                When(overdue_q(now), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            comments_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
        )
    )


def tasks_visible(*, user: Any, now: datetime) -> QuerySet[Task]:
    """The tasks of task_list for the web queues, soonest due first: web and API, one rule."""
    return task_list(user=user, now=now).order_by(F("due_at").asc(nulls_last=True), "pk")


def task_mine_q(*, user: Any) -> Q:
    """ "My tasks": assigned to me, or waiting unassigned in one of my teams' queues."""
    return Q(assignee=user) | Q(assignee__isnull=True, team_id__in=user_team_ids(user))


def task_comments(*, task: Task) -> QuerySet[TaskComment]:
    """A task's comments, oldest first, with their authors."""
    return task.comments.select_related("author")


def task_can_update(*, user: Any, task: Task) -> bool:
    """Tell whether the user may change the task: the DPO and admins any, members their team's."""
    if has_capability(user, "task.manage"):
        return True
    return has_capability(user, "task.update_own_team") and task.team_id in user_team_ids(user)


def statement_list(*, user: Any) -> QuerySet[Statement]:
    """Statements the user may see, with every version and the people on it."""
    versions = StatementVersion.objects.select_related("author", "approved_by", "published_by")
    return (
        _visible(Statement.objects.all(), user=user)
        .select_related("incident", "created_by")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )


def statement_version_list(*, user: Any) -> QuerySet[StatementVersion]:
    """Statement versions the user may see."""
    return _visible(
        StatementVersion.objects.all(), user=user, path="statement__incident"
    ).select_related("statement__incident", "author", "approved_by", "published_by")


def playbook_list() -> QuerySet[Playbook]:
    """Playbooks with their task templates in order."""
    templates = PlaybookTask.objects.select_related("team").prefetch_related(
        Prefetch("depends_on", queryset=PlaybookTask.objects.only("pk"))
    )
    return Playbook.objects.prefetch_related(Prefetch("tasks", queryset=templates))


def playbook_task_list() -> QuerySet[PlaybookTask]:
    """Task templates with their playbook, team and dependencies."""
    return PlaybookTask.objects.select_related("playbook", "team").prefetch_related(
        Prefetch("depends_on", queryset=PlaybookTask.objects.only("pk"))
    )
