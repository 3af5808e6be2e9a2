"""Breach severity by the ENISA 2013 method, mapped onto the GDPR's three risk tiers.

``SE = DPC x EI + CB`` (regulations.md section 2). The mapping from ENISA bands to the GDPR tiers
is a convention, not law: it is configurable, and a DPO may override the result with a written
rationale that is kept. Every input is a multiple of 0.25, so the arithmetic is exact in binary
floating point and band boundaries compare exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from compliance.engine.facts import DEFAULT_TIER_BY_BAND, RISK_TIERS, RiskTier


@dataclass(frozen=True, slots=True)
class DataCategory:
    """A data category code with its ENISA DPC base score and its labels."""

    code: str
    dpc: int
    label_en: str
    label_zh: str


_CATEGORIES: tuple[DataCategory, ...] = (
    # ENISA "simple" data: DPC 1.
    DataCategory("identification", 1, "Identification data (name, date of birth)", "身份识别信息"),
    DataCategory("contact", 1, "Contact details", "联系方式"),
    DataCategory("education_career", 1, "Education and career", "教育和职业信息"),
    # ENISA "behavioural" data: DPC 2.
    DataCategory("location", 2, "Location data", "位置信息"),
    DataCategory("behavioural", 2, "Behaviour, habits and preferences", "行为习惯和偏好"),
    DataCategory("traffic", 2, "Communications traffic data", "通信流量数据"),
    # ENISA "financial" data and data enabling fraud or account takeover: DPC 3.
    DataCategory("financial", 3, "Financial data", "财务信息"),
    DataCategory("payment_card", 3, "Payment card data", "支付卡信息"),
    DataCategory("credentials", 3, "Account credentials", "账户凭证"),
    DataCategory("national_id", 3, "National identification number", "身份证件号码"),
    DataCategory("official_documents", 3, "Official documents (passport etc.)", "官方证件"),
    # ENISA "sensitive" data: DPC 4.
    DataCategory("health", 4, "Health data", "健康医疗信息"),
    DataCategory("genetic_biometric", 4, "Genetic or biometric data", "基因和生物识别信息"),
    DataCategory("political", 4, "Political opinions", "政治观点"),
    DataCategory("religious", 4, "Religious or philosophical beliefs", "宗教或哲学信仰"),
    DataCategory("sex_life", 4, "Sex life or sexual orientation", "性生活或性取向"),
    DataCategory("ethnic", 4, "Racial or ethnic origin", "种族或民族出身"),
    DataCategory("trade_union", 4, "Trade-union membership", "工会会员身份"),
    DataCategory("criminal", 4, "Criminal convictions and offences", "犯罪记录"),
    DataCategory("children", 4, "Children's data", "儿童个人信息"),
)
DATA_CATEGORIES: Mapping[str, DataCategory] = MappingProxyType({c.code: c for c in _CATEGORIES})
# GDPR Art. 9(1) special categories. Criminal data (Art. 10) and children's data are not Art. 9
# categories, but ENISA scores them as sensitive too (DPC 4).
SPECIAL_CATEGORIES: frozenset[str] = frozenset(
    {"health", "genetic_biometric", "political", "religious", "sex_life", "ethnic", "trade_union"}
)
CRIMINAL_CATEGORIES: frozenset[str] = frozenset({"criminal"})
FINANCIAL_CATEGORIES: frozenset[str] = frozenset({"financial", "payment_card", "credentials"})
IDENTITY_DOCUMENT_CATEGORIES: frozenset[str] = frozenset({"national_id", "official_documents"})

EASE_OF_IDENTIFICATION: Mapping[float, str] = MappingProxyType(
    {0.25: "negligible", 0.5: "limited", 0.75: "significant", 1.0: "maximum"}
)
CONFIDENTIALITY_LOSS: Mapping[float, str] = MappingProxyType(
    {0.0: "none", 0.25: "known, limited recipients", 0.5: "unknown recipients"}
)
INTEGRITY_LOSS: Mapping[float, str] = MappingProxyType(
    {0.0: "none", 0.25: "altered but recoverable", 0.5: "altered and not recoverable"}
)
AVAILABILITY_LOSS: Mapping[float, str] = MappingProxyType(
    {0.0: "none", 0.25: "temporary", 0.5: "permanent"}
)
MALICIOUS_INTENT = 0.5
# Lower bounds of the ENISA bands, highest first.
BANDS: tuple[tuple[float, str], ...] = ((4.0, "very_high"), (3.0, "high"), (2.0, "medium"))
TIER_LABELS: Mapping[str, str] = MappingProxyType(
    {"unlikely": "unlikely to result in a risk", "risk": "risk", "high": "high risk"}
)


@dataclass(frozen=True, slots=True)
class RiskInputs:
    """The assessor's ENISA inputs plus the facts regulators' own decisions turn on."""

    data_categories: frozenset[str]
    ease_of_identification: float
    confidentiality: float = 0.0
    integrity: float = 0.0
    availability: float = 0.0
    malicious: bool = False
    dpc_adjustment: int = 0
    dpc_adjustment_reason: str = ""
    encrypted_key_intact: bool = False
    backup_available: bool = False
    restore_hours: float | None = None
    logs_show_no_exfiltration: bool = False
    vulnerable_people: bool = False
    subjects_count: int | None = None
    records_count: int | None = None
    trusted_recipient_deleted: bool = False
    data_already_public: bool = False
    override_tier: RiskTier | None = None
    override_rationale: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_categories", frozenset(self.data_categories))
        self._check_scores()
        self._check_facts()

    def _check_scores(self) -> None:
        """Reject values the ENISA method does not define."""
        if not self.data_categories:
            raise ValueError("data_categories: at least one category is needed to score DPC")
        unknown = sorted(self.data_categories - DATA_CATEGORIES.keys())
        if unknown:
            raise ValueError(f"data_categories: unknown codes {', '.join(unknown)}")
        _require_level(
            "ease_of_identification", self.ease_of_identification, EASE_OF_IDENTIFICATION
        )
        _require_level("confidentiality", self.confidentiality, CONFIDENTIALITY_LOSS)
        _require_level("integrity", self.integrity, INTEGRITY_LOSS)
        _require_level("availability", self.availability, AVAILABILITY_LOSS)
        if self.dpc_adjustment not in (-1, 0, 1):
            raise ValueError("dpc_adjustment: must be -1, 0 or +1")
        if self.dpc_adjustment and not self.dpc_adjustment_reason.strip():
            raise ValueError("dpc_adjustment_reason: an adjustment needs a reason")

    def _check_facts(self) -> None:
        """Reject negative figures and an override without a written rationale."""
        for name in ("restore_hours", "subjects_count", "records_count"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name}: must not be negative")
        if self.override_tier is not None:
            if self.override_tier not in RISK_TIERS:
                raise ValueError(f"override_tier: {self.override_tier!r} is not a risk tier")
            if not self.override_rationale.strip():
                raise ValueError("override_rationale: an override needs a written rationale")


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """The ENISA score, its band, the resulting GDPR tier and the facts that decided it."""

    dpc_base: int
    dpc: int
    ease_of_identification: float
    circumstances: float
    score: float
    band: str
    computed_tier: RiskTier
    tier: RiskTier
    overridden: bool
    rationale: str
    deciding_factors: tuple[str, ...]
    aggravating: tuple[str, ...]
    mitigating: tuple[str, ...]
    explanation: str


def _require_level(name: str, value: float, levels: Mapping[float, str]) -> None:
    """Raise ValueError naming the field when a score is not one of the method's levels."""
    if isinstance(value, bool) or value not in levels:
        raise ValueError(f"{name}: {value!r} is not one of {sorted(levels)}")


