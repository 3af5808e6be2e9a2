"""The append-only audit trail: every change is recorded and chained by SHA-256."""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import translation

from config.network import client_ip
from config.transactions import before_commit
from incidents.models import AuditEvent, Incident

GENESIS_HASH = "0" * 64
# Any constant works; it only has to be the same for every writer of the chain.
AUDIT_LOCK_KEY = 73_110_933

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


class AuditContextMiddleware:
    """Remember the client address of the current request for audit entries."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def _json_default(value: Any) -> Any:
    """Serialise the values model fields hold."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def to_json_safe(value: Any) -> Any:
    """Round-trip a value through JSON so what is hashed is exactly what is stored."""
    return json.loads(json.dumps(value, default=_json_default, sort_keys=True))


def audit_event_hash(event: AuditEvent) -> str:
    """Compute the SHA-256 of an entry's content together with the previous entry's hash."""
    payload = {
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "ip_address": event.ip_address,
        "incident_id": event.incident_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "prev_hash": event.prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    """Serialise writers of the chain so two entries never share a predecessor."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])
    # SQLite: write transactions are already serialised (IMMEDIATE mode).


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    incident: Incident | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    now: datetime,
) -> AuditEvent:
    """Append one entry to the audit trail inside the caller's transaction, stamped with the
    caller's `now`.

    Inside a write transaction the entry takes its place in the chain just before the commit,
    after every row lock of the transaction: the chain lock is the last lock taken and is held
    only while the commit runs (docs/concurrency.md). Its id and hash are set from then on.
    """
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        created_at=now,
        actor=actor_obj,
        actor_label=actor_obj.get_username() if actor_obj else (str(actor) if actor else "system"),
        ip_address=ip_address or current_ip.get(),
        incident=incident,
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=recorded_text(obj),
        changes=to_json_safe(changes or {}),
    )
    before_commit(lambda: _chain_append(event))
    return event


def recorded_text(obj: models.Model | None) -> str:
    """The object as the trail records it: in the project's language whatever the writer reads,
    so one kind of object is always recorded in one form, which the page translates when shown
    (the `audit_object` filter)."""
    if obj is None:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return str(obj)[:300]


def _chain_append(event: AuditEvent) -> None:
    """Link the entry to the chain's head and store it, under the chain lock."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        event.prev_hash = last or GENESIS_HASH
        event.hash = audit_event_hash(event)
        event.save(force_insert=True)


def model_snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the JSON-safe values of a model's concrete fields (or the named ones)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return to_json_safe({name: getattr(obj, name) for name in names})


def diff_snapshots(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return {field: {"before": x, "after": y}} for the fields that changed."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking the audit chain."""

    checked: int
    head: str
    broken: AuditEvent | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None


def audit_chain_check() -> ChainCheck:
    """Walk the chain in order and say where (and how) it first breaks, if it does."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            reason = (
                "its link to the previous entry does not match (an entry before it was "
                "removed, inserted or changed)"
            )
            return ChainCheck(checked, expected_prev, event, reason)
        if audit_event_hash(event) != event.hash:
            reason = "its content does not match its hash (the entry was changed)"
            return ChainCheck(checked, expected_prev, event, reason)
        expected_prev = event.hash
        checked += 1
    return ChainCheck(checked, expected_prev)


def audit_verify() -> tuple[int, AuditEvent | None]:
    """Walk the chain in order; return (entries checked, first broken entry or None)."""
    result = audit_chain_check()
    return result.checked, result.broken
