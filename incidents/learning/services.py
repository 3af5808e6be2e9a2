"""Writes of reviews and corrective actions, each one audited; drills live in drills.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from config.errors import (
    Conflict,
    NotPermitted,
    ValidationFailed,
    version_check,
)
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.choices import RootCause, Status
from incidents.learning.models import REVIEW_FINDINGS, CorrectiveAction, Review, ReviewStatus
from incidents.models import Incident, TaskStatus, Team
from incidents.response.selectors import user_team_ids
from incidents.roles import has_capability
from incidents.work_items import work_item_status_apply, work_item_status_check

# A review cannot be completed before these say something.
REVIEW_REQUIRED = (
    "root_cause",
    "went_wrong_decisions",
    "went_wrong_communication",
    "went_wrong_response",
    "went_well",
)
ACTION_FIELDS = ("title", "description", "category", "team", "owner", "due_at")
ACTION_TRACKED = ["title", "description", "category", "team_id", "owner_id", "due_at"]


def _unknown_refuse(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Name each field the service does not take."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationFailed("Unknown fields.", fields={n: ["Unknown field."] for n in unknown})


def _root_cause_check(data: dict[str, Any]) -> None:
    """A root cause is one of the six categories (or empty while the review is a draft)."""
    value = data.get("root_cause")
    if value and value not in RootCause.values:
        message = f"Unknown root cause {value!r}; use one of {', '.join(RootCause.values)}."
        raise ValidationFailed(message, fields={"root_cause": [message]})


@write_transaction
def review_create(
    *, actor: Any, incident: Incident, data: dict[str, Any] | None = None, now: datetime
) -> Review:
    """Open the review of a closed incident (one per incident); the root cause starts as logged."""
    if not has_capability(actor, "review.write"):
        raise NotPermitted("Your role does not allow writing reviews.")
    data = dict(data or {})
    _unknown_refuse(data, REVIEW_FINDINGS)
    _root_cause_check(data)
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if locked.status != Status.CLOSED:
        raise Conflict(
            f"{locked.reference} is {locked.status}; its review starts once it is closed."
        )
    if Review.objects.filter(incident=locked).exists():
        raise Conflict(f"{locked.reference} has a review already.")
    review = Review(incident=locked, created_by=_user(actor))
    review.root_cause = locked.root_cause
    for name, value in data.items():
        setattr(review, name, value)
    review.save()
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=review,
        incident=locked,
        changes={"after": model_snapshot(review)},
    )
    return review


def _review_lock(review: Review, expected_version: int | None) -> Review:
    """Lock the review's row, check the version read, and refuse changes to a completed one."""
    locked = Review.objects.select_for_update(of=("self",)).select_related("incident")
    review = locked.get(pk=review.pk)
    version_check(current=review.version, expected=expected_version, what="review")
    if review.status == ReviewStatus.COMPLETED:
        raise Conflict("The review is completed; its findings are no longer edited.")
    return review


