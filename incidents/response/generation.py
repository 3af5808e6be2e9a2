"""Tasks from playbooks: generated when an incident appears or gains obligations, kept in step.

`tasks_sync` is idempotent: it creates what is missing (never twice, thanks to each task's origin
key), moves anchored due times with their anchor unless a person set the time by hand, closes a
task whose obligation stopped applying and reopens it if the obligation comes back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from compliance.models import Obligation, ObligationStatus
from config.transactions import write_transaction
from incidents.audit import audit_record, model_snapshot
from incidents.models import TASK_OPEN_STATUSES, DueAnchor, Incident, Task, TaskStatus
from incidents.response.models import Playbook, PlaybookTask
from incidents.response.rules import due_from_anchor
from incidents.response.selectors import playbook_list

# The incident's columns task generation reads besides its obligations (playbook criteria and
# due-time anchors); tests/compliance/test_recompute_scope.py records what it reads.
TASK_INPUT_FIELDS = frozenset({"incident_type", "role", "detected_at", "aware_at"})


@dataclass(frozen=True)
class TaskPlan:
    """A task a playbook asks for on this incident (one per obligation for obligation anchors)."""

    origin_key: str
    template: PlaybookTask
    obligation: Obligation | None = None
    entity_in_title: bool = False


@dataclass
class SyncResult:
    """What one synchronisation changed."""

    created: list[Task] = field(default_factory=list)
    rescheduled: list[Task] = field(default_factory=list)
    closed: list[Task] = field(default_factory=list)
    reopened: list[Task] = field(default_factory=list)


def obligation_applies(obligation: Obligation) -> bool:
    """Tell whether an obligation is a live duty (not withdrawn and not exempted)."""
    return obligation.applies and obligation.status != ObligationStatus.NOT_REQUIRED


def playbook_applies(playbook: Playbook, *, incident: Incident, regimes: set[str]) -> bool:
    """Tell whether each of the playbook's criteria (type, role, regime; empty = any) fits."""
    if playbook.incident_types and incident.incident_type not in playbook.incident_types:
        return False
    if playbook.processing_roles and incident.role not in playbook.processing_roles:
        return False
    return not playbook.regimes or bool(regimes & set(playbook.regimes))


def task_plans(
    *, incident: Incident, playbooks: list[Playbook], applying: list[Obligation]
) -> list[TaskPlan]:
    """Every task the applying playbooks ask for, keyed by origin."""
    by_rule: dict[str, list[Obligation]] = defaultdict(list)
    for obligation in applying:
        by_rule[obligation.rule_id].append(obligation)
    regimes = {obligation.regime for obligation in applying}
    plans: list[TaskPlan] = []
    for playbook in playbooks:
        if not playbook_applies(playbook, incident=incident, regimes=regimes):
            continue
        for template in playbook.tasks.all():
            base = f"{playbook.key}:{template.key}"
            if template.due_anchor != DueAnchor.OBLIGATION:
                plans.append(TaskPlan(base, template))
                continue
            # One task per obligation: several entities may each owe the same notice.
            matching = by_rule.get(template.due_anchor_rule_id, [])
            plans.extend(
                TaskPlan(f"{base}:{o.entity_id or 0}", template, o, len(matching) > 1)
                for o in matching
            )
    return plans


def _task_from_plan(plan: TaskPlan, *, incident: Incident) -> Task:
    """Create the task a plan describes (audited by the caller once dependencies are linked)."""
    template, obligation = plan.template, plan.obligation
    title = template.title
    if plan.entity_in_title and obligation is not None and obligation.entity is not None:
        title = f"{title} — {obligation.entity.legal_name}"
    return Task.objects.create(
        incident=incident,
        team=template.team,
        title=title[:200],
        instructions=template.instructions,
        due_anchor=template.due_anchor,
        due_anchor_rule_id=template.due_anchor_rule_id,
        due_offset_minutes=template.due_offset_minutes,
        anchor_obligation=obligation,
        due_at=due_from_anchor(
            anchor=template.due_anchor,
            offset_minutes=template.due_offset_minutes,
            incident=incident,
            obligation=obligation,
        ),
        origin_key=plan.origin_key,
        playbook_task=template,
    )


def _dependencies_link(
    *, created: list[Task], tasks: list[Task], templates: dict[int, PlaybookTask]
) -> dict[int, list[int]]:
    """Link tasks as their templates say, only where one side is new (a person may unlink)."""
    by_template: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.playbook_task_id:
            by_template[task.playbook_task_id].append(task)
    created_ids = {task.pk for task in created}
    through = Task.depends_on.through
    links: dict[int, list[int]] = defaultdict(list)
    rows = []
    for task in tasks:
        template = templates.get(task.playbook_task_id or 0)
        if template is None:
            continue
        for needed in template.depends_on.all():
            for dependency in by_template.get(needed.pk, []):
                if task.pk in created_ids or dependency.pk in created_ids:
                    rows.append(through(from_task_id=task.pk, to_task_id=dependency.pk))
                    links[task.pk].append(dependency.pk)
    through.objects.bulk_create(rows, ignore_conflicts=True)
    return links


