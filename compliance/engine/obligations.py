"""The compliance engine: incident facts plus the organisation profile give the obligations.

Pure and deterministic: no clock reads (``now`` is an argument), no I/O, no Django. Results are
the same whatever time zone the inputs were given in, because every instant is converted to UTC
and day-based clocks count in the jurisdiction's own zone.

Speed comes from memoising what does not depend on the clock: the regimes and entities an
incident's countries bring in, and each rule's legal text and explanation for a given set of
deciding facts. Only the clock arithmetic and the status are computed per incident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from compliance.engine.deadlines import UTC, add_duration, require_aware
from compliance.engine.explanations import (
    cac_grading,
    explanation_tail,
    included_reason,
    rule_variant,
)
from compliance.engine.facts import (
    EntityFacts,
    EntityId,
    IncidentFacts,
    OrganisationFacts,
)
from compliance.engine.regimes import (
    COUNTRY_REGIMES,
    REGIMES,
    RULES_BY_ID,
    Exemption,
    Regime,
    Rule,
)


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


class _Applicability(NamedTuple):
    """Why a regime applies to the incident, or why it was excluded by hand."""

    reason: str
    excluded: str = ""


LOW_TIERS = frozenset({"unlikely", "risk"})
MANUAL_EXCLUSION = "manual exclusion"


class _Conditions(NamedTuple):
    """The incident facts that decide exemptions, in a hashable form for the template cache."""

    tier: str | None
    data_encrypted: bool
    high_risk_mitigated: bool
    disproportionate_effort: bool
    pipl_harm_avoided: bool
    cac_below_threshold: bool
    drill: bool
    handling_ended: bool


ConditionKey = tuple[str | None, bool, bool, bool, bool, bool, bool, bool]

# Each condition an exemption can name (regimes.CONDITIONS), tested on the incident.
CONDITION_TESTS: dict[str, Callable[[_Conditions], bool]] = {
    "tier_unlikely": lambda c: c.tier == "unlikely",
    "tier_below_high": lambda c: c.tier in LOW_TIERS,
    "data_encrypted": lambda c: c.data_encrypted,
    "high_risk_mitigated": lambda c: c.high_risk_mitigated,
    "disproportionate_effort": lambda c: c.disproportionate_effort,
    "pipl_harm_avoided": lambda c: c.pipl_harm_avoided,
    "cac_below_threshold": lambda c: c.cac_below_threshold,
}
# The rules each role answers for, per regime, in the table's order.
RULES_BY_ROLE: dict[tuple[str, str], tuple[Rule, ...]] = {
    (regime.code, role): tuple(
        rule for rule in regime.rules if role in rule.roles and not rule.replacement_only
    )
    for regime in REGIMES
    for role in ("controller", "processor", "joint")
}
# The events that start each regime's clocks, so an incident converts only those it needs.
REGIME_EVENTS: dict[str, tuple[str, ...]] = {
    regime.code: tuple(dict.fromkeys(rule.clock_event for rule in regime.rules))
    for regime in REGIMES
}
_new = object.__new__


@dataclass(frozen=True, slots=True)
class _Template:
    """An obligation minus its clock: legal text, status rule and explanation, cached."""

    rule: Rule
    event: str
    statutory: bool
    values: dict[str, Any]
    head: str
    tail: str
    offset: timedelta | None
    clock_status: bool


def evaluate(facts: IncidentFacts, org: OrganisationFacts, now: datetime) -> tuple[Obligation, ...]:
    """Return the incident's obligations in a fixed order: regime, entity, then rule."""
    if now.tzinfo is not UTC:  # the usual UTC "now" needs neither check nor conversion
        require_aware("now", now)
        now = now.astimezone(UTC)
    scopes = _regimes(org, facts.entity_ids, _countries_affected(facts), facts.regime_overrides)
    ungraded = _conditions(facts, "")
    starts: dict[str, datetime | None] = {}
    result: list[Obligation] = []
    for regime, applicability, entities, hours in scopes:
        _add_clock_starts(starts, facts, REGIME_EVENTS[regime.code])
        conditions, grading = ungraded, ""
        if regime.code == "CAC":
            # Grading needs a pass over the subjects, so only incidents the CAC covers pay.
            grade, grading = cac_grading(facts)
            conditions = _conditions(facts, grade)
        for entity in entities:
            templates = _templates(
                regime.code, facts.role, entity, applicability, conditions, hours
            )
            for template in templates:
                result.append(_obligation(template, starts, now, grading))
    return tuple(result)


