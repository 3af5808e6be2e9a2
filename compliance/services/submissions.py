"""Notices actually sent for an obligation: initial, follow-up and final (GDPR Art. 33(4))."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from compliance.engine.regimes import REGIMES
from compliance.models import (
    Obligation,
    ObligationStatus,
    ReportDocument,
    ReportStatus,
    Submission,
    SubmissionPhase,
)
from compliance.services.common import capability_require
from compliance.services.events import event_emit_if_available
from compliance.services.obligations import obligations_recompute
from config.errors import ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.models import Incident

# Rules whose recorded notice starts another rule's clock (a cascade).
CASCADE_SOURCES = frozenset(
    rule.after_rule for regime in REGIMES for rule in regime.rules if rule.after_rule
)
# Clocks of different machines disagree a little; a minute of tolerance avoids false refusals.
CLOCK_SKEW = timedelta(minutes=1)
MAX_CHANNEL = 100
MAX_REFERENCE = 100
GDPR_LATE_REASONS = (
    "{basis}: a notification made after the {hours}-hour deadline must be accompanied by the "
    "reasons for the delay (GDPR Art. 33(1))."
)
OTHER_LATE_REASONS = (
    "{basis}: the notice was sent after its deadline; record the reasons for the delay so the "
    "register shows them."
)


def submission_is_late(*, obligation: Obligation, phase: str, submitted_at: datetime) -> bool:
    """An initial notice after a statutory due time is late; the due time itself is on time.

    Follow-up and final notices supply further information in phases (GDPR Art. 33(4)), so the
    deadline applies to the initial one. ASAP duties have no statutory due time and are never
    late by statute (their internal target is the organisation's own).
    """
    due = obligation.due_at
    return phase == SubmissionPhase.INITIAL and due is not None and submitted_at > due


def _phase_errors(
    obligation: Obligation, phase: str, submitted_at: datetime
) -> dict[str, list[str]]:
    """The first notice is the initial one; follow-ups come after it; nothing after the final."""
    earlier = list(obligation.submissions.order_by("submitted_at", "pk"))
    phases = [s.phase for s in earlier]
    if phase not in SubmissionPhase.values:
        return {"phase": [f"Use one of {', '.join(SubmissionPhase.values)}."]}
    if not earlier and phase != SubmissionPhase.INITIAL:
        return {"phase": ["The first notice for an obligation must be the initial one."]}
    if earlier and phase == SubmissionPhase.INITIAL:
        return {"phase": ["The initial notice was already recorded; this is a follow-up or final."]}
    if SubmissionPhase.FINAL in phases:
        return {"phase": ["The final notice was already recorded; nothing follows it."]}
    if earlier and submitted_at < earlier[-1].submitted_at:
        return {"submitted_at": ["Must not be before the previous notice for this obligation."]}
    return {}


def _field_errors(
    *,
    obligation: Obligation,
    submitted_at: Any,
    channel: str,
    regulator_reference: str,
    document: ReportDocument | None,
    now: datetime,
) -> dict[str, list[str]]:
    """Name each bad plain field of a submission."""
    errors: dict[str, list[str]] = {}
    if not isinstance(submitted_at, datetime) or submitted_at.utcoffset() is None:
        errors["submitted_at"] = ["Give the time with its UTC offset, e.g. +01:00 or Z."]
    elif submitted_at > now + CLOCK_SKEW:
        errors["submitted_at"] = ["Must not be in the future."]
    elif submitted_at < obligation.incident.detected_at:
        errors["submitted_at"] = ["Must not be before the incident was detected."]
    if not channel.strip():
        errors["channel"] = ["Say how the notice was sent (portal, e-mail, letter, phone)."]
    elif len(channel) > MAX_CHANNEL:
        errors["channel"] = [f"At most {MAX_CHANNEL} characters."]
    if len(regulator_reference) > MAX_REFERENCE:
        errors["regulator_reference"] = [f"At most {MAX_REFERENCE} characters."]
    if document is not None:
        if document.incident_id != obligation.incident_id:
            errors["document"] = ["The document belongs to another incident."]
        elif document.status != ReportStatus.READY:
            errors["document"] = ["The document has not been generated yet."]
    return errors


def _late_message(obligation: Obligation) -> str:
    """Why a late notice needs reasons, citing the rule."""
    if obligation.regime in ("GDPR", "UK_GDPR"):
        return GDPR_LATE_REASONS.format(basis=obligation.legal_basis, hours=obligation.duration)
    return OTHER_LATE_REASONS.format(basis=obligation.legal_basis)


@write_transaction
def submission_record(
    *,
    actor: Any,
    obligation: Obligation,
    phase: str,
    submitted_at: datetime,
    channel: str,
    regulator_reference: str = "",
    delay_reasons: str = "",
    notes: str = "",
    document: ReportDocument | None = None,
    now: datetime,
) -> Submission:
    """Record a notice sent for an obligation; a late initial notice must give its reasons."""
    capability_require(actor, "submission.write")
    # Same lock order as recomputation (incident, then obligation), so the two never deadlock.
    Incident.objects.select_for_update().get(pk=obligation.incident_id)
    locked = Obligation.objects.select_for_update().select_related("incident").get(pk=obligation.pk)
    errors = _field_errors(
        obligation=locked,
        submitted_at=submitted_at,
        channel=channel,
        regulator_reference=regulator_reference,
        document=document,
        now=now,
    )
    if "submitted_at" not in errors:
        errors.update(_phase_errors(locked, phase, submitted_at))
    late = "submitted_at" not in errors and submission_is_late(
        obligation=locked, phase=phase, submitted_at=submitted_at
    )
    if late and not delay_reasons.strip():
        errors["delay_reasons"] = [_late_message(locked)]
    if errors:
        raise ValidationFailed("Invalid submission.", fields=errors)
    submission = Submission.objects.create(
        obligation=locked,
        phase=phase,
        submitted_at=submitted_at.astimezone(UTC),
        channel=channel.strip(),
        regulator_reference=regulator_reference.strip(),
        delay_reasons=delay_reasons.strip(),
        late=late,
        notes=notes,
        document=document,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        now=now,
        actor=actor,
        action="submit",
        obj=submission,
        incident=locked.incident,
        changes={"after": model_snapshot(submission)},
    )
    if phase == SubmissionPhase.INITIAL:
        _obligation_mark_submitted(locked, submission, now=now, actor=actor)
    if locked.rule_id in CASCADE_SOURCES:
        # The next report's clock runs from this notice's recorded time (DORA, NIS2, Brazil).
        obligations_recompute(incident=locked.incident, actor=actor, now=now)
    _announce(submission, actor, now=now)
    return submission


def _obligation_mark_submitted(
    obligation: Obligation, submission: Submission, *, actor: Any, now: datetime
) -> None:
    """Copy the initial notice's time and lateness onto the obligation and set its status."""
    fields = ["status", "submitted_at", "late"]
    before = model_snapshot(obligation, fields)
    obligation.status = (
        ObligationStatus.SUBMITTED_LATE if submission.late else ObligationStatus.SUBMITTED
    )
    obligation.submitted_at = submission.submitted_at
    obligation.late = submission.late
    obligation.save(update_fields=[*fields, "updated_at"])
    changes = diff_snapshots(before, model_snapshot(obligation, fields))
    audit_record(
        now=now,
        actor=actor,
        action="update",
        obj=obligation,
        incident=obligation.incident,
        changes=changes,
    )


def _announce(submission: Submission, actor: Any, *, now: datetime) -> None:
    """Tell the team a notice went out (if the notifications app is installed)."""
    obligation = submission.obligation
    event_emit_if_available(
        now=now,
        event="submission.recorded",
        incident=obligation.incident,
        obj=submission,
        payload={
            "submission_id": submission.pk,
            "obligation_id": obligation.pk,
            "rule_id": obligation.rule_id,
            "regime": obligation.regime,
            "legal_basis": obligation.legal_basis,
            "recipient": obligation.recipient,
            "phase": submission.phase,
            "submitted_at": submission.submitted_at.isoformat().replace("+00:00", "Z"),
            "late": submission.late,
            "regulator_reference": submission.regulator_reference,
        },
        actor=actor,
    )
