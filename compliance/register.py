"""The GDPR Art. 33(5) breach register: every incident, notified or not, with the reasoning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext, gettext_noop

from compliance.engine.regimes import REGIMES, RULES_BY_ID
from compliance.models import (
    Obligation,
    ObligationStatus,
    RegimeOverride,
    RiskAssessment,
    Submission,
)
from compliance.wording import BANDS, recipient_text, text, verdicts_text
from incidents.models import Incident
from incidents.roles import has_capability

# Notices to an authority, and notices to the people affected (or the public in their stead).
AUTHORITY_RULES = frozenset({"GDPR-SA", "UK_GDPR-SA", "PIPL-AUTH", "CAC-4H", "CAC-FINAL"})
SUBJECT_RULES = frozenset({"GDPR-DS", "UK_GDPR-DS", "GDPR-PUB", "UK_GDPR-PUB", "PIPL-IND"})
REGIME_ORDER = {regime.code: index for index, regime in enumerate(REGIMES)}
NOT_ASSESSED = "none"
TIER_FILTERS = ("unlikely", "risk", "high", NOT_ASSESSED)
# Regimes whose Art. 33 and Art. 34 duties follow the assessed risk (the same text in the UK).
TIER_REGIMES = ("GDPR", "UK_GDPR")
VERDICTS = ("supervisory_authority", "data_subjects")


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed to; None means no restriction."""

    detected_after: datetime | None = None
    detected_before: datetime | None = None
    regime: str | None = None
    notified: bool | None = None
    tier: str | None = None
    status: str | None = None
    include_drills: bool = False


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


@dataclass(frozen=True)
class RegisterEntry:
    """One incident as the register records it: facts, effects, remedial action, reasoning."""

    id: int
    reference: str
    title: str
    is_drill: bool
    status: str
    detected_at: datetime
    aware_at: datetime | None
    occurred_from: datetime | None
    occurred_to: datetime | None
    nature: list[str]
    incident_type: str
    root_cause: str
    data_categories: list[str]
    subjects_total: int
    subjects_by_country: list[dict[str, Any]]
    records_count: int | None
    effects: str
    remedial_action: str
    measures_proposed: str
    tier: str
    tier_source: str
    assessment_score: float | None
    assessment_band: str
    regimes: list[str]
    notified: bool
    notified_at: datetime | None
    late: bool
    delay_reasons: str
    subjects_notified: bool
    reasoning: str
    decisions: list[RegisterDecision] = field(default_factory=list)
    # The reasoning sentence by sentence in the active language, for the page to fold (the API
    # and the export keep `reasoning`, in English).
    reasoning_lines: list[str] = field(default_factory=list)


def register_can_view(user: Any) -> bool:
    """Whether the user's role may read the breach register."""
    return has_capability(user, "register.view")


