"""The clock-independent part of each obligation, memoised per rule, entity and deciding facts.

A template holds the legal text, the status the exemptions give, the explanation, and how the
clock runs: its offset, the dates the rule is in force, its cascade, cap and weekend roll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple

from compliance.engine.deadlines import zone_named
from compliance.engine.explanations import TIER_RULES, explanation_tail, rule_variant
from compliance.engine.facts import EntityFacts
from compliance.engine.regimes import (
    COUNTRY_ZONES,
    PROPOSED_RULES,
    REGIMES,
    RULES_BY_ID,
    Exemption,
    Projection,
    Rule,
)
from compliance.engine.scope import Applicability

LOW_TIERS = frozenset({"unlikely", "risk"})
MANUAL_EXCLUSION = "manual exclusion"
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
PROJECTION_NOTE = (
    "A projection, not an obligation: the proposal is not law. An administrator turns it into "
    "the obligation (organisation setting omnibus_adopted) once it is adopted."
)


class Conditions(NamedTuple):
    """The incident facts that decide exemptions, in a hashable form for the template cache."""

    tier: str | None
    data_encrypted: bool
    high_risk_mitigated: bool
    disproportionate_effort: bool
    pipl_harm_avoided: bool
    cac_below_threshold: bool
    drill: bool
    # Clock events recorded so far, and (rule id, entity id) of the notices recorded.
    recorded: frozenset[str]
    submitted: frozenset[tuple[str, Any]]
    # The regime's subject thresholds the people counted in its scope reach.
    thresholds_met: frozenset[int]


# Each condition an exemption can name (rules.CONDITIONS), tested on the incident.
CONDITION_TESTS: dict[str, Callable[[Conditions], bool]] = {
    "tier_unlikely": lambda c: c.tier == "unlikely",
    "tier_below_high": lambda c: c.tier in LOW_TIERS,
    "data_encrypted": lambda c: c.data_encrypted,
    "high_risk_mitigated": lambda c: c.high_risk_mitigated,
    "disproportionate_effort": lambda c: c.disproportionate_effort,
    "pipl_harm_avoided": lambda c: c.pipl_harm_avoided,
    "cac_below_threshold": lambda c: c.cac_below_threshold,
    # Threshold exemptions are tested per rule (its own bound), in first_exemption.
    "below_subject_threshold": lambda c: False,
}
PROPOSALS: dict[str, Rule] = {rule.proposal_for: rule for rule in PROPOSED_RULES}


def _rules_by_role(omnibus: bool) -> dict[tuple[str, str], tuple[Rule, ...]]:
    """The rules each role answers for, per regime, in the table's order."""
    swap = {rule.proposal_for: rule for rule in PROPOSED_RULES} if omnibus else {}
    return {
        (regime.code, role): tuple(
            swap.get(rule.id, rule)
            for rule in regime.rules
            if role in rule.roles and not rule.replacement_only
        )
        for regime in REGIMES
        for role in ("controller", "processor", "joint")
    }


RULES_BY_ROLE = {False: _rules_by_role(False), True: _rules_by_role(True)}


def _reads(rules: list[Rule]) -> tuple[bool, frozenset[str], frozenset[str], frozenset[str]]:
    """What a regime's rules (their proposals and replacements too) read of the conditions.

    Whether the tier, which exemption facts, which clock events, which earlier reports.
    """
    rules = [*rules, *(PROPOSALS[rule.id] for rule in rules if rule.id in PROPOSALS)]
    exemptions: list[Exemption] = []
    for rule in rules:  # replacements join the list, and are read in turn
        exemptions += [*rule.exemptions, *filter(None, [rule.below_threshold])]
        replacements = {e.replaced_by for e in exemptions if e.replaced_by}
        rules += [RULES_BY_ID[i] for i in sorted(replacements) if RULES_BY_ID[i] not in rules]
    tested = frozenset(exemption.condition for exemption in exemptions)
    tier = any(c.startswith("tier_") for c in tested) or any(
        rule.record or rule.or_high_risk or rule.id in TIER_RULES for rule in rules
    )
    events = frozenset(e for rule in rules for e in (rule.clock_event, rule.cap_event) if e)
    return tier, tested, events, frozenset(rule.after_rule for rule in rules if rule.after_rule)


READS = {regime.code: _reads(list(regime.rules)) for regime in REGIMES}
NO_EVENTS: frozenset[Any] = frozenset()


@lru_cache(maxsize=8192)
def relevant(code: str, conditions: Conditions) -> Conditions:
    """The conditions with what the regime's rules never read set to its neutral value.

    Incidents that differ only in facts a regime ignores then share its templates.
    """
    tier, tested, events, after = READS[code]
    submitted = frozenset([pair for pair in conditions.submitted if pair[0] in after])
    return Conditions(
        conditions.tier if tier else None,
        conditions.data_encrypted and "data_encrypted" in tested,
        conditions.high_risk_mitigated and "high_risk_mitigated" in tested,
        conditions.disproportionate_effort and "disproportionate_effort" in tested,
        conditions.pipl_harm_avoided and "pipl_harm_avoided" in tested,
        conditions.cac_below_threshold and "cac_below_threshold" in tested,
        conditions.drill,
        conditions.recorded & events or NO_EVENTS,
        submitted or NO_EVENTS,
        conditions.thresholds_met,
    )


