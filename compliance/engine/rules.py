"""The shape of a notification rule: its exemptions, variants and the regime that holds it.

The tables themselves are in the ``compliance.engine.regimes`` package; docs/regulations.md is the
legal reference. Rules and regimes carry the dates they are in force: ``valid_from`` inclusive,
``valid_to`` exclusive, ``None`` for open ends. An incident is judged under the version in force on
the day each rule's clock started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from compliance.engine.deadlines import Unit

ClockEvent = Literal[
    "aware_at",
    "detected_at",
    "handling_ended_at",
    "classified_major_at",
    "materiality_determined_at",
    "assessment_completed_at",
    "prior_report_submitted_at",
]
EntityFlag = Literal[
    "is_cii_operator",
    "is_state_organ",
    "dora_financial_entity",
    "dora_art_5_5",
    "nis2_entity",
    "hipaa_covered",
    "sec_registrant",
]


def in_force(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    """Return whether a text dated [valid_from, valid_to) is in force on a day."""
    if valid_from is not None and on < valid_from:
        return False
    return valid_to is None or on < valid_to


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
        "below_subject_threshold",
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
    # A record kept, not a notice sent: no clock, never overdue (GDPR Art. 33(5)).
    record: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    # A cascade: the recorded notice of ``after_rule`` starts this clock (its first notice, or
    # its latest with ``after_latest``); clock_event is then "prior_report_submitted_at".
    after_rule: str = ""
    after_latest: bool = False
    # "No later than": the due time is never after this many hours from a second event.
    cap_event: str = ""
    cap_hours: float | None = None
    # DORA: a due time on a weekend or holiday of ``calendar`` moves to 12:00 of the next
    # working day, except for entities carrying ``roll_exempt_flag``.
    roll_to_noon: bool = False
    roll_exempt_flag: str = ""
    # A threshold on the people counted in the regime's scope (inclusive); below it, the
    # ``below_threshold`` exemption applies, unless the breach is high risk and ``or_high_risk``.
    min_subjects: int = 0
    or_high_risk: bool = False
    below_threshold: Exemption | None = None
    # A proposed rule names the rule it would replace; it is a projection until adopted.
    proposal_for: str = ""
    proposal_label: str = ""

    def in_force(self, on: date) -> bool:
        """Return whether this version of the rule is in force on a day."""
        return in_force(self.valid_from, self.valid_to, on)

    @property
    def statutory(self) -> bool:
        """Return whether the law itself fixes the time limit (False for ASAP targets)."""
        return self.unit != "ASAP"


@dataclass(frozen=True, slots=True)
class Projection:
    """What a proposed law would ask instead of the obligation: shown beside it, never owed."""

    label: str
    legal_basis: str
    due_at: datetime | None
    duty: str
    note: str


@dataclass(frozen=True, slots=True)
class Regime:
    """A legal regime, the countries whose residents or establishments bring it in, its rules.

    ``version`` names the text (e.g. the year of an amendment); a law that changed appears as
    several Regime values with the same code and disjoint dates (``REGIME_VERSIONS``).
    ``facts_needed`` names the incident and entity facts the regime reads.
    """

    code: str
    name: str
    countries: frozenset[str]
    rules: tuple[Rule, ...]
    # ISO 3166-2 regions whose residents bring the regime in (US state laws); a regime with
    # regions is brought in by residents only, never by where an entity is established.
    regions: frozenset[str] = frozenset()
    # An entity flag that brings the regime in for the entities carrying it (sector law).
    entity_flag: str = ""
    version: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""
    facts_needed: tuple[str, ...] = ()

    def in_force(self, on: date) -> bool:
        """Return whether this version of the regime is in force on a day."""
        return in_force(self.valid_from, self.valid_to, on)
