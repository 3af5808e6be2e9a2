"""Notification regimes as data: each rule names its basis, recipient, clock and exemptions.

docs/regulations.md is the legal reference. Items it marks (verify) carry ``verify=True`` and a note,
and every obligation built from such a rule says the figure is the engine's reading.

The tables sit in one module per region; this package assembles them.

Versions: a law that changed appears as several ``Regime`` values with the same code and
disjoint ``[valid_from, valid_to)`` dates. ``REGIME_VERSIONS`` holds every version of a code, oldest
first; ``REGIMES`` and ``REGIMES_BY_CODE`` hold one entry per code, the latest version, whose
``rules`` are the rules of every version (each rule carries its own dates), so that the engine
judges each rule by the day its clock started. ``RULES_BY_ID`` gives the latest version of each
rule id; one duty keeps its id across versions, so a stored obligation stays the same row.
``PROPOSED_RULES`` are proposals (the EU Digital Omnibus): shown as projections, and obligations
only once an administrator records that the proposal was adopted.
"""

from __future__ import annotations

from dataclasses import replace

from compliance.engine.regimes.asia_pacific import ASIA_PACIFIC_REGIMES
from compliance.engine.regimes.china import CAC, CAC_GRADE_LABELS, PIPL, cac_grade_for
from compliance.engine.regimes.common import (
    ALL_ROLES,
    CHINA_COUNTRIES,
    CONTROLLER_ROLES,
    COUNTRY_ZONES,
    EEA_COUNTRIES,
    EU_MEMBER_STATES,
    PROCESSOR_ROLES,
    UK_COUNTRIES,
)
from compliance.engine.regimes.eu_sector import DORA, NIS2
from compliance.engine.regimes.europe import GDPR, UK_GDPR
from compliance.engine.regimes.korea_japan import JP, KR_VERSIONS
from compliance.engine.regimes.others import OTHER_REGIMES
from compliance.engine.regimes.proposals import PROPOSED_RULES
from compliance.engine.regimes.us_federal import HIPAA, SEC
from compliance.engine.regimes.us_states import US_STATE_REGIMES
from compliance.engine.rules import CONDITIONS, Exemption, Projection, Regime, Rule, RuleVariant

__all__ = [
    "ALL_ROLES",
    "CAC_GRADE_LABELS",
    "CHINA_COUNTRIES",
    "CONTROLLER_ROLES",
    "COUNTRY_REGIMES",
    "COUNTRY_ZONES",
    "EEA_COUNTRIES",
    "EU_MEMBER_STATES",
    "PROCESSOR_ROLES",
    "PROPOSED_RULES",
    "REGIMES",
    "REGIMES_BY_CODE",
    "REGIME_VERSIONS",
    "RULES_BY_ID",
    "UK_COUNTRIES",
    "Exemption",
    "Projection",
    "Regime",
    "Rule",
    "RuleVariant",
    "cac_grade_for",
]

# Every version of every regime, oldest first within a code, in the canonical order of codes.
ALL_VERSIONS: tuple[Regime, ...] = (
    GDPR,
    UK_GDPR,
    PIPL,
    CAC,
    NIS2,
    DORA,
    HIPAA,
    SEC,
    *US_STATE_REGIMES,
    ASIA_PACIFIC_REGIMES[0],  # SG
    *KR_VERSIONS,
    JP,
    *ASIA_PACIFIC_REGIMES[1:],  # AU, IN, HK
    *OTHER_REGIMES,
)


def _dated(regime: Regime) -> tuple[Rule, ...]:
    """Give each rule its regime version's dates unless it carries narrower ones itself."""
    return tuple(
        rule
        if rule.valid_from or rule.valid_to
        else replace(rule, valid_from=regime.valid_from, valid_to=regime.valid_to)
        for rule in regime.rules
    )


def _versions() -> dict[str, tuple[Regime, ...]]:
    """Group the versions by code, each with its rules dated."""
    result: dict[str, tuple[Regime, ...]] = {}
    for regime in ALL_VERSIONS:
        dated = replace(regime, rules=_dated(regime))
        result[regime.code] = (*result.get(regime.code, ()), dated)
    return result


REGIME_VERSIONS: dict[str, tuple[Regime, ...]] = _versions()
# One entry per code: the latest version, carrying the rules of every version.
REGIMES: tuple[Regime, ...] = tuple(
    replace(versions[-1], rules=tuple(rule for v in versions for rule in v.rules))
    for versions in REGIME_VERSIONS.values()
)
REGIMES_BY_CODE: dict[str, Regime] = {regime.code: regime for regime in REGIMES}
RULES_BY_ID: dict[str, Rule] = {
    rule.id: rule for regime in REGIMES for rule in (*regime.rules,)
} | {rule.id: rule for rule in PROPOSED_RULES}

# Country code -> regimes its residents (or an entity established there) bring in.
COUNTRY_REGIMES: dict[str, tuple[str, ...]] = {}
for _regime in REGIMES:
    for _country in _regime.countries:
        COUNTRY_REGIMES[_country] = (*COUNTRY_REGIMES.get(_country, ()), _regime.code)
del _regime, _country


def _check_tables() -> None:
    """Fail at import if a rule names an unknown condition or replacement, or versions overlap."""
    rules = [rule for regime in REGIMES for rule in regime.rules] + list(PROPOSED_RULES)
    for rule in rules:
        for exemption in rule.exemptions:
            if exemption.condition not in CONDITIONS:
                raise ValueError(f"{rule.id}: unknown condition {exemption.condition}")
            if exemption.replaced_by and exemption.replaced_by not in RULES_BY_ID:
                raise ValueError(f"{rule.id}: unknown replacement {exemption.replaced_by}")
    for versions in REGIME_VERSIONS.values():
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.valid_to is None or later.valid_from is None:
                raise ValueError(f"{later.code}: versions need dates between them")
            if earlier.valid_to > later.valid_from:
                raise ValueError(
                    f"{later.code}: versions {earlier.version}, {later.version} overlap"
                )


_check_tables()
