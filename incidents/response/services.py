"""Writes to response tasks: create, update, assign, complete and comment, each one audited.

Members change their own team's tasks; the DPO and administrators change any. Every refusal is
raised before anything is written, and each service runs in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from compliance.models import Obligation
from config.errors import Conflict, NotPermitted, ValidationFailed, version_check
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.models import DueAnchor, Incident, Task, TaskStatus
from incidents.response.generation import obligation_applies
from incidents.response.models import TaskComment
from incidents.response.rules import dependency_reaches, due_anchor_errors, due_from_anchor
from incidents.response.selectors import task_can_update
from incidents.roles import has_capability
from incidents.work_items import (
    work_item_reason_check,
    work_item_status_apply,
    work_item_status_check,
)

# Only the DPO and administrators move a task to another team or rewire its dependencies.
MANAGER_FIELDS = frozenset({"team", "depends_on"})
DUE_FIELDS = (
    "due_at",
    "due_anchor",
    "due_anchor_rule_id",
    "due_offset_minutes",
    "due_set_manually",
)
UPDATABLE_FIELDS = frozenset(
    {"title", "instructions", "team", "assignee", "status", "not_applicable_reason", "depends_on"}
    | set(DUE_FIELDS)
)
TRACKED_FIELDS = ["title", "instructions", "team_id", *DUE_FIELDS, "anchor_obligation_id"]
MAX_COMMENT = 10_000
UNSET: Any = object()

AuditEntry = tuple[str, dict[str, Any]]


def task_authorize(*, actor: Any, task: Task, fields: frozenset[str] = frozenset()) -> None:
    """Refuse (403) unless the actor may change this task and each of the named fields."""
    if not task_can_update(user=actor, task=task):
        if not has_capability(actor, "task.update_own_team"):
            raise NotPermitted("Your role does not allow changing tasks.")
        raise NotPermitted(
            f"Only members of {task.team.name} (or the DPO or an administrator) may change this task."
        )
    restricted = sorted(fields & MANAGER_FIELDS)
    if restricted and not has_capability(actor, "task.manage"):
        raise NotPermitted(f"Only the DPO or an administrator may change {', '.join(restricted)}.")


def _task_lock(task: Task, expected_version: int | None) -> Task:
    """Lock the task's incident, then the task's row, and check it is the version the caller read.

    The incident first: every write that concerns an incident locks it before anything of it
    (docs/concurrency.md), so a task change never waits for its incident while holding its row.
    """
    Incident.objects.select_for_update().filter(pk=task.incident_id).values_list("pk").first()
    locked = (
        Task.objects.select_for_update(of=("self",))
        .select_related("incident", "team")
        .get(pk=task.pk)
    )
    version_check(current=locked.version, expected=expected_version, what="task")
    return locked


def _task_save(task: Task, *, actor: Any, entries: list[AuditEntry], now: datetime) -> Task:
    """Save a changed task once, with one audit entry per kind of change."""
    entries = [(action, changes) for action, changes in entries if changes]
    if not entries:
        return task
    task.version_bump()
    task.save()
    for action, changes in entries:
        audit_record(
            now=now, actor=actor, action=action, obj=task, incident=task.incident, changes=changes
        )
    return task


def _anchor_obligation_find(*, incident: Incident, rule_id: str) -> Obligation:
    """The earliest live obligation of the rule on the incident, or a 400 naming the rule id."""
    candidates = sorted(
        (o for o in Obligation.objects.filter(incident=incident, rule_id=rule_id)),
        key=lambda o: (o.due_at or o.target_at or incident.detected_at, o.pk),
    )
    live = [o for o in candidates if obligation_applies(o)]
    if not live:
        raise ValidationFailed(
            "No such obligation.",
            fields={"due_anchor_rule_id": [f"The incident has no live obligation {rule_id}."]},
        )
    return live[0]


def _due_apply(task: Task, data: dict[str, Any]) -> None:
    """Apply a fixed due time, a new anchor, or pin / release the anchored one."""
    given = {name for name in DUE_FIELDS if name in data}
    if not given:
        return
    anchor_fields = given - {"due_at", "due_set_manually"}
    if "due_at" in given and anchor_fields:
        message = "Give either a fixed due time or an anchor with its offset, not both."
        raise ValidationFailed(message, fields={"due_at": [message]})
    if "due_at" in given:
        task.due_at = data["due_at"]
        task.due_set_manually = bool(task.due_anchor)
    elif anchor_fields:
        _anchor_apply(task, data)
    elif data["due_set_manually"]:
        task.due_set_manually = True
    elif not task.due_anchor:
        message = "The task has no anchor to follow; give due_anchor and due_offset_minutes."
        raise ValidationFailed(message, fields={"due_set_manually": [message]})
    else:
        task.due_set_manually = False
        task.due_at = due_from_anchor(
            anchor=task.due_anchor,
            offset_minutes=task.due_offset_minutes,
            incident=task.incident,
            obligation=task.anchor_obligation,
        )


def _anchor_apply(task: Task, data: dict[str, Any]) -> None:
    """Anchor the due time anew (a new anchor replaces the old one whole) and follow it."""
    if "due_anchor" in data:
        anchor = data["due_anchor"] or ""
        rule_id = data.get("due_anchor_rule_id", "")
        offset = data.get("due_offset_minutes")
    else:
        anchor = task.due_anchor
        rule_id = data.get("due_anchor_rule_id", task.due_anchor_rule_id)
        offset = data.get("due_offset_minutes", task.due_offset_minutes)
    errors = due_anchor_errors(anchor=anchor, rule_id=rule_id, offset_minutes=offset)
    if errors:
        raise ValidationFailed("Invalid due time.", fields=errors)
    obligation = None
    if anchor == DueAnchor.OBLIGATION:
        obligation = _anchor_obligation_find(incident=task.incident, rule_id=rule_id)
    task.due_anchor, task.due_anchor_rule_id, task.due_offset_minutes = anchor, rule_id, offset
    task.anchor_obligation = obligation
    task.due_set_manually = False
    if anchor:
        task.due_at = due_from_anchor(
            anchor=anchor, offset_minutes=offset, incident=task.incident, obligation=obligation
        )


def _assign_apply(task: Task, assignee: Any) -> dict[str, Any]:
    """Give the task to a member of its team (None puts it back in the team's queue)."""
    if assignee is not None and (
        not assignee.is_active or not task.team.members.filter(pk=assignee.pk).exists()
    ):
        message = f"{assignee.get_username()} is not an active member of {task.team.name}."
        raise ValidationFailed(message, fields={"assignee": [message]})
    new_id = assignee.pk if assignee is not None else None
    if new_id == task.assignee_id:
        return {}
    changes = {
        "assignee": {"before": task.assignee_id, "after": new_id},
        "assignee_username": assignee.get_username() if assignee is not None else None,
    }
    task.assignee = assignee
    return changes


def _reason(reason: Any) -> str:
    """The reason given, or empty when the caller did not send one."""
    return "" if reason is UNSET or reason is None else str(reason)


def _complete_apply(task: Task, *, actor: Any, now: datetime) -> AuditEntry:
    """Mark the task done, once, after the tasks it depends on are finished."""
    work_item_status_check(item=task, status=TaskStatus.DONE, reason="", noun="task")
    blocking = [d for d in task.depends_on.all() if d.is_open]
    if blocking:
        names = ", ".join(f"#{d.pk} {d.title}" for d in blocking)
        raise Conflict(f"Finish the tasks this one depends on first: {names}.")
    before = task.status
    work_item_status_apply(item=task, status=TaskStatus.DONE, reason="", actor=actor, now=now)
    return "complete", {"status": {"before": before, "after": task.status}, "completed_at": now}


def _status_apply(task: Task, *, status: str, reason: Any, actor: Any, now: datetime) -> AuditEntry:
    """Mark the task not applicable (with a reason) or move it between the working statuses."""
    if not work_item_status_check(item=task, status=status, reason=_reason(reason), noun="task"):
        return "status", {}
    before = model_snapshot(task, ["status", "not_applicable_reason", "completed_at"])
    work_item_status_apply(item=task, status=status, reason=_reason(reason), actor=actor, now=now)
    task.closed_automatically = False
    after = model_snapshot(task, list(before))
    return "status", {"before": before, "after": after}


def _dependencies_apply(task: Task, dependencies: list[Task]) -> dict[str, Any]:
    """Validate dependencies (same incident, no cycle) and set them; return what changed."""
    errors = []
    ids = {d.pk for d in dependencies}
    if any(d.incident_id != task.incident_id for d in dependencies):
        errors.append("A task can only depend on tasks of the same incident.")
    edges = Task.depends_on.through.objects.filter(
        from_task__incident_id=task.incident_id
    ).values_list("from_task_id", "to_task_id")
    if task.pk is not None and dependency_reaches(edges=edges, start=ids, target=task.pk):
        errors.append("These dependencies would make the task wait for itself.")
    if errors:
        raise ValidationFailed("Invalid dependencies.", fields={"depends_on": errors})
    before = sorted(task.depends_on.values_list("pk", flat=True)) if task.pk else []
    if sorted(ids) == before:
        return {}
    task.depends_on.set(dependencies)
    return {"depends_on": {"before": before, "after": sorted(ids)}}


@write_transaction
def task_create(*, actor: Any, incident: Incident, data: dict[str, Any], now: datetime) -> Task:
    """Add a task to an incident by hand (team members for their team, the DPO for any)."""
    missing = [name for name in ("team", "title") if not data.get(name)]
    if missing:
        raise ValidationFailed(
            "Missing fields.", fields={name: ["This field is required."] for name in missing}
        )
    task = Task(
        incident=incident,
        team=data["team"],
        title=data["title"],
        instructions=data.get("instructions", ""),
    )
    task_authorize(actor=actor, task=task)
    _due_apply(task, {name: data[name] for name in DUE_FIELDS if name in data})
    task.save()
    dependencies = data.get("depends_on") or []
    if dependencies:
        _dependencies_apply(task, dependencies)
    changes = {"after": model_snapshot(task), "depends_on": sorted(d.pk for d in dependencies)}
    audit_record(
        now=now, actor=actor, action="create", obj=task, incident=incident, changes=changes
    )
    if data.get("assignee") is not None:
        task = task_assign(now=now, actor=actor, task=task, assignee=data["assignee"])
    return task


@write_transaction
def task_update(
    *,
    actor: Any,
    task: Task,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> Task:
    """Apply a partial change: fields and due time here, then assignee and status through
    task_assign, task_complete and task_status_set (so their events fire whatever the path)."""
    unknown = sorted(set(data) - UPDATABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Unknown fields.", fields={name: ["Unknown field."] for name in unknown}
        )
    locked = _task_lock(task, expected_version)
    task_authorize(actor=actor, task=locked, fields=frozenset(data))
    before = model_snapshot(locked, TRACKED_FIELDS)
    for name in ("title", "instructions", "team"):
        if name in data:
            setattr(locked, name, data[name])
    _due_apply(locked, data)
    changes = diff_snapshots(before, model_snapshot(locked, TRACKED_FIELDS))
    if "depends_on" in data:
        changes.update(_dependencies_apply(locked, data["depends_on"]))
    locked = _task_save(locked, now=now, actor=actor, entries=[("update", changes)])
    assignee = data.get("assignee", UNSET)
    if assignee is UNSET and "team" in data and locked.assignee_id:
        assignee = None  # the assignee belonged to the old team: back to the new team's queue
    if assignee is not UNSET:
        locked = task_assign(now=now, actor=actor, task=locked, assignee=assignee)
    if "status" in data or "not_applicable_reason" in data:
        locked = task_status_set(
            actor=actor,
            task=locked,
            status=data.get("status", locked.status),
            reason=data.get("not_applicable_reason", UNSET),
            now=now,
        )
    return locked


@write_transaction
def task_assign(
    *, actor: Any, task: Task, assignee: Any, expected_version: int | None = None, now: datetime
) -> Task:
    """Give a task to a member of its team, or back to the team's queue with None."""
    locked = _task_lock(task, expected_version)
    task_authorize(actor=actor, task=locked)
    return _task_save(
        locked, now=now, actor=actor, entries=[("assign", _assign_apply(locked, assignee))]
    )


@write_transaction
def task_complete(
    *,
    actor: Any,
    task: Task,
    expected_version: int | None = None,
    now: datetime,
) -> Task:
    """Mark a task done (409 if it already is, or while a task it depends on is open)."""
    locked = _task_lock(task, expected_version)
    task_authorize(actor=actor, task=locked)
    entry = _complete_apply(locked, actor=actor, now=now)
    return _task_save(locked, now=now, actor=actor, entries=[entry])


@write_transaction
def task_status_set(
    *,
    actor: Any,
    task: Task,
    status: str,
    reason: Any = UNSET,
    expected_version: int | None = None,
    now: datetime,
) -> Task:
    """Move a task to a status: done (via task_complete), not applicable with a reason, or back."""
    work_item_reason_check(status=status, reason=_reason(reason), noun="task")
    if status == TaskStatus.DONE:
        return task_complete(actor=actor, task=task, expected_version=expected_version, now=now)
    locked = _task_lock(task, expected_version)
    task_authorize(actor=actor, task=locked)
    entry = _status_apply(locked, status=status, reason=reason, actor=actor, now=now)
    return _task_save(locked, now=now, actor=actor, entries=[entry])


@write_transaction
def task_comment_add(*, actor: Any, task: Task, body: str, now: datetime) -> TaskComment:
    """Add a comment to a task; anyone with a working role who can see the task may."""
    if not has_capability(actor, "task.update_own_team"):
        raise NotPermitted("Your role does not allow commenting on tasks.")
    text = (body or "").strip()
    if not text or len(text) > MAX_COMMENT:
        message = f"Write between 1 and {MAX_COMMENT} characters."
        raise ValidationFailed(message, fields={"body": [message]})
    comment = TaskComment.objects.create(task=task, author=actor, body=text)
    audit_record(
        now=now,
        actor=actor,
        action="comment",
        obj=task,
        incident=task.incident,
        changes={"comment_id": comment.pk, "body": text},
    )
    return comment