def dpc_base(categories: frozenset[str]) -> int:
    """Return the DPC base score: with several data types, the highest one wins."""
    return max(DATA_CATEGORIES[code].dpc for code in categories)


def circumstances(inputs: RiskInputs) -> float:
    """Return CB: the C, I and A losses plus malicious intent, added together."""
    malice = MALICIOUS_INTENT if inputs.malicious else 0.0
    return inputs.confidentiality + inputs.integrity + inputs.availability + malice


def band_for(score: float) -> str:
    """Return the ENISA band: below 2 low, below 3 medium, below 4 high, else very high."""
    for lower_bound, band in BANDS:
        if score >= lower_bound:
            return band
    return "low"


def assess(
    inputs: RiskInputs, tier_by_band: Mapping[str, str] = DEFAULT_TIER_BY_BAND
) -> RiskAssessment:
    """Score the breach with ENISA's method and map the band onto a GDPR tier."""
    base = dpc_base(inputs.data_categories)
    # The assessor's +/-1 for context (volume, vulnerable people, public or stale data).
    dpc = min(4, max(1, base + inputs.dpc_adjustment))
    cb = circumstances(inputs)
    score = dpc * inputs.ease_of_identification + cb
    band = band_for(score)
    computed: RiskTier = _tier(tier_by_band, band)
    tier: RiskTier = inputs.override_tier or computed
    deciding = _deciding_factors(inputs, base, dpc)
    aggravating, mitigating = _aggravating(inputs), _mitigating(inputs)
    explanation = _explanation(inputs, dpc, cb, score, band, computed, deciding)
    return RiskAssessment(
        dpc_base=base,
        dpc=dpc,
        ease_of_identification=inputs.ease_of_identification,
        circumstances=cb,
        score=score,
        band=band,
        computed_tier=computed,
        tier=tier,
        overridden=inputs.override_tier is not None,
        rationale=inputs.override_rationale,
        deciding_factors=deciding,
        aggravating=aggravating,
        mitigating=mitigating,
        explanation=explanation + _facts_sentence(aggravating, mitigating),
    )


