"""The register's reasoning: why an incident was (or was not) notified, in sentences a
regulator can follow, in English (the record) and in the reader's language (the page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext, gettext_noop

from compliance.models import ObligationStatus, RegimeOverride, RiskAssessment
from compliance.wording import BANDS, recipient_text, text, verdicts_text
from incidents.models import Incident

# Regimes whose Art. 33 and Art. 34 duties follow the assessed risk (the same text in the UK).
TIER_REGIMES = ("GDPR", "UK_GDPR")
VERDICTS = ("supervisory_authority", "data_subjects")


@dataclass(frozen=True)
class RegisterDecision:
    """One notice duty of the incident and what became of it."""

    regime: str
    rule_id: str
    legal_basis: str
    recipient: str
    entity: str
    status: str
    due_at: datetime | None
    target_at: datetime | None
    submitted_at: datetime | None
    late: bool
    regulator_reference: str
    reason: str


# The reasoning's sentences: each English template is the msgid of its translation. The
# register's `reasoning` (API, CSV and PDF export) is English; the page shows `reasoning_lines`,
# the same sentences in the reader's language.
REASONING_SENTENCES: dict[str, str] = {
    "assessed": gettext_noop("Risk assessed as {tier} (ENISA score {score}, {band} band)."),
    "assessed_overridden": gettext_noop(
        "Risk assessed as {tier} (ENISA score {score}, {band} band). Overridden by the DPO: {why}."
    ),
    "recorded": gettext_noop("Risk recorded as {tier}, without an ENISA assessment."),
    "unassessed": gettext_noop("Risk not assessed: every notice was treated as required."),
    "verdicts": gettext_noop("{regime}: {verdicts}"),
    "included": gettext_noop("{regime} included by the DPO: {why}."),
    "excluded": gettext_noop("{regime} excluded by the DPO: {why}."),
    "no_duty": gettext_noop("No notice duty arose under the regimes Breachdesk covers."),
    "drill": gettext_noop("This was a drill: nothing was sent outside the organisation."),
    "duty": gettext_noop("{basis} → {recipient}"),
    "duty_entity": gettext_noop("{basis} → {recipient} (for {entity})"),
    "notified": gettext_noop("{duty}: notified {time}."),
    "notified_late": gettext_noop("{duty}: notified {time}, after the deadline."),
    "notified_reference": gettext_noop("{duty}: notified {time}, reference {reference}."),
    "notified_reference_late": gettext_noop(
        "{duty}: notified {time}, reference {reference}, after the deadline."
    ),
    "not_notified": gettext_noop("{duty}: not notified — {reason}."),
    "open": gettext_noop("{duty}: {status}."),
    "open_due": gettext_noop("{duty}: {status}, due {time}."),
    "open_target": gettext_noop("{duty}: {status}, internal target {time}."),
    "regime_excluded": gettext_noop("the regime was excluded by the DPO: {why}"),
}


@dataclass(frozen=True)
class Said:
    """A sentence in English (the register's record) and in the active language (the page)."""

    english: str
    shown: str


def _say(key: str, **values: str | Said) -> Said:
    """The sentence `key` with its values; a Said value fills each language with its own."""
    template = REASONING_SENTENCES[key]
    english = {k: v.english if isinstance(v, Said) else v for k, v in values.items()}
    shown = {k: v.shown if isinstance(v, Said) else v for k, v in values.items()}
    return Said(template.format(**english), gettext(template).format(**shown))


def _word(english: str, shown: Any) -> Said:
    return Said(english, str(shown))


def reasoning(
    incident: Incident,
    assessment: RiskAssessment | None,
    tier_source: str,
    decisions: list[RegisterDecision],
    overrides: dict[str, RegimeOverride],
) -> list[Said]:
    """Why the incident was (or was not) notified, in sentences a regulator can follow."""
    parts = [_risk_sentence(incident, assessment, tier_source)]
    parts.extend(_verdict_sentences(assessment, decisions))
    for override in overrides.values():
        key = "included" if override.action == "include" else "excluded"
        parts.append(_say(key, regime=_regime(override.regime), why=_clause(override.reason)))
    parts.extend(_decision_sentence(d) for d in decisions)
    if not decisions:
        parts.append(_say("no_duty"))
    if incident.is_drill:
        parts.append(_say("drill"))
    return parts


def _regime(code: str) -> Said:
    name = code.replace("_", " ")
    return _word(name, text(name))


def _verdict_sentences(
    assessment: RiskAssessment | None, decisions: list[RegisterDecision]
) -> list[Said]:
    """Per risk-based regime, the Art. 33 and Art. 34 answers and the facts that decided them."""
    verdicts = assessment.decision if assessment is not None else {}
    if not verdicts:
        return []
    regimes = dict.fromkeys(d.regime for d in decisions if d.regime in TIER_REGIMES)
    answers = " ".join(verdicts[name]["explanation"] for name in VERDICTS if name in verdicts)
    said = _word(answers, verdicts_text(answers))
    return [_say("verdicts", regime=_regime(regime), verdicts=said) for regime in regimes]


# The tiers in words for the reasoning.
TIER_WORDS = {
    "unlikely": gettext_noop("unlikely to result in a risk to people"),
    "risk": gettext_noop("a risk to people's rights and freedoms"),
    "high": gettext_noop("a high risk to people's rights and freedoms"),
}


def _tier_words(tier: str) -> Said:
    words = TIER_WORDS.get(tier, tier)
    return _word(words, gettext(words) if tier in TIER_WORDS else words)


def _risk_sentence(incident: Incident, assessment: RiskAssessment | None, source: str) -> Said:
    """The risk tier and how it was reached."""
    if assessment is not None:
        band = assessment.band.replace("_", " ")
        values: dict[str, str | Said] = {
            "tier": _tier_words(assessment.effective_tier),
            "score": f"{assessment.score:g}",
            "band": _word(band, gettext(BANDS[band]) if band in BANDS else band),
        }
        if assessment.override_tier:
            why = _clause(assessment.override_rationale)
            return _say("assessed_overridden", **values, why=why)
        return _say("assessed", **values)
    if source == "incident":
        return _say("recorded", tier=_tier_words(incident.risk_level))
    return _say("unassessed")


def _decision_sentence(decision: RegisterDecision) -> Said:
    """One sentence per notice duty: sent (on time or late), not required and why, or open."""
    basis = _word(decision.legal_basis, text(decision.legal_basis))
    recipient = _word(decision.recipient, recipient_text(decision.recipient))
    if decision.entity:
        duty = _say("duty_entity", basis=basis, recipient=recipient, entity=decision.entity)
    else:
        duty = _say("duty", basis=basis, recipient=recipient)
    if decision.submitted_at is not None:
        key = "notified_reference" if decision.regulator_reference else "notified"
        key += "_late" if decision.late else ""
        time_text = _utc(decision.submitted_at)
        return _say(key, duty=duty, time=time_text, reference=decision.regulator_reference)
    if decision.status == ObligationStatus.NOT_REQUIRED:
        reason = _word(_clause(decision.reason), _clause(reason_text(decision.reason)))
        return _say("not_notified", duty=duty, reason=reason)
    status = _word(
        decision.status.replace("_", " "),
        dict(ObligationStatus.choices).get(decision.status, decision.status),
    )
    limit = decision.due_at or decision.target_at
    key = "open" if not limit else "open_due" if decision.due_at else "open_target"
    return _say(key, duty=duty, status=status, time=_utc(limit))


def reason_text(reason: str) -> str:
    """Why a duty is not required, in the active language: an engine reason by catalogue, a
    DPO's exclusion with their own words kept."""
    prefix = REASONING_SENTENCES["regime_excluded"].split("{")[0]
    if reason.startswith(prefix):
        return gettext(REASONING_SENTENCES["regime_excluded"]).format(why=reason[len(prefix) :])
    return text(reason)


def _utc(value: datetime | None) -> str:
    """A short UTC timestamp for sentences."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _clause(text: str) -> str:
    """A user's or the engine's reason, trimmed to sit inside a sentence."""
    return text.strip().rstrip(".")
