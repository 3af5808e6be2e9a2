"""The compliance engine: incident facts plus the organisation profile give the obligations.

Pure and deterministic: no clock reads (``now`` is an argument), no I/O, no Django. Results are
the same whatever time zone the inputs were given in, because every instant is converted to UTC
and day-based clocks count in the jurisdiction's own zone.

Each rule is judged under the version in force on the day its clock started (the rule's
``valid_from``/``valid_to``, at midnight in its zone); a clock not started yet is judged by the
day of discovery. Cascading clocks run from the recorded time of an earlier notice
(``IncidentFacts.submissions``), so the caller recomputes once a notice is recorded. A proposed
rule (the EU Digital Omnibus) appears as the ``projection`` of the rule it would replace, until
``OrganisationFacts.omnibus_adopted`` makes it the obligation.

Speed comes from memoising what does not depend on the clock: the regimes and entities an
incident's places bring in, each rule's legal text and explanation for a given set of deciding
facts, and the steps of each kind of incident (``steps``). Only the clock arithmetic and the
status are computed per incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from compliance.engine.cac_grading import cac_grading_for_facts as cac_grading
from compliance.engine.deadlines import (
    UTC,
    add_business_days,
    add_duration,
    nth_working_day,
    require_aware,
    roll_to_working_noon,
)
from compliance.engine.facts import EntityId, IncidentFacts, OrganisationFacts
from compliance.engine.regimes import Projection, Rule
from compliance.engine.scope import (
    clear_plans,
    plan_of,
    regimes_in_scope,
    scope_plan,
    thresholds_met,
)
from compliance.engine.steps import (
    ASAP,
    BUSINESS,
    EMPTY,
    FIXED,
    HOURS,
    PROJECTED,
    RECORD,
    RECORDED,
    SLOTS,
    STEPS,
    clear_steps,
    steps_for,
)
from compliance.engine.templates import (
    CONDITION_TESTS,
    PROJECTION_NOTE,
    Template,
    clear_template_cache,
)

__all__ = ["CONDITION_TESTS", "Obligation", "clear_caches", "evaluate"]


@dataclass(frozen=True)
class Obligation:
    """One duty to notify (or to record), its clock, its status and why it exists."""

    rule_id: str
    regime: str
    legal_basis: str
    recipient: str
    entity_id: EntityId
    trigger: str
    clock_event: str
    clock_start: datetime | None
    due_at: datetime | None
    target_at: datetime | None
    unit: str
    duration: float | None
    status: str
    exemption: str
    explanation: str
    content_checklist: tuple[str, ...]
    statutory: bool
    verify: bool
    # What a proposed law would ask instead; shown beside the obligation, never owed.
    projection: Projection | None = None


_new = object.__new__
# The instance dict's setter, called directly: object.__setattr__ would look it up each time.
_set_dict = Obligation.__dict__["__dict__"].__set__
NO_NOW = datetime.max.replace(tzinfo=UTC)  # an unstarted obligation's status ignores "now"


def evaluate(facts: IncidentFacts, org: OrganisationFacts, now: datetime) -> tuple[Obligation, ...]:
    """Return the incident's obligations in a fixed order: regime, entity, then rule."""
    if now.tzinfo is not UTC:  # the usual UTC "now" needs neither check nor conversion
        require_aware("now", now)
        now = now.astimezone(UTC)
    plan = plan_of(facts, org)
    submitted = EMPTY
    detected = facts.detected_at
    if detected.tzinfo is not UTC:
        detected = detected.astimezone(UTC)
    aware = facts.aware_at
    if aware.tzinfo is not UTC:
        aware = aware.astimezone(UTC)
    ended = facts.handling_ended_at
    major = facts.classified_major_at
    material = facts.materiality_determined_at
    assessed = facts.assessment_completed_at
    if ended or major or material or assessed:
        starts: tuple[datetime | None, ...] = (
            detected,
            aware,
            *[None if m is None else _utc(m) for m in (ended, major, material, assessed)],
        )
        recorded = RECORDED[
            (ended is not None)
            | (major is not None) << 1
            | (material is not None) << 2
            | (assessed is not None) << 3
        ]
    else:
        starts = (detected, aware, None, None, None, None)
        recorded = EMPTY
    sent = {}
    if facts.submissions:
        submitted = frozenset([(row[0], row[1]) for row in facts.submissions])
        sent = _sent(facts)
    grading = ""
    below = False
    if plan.cac:
        # Grading needs a pass over the subjects, so only incidents the CAC covers pay.
        grade, grading = cac_grading(facts)
        below = grade == "below_threshold"
    met = tuple([thresholds_met(facts, regime) for regime in plan.counted]) if plan.counted else ()
    key = (
        plan,
        facts.role,
        facts.risk_tier,
        facts.data_encrypted,
        facts.high_risk_mitigated,
        facts.disproportionate_effort,
        facts.pipl_harm_avoided,
        facts.is_drill,
        recorded,
        submitted,
        met,
        below,
    )
    steps = STEPS.get(key)
    if steps is None:
        steps = steps_for(key, _unstarted)
    result: list[Obligation] = []
    append = result.append
    # The common clocks inline; the obligation's dict is a copy of its template's values.
    for kind, slot, values, amount, live, dated, valid_from, valid_to, template in steps:
        if kind <= PROJECTED:  # a clock started at a required or recorded event
            start: Any = starts[slot]  # a required or recorded event: never None here
            if dated and not valid_from <= start < valid_to:
                continue
            values = values.copy()
            values["clock_start"] = start
            if kind == ASAP:  # an internal target only
                target = start + amount
            elif kind == HOURS:  # elapsed hours
                target = values["due_at"] = start + amount
            elif kind == RECORD:  # a record kept: its clock start, no due time
                obligation = _new(Obligation)
                _set_dict(obligation, values)
                append(obligation)
                continue
            elif kind == PROJECTED:  # elapsed hours beside a proposal's projection
                offset, later, proposal = amount
                target = start + offset
                if template.statutory:
                    values["due_at"] = target
                values["projection"] = _projected(proposal, start + later)
            else:  # a number of days on the wall clock of the rule's zone: calendar or business
                zone = template.zone_info
                local = start.astimezone(zone)
                if kind == BUSINESS:  # on the rule's holiday calendar, counted from the local day
                    today = local.date()
                    amount = nth_working_day(today, amount, template.calendar) - today  # type: ignore[arg-type]
                # The same wall time that many days later, in UTC: the start moved by the days,
                # and by the change of the zone's offset between the two. The zone is asked
                # directly: datetime.utcoffset() looks the method up by name on every call.
                offset = zone.utcoffset(local)  # type: ignore[union-attr]
                shift = zone.utcoffset(local + amount)  # type: ignore[union-attr]
                target = start + amount if offset == shift else start + (amount + offset - shift)
                values["due_at"] = target
            values["target_at"] = target
            if live and now > target:  # the template's status is "pending"
                values["status"] = "overdue"
            obligation = _new(Obligation)
            _set_dict(obligation, values)
            append(obligation)
        elif kind == FIXED:  # a clock not started: the same obligation for every incident
            if not dated or valid_from <= detected < valid_to:
                append(values)
        else:  # cascades, caps, weekend rolls, months, CAC grading
            graded = grading if amount else ""
            made = _obligation(template, starts, sent, detected, now, graded)
            if made is not None:
                append(made)
    return tuple(result)


