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

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from compliance.engine.cac_grading import cac_grading_for_facts as cac_grading
from compliance.engine.deadlines import (
    UTC,
    add_business_days,
    add_duration,
    require_aware,
    roll_to_working_noon,
)
from compliance.engine.facts import EntityId, IncidentFacts, OrganisationFacts
from compliance.engine.regimes import REGIMES, Projection, Regime
from compliance.engine.scope import regimes_in_scope
from compliance.engine.templates import (
    CONDITION_TESTS,
    PROJECTION_NOTE,
    Conditions,
    Template,
    clear_template_cache,
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


# The subject thresholds of each regime's rules, and the places its people are counted in.
REGIME_THRESHOLDS: dict[str, tuple[int, ...]] = {
    regime.code: tuple(sorted({rule.min_subjects for rule in regime.rules if rule.min_subjects}))
    for regime in REGIMES
}
# Every set of thresholds a count can reach (the lowest k of them), built once and shared, so
# that equal template-cache keys hold the very same objects and compare at once.
REGIME_MET: dict[str, tuple[frozenset[int], ...]] = {
    code: tuple(frozenset(thresholds[:reached]) for reached in range(len(thresholds) + 1))
    for code, thresholds in REGIME_THRESHOLDS.items()
}
OPTIONAL_EVENTS = (
    "handling_ended_at",
    "classified_major_at",
    "materiality_determined_at",
    "assessment_completed_at",
)
NO_OPTIONAL_EVENTS: dict[str, datetime | None] = dict.fromkeys(OPTIONAL_EVENTS)
_new = object.__new__
_tuple_new = tuple.__new__
EMPTY: frozenset[Any] = frozenset()


def evaluate(facts: IncidentFacts, org: OrganisationFacts, now: datetime) -> tuple[Obligation, ...]:
    """Return the incident's obligations in a fixed order: regime, entity, then rule."""
    if now.tzinfo is not UTC:  # the usual UTC "now" needs neither check nor conversion
        require_aware("now", now)
        now = now.astimezone(UTC)
    scopes = regimes_in_scope(org, facts.entity_ids, _places(facts), facts.regime_overrides)
    base = _interned(_conditions(facts))
    starts = _clock_starts(facts)
    sent = _sent(facts) if facts.submissions else {}
    detected = starts["detected_at"]
    omnibus = org.omnibus_adopted
    role = facts.role
    result: list[Obligation] = []
    append = result.append
    for regime, applicability, entities, hours in scopes:
        code = regime.code
        conditions, grading = base, ""
        if code == "CAC":
            # Grading needs a pass over the subjects, so only incidents the CAC covers pay.
            grade, grading = cac_grading(facts)
            conditions = conditions._replace(cac_below_threshold=grade == "below_threshold")
        if REGIME_THRESHOLDS[code]:
            conditions = _with_thresholds(conditions, _met(facts, regime))
        for entity in entities:
            templates = templates_for(code, role, entity, applicability, conditions, hours, omnibus)
            for template in templates:
                obligation = _obligation(template, starts, sent, detected, now, grading)
                if obligation is not None:
                    append(obligation)
    return tuple(result)


def _places(facts: IncidentFacts) -> tuple[frozenset[str], frozenset[str]] | None:
    """Return the countries and regions with affected people, or None while no counts exist."""
    if not facts.affected_subjects:
        return None
    countries = frozenset([row[0] for row in facts.affected_subjects if row[1] > 0])
    regions = [row[2] for row in facts.affected_subjects if row[2] and row[1] > 0]
    return countries, frozenset(regions) if regions else EMPTY


@lru_cache(maxsize=4096)
def _interned(conditions: Conditions) -> Conditions:
    """One shared object per set of conditions, so template-cache keys compare by identity."""
    return conditions


def _conditions(facts: IncidentFacts) -> Conditions:
    """Collect the facts exemptions turn on: the key of the template cache."""
    recorded = EMPTY
    if (
        facts.handling_ended_at
        or facts.classified_major_at
        or facts.materiality_determined_at
        or facts.assessment_completed_at
    ):
        recorded = frozenset([event for event in OPTIONAL_EVENTS if getattr(facts, event)])
    submitted = EMPTY
    if facts.submissions:
        submitted = frozenset([(row[0], row[1]) for row in facts.submissions])
    return Conditions(
        facts.risk_tier,
        facts.data_encrypted,
        facts.high_risk_mitigated,
        facts.disproportionate_effort,
        facts.pipl_harm_avoided,
        False,
        facts.is_drill,
        recorded,
        submitted,
        EMPTY,
    )


def _met(facts: IncidentFacts, regime: Regime) -> frozenset[int]:
    """The regime's thresholds reached by the people counted in its scope.

    No counts recorded yet means "not known": every threshold counts as reached, conservatively.
    """
    thresholds = REGIME_THRESHOLDS[regime.code]
    if not facts.affected_subjects:
        return REGIME_MET[regime.code][-1]
    if regime.regions:
        count = facts.subjects_in_regions(regime.regions)
    elif regime.countries:
        count = facts.subjects_in(regime.countries)
    else:  # sector law: everyone affected counts
        count = sum(row[1] for row in facts.affected_subjects)
    return REGIME_MET[regime.code][bisect_right(thresholds, count)]


def _sent(facts: IncidentFacts) -> dict[tuple[str, Any], tuple[datetime, datetime]]:
    """The first and latest recorded notice per (rule id, entity id), in UTC."""
    return {
        (rule_id, entity): (_utc(first), _utc(latest))
        for rule_id, entity, first, latest in facts.submissions
    }


def _clock_starts(facts: IncidentFacts) -> dict[str, datetime | None]:
    """Convert the incident's clock-starting events to UTC, once per incident."""
    starts: dict[str, datetime | None] = {
        "detected_at": _utc(facts.detected_at),
        "aware_at": _utc(facts.aware_at),
    }
    if (
        facts.handling_ended_at
        or facts.classified_major_at
        or facts.materiality_determined_at
        or facts.assessment_completed_at
    ):
        for event in OPTIONAL_EVENTS:
            moment = getattr(facts, event)
            starts[event] = None if moment is None else _utc(moment)
    else:
        starts.update(NO_OPTIONAL_EVENTS)
    return starts


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
    """Put a cached template and the incident's clock together; None if not in force then."""
    if template.after_rule:  # a cascade: the earlier report's recorded notice, if any
        times = sent.get((template.after_rule, template.entity_id))
        start = None if times is None else times[template.after_index]
    else:
        start = starts[template.event]
    if template.dated:
        judged = detected if start is None else start
        if not template.valid_from <= judged < template.valid_to:
            return None
    if start is None and not grading and not template.rule.cap_event:
        # Nothing of the incident's clock goes in: the same obligation every time.
        if not template.unstarted:
            template.unstarted.append(_build(template, None, None, None, now, grading))
        return template.unstarted[0]  # type: ignore[no-any-return]
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
    obligation = _new(Obligation)
    # Filling the instance dict directly skips the frozen __init__'s per-field setattr,
    # which would dominate the run time; every value was validated on its way in.
    values = obligation.__dict__
    values.update(template.values)
    values["clock_start"] = start
    values["due_at"] = due
    values["target_at"] = target
    if grading:
        values["explanation"] = f"{template.head}{grading}{template.tail}"
    if template.clock_status and target is not None:
        values["status"] = "overdue" if now > target else "pending"
    if template.projection is not None:
        values["projection"] = template.fixed_projection or _projection(template, start)
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
    _interned.cache_clear()
    clear_template_cache()
