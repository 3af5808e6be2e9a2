"""Input facts for the compliance engine: plain frozen dataclasses, validated on creation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from types import MappingProxyType
from typing import Literal, NamedTuple

from compliance.engine.deadlines import require_aware
from compliance.engine.regimes import REGIMES_BY_CODE

Role = Literal["controller", "processor", "joint"]
BreachType = Literal["confidentiality", "integrity", "availability"]
RiskTier = Literal["unlikely", "risk", "high"]
CacGrade = Literal["especially_major", "major", "relatively_major", "below_threshold"]
OverrideAction = Literal["include", "exclude"]
EntityId = int | str

REGIMES: tuple[str, ...] = tuple(REGIMES_BY_CODE)
NIS2_KINDS: frozenset[str] = frozenset({"", "essential", "important"})
ROLES: frozenset[str] = frozenset({"controller", "processor", "joint"})
BREACH_TYPES: frozenset[str] = frozenset({"confidentiality", "integrity", "availability"})
RISK_TIERS: frozenset[str] = frozenset({"unlikely", "risk", "high"})
CAC_GRADES: frozenset[str] = frozenset(
    {"especially_major", "major", "relatively_major", "below_threshold"}
)
OVERRIDE_ACTIONS: frozenset[str] = frozenset({"include", "exclude"})
# Clock events recorded after detection; none may precede it.
LATER_EVENTS: tuple[str, ...] = (
    "handling_ended_at",
    "classified_major_at",
    "materiality_determined_at",
    "assessment_completed_at",
)

# The ENISA-band to GDPR-tier mapping is a convention, not law (docs/regulations.md, "Risk tier").
DEFAULT_TIER_BY_BAND: Mapping[str, str] = MappingProxyType(
    {"low": "unlikely", "medium": "risk", "high": "high", "very_high": "high"}
)
DEFAULT_ASAP_TARGET_HOURS = 24.0


class SubjectCount(NamedTuple):
    """Number of affected data subjects resident in one country (and region, where known)."""

    country: str
    # Shadows tuple.count on purpose: the API and the forms call this figure "count".
    count: int  # type: ignore[assignment]
    # ISO 3166-2 subdivision (e.g. "US-CA"); state laws count their residents by it.
    region: str = ""


class RegimeOverride(NamedTuple):
    """A manual decision to include or exclude a regime, with the reason kept for the record."""

    regime: str
    action: str
    reason: str


def _require_country(name: str, code: str) -> None:
    """Raise ValueError unless the code looks like an ISO 3166-1 alpha-2 code."""
    valid = isinstance(code, str) and len(code) == 2 and code.isascii()
    if not (valid and code.isalpha() and code.isupper()):
        raise ValueError(f"{name}: {code!r} is not an ISO 3166-1 alpha-2 code (two capitals)")


def _require_choice(name: str, value: object, choices: frozenset[str]) -> None:
    """Raise ValueError naming the field when a value is not one of the choices."""
    if value not in choices:
        raise ValueError(f"{name}: {value!r} is not one of {sorted(choices)}")


def _require_count(name: str, value: int | None) -> None:
    """Raise ValueError when a count is negative or not an integer."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name}: {value!r} must be a non-negative integer")