def _countries_affected(facts: IncidentFacts) -> frozenset[str] | None:
    """Return the countries with affected people, or None while no counts are recorded."""
    if not facts.affected_subjects:
        return None
    return frozenset([country for country, count in facts.affected_subjects if count > 0])


def _conditions(facts: IncidentFacts, grade: str) -> ConditionKey:
    """Collect the facts exemptions turn on, as a plain tuple: it is a hot cache key."""
    return (
        facts.risk_tier,
        facts.data_encrypted,
        facts.high_risk_mitigated,
        facts.disproportionate_effort,
        facts.pipl_harm_avoided,
        grade == "below_threshold",
        facts.is_drill,
        facts.handling_ended_at is not None,
    )


@lru_cache(maxsize=8192)
def _regimes(
    org: OrganisationFacts,
    entity_ids: tuple[EntityId, ...],
    countries: frozenset[str] | None,
    overrides: tuple[tuple[str, str, str], ...],
) -> tuple[tuple[Regime, _Applicability, tuple[EntityFacts, ...], float], ...]:
    """Return each applicable regime, why it applies, who bears it, and its ASAP target."""
    entities = _concerned_entities(entity_ids, org)
    return tuple(
        (regime, applicability, _entities_for(regime, entities), org.target_hours(regime.code))
        for regime, applicability in _applicable_regimes(countries, entities, overrides)
    )


def _concerned_entities(
    entity_ids: tuple[EntityId, ...], org: OrganisationFacts
) -> tuple[EntityFacts, ...]:
    """Return the entities the incident names, in the organisation's order (default: all)."""
    if not entity_ids:
        return org.entities
    wanted = set(entity_ids)
    entities = tuple(entity for entity in org.entities if entity.id in wanted)
    if len(entities) != len(wanted):
        known = {entity.id for entity in org.entities}
        missing = sorted(str(entity_id) for entity_id in wanted - known)
        raise ValueError(f"entity_ids: unknown entities {', '.join(missing)}")
    return entities


def _add_clock_starts(
    starts: dict[str, datetime | None], facts: IncidentFacts, events: tuple[str, ...]
) -> None:
    """Convert the regime's clock-starting events to UTC, each once per incident."""
    for event in events:
        if event not in starts:
            moment = getattr(facts, event)
            starts[event] = None if moment is None else _utc(moment)


