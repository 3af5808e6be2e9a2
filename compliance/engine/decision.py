"""Notifiability decided as regulators reason: from the facts to the Art. 33 and Art. 34 answers.

EDPB Guidelines 9/2022 (carrying over WP250rev.01, section IV) and the worked cases of EDPB
Guidelines 01/2021 weigh the same handful of facts: whether the data stayed unintelligible,
whether a working backup restored them quickly, who received them, how many people and which
kind of data and people, malice, the potential for identity theft or fraud, and how long the data
were exposed. The ENISA severity score is one input: it sets the starting tier, and each rule
below may raise it (a floor or one step up) or cap it. Floors and raises are conditioned only on
aggravating facts being present and mitigating facts absent, caps only the other way round, so
adding a mitigating fact never raises the tier and adding an aggravating one never lowers it.

Pure Python: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from compliance.engine.facts import DEFAULT_TIER_BY_BAND, RiskTier
from compliance.engine.risk import (
    CRIMINAL_CATEGORIES,
    FINANCIAL_CATEGORIES,
    IDENTITY_DOCUMENT_CATEGORIES,
    SPECIAL_CATEGORIES,
    RiskAssessment,
    RiskInputs,
    assess,
)

TIERS: tuple[RiskTier, ...] = ("unlikely", "risk", "high")
# "A handful of people against mass exposure": the bounds the rules below use.
HANDFUL_PEOPLE = 20
MASS_PEOPLE = 10_000
# EDPB Guidelines 01/2021 case 01: a backup restored "within a few hours" leaves no risk; case 03:
# a restore that took days at a hospital is a high risk.
QUICK_RESTORE_HOURS = 24.0
# Data exposed for a week or more: long enough to have been found and copied.
LONG_EXPOSURE_HOURS = 168.0
SENSITIVE_CATEGORIES = SPECIAL_CATEGORIES | CRIMINAL_CATEGORIES | frozenset({"children"})
FRAUD_CATEGORIES = FINANCIAL_CATEGORIES | IDENTITY_DOCUMENT_CATEGORIES


@dataclass(frozen=True, slots=True)
class Situation:
    """The facts the rules read, derived once from the assessment inputs."""

    inputs: RiskInputs
    confidentiality_exposed: bool
    integrity_exposed: bool
    availability_exposed: bool
    mitigated: tuple[str, ...]
    sensitive: bool
    fraud_data: bool
    vulnerable: bool
    handful: bool
    mass: bool


@dataclass(frozen=True, slots=True)
class Rule:
    """One step of the regulators' reasoning: when it applies, what it does, and why."""

    name: str
    kind: str  # "floor" (at least tier), "raise" (one step up) or "cap" (at most tier)
    tier: RiskTier
    applies: Callable[[Situation], bool]
    reason: Callable[[Situation], str]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One duty's answer: required or not, under which article, and the facts that decided it."""

    required: bool
    legal_basis: str
    deciding_facts: tuple[str, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The tier, the supervisory-authority and data-subject verdicts, and the ENISA result."""

    inputs: RiskInputs
    enisa: RiskAssessment
    enisa_tier: RiskTier
    computed_tier: RiskTier
    tier: RiskTier
    deciding_facts: tuple[str, ...]
    supervisory_authority: Verdict
    data_subjects: Verdict

    @property
    def assessment(self) -> RiskAssessment:
        """The ENISA result carrying the decided tier and the decision's explanation."""
        return replace(
            self.enisa,
            computed_tier=self.computed_tier,
            tier=self.tier,
            explanation=f"{self.enisa.explanation} {self.summary}",
        )

    @property
    def summary(self) -> str:
        """Both verdicts in one paragraph, as the register and the API show them."""
        return f"{self.supervisory_authority.explanation} {self.data_subjects.explanation}"


def situation_of(inputs: RiskInputs) -> Situation:
    """Derive which of C, I and A stay exposed and which facts neutralised the others."""
    mitigated = _mitigations(inputs)
    readable = not (
        inputs.encrypted_key_intact
        or inputs.trusted_recipient_deleted
        or inputs.data_already_public
        or inputs.logs_show_no_exfiltration
    )
    categories = inputs.data_categories
    count = inputs.subjects_count
    return Situation(
        inputs=inputs,
        confidentiality_exposed=inputs.confidentiality > 0 and readable,
        integrity_exposed=inputs.integrity > 0 and not inputs.backup_available,
        availability_exposed=inputs.availability > 0 and not _restored_quickly(inputs),
        mitigated=mitigated,
        sensitive=bool(categories & SENSITIVE_CATEGORIES),
        fraud_data=bool(categories & FRAUD_CATEGORIES),
        vulnerable=inputs.vulnerable_people or "children" in categories,
        handful=count is not None and count <= HANDFUL_PEOPLE,
        mass=count is not None and count >= MASS_PEOPLE,
    )


def _restored_quickly(inputs: RiskInputs) -> bool:
    """A working backup, and the restore (when timed) took no more than a day."""
    hours = inputs.restore_hours
    return inputs.backup_available and (hours is None or hours <= QUICK_RESTORE_HOURS)


def _mitigations(inputs: RiskInputs) -> tuple[str, ...]:
    """Name the recorded facts that neutralise a loss of confidentiality, integrity or availability."""
    facts = []
    if inputs.encrypted_key_intact:
        facts.append(
            "the data were encrypted or hashed with a key or salt that was not compromised "
            "(unintelligible to anyone not authorised, Art. 34(3)(a))"
        )
    if inputs.trusted_recipient_deleted:
        facts.append("the recipient is trusted, bound by secrecy, and confirmed the deletion")
    if inputs.data_already_public:
        facts.append("the data were already public")
    if inputs.logs_show_no_exfiltration:
        facts.append("the logs show that no data left the systems")
    if _restored_quickly(inputs):
        took = inputs.restore_hours
        within = f" in {took:g} hours" if took is not None else ""
        facts.append(f"a working backup restored the data{within}")
    return tuple(facts)


def _people(s: Situation) -> str:
    """Describe the number of people, or say it is not known."""
    count = s.inputs.subjects_count
    if count is None:
        return "an unknown number of people"
    return "1 person" if count == 1 else f"{count:,} people"


def _outage(s: Situation) -> str:
    """Say why the loss of availability still weighs."""
    if not s.inputs.backup_available:
        return "the data were unavailable and no working backup restored them"
    return f"restoring the data took {s.inputs.restore_hours:g} hours, more than a day"


def _accidental_and_limited(s: Situation) -> bool:
    """A handful of people, by mistake, to known recipients, no sensitive data or people."""
    inputs = s.inputs
    limited = inputs.confidentiality <= 0.25 and not inputs.malicious
    return s.handful and limited and not (s.sensitive or s.vulnerable)


RULES: tuple[Rule, ...] = (
    Rule(
        "outage",
        "floor",
        "risk",
        lambda s: s.availability_exposed,
        _outage,
    ),
    Rule(
        "malicious_access",
        "floor",
        "risk",
        lambda s: s.confidentiality_exposed and s.inputs.malicious,
        lambda s: "someone acting maliciously obtained data that were readable",
    ),
    Rule(
        "sensitive_exposed",
        "floor",
        "risk",
        lambda s: s.confidentiality_exposed and s.sensitive,
        lambda s: "special-category, criminal-offence or children's data were disclosed",
    ),
    Rule(
        "fraud_potential",
        "floor",
        "risk",
        lambda s: s.confidentiality_exposed and s.inputs.identity_theft_possible,
        lambda s: "the data disclosed make identity theft or fraud possible",
    ),
    Rule(
        "long_exposure",
        "floor",
        "risk",
        lambda s: (
            s.confidentiality_exposed and (s.inputs.exposure_hours or 0) >= LONG_EXPOSURE_HOURS
        ),
        lambda s: f"the data were exposed for {s.inputs.exposure_hours:g} hours",
    ),
    Rule(
        "malicious_unknown_recipients",
        "raise",
        "high",
        lambda s: (
            s.confidentiality_exposed and s.inputs.malicious and s.inputs.confidentiality >= 0.5
        ),
        lambda s: "readable data reached unknown recipients through a malicious act",
    ),
    Rule(
        "mass_exposure",
        "raise",
        "high",
        lambda s: s.confidentiality_exposed and s.mass,
        lambda s: f"readable data of {_people(s)} were exposed",
    ),
    Rule(
        "vulnerable_people",
        "raise",
        "high",
        lambda s: s.vulnerable and (s.confidentiality_exposed or s.availability_exposed),
        lambda s: "children or other vulnerable people are affected",
    ),
    Rule(
        "fraud_by_malice",
        "floor",
        "high",
        lambda s: (
            s.confidentiality_exposed
            and s.inputs.malicious
            and (
                s.inputs.identity_theft_possible or s.fraud_data and s.inputs.confidentiality >= 0.5
            )
        ),
        lambda s: "someone acting maliciously obtained data that enable identity theft or fraud",
    ),
    Rule(
        "neutralised",
        "cap",
        "unlikely",
        lambda s: (
            bool(s.mitigated)
            and not (s.confidentiality_exposed or s.integrity_exposed or s.availability_exposed)
        ),
        lambda s: "; ".join(s.mitigated),
    ),
    Rule(
        "handful_minor",
        "cap",
        "unlikely",
        lambda s: (
            _accidental_and_limited(s)
            and not (s.fraud_data or s.inputs.identity_theft_possible)
            and not (s.integrity_exposed or s.availability_exposed)
        ),
        lambda s: (
            f"only {_people(s)}, a disclosure by mistake to known recipients, of data "
            "neither sensitive nor open to fraud"
        ),
    ),
    Rule(
        "handful_accidental",
        "cap",
        "risk",
        _accidental_and_limited,
        lambda s: (
            f"only {_people(s)}, a disclosure by mistake to known recipients, with no "
            "sensitive data and no vulnerable people"
        ),
    ),
)


def decide(
    inputs: RiskInputs,
    tier_by_band: Mapping[str, str] = DEFAULT_TIER_BY_BAND,
    *,
    high_risk_mitigated: bool = False,
) -> Decision:
    """Decide the tier and the Art. 33 and Art. 34 verdicts from the facts and the ENISA score."""
    enisa = assess(replace(inputs, override_tier=None, override_rationale=""), tier_by_band)
    computed, up, down = _reason(situation_of(inputs), enisa)
    tier: RiskTier = inputs.override_tier or computed
    if inputs.override_tier is not None:
        up = down = (f"the DPO set the tier to '{tier}': {inputs.override_rationale.strip()}",)
    return Decision(
        inputs=inputs,
        enisa=enisa,
        enisa_tier=enisa.computed_tier,
        computed_tier=computed,
        tier=tier,
        deciding_facts=tuple(dict.fromkeys((*up, *down))),
        supervisory_authority=_authority_verdict(tier, up, down),
        data_subjects=_subjects_verdict(tier, up, down, high_risk_mitigated),
    )


def _reason(
    s: Situation, enisa: RiskAssessment
) -> tuple[RiskTier, tuple[str, ...], tuple[str, ...]]:
    """Apply the rules in order; return the tier and the facts holding it up and keeping it down.

    Up: the rules that raised the tier or, when none did, the ENISA score with the rules that
    hold it there. Down: the cap that lowered it, else the caps and the score that keep it there.
    """
    start = level = TIERS.index(enisa.computed_tier)
    raised: list[str] = []
    holding: list[str] = []
    capped: list[str] = []
    for rule in RULES:
        if not rule.applies(s):
            continue
        target = TIERS.index(rule.tier)
        if rule.kind == "cap":
            if target < level:
                level, capped = target, [rule.reason(s)]
            elif target == level:
                capped.append(rule.reason(s))
            continue
        moved = max(level, target) if rule.kind == "floor" else min(level + 1, target)
        if moved > level:
            level = moved
            raised.append(rule.reason(s))
        else:
            holding.append(rule.reason(s))
    score = f"the ENISA severity score is {enisa.score:g} ({enisa.band.replace('_', ' ')} band)"
    up = tuple(raised) if level > start else (score, *raised, *holding)
    if level < start:
        return TIERS[level], (score, *raised, *holding), tuple(capped[:1])
    return TIERS[level], up, (*capped, score) if capped else up


def _sentence(facts: tuple[str, ...]) -> str:
    """Join the deciding facts into the opening of a sentence."""
    text = "; ".join(facts)
    return text[:1].upper() + text[1:]


def _authority_verdict(tier: RiskTier, up: tuple[str, ...], down: tuple[str, ...]) -> Verdict:
    """GDPR Art. 33(1): notify the authority unless the breach is unlikely to result in a risk."""
    if tier == "unlikely":
        facts = down
        text = (
            f"Art. 33(1): notifying the supervisory authority is not required. {_sentence(facts)}, "
            "so the breach is unlikely to result in a risk to people's rights and freedoms; it is "
            "documented in the register (Art. 33(5))."
        )
        return Verdict(False, "GDPR Art. 33(1)", facts, text)
    facts = up
    text = (
        f"Art. 33(1): notifying the supervisory authority is required. {_sentence(facts)}, so "
        "the breach is likely to result in a risk to people's rights and freedoms."
    )
    return Verdict(True, "GDPR Art. 33(1)", facts, text)


def _subjects_verdict(
    tier: RiskTier, up: tuple[str, ...], down: tuple[str, ...], mitigated: bool
) -> Verdict:
    """GDPR Art. 34(1): tell the people when the risk is high, unless Art. 34(3)(b) applies."""
    facts = up if tier == "high" else down
    if tier != "high":
        text = (
            f"Art. 34(1): telling the people affected is not required. {_sentence(facts)}, so the "
            "breach is not likely to result in a high risk to them."
        )
        return Verdict(False, "GDPR Art. 34(1)", facts, text)
    if mitigated:
        text = (
            "Art. 34(3)(b): telling the people affected is not required. Measures taken since "
            "mean the high risk is no longer likely to materialise."
        )
        return Verdict(False, "GDPR Art. 34(3)(b)", (*facts, "high risk mitigated"), text)
    text = (
        f"Art. 34(1): telling the people affected is required. {_sentence(facts)}, so the "
        "breach is likely to result in a high risk to them."
    )
    return Verdict(True, "GDPR Art. 34(1)", facts, text)
