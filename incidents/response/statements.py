"""Crisis communication: one statement per audience, drafted, approved, published; versions kept.

Approving a version makes it the audience's one current version (one consistent message) and
supersedes the one before it; approved and published wording is never edited, only replaced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max, Q

from config.errors import Conflict, NotPermitted, ValidationFailed, version_check
from config.transactions import write_transaction
from incidents.audit import audit_record, model_snapshot
from incidents.models import Incident
from incidents.response.models import Audience, Statement, StatementStatus, StatementVersion
from incidents.roles import has_capability

MAX_BODY = 50_000
MAX_NAME = 200
EDITABLE_FIELDS = ("body", "spokesperson", "channel")


def _require(actor: Any, capability: str, message: str) -> None:
    """Refuse (403) unless the actor's role grants the capability."""
    if not has_capability(actor, capability):
        raise NotPermitted(message)


def _wording_clean(data: dict[str, Any]) -> dict[str, str]:
    """Check the wording fields that are given, naming each bad one."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = str(data[name] or "").strip()
        limit = MAX_BODY if name == "body" else MAX_NAME
        if name == "body" and not value:
            errors[name] = ["Write the statement."]
        elif len(value) > limit:
            errors[name] = [f"At most {limit} characters."]
        clean[name] = value
    if errors:
        raise ValidationFailed("Invalid statement.", fields=errors)
    return clean


def _version_add(
    *, actor: Any, statement: Statement, data: dict[str, Any], now: datetime
) -> StatementVersion:
    """Append a draft version with the next number and audit it."""
    wording = _wording_clean({"body": data.get("body", ""), **data})
    latest = statement.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = StatementVersion.objects.create(
        statement=statement, number=latest + 1, author=actor, **wording
    )
    audit_record(
        now=now,
        actor=actor,
        action="draft",
        obj=version,
        incident=statement.incident,
        changes={"audience": statement.audience, "after": model_snapshot(version)},
    )
    return version


@write_transaction
def statement_create(
    *, actor: Any, incident: Incident, audience: str, data: dict[str, Any], now: datetime
) -> Statement:
    """Start the statement for an audience with its first draft (409 if it already exists)."""
    _require(actor, "statement.draft", "Your role does not allow drafting statements.")
    if audience not in Audience.values:
        message = f"Unknown audience {audience!r}; use one of {', '.join(Audience.values)}."
        raise ValidationFailed(message, fields={"audience": [message]})
    _wording_clean({"body": data.get("body", ""), **data})
    if Statement.objects.filter(incident=incident, audience=audience).exists():
        raise Conflict(
            f"This incident already has a statement for {audience}; add a version to it instead."
        )
    statement = Statement.objects.create(incident=incident, audience=audience, created_by=actor)
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=statement,
        incident=incident,
        changes={"audience": audience},
    )
    _version_add(now=now, actor=actor, statement=statement, data=data)
    return statement


@write_transaction
def statement_version_draft(
    *, actor: Any, statement: Statement, data: dict[str, Any], now: datetime
) -> StatementVersion:
    """Add a new draft version to a statement."""
    _require(actor, "statement.draft", "Your role does not allow drafting statements.")
    locked = Statement.objects.select_for_update().select_related("incident").get(pk=statement.pk)
    return _version_add(now=now, actor=actor, statement=locked, data=data)


def _version_lock(version: StatementVersion, expected_version: int | None) -> StatementVersion:
    """Lock the statement (which serialises its versions), return the fresh version and check
    it is the one the caller read (412 otherwise; None means overwrite)."""
    Statement.objects.select_for_update().get(pk=version.statement_id)
    locked = StatementVersion.objects.select_related("statement__incident").get(pk=version.pk)
    version_check(current=locked.version, expected=expected_version, what="statement version")
    return locked


@write_transaction
def statement_version_update(
    *,
    actor: Any,
    version: StatementVersion,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> StatementVersion:
    """Edit a draft's wording; approved and published versions are kept as they are."""
    _require(actor, "statement.draft", "Your role does not allow editing statements.")
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationFailed("Unknown fields.", fields={n: ["Unknown field."] for n in unknown})
    wording = _wording_clean(data)
    locked = _version_lock(version, expected_version)
    if locked.status != StatementStatus.DRAFT:
        raise Conflict(
            f"Version {locked.number} is {locked.status}; it is kept as it is. Draft a new version."
        )
    before = model_snapshot(locked, list(EDITABLE_FIELDS))
    for name, value in wording.items():
        setattr(locked, name, value)
    after = model_snapshot(locked, list(EDITABLE_FIELDS))
    changes = {k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]}
    if changes:
        locked.version_bump()
        locked.save()
        incident = locked.statement.incident
        audit_record(
            now=now, actor=actor, action="update", obj=locked, incident=incident, changes=changes
        )
    return locked


