"""The shape of a notification rule: its exemptions, variants and the regime that holds it.

The tables themselves are in ``compliance/engine/regimes.py``; docs/regulations.md is the legal
reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compliance.engine.deadlines import Unit

ClockEvent = Literal["aware_at", "detected_at", "handling_ended_at"]
EntityFlag = Literal["is_cii_operator", "is_state_organ"]

# Conditions an exemption can name; the engine evaluates each one against the incident facts.
CONDITIONS: frozenset[str] = frozenset(
    {
        "tier_unlikely",
        "tier_below_high",
        "data_encrypted",
        "high_risk_mitigated",
        "disproportionate_effort",
        "pipl_harm_avoided",
        "cac_below_threshold",
    }
)


@dataclass(frozen=True, slots=True)
class Exemption:
    """A legal ground that makes a rule's notice unnecessary, or replaces it with another."""

    condition: str
    legal_basis: str
    reason: str
    replaced_by: str = ""


@dataclass(frozen=True, slots=True)
class RuleVariant:
    """A shorter clock or different recipient for entities with a particular status."""

    entity_flag: EntityFlag
    duration: float
    recipient: str
    label: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One notification duty: who tells whom, when the clock starts, and how long it runs."""

    id: str
    regime: str
    legal_basis: str
    recipient: str
    trigger: str
    duty: str
    clock_event: ClockEvent
    duration: float | None
    unit: Unit
    roles: frozenset[str]
    calendar: str | None = None  # holiday calendar (ISO country) for business-day clocks
    zone: str | None = None  # IANA zone whose wall clock counts calendar or business days
    exemptions: tuple[Exemption, ...] = ()
    content_checklist: tuple[str, ...] = ()
    variants: tuple[RuleVariant, ...] = ()
    verify: bool = False
    verify_note: str = ""
    uses_entity_authority: bool = False
    replacement_only: bool = False

    @property
    def statutory(self) -> bool:
        """Return whether the law itself fixes the time limit (False for ASAP targets)."""
        return self.unit != "ASAP"


@dataclass(frozen=True, slots=True)
class Regime:
    """A legal regime, the countries whose residents or establishments bring it in, its rules."""

    code: str
    name: str
    countries: frozenset[str]
    rules: tuple[Rule, ...]