def _utc(moment: datetime) -> datetime:
    """Return the same instant in UTC, skipping the conversion when it already is."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def _applicable_regimes(
    countries: frozenset[str] | None,
    entities: tuple[EntityFacts, ...],
    overrides: tuple[tuple[str, str, str], ...],
) -> list[tuple[Regime, _Applicability]]:
    """Return the regimes that apply (or were excluded by hand), in the canonical order."""
    reasons = _regime_reasons(countries, entities)
    by_regime = {code: (action, why) for code, action, why in overrides}
    result = []
    for regime in REGIMES:
        action, why = by_regime.get(regime.code, ("", ""))
        reason = reasons.get(regime.code, "")
        if action == "include":
            result.append((regime, _Applicability(included_reason(reason, why))))
        elif reason:
            # An exclusion keeps the regime visible, marked not required, with its reason.
            result.append((regime, _Applicability(reason, why if action == "exclude" else "")))
    return result


def _regime_reasons(
    countries: frozenset[str] | None, entities: tuple[EntityFacts, ...]
) -> dict[str, str]:
    """Map each regime brought in by residents' or entities' countries to a reason."""
    found: dict[str, list[str]] = {}
    for country in sorted(countries or ()):
        for code in COUNTRY_REGIMES.get(country, ()):
            found.setdefault(code, []).append(country)
    reasons = {code: f"affected data subjects live in {', '.join(c)}" for code, c in found.items()}
    # An entity's own regime comes in once anyone is affected; no counts recorded yet means
    # "not known", which the engine treats as "some people affected", conservatively.
    if countries is not None and not countries:
        return reasons
    for entity in entities:
        for code in COUNTRY_REGIMES.get(entity.country, ()):
            established = f"entity {entity.name} is established in {entity.country}"
            if code not in reasons:
                reasons[code] = established
            elif established not in reasons[code]:
                reasons[code] = f"{reasons[code]}; {established}"
    return reasons


def _entities_for(regime: Regime, entities: tuple[EntityFacts, ...]) -> tuple[EntityFacts, ...]:
    """Return the entities bearing a regime: those established there, else the first one."""
    local = tuple(entity for entity in entities if entity.country in regime.countries)
    return local or entities[:1]


def _obligation(
    template: _Template,
    starts: dict[str, datetime | None],
    now: datetime,
    grading: str,
) -> Obligation:
    """Put a cached template and the incident's clock together into one obligation."""
    start = starts[template.event]
    due = target = None
    if start is not None:
        if template.offset is not None:
            target = start + template.offset
            due = target if template.statutory else None
        else:
            rule = template.rule
            due = target = add_duration(
                start, template.values["duration"], rule.unit, rule.calendar, rule.zone
            )
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
    return obligation


@lru_cache(maxsize=8192)
def _templates(
    regime: str,
    role: str,
    entity: EntityFacts,
    applicability: _Applicability,
    key: ConditionKey,
    hours: float,
) -> tuple[_Template, ...]:
    """Return the templates of one regime's obligations for one entity, replacements included."""
    conditions = _Conditions(*key)
    result = []
    for rule in RULES_BY_ROLE[regime, role]:
        exemption = None if applicability.excluded else _first_exemption(rule, conditions)
        result.append(_template(rule, entity, applicability, conditions, hours, exemption))
        if exemption is not None and exemption.replaced_by:
            replacement = RULES_BY_ID[exemption.replaced_by]
            result.append(_template(replacement, entity, applicability, conditions, hours, None))
    return tuple(result)


def _first_exemption(rule: Rule, conditions: _Conditions) -> Exemption | None:
    """Return the first exemption of the rule that the facts satisfy, if any."""
    for exemption in rule.exemptions:
        if CONDITION_TESTS[exemption.condition](conditions):
            return exemption
    return None


def _template(
    rule: Rule,
    entity: EntityFacts,
    applicability: _Applicability,
    conditions: _Conditions,
    hours: float,
    exemption: Exemption | None,
) -> _Template:
    """Build the clock-independent part of one obligation."""
    duration, recipient, variant_note = rule_variant(rule, entity)
    excluded = applicability.excluded
    started = rule.clock_event != "handling_ended_at" or conditions.handling_ended
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
    }
    # The CAC grading sentence goes between head and tail; it depends on the people counted.
    head = f"{rule.legal_basis}: {rule.duty}. It applies because {applicability.reason}."
    head += variant_note
    tail = explanation_tail(
        rule, excluded, exemption, conditions.tier, conditions.drill, started, duration, hours
    )
    values["explanation"] = head + tail
    offset = _offset(rule.unit, duration, hours)
    pending = values["status"] == "pending"
    return _Template(rule, rule.clock_event, rule.statutory, values, head, tail, offset, pending)


def _offset(unit: str, duration: float | None, hours: float) -> timedelta | None:
    """Return the fixed elapsed offset of an hour-based or ASAP clock, None for day counts."""
    if unit == "ASAP":
        return timedelta(hours=hours)
    if unit == "H" and duration is not None:
        # Elapsed hours on the absolute timeline: the clock starts are already in UTC.
        return timedelta(hours=duration)
    return None


def clear_caches() -> None:
    """Forget memoised regime scopes and templates; results never depend on them."""
    _regimes.cache_clear()
    _templates.cache_clear()