@write_transaction
def statement_version_approve(
    *,
    actor: Any,
    version: StatementVersion,
    expected_version: int | None = None,
    now: datetime,
) -> StatementVersion:
    """Approve a draft: it becomes the audience's one current version, superseding older ones."""
    _require(
        actor,
        "statement.approve",
        "Only the DPO, Legal or an administrator may approve statements.",
    )
    locked = _version_lock(version, expected_version)
    if locked.status != StatementStatus.DRAFT:
        raise Conflict(f"Version {locked.number} is {locked.status}; only a draft can be approved.")
    statement = locked.statement
    current = statement.versions.filter(is_current=True).first()
    if current is not None and current.number > locked.number:
        raise Conflict(
            f"Version {current.number}, newer than this one, is already approved; "
            "draft a new version instead."
        )
    older = statement.versions.filter(
        Q(is_current=True) | Q(status=StatementStatus.DRAFT, number__lt=locked.number)
    )
    for old in older:
        # Saved before the new one so the one-current-version constraint holds at every step.
        previous = old.status
        old.status, old.is_current = StatementStatus.SUPERSEDED, False
        old.version_bump()
        old.save(update_fields=["status", "is_current", "version", "updated_at"])
        audit_record(
            now=now,
            actor=actor,
            action="supersede",
            obj=old,
            incident=statement.incident,
            changes={"status": {"before": previous, "after": old.status}, "by": locked.number},
        )
    locked.status, locked.is_current = StatementStatus.APPROVED, True
    locked.approved_by, locked.approved_at = actor, now
    locked.version_bump()
    locked.save()
    audit_record(
        now=now,
        actor=actor,
        action="approve",
        obj=locked,
        incident=statement.incident,
        changes={"status": {"before": StatementStatus.DRAFT, "after": locked.status}},
    )
    return locked


@write_transaction
def statement_version_publish(
    *,
    actor: Any,
    version: StatementVersion,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> StatementVersion:
    """Record that the current approved version went out, by which spokesperson and channel."""
    _require(actor, "statement.draft", "Your role does not allow publishing statements.")
    wording = _wording_clean({k: v for k, v in data.items() if k in ("spokesperson", "channel")})
    locked = _version_lock(version, expected_version)
    if locked.status == StatementStatus.PUBLISHED:
        raise Conflict(f"Version {locked.number} was already published at {locked.published_at}.")
    if not locked.is_current:
        raise Conflict("Only the current approved version of a statement can be published.")
    spokesperson = wording.get("spokesperson") or locked.spokesperson
    if not spokesperson:
        message = "Name the spokesperson who gives this statement."
        raise ValidationFailed(message, fields={"spokesperson": [message]})
    before = model_snapshot(locked, ["status", "spokesperson", "channel"])
    locked.spokesperson = spokesperson
    locked.channel = wording.get("channel", locked.channel)
    locked.status = StatementStatus.PUBLISHED
    locked.published_by, locked.published_at = actor, now
    locked.version_bump()
    locked.save()
    after = model_snapshot(locked, ["status", "spokesperson", "channel", "published_at"])
    audit_record(
        now=now,
        actor=actor,
        action="publish",
        obj=locked,
        incident=locked.statement.incident,
        changes={"before": before, "after": after},
    )
    return locked