@dataclass(frozen=True, slots=True)
class Template:
    """An obligation minus its clock: legal text, status rule and explanation, cached."""

    rule: Rule
    event: str
    statutory: bool
    values: dict[str, Any]
    head: str
    tail: str
    offset: timedelta | None
    clock_status: bool
    valid_from: datetime
    valid_to: datetime
    calendar: str | None
    zone: str | None
    duration: float | None
    roll: tuple[str, str] | None
    projection: tuple[Rule, Exemption | None] | None
    # Precomputed so that the common case skips the checks: dated rules, caps and rolls.
    dated: bool
    special: bool
    # Read from the rule and entity once, not per incident: how the clock runs.
    unit: str
    clocked: bool  # False for records, which have no clock
    days: timedelta | None  # calendar days counted on the wall clock of ``zone``
    after_rule: str
    after_index: int  # 1: the latest notice of ``after_rule`` starts the clock, 0: the first
    entity_id: Any
    business_days: int | None  # business days on ``calendar``, counted in ``zone``
    # The projection when the proposal would exempt the incident: the same whatever the clock.
    fixed_projection: Projection | None
    # What the engine works out once from the template alone and keeps here: how its obligation
    # is made (its step) and the obligation while its clock has not started.
    memo: dict[str, Any] = field(compare=False, repr=False)
    sent_key: tuple[str, Any]  # (after_rule, entity id): where a cascade finds its start
    reusable: bool  # no "no later than" bound: an unstarted clock gives the same obligation
    zone_info: tzinfo | None = None  # ``zone``, loaded


@lru_cache(maxsize=16384)
def templates_for(
    regime: str,
    role: str,
    entity: EntityFacts,
    applicability: Applicability,
    conditions: Conditions,
    hours: float,
    omnibus: bool,
) -> tuple[Template, ...]:
    """Return the templates of one regime's obligations for one entity, replacements included."""
    result = []
    for rule in RULES_BY_ROLE[omnibus][regime, role]:
        exemption = None if applicability.excluded else first_exemption(rule, conditions)
        result.append(_template(rule, entity, applicability, conditions, hours, exemption))
        if exemption is not None and exemption.replaced_by:
            replacement = RULES_BY_ID[exemption.replaced_by]
            result.append(_template(replacement, entity, applicability, conditions, hours, None))
    return tuple(result)


def first_exemption(rule: Rule, conditions: Conditions) -> Exemption | None:
    """Return the first exemption of the rule that the facts satisfy, if any."""
    if rule.min_subjects and rule.min_subjects not in conditions.thresholds_met:
        if not (rule.or_high_risk and conditions.tier in ("high", None)):
            return rule.below_threshold
    for exemption in rule.exemptions:
        if CONDITION_TESTS[exemption.condition](conditions):
            return exemption
    return None


def _started(rule: Rule, entity: EntityFacts, conditions: Conditions) -> bool:
    """Whether the rule's clock has started (its event, or the earlier notice, is recorded)."""
    if rule.after_rule:
        return (rule.after_rule, entity.id) in conditions.submitted
    if rule.clock_event in ("aware_at", "detected_at"):
        return True
    return rule.clock_event in conditions.recorded or bool(rule.cap_event)


def _template(
    rule: Rule,
    entity: EntityFacts,
    applicability: Applicability,
    conditions: Conditions,
    hours: float,
    exemption: Exemption | None,
) -> Template:
    """Build the clock-independent part of one obligation."""
    clock = _clock(rule, entity, hours)
    duration, recipient, variant_note, calendar, zone, roll = clock[:6]
    excluded = applicability.excluded
    started = _started(rule, entity, conditions)
    values: dict[str, Any] = {
        "rule_id": rule.id,
        "regime": rule.regime,
        "legal_basis": rule.legal_basis,
        "recipient": recipient,
        "entity_id": entity.id,
        "trigger": rule.trigger,
        "clock_event": rule.clock_event,
        "unit": rule.unit,
        "duration": duration,
        "status": "not_required" if exemption is not None or excluded else "pending",
        "exemption": MANUAL_EXCLUSION if excluded else exemption.legal_basis if exemption else "",
        "content_checklist": rule.content_checklist,
        "statutory": rule.statutory,
        "verify": rule.verify,
        "projection": None,
    }
    # The CAC grading sentence goes between head and tail; it depends on the people counted.
    head = f"{rule.legal_basis}: {rule.duty}. It applies because {applicability.reason}."
    head += variant_note
    tail_key = (id(rule), excluded, exemption, conditions.tier, conditions.drill, started, clock)
    tail = _TAILS.get(tail_key)
    if tail is None:
        if len(_TAILS) >= MEMO_LIMIT:  # exclusion reasons are free text: keep the memo bounded
            _TAILS.clear()
        tail = _TAILS[tail_key] = explanation_tail(
            rule,
            excluded,
            exemption,
            conditions.tier,
            conditions.drill,
            started,
            duration,
            hours,
            calendar,
            zone,
            roll is not None,
        )
    if rule.record and values["status"] == "pending":  # documented once the risk is on record
        values["status"] = "documented" if conditions.tier is not None else "to_document"
    values["explanation"] = head + tail
    values |= dict.fromkeys(("clock_start", "due_at", "target_at"))  # per incident, keys last
    proposal = PROPOSALS.get(rule.id)
    projection = None
    if proposal is not None and not excluded:
        projection = (proposal, first_exemption(proposal, conditions))
    offset, valid_from, valid_to, days, business_days, zone_info = clock[6:]
    values["projection"] = _fixed_projection(projection)  # a proposal's exemption: no clock
    return Template(
        rule,
        rule.clock_event,
        rule.statutory,
        values,
        head,
        tail,
        offset,
        values["status"] == "pending",
        valid_from,
        valid_to,
        calendar,
        zone,
        duration,
        roll,
        projection,
        valid_from != EARLIEST or valid_to != LATEST,
        bool(rule.cap_event) or roll is not None,
        rule.unit,
        not rule.record,
        days,
        rule.after_rule,
        1 if rule.after_latest else 0,
        entity.id,
        business_days,
        values["projection"],
        {},
        (rule.after_rule, entity.id),
        not rule.cap_event,
        zone_info,
    )