@dataclass(frozen=True)
class EntityFacts:
    """One legal entity of the organisation (controller, processor or PI handler)."""

    id: EntityId
    name: str
    country: str
    is_cii_operator: bool = False
    is_state_organ: bool = False
    supervisory_authority: str = ""
    dpo_contact: str = ""
    # Flags that bring sector regimes in: DORA, NIS2, HIPAA, the SEC's Form 8-K Item 1.05.
    dora_financial_entity: bool = False
    dora_art_5_5: bool = False
    nis2_entity: str = ""  # "" | "essential" | "important"
    hipaa_covered: bool = False
    sec_registrant: bool = False

    def __post_init__(self) -> None:
        _require_country("country", self.country)
        _require_choice("nis2_entity", self.nis2_entity, NIS2_KINDS)
        # The engine's caches hash entities on every lookup; all the fields each time would cost
        # more than the lookup saves, so the hash is kept (outside the dataclass fields).
        values = (self.id, self.name, self.country, self.is_cii_operator, self.is_state_organ)
        contacts = (self.supervisory_authority, self.dpo_contact)
        flags = (
            self.dora_financial_entity,
            self.dora_art_5_5,
            self.nis2_entity,
            self.hipaa_covered,
            self.sec_registrant,
        )
        object.__setattr__(self, "_hash", hash((*values, *contacts, *flags)))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined,no-any-return]

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Rebuild through __init__ so the kept hash is recomputed in the receiving process.
        return type(self), tuple(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class OrganisationFacts:
    """The organisation profile: its entities and its internal policy settings.

    The mappings are private copies made on creation; treat them as read-only.
    """

    entities: tuple[EntityFacts, ...]
    asap_target_hours: Mapping[str, float] = field(default_factory=dict)
    tier_by_band: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TIER_BY_BAND))
    # Set by an administrator once the EU Digital Omnibus is adopted: its rule then applies.
    omnibus_adopted: bool = False

    def __post_init__(self) -> None:
        entities = tuple(self.entities)
        if not entities:
            raise ValueError("entities: the organisation needs at least one legal entity")
        ids = [entity.id for entity in entities]
        if len(set(ids)) != len(ids):
            raise ValueError("entities: entity ids must be unique")
        object.__setattr__(self, "entities", entities)
        object.__setattr__(self, "asap_target_hours", _checked_targets(self.asap_target_hours))
        object.__setattr__(self, "tier_by_band", _checked_tier_map(self.tier_by_band))
        settings = (*sorted(self.asap_target_hours.items()), *sorted(self.tier_by_band.items()))
        object.__setattr__(self, "_hash", hash((entities, settings, self.omnibus_adopted)))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined,no-any-return]

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Rebuild through __init__ so the kept hash is recomputed in the receiving process.
        return type(self), tuple(getattr(self, f.name) for f in fields(self))

    def target_hours(self, regime: str) -> float:
        """Return the internal target, in hours, for the regime's ASAP obligations."""
        return self.asap_target_hours.get(regime, DEFAULT_ASAP_TARGET_HOURS)


def _checked_targets(targets: Mapping[str, float]) -> Mapping[str, float]:
    """Validate the per-regime ASAP targets and freeze them."""
    for regime, hours in targets.items():
        _require_choice("asap_target_hours", regime, frozenset(REGIMES))
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not hours > 0:
            raise ValueError(f"asap_target_hours: {regime} target must be a positive number")
    return dict(targets)


