"""A DPO's decisions to include or exclude a regime, each with its written reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from compliance.models import Regime, RegimeAction, RegimeOverride
from compliance.services.common import capability_require
from config.errors import Conflict, ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record, model_snapshot
from incidents.events import incident_facts_changed_send
from incidents.models import Incident

REPLACED = "Replaced by a later decision on the same regime."


def _override_errors(regime: str, action: str, reason: str) -> dict[str, list[str]]:
    """Name each bad field of a regime decision."""
    errors: dict[str, list[str]] = {}
    if regime not in Regime.values:
        errors["regime"] = [f"Unknown regime {regime!r}; one of {', '.join(Regime.values)}."]
    if action not in RegimeAction.values:
        errors["action"] = ["Use include or exclude."]
    if not reason.strip():
        errors["reason"] = ["A regime decision needs a written reason."]
    return errors


@write_transaction
def regime_override_set(
    *,
    actor: Any,
    incident: Incident,
    regime: str,
    action: str,
    reason: str,
    now: datetime,
) -> RegimeOverride:
    """Include or exclude a regime for the incident (replacing an earlier decision) and recompute."""
    capability_require(actor, "obligation.decide")
    errors = _override_errors(regime, action, reason)
    if errors:
        raise ValidationFailed("Invalid regime decision.", fields=errors)
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    current = locked.regime_overrides.filter(regime=regime, revoked_at__isnull=True).first()
    if current is not None and (current.action, current.reason) == (action, reason.strip()):
        return current
    if current is not None:
        _revoke(current, actor=actor, reason=REPLACED, now=now)
    override = RegimeOverride.objects.create(
        incident=locked,
        regime=regime,
        action=action,
        reason=reason.strip(),
        decided_by=actor if getattr(actor, "pk", None) else None,
        decided_at=now,
    )
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=override,
        incident=locked,
        changes={"after": model_snapshot(override)},
    )
    # The decision changes what the engine is told: the incident's one write path recomputes.
    incident_facts_changed_send(
        incident=locked, actor=actor, created=False, source="regime decision", now=now
    )
    return override


@write_transaction
def regime_override_revoke(
    *, actor: Any, override: RegimeOverride, reason: str, now: datetime
) -> RegimeOverride:
    """Withdraw a regime decision (kept for the record) and recompute without it."""
    capability_require(actor, "obligation.decide")
    if not reason.strip():
        raise ValidationFailed(
            "A revocation needs a reason.",
            fields={"reason": ["Say why the decision is withdrawn."]},
        )
    incident = Incident.objects.select_for_update().get(pk=override.incident_id)
    locked = RegimeOverride.objects.select_for_update().get(pk=override.pk)
    if locked.revoked_at is not None:
        raise Conflict("This regime decision was already withdrawn.")
    _revoke(locked, actor=actor, reason=reason.strip(), now=now)
    incident_facts_changed_send(
        incident=incident, actor=actor, created=False, source="regime decision", now=now
    )
    return locked


def _revoke(override: RegimeOverride, *, actor: Any, reason: str, now: datetime) -> None:
    """Mark a decision as no longer in force and audit it."""
    override.revoked_at = now
    override.revoked_by = actor if getattr(actor, "pk", None) else None
    override.revoke_reason = reason
    override.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        now=now,
        actor=actor,
        action="revoke",
        obj=override,
        incident=override.incident,
        changes={"revoked_at": now, "revoke_reason": reason},
    )