def _unstarted(template: Template) -> Obligation:
    """The obligation of a template whose clock has not started, built once and kept."""
    obligation = template.memo.get("unstarted")
    if obligation is None:
        obligation = template.memo["unstarted"] = _build(template, None, None, None, NO_NOW, "")
    return obligation  # type: ignore[no-any-return]


def _sent(facts: IncidentFacts) -> dict[tuple[str, Any], tuple[datetime, datetime]]:
    """The first and latest recorded notice per (rule id, entity id), in UTC."""
    return {
        (rule_id, entity): (_utc(first), _utc(latest))
        for rule_id, entity, first, latest in facts.submissions
    }


def _utc(moment: datetime) -> datetime:
    """Return the same instant in UTC, skipping the conversion when it already is."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _obligation(
    template: Template,
    starts: tuple[datetime | None, ...],
    sent: dict[tuple[str, Any], tuple[datetime, datetime]],
    detected: datetime,
    now: datetime,
    grading: str,
) -> Obligation | None:
    """Put a template and the incident's clock together; None if not in force then."""
    if template.after_rule:  # a cascade: the earlier report's recorded notice, if any
        times = sent.get(template.sent_key)
        start = None if times is None else times[template.after_index]
    else:
        start = starts[SLOTS[template.event]]
    if template.dated:
        judged = detected if start is None else start
        if not template.valid_from <= judged < template.valid_to:
            return None
    if start is None and not grading and template.reusable:
        return _unstarted(template)
    due = target = None
    if start is not None and template.clocked:
        if template.offset is not None:
            target = start + template.offset
            due = target if template.statutory else None
        elif template.days is not None:  # as in evaluate's loop: one zone conversion
            zone: Any = template.zone_info
            days = template.days
            local = start.astimezone(zone)
            offset, shift = zone.utcoffset(local), zone.utcoffset(local + days)
            due = target = start + days if offset == shift else start + (days + offset - shift)
        elif template.business_days is not None:
            due = target = add_business_days(
                start,
                template.business_days,
                template.calendar,  # type: ignore[arg-type]
                template.zone_info,  # type: ignore[arg-type]
            )
        else:
            due = target = add_duration(
                start, template.duration or 0, template.unit, template.calendar, template.zone
            )
    if template.special:
        rule = template.rule
        if rule.cap_event and not rule.record:
            due = target = _capped(due, starts[SLOTS[rule.cap_event]], rule.cap_hours)
        if template.roll is not None and due is not None:
            due = target = roll_to_working_noon(due, *template.roll)
    return _build(template, start, due, target, now, grading)


