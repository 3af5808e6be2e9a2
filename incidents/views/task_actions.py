"""One task's page: change its status, give it to a team member, comment on it.

The quick buttons on task cards (room board and queues) post here too; refusals come from the
services in incidents.response, so the web and the API apply the same rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from incidents.forms import (
    QUICK_ACTIONS,
    TaskAssignForm,
    TaskCommentForm,
    TaskStatusForm,
    form_run,
)
from incidents.models import Task
from incidents.response import selectors as response_selectors
from incidents.response.services import task_assign, task_comment_add, task_status_set
from incidents.views.access import capability_required, form_page

STALE = gettext_noop(
    "Someone changed this task while you were looking at it. Check it and try again."
)


def back_to(request: HttpRequest, task: Task) -> str:
    """Where to return after a change: the page the button was on, else the task's card."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("incident-detail", args=[task.incident.reference]) + f"#task-{task.pk}"


def task_for_change(request: HttpRequest, pk: int) -> Task:
    """The task, if the user may see it and change it (403 otherwise)."""
    visible = response_selectors.task_list(now=timezone.now(), user=request.user).select_related(
        "incident", "team"
    )
    task = get_object_or_404(visible, pk=pk)
    if not response_selectors.task_can_update(user=request.user, task=task):
        raise PermissionDenied
    return task


def apply_form(form: Any, change: Any) -> bool:
    """Run a service for a valid form; put its refusals next to the fields. True on success."""
    return form_run(form, change, stale_message=STALE)


@form_page
@capability_required("task.update_own_team")
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The task with its comments and the forms that change it."""
    task = task_for_change(request, pk)
    user = request.user
    status_form = TaskStatusForm(initial={"status": task.status, "version": task.version})
    assign_form = TaskAssignForm(
        initial={"assignee": task.assignee_id, "version": task.version}, task=task
    )
    comment_form = TaskCommentForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        done = False
        if action in QUICK_ACTIONS:
            data = {"status": QUICK_ACTIONS[action], "version": request.POST.get("version")}
            status_form = TaskStatusForm(data)
        if action in QUICK_ACTIONS or action == "status":
            status_form = status_form if action in QUICK_ACTIONS else TaskStatusForm(request.POST)
            done = apply_form(
                status_form,
                lambda d: task_status_set(
                    now=timezone.now(),
                    actor=user,
                    task=task,
                    status=d["status"],
                    reason=d["not_applicable_reason"] or "",
                    expected_version=d["version"],
                ),
            )
        elif action == "assign":
            assign_form = TaskAssignForm(request.POST, task=task)
            done = apply_form(
                assign_form,
                lambda d: task_assign(
                    now=timezone.now(),
                    actor=user,
                    task=task,
                    assignee=d["assignee"],
                    expected_version=d["version"],
                ),
            )
        elif action == "comment":
            comment_form = TaskCommentForm(request.POST)
            done = apply_form(
                comment_form,
                lambda d: task_comment_add(
                    now=timezone.now(), actor=user, task=task, body=d["body"]
                ),
            )
        if done:
            messages.success(request, _("Task updated."))
            return redirect(back_to(request, task))
        task.refresh_from_db()
        for form in (status_form, assign_form):
            if form.is_bound:  # a refused form is sent again on the version now stored
                form.data = form.data.copy()
                form.data["version"] = task.version
    context = {
        "task": task,
        "now": timezone.now(),
        "comments": response_selectors.task_comments(task=task),
        "status_form": status_form,
        "assign_form": assign_form,
        "comment_form": comment_form,
    }
    return render(request, "incidents/tasks/detail.html", context, status=200)