def _tier(tier_by_band: Mapping[str, str], band: str) -> RiskTier:
    """Look the band up in the (configurable) band-to-tier mapping."""
    tier = tier_by_band.get(band)
    if tier not in RISK_TIERS:
        raise ValueError(f"tier_by_band: band {band!r} maps to no risk tier")
    return tier  # type: ignore[return-value]


def _deciding_factors(inputs: RiskInputs, base: int, dpc: int) -> tuple[str, ...]:
    """Name the inputs that produced the score, largest contribution first."""
    top = sorted(c for c in inputs.data_categories if DATA_CATEGORIES[c].dpc == base)
    labels = ", ".join(DATA_CATEGORIES[c].label_en.lower() for c in top)
    factors = [f"data types: {labels} (DPC {base})"]
    if dpc != base:
        factors.append(f"DPC adjusted to {dpc}: {inputs.dpc_adjustment_reason}")
    ei = EASE_OF_IDENTIFICATION[inputs.ease_of_identification]
    factors.append(f"ease of identification {ei} (EI {inputs.ease_of_identification:g})")
    losses = (
        ("loss of confidentiality", inputs.confidentiality, CONFIDENTIALITY_LOSS),
        ("loss of integrity", inputs.integrity, INTEGRITY_LOSS),
        ("loss of availability", inputs.availability, AVAILABILITY_LOSS),
    )
    for name, value, levels in losses:
        if value:
            factors.append(f"{name}: {levels[value]} (+{value:g})")
    if inputs.malicious:
        factors.append(f"malicious intent (+{MALICIOUS_INTENT:g})")
    return tuple(factors)


def _aggravating(inputs: RiskInputs) -> tuple[str, ...]:
    """List the recorded facts that regulators treat as raising the risk."""
    categories = inputs.data_categories
    facts = []
    if categories & SPECIAL_CATEGORIES:
        facts.append("special-category data (GDPR Art. 9)")
    if categories & CRIMINAL_CATEGORIES:
        facts.append("criminal-offence data (GDPR Art. 10)")
    if categories & FINANCIAL_CATEGORIES:
        facts.append("financial, payment or credential data")
    if categories & IDENTITY_DOCUMENT_CATEGORIES:
        facts.append("national ID or official-document data")
    if inputs.vulnerable_people or "children" in categories:
        facts.append("children or other vulnerable people")
    if inputs.malicious:
        facts.append("malicious rather than accidental")
    volume = _volume(inputs)
    if volume:
        facts.append(volume)
    return tuple(facts)


def _volume(inputs: RiskInputs) -> str:
    """Describe the recorded volume of people and records, if any."""
    parts = []
    if inputs.subjects_count is not None:
        parts.append(f"{inputs.subjects_count:,} people")
    if inputs.records_count is not None:
        parts.append(f"{inputs.records_count:,} records")
    return f"volume: {' and '.join(parts)}" if parts else ""


def _mitigating(inputs: RiskInputs) -> tuple[str, ...]:
    """List the recorded facts that regulators treat as lowering the risk."""
    facts = []
    if inputs.encrypted_key_intact:
        facts.append("encrypted or hashed with the key or salt intact (cf. GDPR Art. 34(3)(a))")
    if inputs.backup_available:
        restore = inputs.restore_hours
        took = f", restored in {restore:g} hours" if restore is not None else ""
        facts.append(f"a working backup{took}")
    if inputs.logs_show_no_exfiltration:
        facts.append("logs show no exfiltration")
    if inputs.trusted_recipient_deleted:
        facts.append("a trusted recipient bound by secrecy confirmed deletion")
    if inputs.data_already_public:
        facts.append("the data were already public")
    if not inputs.malicious:
        facts.append("accidental rather than malicious")
    return tuple(facts)


def _explanation(
    inputs: RiskInputs,
    dpc: int,
    cb: float,
    score: float,
    band: str,
    computed: RiskTier,
    deciding: tuple[str, ...],
) -> str:
    """Show the arithmetic, the band, the tier and the inputs that decided it."""
    ei = inputs.ease_of_identification
    text = (
        f"ENISA severity SE = DPC x EI + CB = {dpc} x {ei:g} + {cb:g} = {score:g}: "
        f"{band.replace('_', ' ')} band, which maps to '{TIER_LABELS[computed]}' "
        f"(a convention, not law). Decided by: {'; '.join(deciding)}."
    )
    if inputs.override_tier is not None:
        text += (
            f" Overridden by the DPO to '{TIER_LABELS[inputs.override_tier]}': "
            f"{inputs.override_rationale}"
        )
    return text


def _facts_sentence(aggravating: tuple[str, ...], mitigating: tuple[str, ...]) -> str:
    """List the decision facts on each side, so a reader sees what else was weighed."""
    text = ""
    if aggravating:
        text += f" Facts raising the risk: {'; '.join(aggravating)}."
    if mitigating:
        text += f" Facts lowering the risk: {'; '.join(mitigating)}."
    return text
