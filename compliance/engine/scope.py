"""Which regimes an incident brings in, why, and which of the organisation's entities bear them.

Residents bring a regime in by their country (or, for state laws, their ISO 3166-2 region); an
entity brings in the regimes of the country it is established in, and the sector regimes whose
flag it carries (DORA, NIS2, HIPAA, the SEC).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from compliance.engine.explanations import included_reason
from compliance.engine.facts import EntityFacts, EntityId, IncidentFacts, OrganisationFacts
from compliance.engine.regimes import COUNTRY_REGIMES, REGIMES, Regime

# Region (ISO 3166-2) -> regimes its residents bring in.
REGION_REGIMES: dict[str, tuple[str, ...]] = {}
for _regime in REGIMES:
    for _region in _regime.regions:
        REGION_REGIMES[_region] = (*REGION_REGIMES.get(_region, ()), _regime.code)
# The countries whose entities bear a regime: its own, or those of its regions (US-CA: US).
HOME_COUNTRIES: dict[str, frozenset[str]] = {
    regime.code: regime.countries | {region.split("-")[0] for region in regime.regions}
    for regime in REGIMES
}
FLAG_REGIMES: tuple[Regime, ...] = tuple(regime for regime in REGIMES if regime.entity_flag)
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
EMPTY: frozenset[str] = frozenset()
FLAG_LABELS: dict[str, str] = {
    "dora_financial_entity": "a financial entity under DORA",
    "nis2_entity": "a NIS2 {value} entity",
    "hipaa_covered": "a HIPAA covered entity",
    "sec_registrant": "an SEC registrant",
}


class Applicability(NamedTuple):
    """Why a regime applies to the incident, or why it was excluded by hand."""

    reason: str
    excluded: str = ""


class Scope(NamedTuple):
    """One applicable regime, why, who bears it and its ASAP target."""

    regime: Regime
    applicability: Applicability
    entities: tuple[EntityFacts, ...]
    hours: float


@lru_cache(maxsize=8192)
def regimes_in_scope(
    org: OrganisationFacts,
    entity_ids: tuple[EntityId, ...],
    places: tuple[frozenset[str], frozenset[str]] | None,
    overrides: tuple[tuple[str, str, str], ...],
) -> tuple[Scope, ...]:
    """Return each applicable regime, why it applies, who bears it, and its ASAP target.

    ``places`` is (countries, regions) with affected people, or None while no counts exist.
    """
    entities = concerned_entities(entity_ids, org)
    result = []
    for regime, applicability in _applicable(places, entities, overrides):
        bearers = _entities_for(regime, entities)
        if bearers:
            result.append(Scope(regime, applicability, bearers, org.target_hours(regime.code)))
    return tuple(result)


def concerned_entities(
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


def _applicable(
    places: tuple[frozenset[str], frozenset[str]] | None,
    entities: tuple[EntityFacts, ...],
    overrides: tuple[tuple[str, str, str], ...],
) -> list[tuple[Regime, Applicability]]:
    """Return the regimes that apply (or were excluded by hand), in the canonical order."""
    reasons = _regime_reasons(places, entities)
    by_regime = {code: (action, why) for code, action, why in overrides}
    result = []
    for regime in REGIMES:
        action, why = by_regime.get(regime.code, ("", ""))
        reason = reasons.get(regime.code, "")
        if action == "include":
            result.append((regime, Applicability(included_reason(reason, why))))
        elif reason:
            # An exclusion keeps the regime visible, marked not required, with its reason.
            result.append((regime, Applicability(reason, why if action == "exclude" else "")))
    return result


def _regime_reasons(
    places: tuple[frozenset[str], frozenset[str]] | None, entities: tuple[EntityFacts, ...]
) -> dict[str, str]:
    """Map each regime brought in by residents, entities' countries or flags to a reason."""
    countries, regions = places or (frozenset(), frozenset())
    found: dict[str, list[str]] = {}
    for place, table in ((countries, COUNTRY_REGIMES), (regions, REGION_REGIMES)):
        for code_of_place in sorted(place):
            for code in table.get(code_of_place, ()):
                found.setdefault(code, []).append(code_of_place)
    reasons = {code: f"affected data subjects live in {', '.join(c)}" for code, c in found.items()}
    # An entity's own regime comes in once anyone is affected; no counts recorded yet means
    # "not known", which the engine treats as "some people affected", conservatively.
    if places is not None and not countries:
        return reasons
    for entity in entities:
        codes = [*COUNTRY_REGIMES.get(entity.country, ())]
        for regime in FLAG_REGIMES:
            if getattr(entity, regime.entity_flag):
                codes.append(regime.code)
        for code in codes:
            established = _entity_reason(entity, code)
            if code not in reasons:
                reasons[code] = established
            elif established not in reasons[code]:
                reasons[code] = f"{reasons[code]}; {established}"
    return reasons


