"""Obligations derived by the engine, stored per incident and reconciled when the facts change."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q
from django.db.models.functions import Coalesce

from compliance import engine
from compliance.mapping import (
    AWARENESS_NOT_RECORDED,
    PLACEHOLDER_ENTITY_ID,
    TierChoice,
    active_overrides,
    incident_facts,
    organisation_facts,
    tier_choice,
)
from compliance.models import Obligation, ObligationStatus
from compliance.services.common import validation_failed
from compliance.services.events import event_emit_if_available
from config.transactions import before_commit, write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.choices import Status
from incidents.models import Incident

logger = logging.getLogger(__name__)

# The legal terms copied from the rule when the obligation is stored (its snapshot).
TERM_FIELDS = (
    "regime",
    "legal_basis",
    "recipient",
    "trigger",
    "clock_event",
    "clock_start",
    "unit",
    "duration",
    "due_at",
    "target_at",
    "statutory",
    "exemption",
    "content_checklist",
)
RECONCILED_FIELDS = (*TERM_FIELDS, "status", "explanation", "applies", "projection")
# Duties marked overdue per statement by the sweep (a backlog after an outage takes several).
OVERDUE_BATCH = 1000
# Statuses the clock alone moves between; such a change is not a decision worth an audit entry.
CLOCK_STATUSES = frozenset({ObligationStatus.PENDING, ObligationStatus.OVERDUE})
WITHDRAWN_NOTE = (
    " No longer applies: after the incident's facts changed, the engine no longer derives this "
    "obligation. The row is kept so that nothing recorded against it is lost."
)
SUBMITTED_NOTE = (
    " A notice was already recorded, so the deadline it was judged against is kept; with the "
    "current facts the engine would compute {computed}."
)


@dataclass
class RecomputeResult:
    """What one recomputation changed."""

    created: list[Obligation]
    updated: list[Obligation]
    withdrawn: list[Obligation]

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.created or self.updated or self.withdrawn)


def obligations_evaluate(
    *, incident: Incident, now: datetime, tier: TierChoice | None = None
) -> tuple[engine.Obligation, ...]:
    """Run the pure engine on the incident's current facts (nothing is stored)."""
    entity_ids = [pk for pk in incident.entities.values_list("pk", flat=True)]
    org = organisation_facts()
    known = {entity.id for entity in org.entities}
    tier = tier or tier_choice(incident)
    try:
        facts = incident_facts(
            incident,
            tier=tier.tier,
            assessment=tier.assessment,
            overrides=active_overrides(incident),
            entity_ids=[pk for pk in entity_ids if pk in known],
        )
    except ValueError as error:
        raise validation_failed(error, "The incident's facts are inconsistent.") from None
    return engine.evaluate(facts, org, now.astimezone(UTC))


def _explanation(result: engine.Obligation, incident: Incident, tier: TierChoice) -> str:
    """The engine's explanation plus what only the database knows: tier source, awareness."""
    text = result.explanation
    if result.rule_id in engine.TIER_RULES:
        text += _tier_sentence(tier) + _verdict_sentence(tier, result.rule_id)
    if incident.aware_at is None and result.clock_event == "aware_at":
        text += AWARENESS_NOT_RECORDED
    return text


def _verdict_sentence(tier: TierChoice, rule_id: str) -> str:
    """Quote the assessment's verdict for this duty, naming the facts that decided it."""
    decision = tier.assessment.decision if tier.assessment is not None else {}
    verdict = decision.get("data_subjects" if rule_id.endswith("-DS") else "supervisory_authority")
    return f" The assessment's reasoning: {verdict['explanation']}" if verdict else ""


def _tier_sentence(tier: TierChoice) -> str:
    """Say where the risk tier came from, so a reader can check the decision."""
    assessment = tier.assessment
    if assessment is not None:
        text = (
            f" The tier comes from risk assessment #{assessment.pk} (ENISA score "
            f"{assessment.score:g}, {assessment.band.replace('_', ' ')} band)"
        )
        if assessment.override_tier:
            rationale = assessment.override_rationale.strip().rstrip(".")
            return f"{text}, overridden by the DPO: {rationale}."
        return f"{text}."
    if tier.source == "incident":
        return " The tier is the risk level recorded on the incident; no ENISA assessment yet."
    return ""


