"""Which regimes an incident brings in, why, and which of the organisation's entities bear them.

Residents bring a regime in by their country (or, for state laws, their ISO 3166-2 region); an
entity brings in the regimes of the country it is established in, and the sector regimes whose
flag it carries (DORA, NIS2, HIPAA, the SEC).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from compliance.engine.explanations import included_reason
from compliance.engine.facts import EntityFacts, EntityId, OrganisationFacts
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
