"""Per-incident audit exports for regulators: the entries, their hashes and the chain's state."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from incidents.audit import audit_chain_check
from incidents.models import AuditEvent, Incident

HASH_METHOD = (
    "Each entry's hash is the SHA-256 (hex) of the UTF-8 JSON object, keys sorted, no spaces, "
    "non-ASCII characters kept, of: created_at, actor_id, actor_label, ip_address, incident_id, "
    "action, object_type, object_id, object_repr, changes, prev_hash. prev_hash is the hash of "
    "the entry before it in the whole trail (64 zeros for the first), so changing, removing or "
    "inserting any entry breaks every link after it."
)


@dataclass(frozen=True)
class AuditEntry:
    """One audit entry as exported, with what is needed to recompute its hash."""

    id: int
    created_at: str
    actor_id: int | None
    actor_label: str
    ip_address: str | None
    incident_id: int | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditExport:
    """An incident's audit trail with the state of the whole chain when it was exported."""

    incident_id: int
    incident_reference: str
    incident_title: str
    generated_at: str
    generated_by: str
    chain_intact: bool
    chain_entries_checked: int
    chain_head: str
    chain_broken_entry_id: int | None
    hash_method: str
    entries: list[AuditEntry]

    def as_dict(self) -> dict[str, Any]:
        """The export as plain JSON-ready data."""
        return asdict(self)


def audit_events_for_incident(*, incident: Incident) -> QuerySet[AuditEvent]:
    """The incident's audit entries in chain order."""
    return AuditEvent.objects.filter(incident_id=incident.pk).order_by("pk")


def audit_entry_from_event(event: AuditEvent) -> AuditEntry:
    """Copy an audit row into its exported form."""
    return AuditEntry(
        id=event.pk,
        created_at=event.created_at.isoformat(),
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        ip_address=event.ip_address,
        incident_id=event.incident_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        changes=event.changes,
        prev_hash=event.prev_hash,
        hash=event.hash,
    )


def audit_export_build(*, incident: Incident, generated_by: str, now: datetime) -> AuditExport:
    """Collect the incident's entries and verify the whole chain they belong to."""
    check = audit_chain_check()
    return AuditExport(
        incident_id=incident.pk,
        incident_reference=incident.reference,
        incident_title=incident.title,
        generated_at=now.isoformat(),
        generated_by=generated_by,
        chain_intact=check.intact,
        chain_entries_checked=check.checked,
        chain_head=check.head,
        chain_broken_entry_id=check.broken.pk if check.broken else None,
        hash_method=HASH_METHOD,
        entries=[audit_entry_from_event(e) for e in audit_events_for_incident(incident=incident)],
    )