def _anchor_obligation(
    task: Task,
    *,
    plans: dict[str, TaskPlan],
    obligations: dict[int, Obligation],
    applying: list[Obligation],
) -> Obligation | None:
    """The obligation an obligation-anchored task follows now (it may have stopped applying)."""
    plan = plans.get(task.origin_key) if task.origin_key else None
    if plan is not None and plan.obligation is not None:
        return plan.obligation
    current = obligations.get(task.anchor_obligation_id or 0)
    if task.origin_key:
        # A playbook task stays with its own obligation (its entity's), live or not.
        return current
    if current is not None and obligation_applies(current):
        return current
    # A task a person anchored to a rule id: follow the earliest live obligation of that rule.
    return next((o for o in applying if o.rule_id == task.due_anchor_rule_id), current)


def _task_follow_obligation(
    task: Task, obligation: Obligation | None, *, actor: Any, result: SyncResult, now: datetime
) -> bool:
    """Close a task whose obligation stopped applying, reopen it when it applies again."""
    if obligation is None or not obligation_applies(obligation):
        if task.status not in TASK_OPEN_STATUSES:
            return False
        before = model_snapshot(task, ["status", "not_applicable_reason"])
        task.status = TaskStatus.NOT_APPLICABLE
        task.closed_automatically = True
        task.not_applicable_reason = (
            f"No longer required: the obligation {task.due_anchor_rule_id} does not apply "
            "after the incident's facts changed."
        )
        task.version_bump()
        task.save()
        changes = {"before": before, "after": model_snapshot(task, list(before))}
        audit_record(
            now=now, actor=actor, action="close", obj=task, incident=task.incident, changes=changes
        )
        result.closed.append(task)
        return False
    if task.status == TaskStatus.NOT_APPLICABLE and task.closed_automatically:
        task.status = TaskStatus.OPEN
        task.closed_automatically = False
        task.not_applicable_reason = ""
        changes = {"status": {"before": TaskStatus.NOT_APPLICABLE, "after": TaskStatus.OPEN}}
        audit_record(
            now=now, actor=actor, action="reopen", obj=task, incident=task.incident, changes=changes
        )
        result.reopened.append(task)
    task.anchor_obligation = obligation
    return True


def _task_follow_anchor(
    task: Task,
    *,
    incident: Incident,
    obligation: Obligation | None,
    actor: Any,
    result: SyncResult,
    now: datetime,
) -> None:
    """Move an open task's anchored due time with its anchor, unless a person set it by hand."""
    if task.due_set_manually or task.status not in TASK_OPEN_STATUSES:
        return
    due = due_from_anchor(
        anchor=task.due_anchor,
        offset_minutes=task.due_offset_minutes,
        incident=incident,
        obligation=obligation,
    )
    if due == task.due_at:
        return
    changes = {
        "due_at": {"before": task.due_at, "after": due},
        "anchor": task.due_anchor_rule_id or task.due_anchor,
    }
    task.due_at = due
    result.rescheduled.append(task)
    audit_record(
        now=now, actor=actor, action="reschedule", obj=task, incident=incident, changes=changes
    )


def _tasks_follow(
    tasks: list[Task],
    *,
    incident: Incident,
    plans: dict[str, TaskPlan],
    obligations: dict[int, Obligation],
    applying: list[Obligation],
    actor: Any,
    result: SyncResult,
    now: datetime,
) -> None:
    """Bring every anchored task of the incident in line with its anchor."""
    for task in tasks:
        if not task.due_anchor:
            continue
        snapshot = (task.status, task.due_at, task.anchor_obligation_id)
        obligation = None
        if task.due_anchor == DueAnchor.OBLIGATION:
            obligation = _anchor_obligation(
                task, plans=plans, obligations=obligations, applying=applying
            )
            if not _task_follow_obligation(task, obligation, now=now, actor=actor, result=result):
                continue
        _task_follow_anchor(
            task, now=now, incident=incident, obligation=obligation, actor=actor, result=result
        )
        if (task.status, task.due_at, task.anchor_obligation_id) != snapshot:
            task.version_bump()
            task.save()


@write_transaction
def tasks_sync(*, incident: Incident, actor: Any, now: datetime) -> SyncResult:
    """Create the playbook tasks an incident lacks and keep anchored due times in step."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    obligations = {
        o.pk: o for o in Obligation.objects.filter(incident=locked).select_related("entity")
    }
    applying = sorted(
        (o for o in obligations.values() if obligation_applies(o)),
        key=lambda o: (o.due_at or o.target_at or locked.detected_at, o.pk),
    )
    playbooks = list(playbook_list().filter(is_active=True))
    plans = {
        plan.origin_key: plan
        for plan in task_plans(incident=locked, playbooks=playbooks, applying=applying)
    }
    # Locked so a person's concurrent edit of a task is neither lost nor overwritten.
    existing = list(locked.tasks.select_for_update())
    existing_keys = {task.origin_key for task in existing}
    result = SyncResult()
    _tasks_follow(
        existing,
        now=now,
        incident=locked,
        plans=plans,
        obligations=obligations,
        applying=applying,
        actor=actor,
        result=result,
    )
    result.created = [
        _task_from_plan(plan, incident=locked)
        for key, plan in plans.items()
        if key not in existing_keys
    ]
    templates = {t.pk: t for p in playbooks for t in p.tasks.all()}
    links = _dependencies_link(
        created=result.created, tasks=existing + result.created, templates=templates
    )
    for task in result.created:
        changes = {
            "after": model_snapshot(task),
            "playbook": task.origin_key.split(":", 1)[0],
            "depends_on": sorted(links.get(task.pk, [])),
            "blocks": sorted(pk for pk, deps in links.items() if task.pk in deps),
        }
        audit_record(
            now=now, actor=actor, action="create", obj=task, incident=locked, changes=changes
        )
    return result