def _entity_reason(entity: EntityFacts, code: str) -> str:
    """Say why an entity brings a regime in: where it is established, or what it is."""
    for regime in FLAG_REGIMES:
        if regime.code == code:
            value = getattr(entity, regime.entity_flag)
            label = FLAG_LABELS[regime.entity_flag].format(value=value)
            return f"entity {entity.name} is {label}"
    return f"entity {entity.name} is established in {entity.country}"


def _entities_for(regime: Regime, entities: tuple[EntityFacts, ...]) -> tuple[EntityFacts, ...]:
    """Return the entities bearing a regime: flagged ones, those established there, else the first."""
    if regime.entity_flag:
        return tuple(entity for entity in entities if getattr(entity, regime.entity_flag))
    home = HOME_COUNTRIES[regime.code]
    local = tuple(entity for entity in entities if entity.country in home)
    return local or entities[:1]


class ScopePlan:
    """The regimes in scope of one kind of incident, and what their conditions need counted."""

    __slots__ = ("cac", "counted", "omnibus", "scopes")

    def __init__(self, scopes: tuple[Scope, ...], omnibus: bool) -> None:
        self.scopes = scopes
        self.omnibus = omnibus
        self.cac = any(scope.regime.code == "CAC" for scope in scopes)
        # The regimes whose rules have subject thresholds, in the order of the scopes.
        self.counted = tuple(
            scope.regime for scope in scopes if REGIME_THRESHOLDS[scope.regime.code]
        )


@lru_cache(maxsize=8192)
def scope_plan(
    org: OrganisationFacts,
    entity_ids: tuple[EntityId, ...],
    places: tuple[frozenset[str], frozenset[str]] | None,
    overrides: tuple[tuple[str, str, str], ...],
) -> ScopePlan:
    """The plan of the regimes an incident's places, entities and overrides bring in."""
    return ScopePlan(regimes_in_scope(org, entity_ids, places, overrides), org.omnibus_adopted)


# Plans by organisation, entities, overrides and the (country, region) of each count above zero,
# in the incident's order: that needs no set built per incident, and gives the places_of sets.
_PLANS: dict[tuple[object, ...], ScopePlan] = {}
PLANS_LIMIT = 8192


def plan_of(facts: IncidentFacts, org: OrganisationFacts) -> ScopePlan:
    """The scope plan of an incident: scope_plan of its entities, places and overrides."""
    subjects = facts.affected_subjects
    counted = tuple([row[::2] for row in subjects if row[1] > 0]) if subjects else None
    key = (org, facts.entity_ids, counted, facts.regime_overrides)
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= PLANS_LIMIT:
            _PLANS.clear()
        plan = scope_plan(org, facts.entity_ids, places_of(facts), facts.regime_overrides)
        _PLANS[key] = plan
    return plan


def clear_plans() -> None:
    """Forget the plans looked up by places."""
    _PLANS.clear()


def places_of(facts: IncidentFacts) -> tuple[frozenset[str], frozenset[str]] | None:
    """Return the countries and regions with affected people, or None while no counts exist."""
    if not facts.affected_subjects:
        return None
    countries = frozenset([row[0] for row in facts.affected_subjects if row[1] > 0])
    regions = [row[2] for row in facts.affected_subjects if row[2] and row[1] > 0]
    return countries, frozenset(regions) if regions else EMPTY


def thresholds_met(facts: IncidentFacts, regime: Regime) -> frozenset[int]:
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