def _build(
    template: Template,
    start: datetime | None,
    due: datetime | None,
    target: datetime | None,
    now: datetime,
    grading: str,
) -> Obligation:
    """Make the obligation: the template's values with the clock and its status."""
    # A copy of the template's values becomes the instance dict: the frozen __init__'s
    # per-field setattr would dominate the run time; every value was validated on its way in.
    values = template.values.copy()
    values["clock_start"] = start
    values["due_at"] = due
    values["target_at"] = target
    if grading:
        values["explanation"] = f"{template.head}{grading}{template.tail}"
    if template.clock_status and target is not None:
        values["status"] = "overdue" if now > target else "pending"
    if template.projection is not None and template.fixed_projection is None:
        values["projection"] = _projection(template, start)
    obligation = _new(Obligation)
    _set_dict(obligation, values)
    return obligation


def _capped(
    due: datetime | None, cap_start: datetime | None, hours: float | None
) -> datetime | None:
    """Apply a "no later than" bound: the earlier of the due time and the cap."""
    if cap_start is None or hours is None:
        return due
    cap = cap_start + timedelta(hours=hours)
    return cap if due is None or cap < due else due


def _projection(template: Template, start: datetime | None) -> Projection:
    """What the proposal would ask: its duty and due time, or why it would ask nothing."""
    if template.fixed_projection is not None:  # the proposal would exempt the incident
        return template.fixed_projection
    proposal = template.projection[0]  # type: ignore[index]
    due = None if start is None else start + timedelta(hours=proposal.duration or 0)
    return _projected(proposal, due)


# The projection's slot setters, called directly: one is made per incident, and the frozen
# __init__ (an object.__setattr__ per field) takes twice as long.
_PROJECTION_SETTERS = tuple(
    getattr(Projection, name).__set__ for name in ("label", "legal_basis", "due_at", "duty", "note")
)


def _projected(proposal: Rule, due: datetime | None) -> Projection:
    """The proposal's duty, due at a time (a Projection, as its __init__ would make it)."""
    label, legal_basis, due_at, duty, note = _PROJECTION_SETTERS
    projection = _new(Projection)
    label(projection, proposal.proposal_label)
    legal_basis(projection, proposal.legal_basis)
    due_at(projection, due)
    duty(projection, proposal.duty)
    note(projection, PROJECTION_NOTE)
    return projection


def clear_caches() -> None:
    """Forget memoised regime scopes and templates; results never depend on them."""
    regimes_in_scope.cache_clear()
    scope_plan.cache_clear()
    clear_plans()
    clear_steps()
    clear_template_cache()