def _desired(
    result: engine.Obligation, incident: Incident, tier: TierChoice, now: datetime
) -> dict[str, Any]:
    """The stored values the engine's result asks for."""
    duration = result.duration
    values: dict[str, Any] = {
        "regime": result.regime,
        "legal_basis": result.legal_basis,
        "recipient": result.recipient[:300],
        "trigger": result.trigger,
        "clock_event": result.clock_event,
        "clock_start": result.clock_start,
        "unit": result.unit,
        "duration": None if duration is None else int(duration),
        "due_at": result.due_at,
        "target_at": result.target_at,
        "statutory": result.statutory,
        "exemption": result.exemption[:200],
        "content_checklist": list(result.content_checklist),
        "explanation": _explanation(result, incident, tier),
        "applies": True,
        "projection": projection_json(result.projection),
    }
    status = result.status
    if status == ObligationStatus.PENDING:
        limit = result.due_at or result.target_at
        status = ObligationStatus.OVERDUE if limit and now > limit else status
    values["status"] = status
    return values


def projection_json(projection: engine.Projection | None) -> dict[str, Any] | None:
    """The stored form of a projection: its keys, the due time as ISO 8601 in UTC."""
    if projection is None:
        return None
    return {
        "label": projection.label,
        "legal_basis": projection.legal_basis,
        "due_at": _iso(projection.due_at),
        "duty": projection.duty,
        "note": projection.note,
    }


def _entity_pk(result: engine.Obligation) -> int | None:
    """The LegalEntity of an engine result; None for the no-entity placeholder."""
    return None if result.entity_id == PLACEHOLDER_ENTITY_ID else int(result.entity_id)


@write_transaction
def obligations_recompute(
    *, incident: Incident, actor: Any = None, now: datetime
) -> RecomputeResult:
    """Bring the stored obligations in line with the engine: create, update, withdraw; idempotent.

    A row with a recorded submission keeps its terms, due time and status (only its explanation
    and `applies` follow the facts), so a recorded notice is never lost or re-judged.
    """
    # The incident row lock serialises recomputations (and submissions) of one incident.
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    tier = tier_choice(locked)
    results = obligations_evaluate(incident=locked, now=now, tier=tier)
    stored = {
        (row.rule_id, row.entity_id): row
        for row in Obligation.objects.filter(incident=locked).prefetch_related("submissions")
    }
    outcome = RecomputeResult([], [], [])
    seen: set[tuple[str, int | None]] = set()
    for result in results:
        key = (result.rule_id, _entity_pk(result))
        seen.add(key)
        desired = _desired(result, locked, tier, now)
        row = stored.get(key)
        if row is None:
            outcome.created.append(_create(locked, key, desired, actor, now=now))
        elif _reconcile(row, desired, actor, now=now):
            outcome.updated.append(row)
    for key, row in stored.items():
        if key not in seen and row.applies:
            _withdraw(row, actor, now=now)
            outcome.withdrawn.append(row)
    return outcome


def _create(
    incident: Incident,
    key: tuple[str, int | None],
    values: dict[str, Any],
    actor: Any,
    *,
    now: datetime,
) -> Obligation:
    """Store a new obligation, audit it and announce it if it is a live duty."""
    rule_id, entity_id = key
    row = Obligation.objects.create(
        incident=incident, rule_id=rule_id, entity_id=entity_id, **values
    )
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=row,
        incident=incident,
        changes={"after": model_snapshot(row, ["rule_id", "entity_id", *RECONCILED_FIELDS])},
    )
    if row.status != ObligationStatus.NOT_REQUIRED:
        _announce(row, actor, now=now)
    return row


