"""Task queues: my tasks, one team's queue, and all tasks (for overdue click-throughs)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.filters import TaskQueueFilter
from incidents.models import Team
from incidents.response import selectors as response_selectors
from incidents.views.access import capability_required, page

PAGE_SIZE = 100


def task_page(
    request: HttpRequest, queryset: QuerySet, *, heading: str, **extra: Any
) -> HttpResponse:
    """Render a filtered, paginated task queue."""
    now = timezone.now()
    filterset = TaskQueueFilter(request.GET, queryset=queryset, now=now)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, "heading": heading, "now": now}
    return render(request, "incidents/tasks/queue.html", {**context, **extra})


@page
@capability_required("incident.view")
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Tasks assigned to me, and unassigned tasks of my teams."""
    user = request.user
    queryset = response_selectors.tasks_visible(user=user, now=timezone.now()).filter(
        Q(assignee=user) | Q(assignee__isnull=True, team__members=user)
    )
    teams = list(Team.objects.filter(members=user).order_by("name"))
    return task_page(request, queryset, heading=_("My tasks"), teams=teams, hide_team=False)


@page
@capability_required("incident.view")
def team_tasks(request: HttpRequest, code: str) -> HttpResponse:
    """One team's queue."""
    team = get_object_or_404(Team, code=code)
    queryset = response_selectors.tasks_visible(user=request.user, now=timezone.now()).filter(
        team=team
    )
    return task_page(
        request,
        queryset,
        heading=_("%(team)s queue") % {"team": team.name},
        team=team,
        hide_team=True,
    )


@page
@capability_required("incident.view")
def task_list(request: HttpRequest) -> HttpResponse:
    """Every task, filtered by status, team and due time."""
    queryset = response_selectors.tasks_visible(user=request.user, now=timezone.now())
    return task_page(request, queryset, heading=_("All tasks"), hide_team=False)