@write_transaction
def review_update(
    *,
    actor: Any,
    review: Review,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> Review:
    """Change a draft review's findings."""
    if not has_capability(actor, "review.write"):
        raise NotPermitted("Your role does not allow writing reviews.")
    _unknown_refuse(data, REVIEW_FINDINGS)
    _root_cause_check(data)
    locked = _review_lock(review, expected_version)
    before = model_snapshot(locked, REVIEW_FINDINGS)
    for name, value in data.items():
        setattr(locked, name, value)
    changes = diff_snapshots(before, model_snapshot(locked, REVIEW_FINDINGS))
    if not changes:
        return locked
    locked.version_bump()
    locked.save()
    audit_record(
        now=now, actor=actor, action="update", obj=locked, incident=locked.incident, changes=changes
    )
    return locked


@write_transaction
def review_complete(
    *,
    actor: Any,
    review: Review,
    expected_version: int | None = None,
    now: datetime,
) -> Review:
    """Complete a review once its root cause and what went wrong and well are written."""
    if not has_capability(actor, "review.complete"):
        raise NotPermitted("Only the DPO or an administrator completes a review.")
    locked = _review_lock(review, expected_version)
    missing = [name for name in REVIEW_REQUIRED if not str(getattr(locked, name)).strip()]
    if missing:
        raise ValidationFailed(
            "The review is not finished.",
            fields={name: ["Needed before the review is completed."] for name in missing},
        )
    locked.status = ReviewStatus.COMPLETED
    locked.completed_at = now
    locked.completed_by = _user(actor)
    locked.version_bump()
    locked.save()
    audit_record(
        now=now,
        actor=actor,
        action="complete",
        obj=locked,
        incident=locked.incident,
        changes={"status": {"before": ReviewStatus.DRAFT, "after": ReviewStatus.COMPLETED}},
    )
    return locked


def _user(actor: Any) -> Any:
    """The actor as a user to store, or None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


def corrective_action_can_update(*, user: Any, action: CorrectiveAction) -> bool:
    """The DPO and admins change any action; its owner and its team's members change it too."""
    if has_capability(user, "task.manage"):
        return True
    if not has_capability(user, "task.update_own_team"):
        return False
    return action.owner_id == user.pk or action.team_id in user_team_ids(user)


def corrective_action_authorize(*, actor: Any, action: CorrectiveAction) -> None:
    """Refuse (403) unless the actor may change this corrective action."""
    if not corrective_action_can_update(user=actor, action=action):
        raise NotPermitted(
            f"Only its owner, members of {action.team.name}, the DPO or an administrator may "
            "change this action."
        )


def _owner_check(owner: Any, team: Team) -> None:
    """The owner is an active member of the action's team, as with task assignees."""
    if owner is None:
        return
    if not owner.is_active or not team.members.filter(pk=owner.pk).exists():
        message = f"{owner.get_username()} is not an active member of {team.name}."
        raise ValidationFailed(message, fields={"owner": [message]})


@write_transaction
def corrective_action_create(
    *, actor: Any, review: Review, data: dict[str, Any], now: datetime
) -> CorrectiveAction:
    """Agree a corrective action in a review: what, which team owns it, by when."""
    if not has_capability(actor, "review.write"):
        raise NotPermitted("Your role does not allow writing reviews.")
    _unknown_refuse(data, ACTION_FIELDS)
    missing = [name for name in ("title", "team") if not data.get(name)]
    if missing:
        raise ValidationFailed(
            "Missing fields.", fields={name: ["This field is required."] for name in missing}
        )
    action = CorrectiveAction(review=review, **data)
    _owner_check(action.owner, action.team)
    action.full_clean(exclude=["review", "team", "owner"])
    action.save()
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=action,
        incident=review.incident,
        changes={"after": model_snapshot(action)},
    )
    return action


def _action_lock(action: CorrectiveAction, expected_version: int | None) -> CorrectiveAction:
    """Lock the action's row and check it is the version the caller read."""
    locked = (
        CorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("review__incident", "team")
        .get(pk=action.pk)
    )
    version_check(current=locked.version, expected=expected_version, what="corrective action")
    return locked


@write_transaction
def corrective_action_update(
    *,
    actor: Any,
    action: CorrectiveAction,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> CorrectiveAction:
    """Change an action's fields or status; moving it to another team is for the DPO or admins."""
    _unknown_refuse(data, (*ACTION_FIELDS, "status", "not_applicable_reason"))
    locked = _action_lock(action, expected_version)
    corrective_action_authorize(actor=actor, action=locked)
    if "team" in data and not has_capability(actor, "task.manage"):
        raise NotPermitted("Only the DPO or an administrator may move an action to another team.")
    before = model_snapshot(locked, [*ACTION_TRACKED, "status", "not_applicable_reason"])
    for name in ACTION_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    if "owner" in data or "team" in data:
        _owner_check(locked.owner, locked.team)
    if "status" in data or "not_applicable_reason" in data:
        status = data.get("status", locked.status)
        reason = data.get("not_applicable_reason") or ""
        if work_item_status_check(item=locked, status=status, reason=reason, noun="action"):
            work_item_status_apply(item=locked, status=status, reason=reason, actor=actor, now=now)
    changes = diff_snapshots(before, model_snapshot(locked, list(before)))
    if not changes:
        return locked
    locked.full_clean(exclude=["review", "team", "owner"])
    locked.version_bump()
    locked.save()
    incident = locked.review.incident
    audit_record(
        now=now, actor=actor, action="update", obj=locked, incident=incident, changes=changes
    )
    return locked


def corrective_action_complete(
    *,
    actor: Any,
    action: CorrectiveAction,
    expected_version: int | None = None,
    now: datetime,
) -> CorrectiveAction:
    """Mark an action done (409 when it already is)."""
    return corrective_action_update(
        actor=actor,
        action=action,
        data={"status": TaskStatus.DONE},
        expected_version=expected_version,
        now=now,
    )