def _reconcile(row: Obligation, desired: dict[str, Any], actor: Any, *, now: datetime) -> bool:
    """Update one stored row where the engine now says otherwise; return whether it changed."""
    submissions = list(row.submissions.all())
    if submissions:
        # Terms, due time and status stay as the recorded notice was judged against them.
        computed = desired["due_at"] or desired["target_at"]
        wanted = {
            "explanation": desired["explanation"],
            "applies": True,
            "projection": desired["projection"],
        }
        if computed != row.limit_at:
            shown = computed.isoformat() if computed else "no due time"
            wanted["explanation"] += SUBMITTED_NOTE.format(computed=shown)
    else:
        wanted = desired
    before = model_snapshot(row, list(wanted))
    after = {**before, **_json_values(wanted)}
    changes = diff_snapshots(before, after)
    if not changes:
        return False
    revived = not row.applies or row.status == ObligationStatus.NOT_REQUIRED
    for name, value in wanted.items():
        setattr(row, name, value)
    row.save(update_fields=[*wanted, "updated_at"])
    statuses = {changes.get("status", {}).get(k) for k in ("before", "after")}
    if set(changes) == {"status"} and statuses <= CLOCK_STATUSES:
        # Pending → overdue is the clock's doing, as in obligations_refresh_overdue: no audit.
        return True
    event = audit_record(
        now=now, actor=actor, action="update", obj=row, incident=row.incident, changes=changes
    )
    if revived and row.applies and row.status != ObligationStatus.NOT_REQUIRED:
        # The entry's id, which keys the announcement, exists once it is chained before commit.
        before_commit(
            lambda: _announce(row, actor, now=now, key=f"obligation.created:{row.pk}:{event.pk}")
        )
    return True


def _json_values(values: dict[str, Any]) -> dict[str, Any]:
    """The values as model_snapshot would render them, so the comparison is like for like."""
    probe = Obligation(**values)
    return model_snapshot(probe, list(values))


def _withdraw(row: Obligation, actor: Any, *, now: datetime) -> None:
    """Mark an obligation the facts no longer produce as not applying; never delete it."""
    before = model_snapshot(row, ["applies", "explanation"])
    row.applies = False
    if not row.explanation.endswith(WITHDRAWN_NOTE):
        row.explanation += WITHDRAWN_NOTE
    row.save(update_fields=["applies", "explanation", "updated_at"])
    changes = diff_snapshots(before, model_snapshot(row, list(before)))
    audit_record(
        now=now, actor=actor, action="withdraw", obj=row, incident=row.incident, changes=changes
    )


def _announce(row: Obligation, actor: Any, key: str | None = None, *, now: datetime) -> None:
    """Tell the people who act on new duties (if the notifications app is installed)."""
    payload = {
        "obligation_id": row.pk,
        "rule_id": row.rule_id,
        "regime": row.regime,
        "legal_basis": row.legal_basis,
        "recipient": row.recipient,
        "entity_id": row.entity_id,
        "status": row.status,
        "statutory": row.statutory,
        "due_at": _iso(row.due_at),
        "target_at": _iso(row.target_at),
    }
    event_emit_if_available(
        now=now,
        event="obligation.created",
        incident=row.incident,
        obj=row,
        payload=payload,
        actor=actor,
        key=key,
    )


def _iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, as the API writes it."""
    return None if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def obligations_refresh_overdue(*, now: datetime) -> int:
    """Mark pending duties whose due time (or ASAP target) has passed as overdue; one SELECT and
    one UPDATE per batch of up to OVERDUE_BATCH (one of each in a normal minute).

    The notifications sweep calls it every minute. The limit itself still counts as in time, so
    only limits strictly before `now` turn overdue. No audit entry: the clock, not a person or a
    fact, moved the status, and the sweep records the alert it sends. A drill's clock stops when
    it ends (its incident is closed then), so its duties never slip afterwards.
    """
    # The limit as one expression (due time, else ASAP target), as the partial index
    # obligation_pending_limit holds it, read in its order a batch at a time: the sweep reads
    # only pending duties whose limit has passed, however many obligations the table holds
    # (docs/performance-growth.md, the sweep). Without the order and the batch PostgreSQL guessed that
    # a third of all pending rows had passed and read them all.
    ended_drill = Q(incident__is_drill=True, incident__status=Status.CLOSED)
    slipped = (
        Obligation.objects.annotate(limit=Coalesce("due_at", "target_at"))
        .filter(limit__lt=now, status=ObligationStatus.PENDING, applies=True)
        .exclude(ended_drill)
        .order_by("limit")
    )
    marked = 0
    while True:
        batch = list(slipped.values_list("pk", flat=True)[:OVERDUE_BATCH])
        if batch:
            marked += Obligation.objects.filter(
                pk__in=batch, status=ObligationStatus.PENDING
            ).update(status=ObligationStatus.OVERDUE, updated_at=now)
        # Each batch leaves the index (its rows are overdue now), so the next starts afresh.
        if len(batch) < OVERDUE_BATCH:
            return marked
