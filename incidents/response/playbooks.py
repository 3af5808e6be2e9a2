"""Writes to playbooks and their task templates (the web UI and the API use these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models

from config.errors import Conflict, NotPermitted, ValidationFailed, version_check
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.response.models import Playbook, PlaybookTask
from incidents.response.rules import dependency_reaches
from incidents.roles import has_capability

PLAYBOOK_FIELDS = (
    "key",
    "name",
    "description",
    "incident_types",
    "processing_roles",
    "regimes",
    "is_active",
)
TEMPLATE_FIELDS = (
    "key",
    "position",
    "team",
    "title",
    "instructions",
    "due_anchor",
    "due_anchor_rule_id",
    "due_offset_minutes",
)


def _require_manage(actor: Any) -> None:
    """Refuse (403) unless the actor may edit playbooks."""
    if not has_capability(actor, "playbook.manage"):
        raise NotPermitted("Only the DPO or an administrator may edit playbooks.")


def _fields_set(obj: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Copy the allowed fields from data, refusing unknown ones by name."""
    unknown = sorted(set(data) - set(allowed) - {"depends_on"})
    if unknown:
        raise ValidationFailed("Unknown fields.", fields={n: ["Unknown field."] for n in unknown})
    for name in allowed:
        if name in data:
            setattr(obj, name, data[name])


def _validate(obj: models.Model) -> None:
    """Run the model's validation and report it as a 400 naming each field."""
    try:
        obj.full_clean(exclude=["playbook"], validate_constraints=False)
    except DjangoValidationError as error:
        raise ValidationFailed("Invalid playbook.", fields=error.message_dict) from error


def _template_key_check(template: PlaybookTask) -> None:
    """Task keys are unique within a playbook: generated tasks are found again by them."""
    clash = PlaybookTask.objects.filter(playbook=template.playbook_id, key=template.key)
    if clash.exclude(pk=template.pk).exists():
        message = f"The playbook already has a task with key {template.key!r}."
        raise ValidationFailed(message, fields={"key": [message]})


def template_waits_for_itself(
    *,
    template_id: int | None,
    dependency_ids: list[int],
    pending: dict[int, list[int]] | None = None,
) -> bool:
    """Tell whether a template with these dependencies would (indirectly) depend on itself.

    `pending` holds other templates' dependencies about to be saved with it (an admin form).
    """
    if template_id is None:
        return False
    pending = pending or {}
    stored = PlaybookTask.depends_on.through.objects.values_list(
        "from_playbooktask_id", "to_playbooktask_id"
    )
    edges = [(source, target) for source, target in stored if source not in pending]
    edges += [(source, target) for source, targets in pending.items() for target in targets]
    return dependency_reaches(edges=edges, start=dependency_ids, target=template_id)


def _dependencies_set(template: PlaybookTask, dependencies: list[PlaybookTask]) -> None:
    """Set a template's dependencies, refusing one that would make it wait for itself."""
    if template_waits_for_itself(
        template_id=template.pk, dependency_ids=[d.pk for d in dependencies]
    ):
        message = "These dependencies would make the task wait for itself."
        raise ValidationFailed(message, fields={"depends_on": [message]})
    template.depends_on.set(dependencies)


@write_transaction
def playbook_create(*, actor: Any, data: dict[str, Any], now: datetime) -> Playbook:
    """Create a playbook (without tasks; add them with playbook_task_create)."""
    _require_manage(actor)
    playbook = Playbook()
    _fields_set(playbook, data, PLAYBOOK_FIELDS)
    _validate(playbook)
    playbook.save()
    audit_record(
        now=now, actor=actor, action="create", obj=playbook, changes=model_snapshot(playbook)
    )
    return playbook


@write_transaction
def playbook_update(
    *,
    actor: Any,
    playbook: Playbook,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> Playbook:
    """Change a playbook's name, criteria or whether it is active (412 if it changed meanwhile)."""
    _require_manage(actor)
    locked = Playbook.objects.select_for_update().get(pk=playbook.pk)
    version_check(current=locked.version, expected=expected_version, what="playbook")
    before = model_snapshot(locked, list(PLAYBOOK_FIELDS))
    _fields_set(locked, data, PLAYBOOK_FIELDS)
    _validate(locked)
    locked.version_bump()
    locked.save()
    changes = diff_snapshots(before, model_snapshot(locked, list(PLAYBOOK_FIELDS)))
    audit_record(now=now, actor=actor, action="update", obj=locked, changes=changes)
    return locked


@write_transaction
def playbook_delete(*, actor: Any, playbook: Playbook, now: datetime) -> None:
    """Delete a playbook of one's own; a built-in one is switched off instead (409)."""
    _require_manage(actor)
    if playbook.is_builtin:
        raise Conflict("A built-in playbook cannot be deleted; set is_active to false instead.")
    audit_record(
        now=now, actor=actor, action="delete", obj=playbook, changes=model_snapshot(playbook)
    )
    playbook.delete()


@write_transaction
def playbook_task_create(
    *, actor: Any, playbook: Playbook, data: dict[str, Any], now: datetime
) -> PlaybookTask:
    """Add a task template to a playbook; incidents get it at their next synchronisation."""
    _require_manage(actor)
    template = PlaybookTask(playbook=playbook)
    _fields_set(template, data, TEMPLATE_FIELDS)
    _validate(template)
    _template_key_check(template)
    template.save()
    _dependencies_set(template, data.get("depends_on") or [])
    changes = {
        "after": model_snapshot(template),
        "depends_on": [d.pk for d in data.get("depends_on") or []],
    }
    audit_record(now=now, actor=actor, action="create", obj=template, changes=changes)
    return template


@write_transaction
def playbook_task_update(
    *,
    actor: Any,
    template: PlaybookTask,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> PlaybookTask:
    """Change a task template; tasks already generated keep what they were given."""
    _require_manage(actor)
    locked = PlaybookTask.objects.select_for_update().get(pk=template.pk)
    version_check(current=locked.version, expected=expected_version, what="task template")
    before = model_snapshot(
        locked, [name if name != "team" else "team_id" for name in TEMPLATE_FIELDS]
    )
    _fields_set(locked, data, TEMPLATE_FIELDS)
    _validate(locked)
    _template_key_check(locked)
    locked.version_bump()
    locked.save()
    changes = diff_snapshots(before, model_snapshot(locked, list(before)))
    if "depends_on" in data:
        _dependencies_set(locked, data["depends_on"])
        changes["depends_on"] = [d.pk for d in data["depends_on"]]
    audit_record(now=now, actor=actor, action="update", obj=locked, changes=changes)
    return locked


@write_transaction
def playbook_task_delete(*, actor: Any, template: PlaybookTask, now: datetime) -> None:
    """Remove a task template; tasks it generated stay on their incidents."""
    _require_manage(actor)
    audit_record(
        now=now, actor=actor, action="delete", obj=template, changes=model_snapshot(template)
    )
    template.delete()
