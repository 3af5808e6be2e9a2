"""The engine's wording: who receives each notice and the sentences explaining an obligation.

Pure like the rest of the engine: the text depends only on the rule, the entity and the facts.
"""

from __future__ import annotations

from compliance.engine.facts import EntityFacts
from compliance.engine.regimes import (
    REGIMES,
    RULES_BY_ID,
    Exemption,
    Rule,
)

EVENT_LABELS: dict[str, str] = {
    "aware_at": "awareness",
    "detected_at": "discovery",
    "handling_ended_at": "the end of handling",
    "classified_major_at": "classification as major",
    "materiality_determined_at": "the materiality determination",
    "assessment_completed_at": "completion of the assessment",
    "prior_report_submitted_at": "the recorded submission of the earlier report",
}
TIER_LABELS: dict[str, str] = {
    "unlikely": "unlikely to result in a risk",
    "risk": "likely to result in a risk, but not a high risk",
    "high": "likely to result in a high risk",
}


# Rules whose duty depends on the assessed risk tier (GDPR Art. 33(1) and 34(1)).
TIER_RULES: frozenset[str] = frozenset(
    rule.id
    for rule in RULES_BY_ID.values()
    if any(e.condition.startswith("tier_") for e in rule.exemptions)
)
RECORD_NOTE = (
    " It is a record, not a notice: the law sets no time limit, so it has no due time and is "
    "never overdue; it reads 'documented' once the risk assessment gives its reasoning."
)
DRILL_NOTE = (
    " This is a drill: obligations are computed as for a real incident, but nothing is sent "
    "outside the organisation."
)


def included_reason(reason: str, override_reason: str) -> str:
    """Describe a regime included by hand, keeping any automatic reason as well."""
    manual = f"it was included manually: {_clause(override_reason)}"
    return f"{reason}; also, {manual}" if reason else manual


def explanation_tail(
    rule: Rule,
    excluded: str,
    exemption: Exemption | None,
    tier: str | None,
    drill: bool,
    started: bool,
    duration: float | None,
    hours: float,
    calendar: str | None = None,
    zone: str | None = None,
    rolled: bool = False,
) -> str:
    """Return the explanation after the regime's reason: status, timing, caveats."""
    verify = (
        f" The {rule.verify_note} is the engine's reading (verify against the official text)."
        if rule.verify
        else ""
    )
    return "".join(
        (
            _state_sentence(rule, excluded, exemption, tier),
            _timing_sentence(rule, started, duration, hours, calendar, zone),
            _bound_sentence(rule, calendar, zone, rolled),
            verify,
            DRILL_NOTE if drill else "",
        )
    )


def rule_variant(rule: Rule, entity: EntityFacts) -> tuple[float | None, str, str]:
    """Return the duration, recipient and a note for the entity's status under the rule."""
    for variant in rule.variants:
        # CAC Measures Art. 4: CII operators 1 H, central and state organs 2 H, others 4 H.
        if getattr(entity, variant.entity_flag):
            return variant.duration, variant.recipient, f" The entity is a {variant.label}."
    recipient = rule.recipient
    # Name the entity's own authority only where it sits in the regime's jurisdiction.
    local = entity.country in _REGIME_COUNTRIES[rule.regime] or rule.regime in _FLAG_REGIMES
    authority = entity.supervisory_authority
    # The UK rule already names its only authority (the ICO): naming it twice helps nobody.
    if (
        rule.uses_entity_authority
        and authority
        and local
        and authority.lower() not in recipient.lower()
    ):
        recipient = f"{recipient}: {authority}"
    return rule.duration, recipient, ""


def _state_sentence(
    rule: Rule, excluded: str, exemption: Exemption | None, tier: str | None
) -> str:
    """Explain the obligation's status: excluded, exempt, assumed notifiable, or required."""
    if excluded:
        return f" Not required: the regime was excluded manually: {_clause(excluded)}."
    if exemption is not None:
        return f" Not required under {exemption.legal_basis}: {exemption.reason}."
    if rule.id not in TIER_RULES:
        return ""
    if tier is None:
        return (
            " The risk has not been assessed yet, so the engine treats the breach as notifiable "
            "until an assessment says otherwise."
        )
    return f" The risk was assessed as {TIER_LABELS[tier]}."


def _bound_sentence(rule: Rule, calendar: str | None, zone: str | None, rolled: bool) -> str:
    """Explain a "no later than" bound and the move of a due time off a non-working day."""
    text = ""
    if rule.cap_event:
        text += (
            f" It is due no later than {_hours(rule.cap_hours)} after "
            f"{EVENT_LABELS[rule.cap_event]}, whichever comes first."
        )
    if rolled:
        text += (
            f" A due time on a weekend or public holiday of the {calendar} calendar moves to "
            f"12:00 of the next working day in {zone}."
        )
    elif rule.roll_to_noon:
        text += " The entity is an Art. 5(5) entity, so the due time does not move off weekends."
    return text


def _timing_sentence(
    rule: Rule,
    started: bool,
    duration: float | None,
    hours: float,
    calendar: str | None = None,
    zone: str | None = None,
) -> str:
    """Say how the due time or target is computed, and that ASAP targets are not law."""
    event = EVENT_LABELS[rule.clock_event]
    if rule.after_rule:
        which = "latest" if rule.after_latest else "first"
        event = f"the {which} recorded notice under {rule.after_rule}"
    if rule.record:
        return RECORD_NOTE
    if not started:
        return (
            f" The clock starts at {event}, which has not happened yet, so there is no due time; "
            "the engine recomputes it once that time is recorded."
        )
    if rule.unit == "ASAP":
        return (
            " The law gives no number of hours, so there is no statutory deadline; the target of "
            f"{_hours(hours)} after {event} is the organisation's internal target."
        )
    if rule.unit == "H":
        return f" The deadline is {event} plus exactly {_hours(duration)} of elapsed time."
    if rule.unit == "BD":
        return (
            f" The deadline is {event} plus {duration:g} business days on the {calendar} "
            f"holiday calendar, at the same wall-clock time in {zone}."
        )
    if rule.unit == "M":
        months = "1 month" if duration == 1 else f"{duration:g} months"
        return f" The deadline is {event} plus {months}, counted on the wall clock in {zone}."
    return (
        f" The deadline is {event} plus {duration:g} calendar days, counted on the wall "
        f"clock in {zone}."
    )


def _hours(amount: float | None) -> str:
    """Write a number of hours in words, singular for one."""
    return "1 hour" if amount == 1 else f"{amount:g} hours"


def _clause(text: str) -> str:
    """Trim a user's reason so it reads as a clause inside an engine sentence."""
    return text.strip().rstrip(".")


_REGIME_COUNTRIES: dict[str, frozenset[str]] = {regime.code: regime.countries for regime in REGIMES}
_FLAG_REGIMES: frozenset[str] = frozenset(regime.code for regime in REGIMES if regime.entity_flag)
