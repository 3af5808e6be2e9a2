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
incident's places bring in, and each rule's legal text and explanation for a given set of
deciding facts. Only the clock arithmetic and the status are computed per incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
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
from compliance.engine.regimes import Projection
from compliance.engine.scope import places_of, regimes_in_scope, scope_plan, thresholds_met
from compliance.engine.templates import (
    CONDITION_TESTS,
    PROJECTION_NOTE,
    Conditions,
    Template,
    clear_template_cache,
    relevant,
    templates_for,
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


OPTIONAL_EVENTS = (
    "handling_ended_at",
    "classified_major_at",
    "materiality_determined_at",
    "assessment_completed_at",
)
NO_OPTIONAL_EVENTS: dict[str, datetime | None] = dict.fromkeys(OPTIONAL_EVENTS)
_new = object.__new__
_set = object.__setattr__
_tuple_new = tuple.__new__
EMPTY: frozenset[Any] = frozenset()
STARTED = frozenset({"detected_at", "aware_at"})  # required facts: these clocks always run
# The kinds of step of an incident's evaluation (see _step).
CLOCKED, DAYS, BUSINESS, RECORD, FIXED, GENERAL = range(6)
CAC_GRADED = "cac"  # a GENERAL step whose explanation takes the incident's CAC grading
NO_NOW = datetime.max.replace(tzinfo=UTC)  # an unstarted obligation's status ignores "now"


def evaluate(facts: IncidentFacts, org: OrganisationFacts, now: datetime) -> tuple[Obligation, ...]:
    """Return the incident's obligations in a fixed order: regime, entity, then rule."""
    if now.tzinfo is not UTC:  # the usual UTC "now" needs neither check nor conversion
        require_aware("now", now)
        now = now.astimezone(UTC)
    plan = scope_plan(org, facts.entity_ids, places_of(facts), facts.regime_overrides)
    recorded = submitted = EMPTY
    detected = _utc(facts.detected_at)
    starts = {"detected_at": detected, "aware_at": _utc(facts.aware_at)}
    if (
        facts.handling_ended_at
        or facts.classified_major_at
        or facts.materiality_determined_at
        or facts.assessment_completed_at
    ):
        recorded = frozenset([event for event in OPTIONAL_EVENTS if getattr(facts, event)])
        for event in OPTIONAL_EVENTS:
            moment = getattr(facts, event)
            starts[event] = None if moment is None else _utc(moment)
    else:
        starts.update(NO_OPTIONAL_EVENTS)
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
    steps = _STEPS.get(key)
    if steps is None:
        steps = _steps(key)
    result: list[Obligation] = []
    append = result.append
    for kind, template, extra in steps:
        if kind == FIXED:  # a clock not started: the same obligation for every incident
            if not template.dated or template.valid_from <= detected < template.valid_to:
                append(extra)
            continue
        if kind == GENERAL:  # cascades, caps, weekend rolls, months, CAC grading
            graded = grading if extra else ""
            obligation = _obligation(template, starts, sent, detected, now, graded)
            if obligation is not None:
                append(obligation)
            continue
        # The common clocks inline, their start a required or recorded event.
        start = starts[extra]
        if template.dated and not template.valid_from <= start < template.valid_to:
            continue
        if kind == CLOCKED:  # elapsed hours or an ASAP target
            due = target = start + template.offset
            if not template.statutory:
                due = None
        elif kind == DAYS:  # calendar days on the wall clock of the rule's zone
            due = target = (start.astimezone(template.zone_info) + template.days).astimezone(UTC)
        elif kind == BUSINESS:  # business days on the rule's holiday calendar, in its zone
            local = start.astimezone(template.zone_info)
            day = nth_working_day(local.date(), template.business_days, template.calendar)
            due = target = datetime.combine(day, local.timetz()).replace(fold=0).astimezone(UTC)
        else:  # a record kept: its clock start, no due time
            due = target = None
        append(_build(template, start, due, target, now, ""))
    return tuple(result)


# The templates of every obligation of one kind of incident, in the engine's order, keyed by
# the plan and the deciding facts; emptied when full (it refills from the template cache).
_STEPS: dict[tuple[Any, ...], tuple[tuple[int, Template, Any], ...]] = {}
STEPS_LIMIT = 65536


def _steps(key: tuple[Any, ...]) -> tuple[tuple[int, Template, Any], ...]:
    """Collect the templates of one kind of incident: each regime, entity and rule in turn."""
    plan, role, tier, encrypted, mitigated, effort, harm, drill, recorded, submitted, met, below = (
        key
    )
    base = _interned(
        Conditions(
            tier, encrypted, mitigated, effort, harm, False, drill, recorded, submitted, EMPTY
        )
    )
    reached = dict(zip([regime.code for regime in plan.counted], met, strict=True))
    omnibus = plan.omnibus
    steps: list[tuple[int, Template, Any]] = []
    for regime, applicability, entities, hours in plan.scopes:
        code = regime.code
        conditions = base
        if code == "CAC":
            conditions = conditions._replace(cac_below_threshold=below)
        if code in reached:
            conditions = _with_thresholds(conditions, reached[code])
        conditions = _interned(relevant(code, conditions))
        for entity in entities:
            for template in templates_for(
                code, role, entity, applicability, conditions, hours, omnibus
            ):
                steps.append(_step(template, conditions, code == "CAC"))
    if len(_STEPS) >= STEPS_LIMIT:
        _STEPS.clear()
    result = tuple(steps)
    _STEPS[key] = result
    return result


def _step(template: Template, conditions: Conditions, graded: bool) -> tuple[int, Template, Any]:
    """Sort a template by the work its obligation needs: (kind, template, what the kind uses).

    Whether the clock has started is known from the deciding facts: a recorded event or notice.
    """
    if template.after_rule:
        started = template.sent_key in conditions.submitted
    else:
        started = template.event in STARTED or template.event in conditions.recorded
    if graded:  # the CAC grading sentence goes into every explanation
        return GENERAL, template, CAC_GRADED
    if not started and template.reusable:
        return FIXED, template, _unstarted(template)
    if started and not template.after_rule and not template.special:
        if template.offset is not None:
            return CLOCKED, template, template.event
        if template.projection is None:
            if not template.clocked:
                return RECORD, template, template.event
            if template.days is not None:
                return DAYS, template, template.event
            if template.business_days is not None:
                return BUSINESS, template, template.event
    return GENERAL, template, ""


def _unstarted(template: Template) -> Obligation:
    """The obligation of a template whose clock has not started, built once and kept."""
    if not template.unstarted:
        template.unstarted.append(_build(template, None, None, None, NO_NOW, ""))
    return template.unstarted[0]  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def _interned(conditions: Conditions) -> Conditions:
    """One shared object per set of conditions, so template-cache keys compare by identity."""
    return conditions


def _sent(facts: IncidentFacts) -> dict[tuple[str, Any], tuple[datetime, datetime]]:
    """The first and latest recorded notice per (rule id, entity id), in UTC."""
    return {
        (rule_id, entity): (_utc(first), _utc(latest))
        for rule_id, entity, first, latest in facts.submissions
    }


def _with_thresholds(conditions: Conditions, met: frozenset[int]) -> Conditions:
    """The conditions with the regime's thresholds reached (the last field), built directly."""
    return _tuple_new(Conditions, (*conditions[:-1], met))


def _utc(moment: datetime) -> datetime:
    """Return the same instant in UTC, skipping the conversion when it already is."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _obligation(
    template: Template,
    starts: dict[str, datetime | None],
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
        start = starts[template.event]
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
        elif template.days is not None:  # deadlines.add_days, the zone loaded once
            local = start.astimezone(template.zone_info)
            due = target = (local + template.days).astimezone(UTC)
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
            due = target = _capped(due, starts[rule.cap_event], rule.cap_hours)
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
    if template.projection is not None:
        values["projection"] = template.fixed_projection or _projection(template, start)
    obligation = _new(Obligation)
    _set(obligation, "__dict__", values)
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
    return Projection(
        proposal.proposal_label, proposal.legal_basis, due, proposal.duty, PROJECTION_NOTE
    )


def clear_caches() -> None:
    """Forget memoised regime scopes and templates; results never depend on them."""
    regimes_in_scope.cache_clear()
    scope_plan.cache_clear()
    _STEPS.clear()
    _interned.cache_clear()
    clear_template_cache()