def _effective_tier_sql() -> Coalesce:
    """The latest assessment's tier (the override when given), else the incident's risk level."""
    latest = (
        RiskAssessment.objects.filter(incident=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .annotate(
            effective=Case(
                When(override_tier="", then=F("tier")),
                default=F("override_tier"),
                output_field=CharField(),
            )
        )
        .values("effective")[:1]
    )
    return Coalesce(Subquery(latest), NullIf(F("risk_level"), Value("")), output_field=CharField())


def register_incidents(*, filters: RegisterFilters) -> QuerySet[Incident]:
    """Every incident the filters keep (drills only on request), oldest detection first."""
    authority_notice = Submission.objects.filter(
        obligation__incident=OuterRef("pk"), obligation__rule_id__in=AUTHORITY_RULES
    )
    queryset = (
        Incident.objects.annotate(register_tier=_effective_tier_sql())
        .annotate(register_notified=Exists(authority_notice))
        .prefetch_related(
            Prefetch(
                "obligations",
                queryset=Obligation.objects.filter(applies=True)
                .select_related("entity")
                .prefetch_related(
                    Prefetch(
                        "submissions", queryset=Submission.objects.order_by("submitted_at", "pk")
                    )
                )
                .order_by("pk"),
                to_attr="register_obligations",
            ),
            Prefetch(
                "assessments",
                queryset=RiskAssessment.objects.order_by("-created_at", "-pk"),
                to_attr="register_assessments",
            ),
            Prefetch(
                "regime_overrides",
                queryset=RegimeOverride.objects.filter(revoked_at__isnull=True),
                to_attr="register_overrides",
            ),
        )
        .order_by("detected_at", "pk")
    )
    return _filtered(queryset, filters)


def _filtered(queryset: QuerySet[Incident], filters: RegisterFilters) -> QuerySet[Incident]:
    """Apply each filter that is set."""
    if not filters.include_drills:
        queryset = queryset.filter(is_drill=False)
    if filters.detected_after is not None:
        queryset = queryset.filter(detected_at__gte=filters.detected_after)
    if filters.detected_before is not None:
        queryset = queryset.filter(detected_at__lt=filters.detected_before)
    if filters.regime:
        in_regime = Obligation.objects.filter(
            incident=OuterRef("pk"), regime=filters.regime, applies=True
        )
        queryset = queryset.filter(Exists(in_regime))
    if filters.notified is not None:
        queryset = queryset.filter(register_notified=filters.notified)
    if filters.tier == NOT_ASSESSED:
        queryset = queryset.filter(register_tier__isnull=True)
    elif filters.tier:
        queryset = queryset.filter(register_tier=filters.tier)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def register_entry(incident: Incident, *, now: datetime) -> RegisterEntry:
    """Build the register's record of one incident, with its statuses at `now`."""
    obligations = sorted(
        incident.register_obligations,  # type: ignore[attr-defined]
        key=lambda o: (REGIME_ORDER.get(o.regime, 99), o.rule_id, o.entity_id or 0),
    )
    assessment = next(iter(incident.register_assessments), None)  # type: ignore[attr-defined]
    overrides = {o.regime: o for o in incident.register_overrides}  # type: ignore[attr-defined]
    decisions = [
        _decision(o, overrides, now=now)
        for o in obligations
        if o.rule_id in AUTHORITY_RULES | SUBJECT_RULES
    ]
    sent = [d for d in decisions if d.rule_id in AUTHORITY_RULES and d.submitted_at]
    first = min(sent, key=lambda d: d.submitted_at) if sent else None  # type: ignore[arg-type,return-value]
    tier, tier_source = _tier(incident, assessment)
    delays = [s.delay_reasons for o in obligations for s in o.submissions.all() if s.delay_reasons]
    reasoning = _reasoning(incident, assessment, tier_source, decisions, overrides)
    return RegisterEntry(
        id=incident.pk,
        reference=incident.reference,
        title=incident.title,
        is_drill=incident.is_drill,
        status=incident.status,
        detected_at=incident.detected_at,
        aware_at=incident.aware_at,
        occurred_from=incident.occurred_from,
        occurred_to=incident.occurred_to,
        nature=list(incident.breach_types or ()),
        incident_type=incident.incident_type,
        root_cause=incident.root_cause,
        data_categories=list(incident.data_categories or ()),
        subjects_total=incident.subjects_total,
        subjects_by_country=list(incident.affected_subjects or ()),
        records_count=incident.records_count,
        effects=incident.consequences or (assessment.consequences if assessment else ""),
        remedial_action=incident.measures_taken,
        measures_proposed=incident.measures_proposed,
        tier=tier,
        tier_source=tier_source,
        assessment_score=float(assessment.score) if assessment else None,
        assessment_band=assessment.band if assessment else "",
        regimes=sorted({o.regime for o in obligations}, key=lambda r: REGIME_ORDER.get(r, 99)),
        notified=first is not None,
        notified_at=first.submitted_at if first else None,
        late=any(d.late for d in sent),
        delay_reasons=" ".join(delays),
        subjects_notified=any(d.submitted_at for d in decisions if d.rule_id in SUBJECT_RULES),
        reasoning=" ".join(said.english for said in reasoning),
        decisions=decisions,
        reasoning_lines=[said.shown for said in reasoning],
    )


def _tier(incident: Incident, assessment: RiskAssessment | None) -> tuple[str, str]:
    """The tier that drove notifiability and where it came from."""
    if assessment is not None:
        return assessment.effective_tier, "assessment"
    if incident.risk_level:
        return incident.risk_level, "incident"
    return "", NOT_ASSESSED


def _decision(
    obligation: Obligation, overrides: dict[str, RegimeOverride], *, now: datetime
) -> RegisterDecision:
    """What became of one notice duty, with the reason it exists or is not required."""
    submissions = list(obligation.submissions.all())
    first = submissions[0] if submissions else None
    reference = next((s.regulator_reference for s in submissions if s.regulator_reference), "")
    return RegisterDecision(
        regime=obligation.regime,
        rule_id=obligation.rule_id,
        legal_basis=obligation.legal_basis,
        recipient=obligation.recipient,
        entity=obligation.entity.legal_name if obligation.entity else "",
        status=obligation.status_at(now),
        due_at=obligation.due_at,
        target_at=obligation.target_at,
        submitted_at=first.submitted_at if first else None,
        late=obligation.late,
        regulator_reference=reference,
        reason=exemption_reason(obligation, overrides),
    )


def exemption_reason(obligation: Obligation, overrides: dict[str, RegimeOverride]) -> str:
    """Why a duty is not required: the exempting rule's reason or the DPO's written reason."""
    if obligation.status != ObligationStatus.NOT_REQUIRED:
        return ""
    override = overrides.get(obligation.regime)
    if override is not None and override.action == "exclude":
        return REASONING_SENTENCES["regime_excluded"].format(why=override.reason)
    rule = RULES_BY_ID.get(obligation.rule_id)
    for exemption in rule.exemptions if rule else ():
        if exemption.legal_basis == obligation.exemption:
            return exemption.reason
    return obligation.exemption


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


def _reasoning(
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