def _checked_tier_map(mapping: Mapping[str, str]) -> Mapping[str, str]:
    """Validate a band-to-tier mapping covering all four ENISA bands and freeze it."""
    if set(mapping) != set(DEFAULT_TIER_BY_BAND):
        raise ValueError(f"tier_by_band: needs exactly the bands {sorted(DEFAULT_TIER_BY_BAND)}")
    for tier in mapping.values():
        _require_choice("tier_by_band", tier, RISK_TIERS)
    return dict(mapping)


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """Everything the engine needs to know about one incident, with no database behind it."""

    reference: str
    detected_at: datetime
    aware_at: datetime
    role: Role = "controller"
    breach_types: frozenset[str] = frozenset()
    data_categories: frozenset[str] = frozenset()
    # (country, count) pairs or (country, count, region) triples; stored as SubjectCount.
    affected_subjects: tuple[tuple[str, int] | tuple[str, int, str], ...] = ()
    records_count: int | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    data_encrypted: bool = False
    risk_tier: RiskTier | None = None
    high_risk_mitigated: bool = False
    disproportionate_effort: bool = False
    pipl_harm_avoided: bool = False
    cac_grade: CacGrade | None = None
    cac_grade_reason: str = ""
    cac_leaked_people: int | None = None
    # CAC grading guide criteria besides people (compliance.engine.cac_grading).
    cac_direct_loss_cny: int | None = None
    cac_cii_outage_hours: float | None = None
    cac_cii_function_outage_hours: float | None = None
    handling_ended_at: datetime | None = None
    # Clock events of the sector regimes: DORA, the SEC, Singapore and Australia.
    classified_major_at: datetime | None = None
    materiality_determined_at: datetime | None = None
    assessment_completed_at: datetime | None = None
    # (rule id, entity id, first, latest) times of the notices recorded per obligation: a
    # recorded report starts the next report's clock (DORA, NIS2, Brazil).
    submissions: tuple[tuple[str, EntityId, datetime, datetime], ...] = ()
    entity_ids: tuple[EntityId, ...] = ()
    # (regime, "include" | "exclude", reason) triples, stored as RegimeOverride.
    regime_overrides: tuple[tuple[str, str, str], ...] = ()
    is_drill: bool = False

    def __post_init__(self) -> None:
        self._normalise()
        self._check_times()
        self._check_choices()
        self._check_counts()
        self._check_overrides()

    def _normalise(self) -> None:
        """Turn lists and plain tuples from callers into the declared immutable types."""
        set_ = object.__setattr__
        set_(self, "breach_types", frozenset(self.breach_types))
        set_(self, "data_categories", frozenset(self.data_categories))
        set_(self, "affected_subjects", _subjects(self.affected_subjects))
        set_(self, "entity_ids", tuple(self.entity_ids))
        set_(self, "regime_overrides", _overrides(self.regime_overrides))
        set_(self, "submissions", tuple(tuple(row) for row in self.submissions))

    def _check_times(self) -> None:
        """Require offset-aware datetimes and a plausible order of events."""
        for name in ("detected_at", "aware_at", "occurred_from", "occurred_to"):
            require_aware(name, getattr(self, name))
        for name in LATER_EVENTS:
            require_aware(name, getattr(self, name))
        for rule_id, _entity, first, latest in self.submissions:
            require_aware(f"submissions[{rule_id}]", first)
            require_aware(f"submissions[{rule_id}]", latest)
        # EDPB Guidelines 9/2022: awareness follows the first signal, never precedes it.
        if self.aware_at < self.detected_at:
            raise ValueError("aware_at: must not be before detected_at")
        if self.occurred_from and self.occurred_to and self.occurred_to < self.occurred_from:
            raise ValueError("occurred_to: must not be before occurred_from")
        for name in LATER_EVENTS:
            moment = getattr(self, name)
            if moment is not None and moment < self.detected_at:
                raise ValueError(f"{name}: must not be before detected_at")

    def _check_choices(self) -> None:
        """Reject values outside the closed vocabularies."""
        _require_choice("role", self.role, ROLES)
        for breach_type in self.breach_types:
            _require_choice("breach_types", breach_type, BREACH_TYPES)
        if self.risk_tier is not None:
            _require_choice("risk_tier", self.risk_tier, RISK_TIERS)
        if self.cac_grade is not None:
            _require_choice("cac_grade", self.cac_grade, CAC_GRADES)
            if not self.cac_grade_reason.strip():
                raise ValueError("cac_grade_reason: a manual CAC grade needs a reason")
        for category in self.data_categories:
            if not isinstance(category, str) or not category:
                raise ValueError(f"data_categories: {category!r} is not a category code")

    def _check_counts(self) -> None:
        """Require non-negative counts and valid country codes."""
        for country, count, region in self.affected_subjects:
            _require_country("affected_subjects", country)
            _require_count("affected_subjects", count)
            if region and not (isinstance(region, str) and region.startswith(f"{country}-")):
                raise ValueError(f"affected_subjects: {region!r} is not a subdivision of {country}")
        _require_count("records_count", self.records_count)
        _require_count("cac_leaked_people", self.cac_leaked_people)
        _require_count("cac_direct_loss_cny", self.cac_direct_loss_cny)
        for name in ("cac_cii_outage_hours", "cac_cii_function_outage_hours"):
            hours = getattr(self, name)
            if hours is not None and not hours >= 0:
                raise ValueError(f"{name}: must be a non-negative number of hours")

    def _check_overrides(self) -> None:
        """Require a known regime, action and a written reason for every override."""
        seen: dict[str, str] = {}
        for regime, action, reason in self.regime_overrides:
            _require_choice("regime_overrides", regime, frozenset(REGIMES))
            _require_choice("regime_overrides", action, OVERRIDE_ACTIONS)
            if not isinstance(reason, str) or not reason.strip():
                raise ValueError("regime_overrides: every override needs a reason")
            if seen.setdefault(regime, action) != action:
                raise ValueError(f"regime_overrides: {regime} both included and excluded")

    def subjects_in(self, countries: frozenset[str]) -> int:
        """Return how many affected data subjects live in the given countries."""
        total = 0
        for country, count, _region in self.affected_subjects:
            if country in countries:
                total += count
        return total

    def subjects_in_regions(self, regions: frozenset[str]) -> int:
        """Return how many affected data subjects live in the given ISO 3166-2 regions."""
        total = 0
        for _country, count, region in self.affected_subjects:
            if region in regions:
                total += count
        return total


def _subjects(rows: Iterable[tuple[str, ...] | tuple[str, int]]) -> tuple[SubjectCount, ...]:
    """Convert (country, count) pairs and (country, count, region) triples into SubjectCounts."""
    result = []
    for row in rows:
        if len(row) not in (2, 3):
            raise ValueError("affected_subjects: expected (country, count[, region]) rows")
        result.append(SubjectCount(*row))  # type: ignore[arg-type]
    return tuple(result)


def _overrides(triples: Iterable[tuple[str, str, str]]) -> tuple[RegimeOverride, ...]:
    """Convert (regime, action, reason) triples into RegimeOverride tuples."""
    result = []
    for triple in triples:
        if len(triple) != 3:
            raise ValueError("regime_overrides: expected (regime, action, reason) triples")
        result.append(RegimeOverride(*triple))
    return tuple(result)