# Explanation tails by rule (its identity: every rule lives in the tables for good), status,
# and clock; the same few hundred recur across incidents.
MEMO_LIMIT = 16384
_TAILS: dict[tuple[Any, ...], str] = {}
_CLOCKS: dict[tuple[int, EntityFacts, float], tuple[Any, ...]] = {}


def _clock(rule: Rule, entity: EntityFacts, hours: float) -> tuple[Any, ...]:
    """What a rule's clock is for an entity, worked out once: duration, recipient, calendar."""
    key = (id(rule), entity, hours)
    clock = _CLOCKS.get(key)
    if clock is not None:
        return clock
    if len(_CLOCKS) >= MEMO_LIMIT:
        _CLOCKS.clear()
    duration, recipient, variant_note = rule_variant(rule, entity)
    calendar, zone = _calendar_and_zone(rule, entity)
    roll = None
    if rule.roll_to_noon and calendar and zone:
        exempt = rule.roll_exempt_flag and getattr(entity, rule.roll_exempt_flag)
        roll = None if exempt else (calendar, zone)
    valid_from, valid_to = _bounds(rule, zone)
    clock = _CLOCKS[key] = (
        duration,
        recipient,
        variant_note,
        calendar,
        zone,
        roll,
        None if rule.record else _offset(rule.unit, duration, hours),
        valid_from,
        valid_to,
        timedelta(days=int(duration or 0)) if rule.unit == "CD" and zone else None,
        _business_days(rule, duration, calendar, zone),
        zone_named(zone) if zone else None,
    )
    return clock


def _business_days(
    rule: Rule, duration: float | None, calendar: str | None, zone: str | None
) -> int | None:
    """The whole number of business days of a clock counted in a named zone, else None."""
    if rule.unit != "BD" or not calendar or not zone or duration is None:
        return None
    return int(duration) if duration == int(duration) and duration >= 0 else None


def _fixed_projection(projection: tuple[Rule, Exemption | None] | None) -> Projection | None:
    """The projection of a proposal that would exempt the incident: it has no due time."""
    if projection is None or projection[1] is None:
        return None
    proposal, exemption = projection
    duty = f"not required under {exemption.legal_basis}: {exemption.reason}"
    return Projection(proposal.proposal_label, proposal.legal_basis, None, duty, PROJECTION_NOTE)


def _calendar_and_zone(rule: Rule, entity: EntityFacts) -> tuple[str | None, str | None]:
    """The rule's holiday calendar and zone; "entity" means the entity's own country's."""
    if rule.calendar != "entity":
        return rule.calendar, rule.zone
    return entity.country, COUNTRY_ZONES.get(entity.country, rule.zone)


def _bounds(rule: Rule, zone: str | None) -> tuple[datetime, datetime]:
    """The rule version's dates as instants: midnight in the jurisdiction's zone."""
    return _midnight(rule.valid_from, zone, EARLIEST), _midnight(rule.valid_to, zone, LATEST)


def _midnight(day: date | None, zone: str | None, default: datetime) -> datetime:
    """The start of a day in the zone (UTC without one), as a UTC instant."""
    if day is None:
        return default
    local = datetime.combine(day, time(0), tzinfo=zone_named(zone) if zone else UTC)
    return local.astimezone(UTC)


def _offset(unit: str, duration: float | None, hours: float) -> timedelta | None:
    """Return the fixed elapsed offset of an hour-based or ASAP clock, None for day counts."""
    if unit == "ASAP":
        return timedelta(hours=hours)
    if unit == "H" and duration is not None:
        # Elapsed hours on the absolute timeline: the clock starts are already in UTC.
        return timedelta(hours=duration)
    return None


def clear_template_cache() -> None:
    """Forget the memoised templates."""
    templates_for.cache_clear()
    relevant.cache_clear()
    _TAILS.clear()
    _CLOCKS.clear()
