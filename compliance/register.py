"""The GDPR Art. 33(5) breach register: every incident, notified or not, with the reasoning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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

from compliance.engine.regimes import REGIMES, RULES_BY_ID
from compliance.models import (
    Obligation,
    ObligationStatus,
    RegimeOverride,
    RiskAssessment,
    Submission,
)
from compliance.register_reasoning import (
    REASONING_SENTENCES,
    RegisterDecision,
)
from compliance.register_reasoning import reasoning as reasoning_of
from compliance.register_sources import (
    ASSESSMENT_ORDER,
    INCIDENT_FIELDS,
    OVERRIDE_ORDER,
    SUBMISSION_ORDER,
)
from incidents.models import Incident
from incidents.roles import has_capability

# Notices to an authority, and notices to the people affected (or the public in their stead).
AUTHORITY_RULES = frozenset({"GDPR-SA", "UK_GDPR-SA", "PIPL-AUTH", "CAC-4H", "CAC-FINAL"})
SUBJECT_RULES = frozenset({"GDPR-DS", "UK_GDPR-DS", "GDPR-PUB", "UK_GDPR-PUB", "PIPL-IND"})
REGIME_ORDER = {regime.code: index for index, regime in enumerate(REGIMES)}
NOT_ASSESSED = "none"
TIER_FILTERS = ("unlikely", "risk", "high", NOT_ASSESSED)


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


def _register_queryset(filters: RegisterFilters) -> QuerySet[Incident]:
    """The incidents the filters keep (drills only on request), oldest detection first."""
    return _filtered(Incident.objects.order_by("detected_at", "pk"), filters)


def register_incidents(*, filters: RegisterFilters) -> QuerySet[Incident]:
    """Every incident the filters keep, with the rows its register entry is built from."""
    return _register_queryset(filters).prefetch_related(
        Prefetch(
            "obligations",
            queryset=Obligation.objects.filter(applies=True)
            .select_related("entity")
            .prefetch_related(
                Prefetch(
                    "submissions",
                    queryset=Submission.objects.order_by(*SUBMISSION_ORDER),
                    to_attr="register_submissions",
                )
            )
            .order_by("pk"),
            to_attr="register_obligations",
        ),
        Prefetch(
            "assessments",
            queryset=RiskAssessment.objects.order_by(*ASSESSMENT_ORDER),
            to_attr="register_assessments",
        ),
        Prefetch(
            "regime_overrides",
            queryset=RegimeOverride.objects.filter(revoked_at__isnull=True).order_by(
                *OVERRIDE_ORDER
            ),
            to_attr="register_overrides",
        ),
    )


def register_rows(*, filters: RegisterFilters) -> QuerySet[Any]:
    """The incidents of register_incidents as tuples of INCIDENT_FIELDS (for register_sources)."""
    return _register_queryset(filters).values_list(*INCIDENT_FIELDS)


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
    # The notice and tier expressions only when filtered on: building them costs every page.
    if filters.notified is not None:
        authority_notice = Submission.objects.filter(
            obligation__incident=OuterRef("pk"), obligation__rule_id__in=AUTHORITY_RULES
        )
        queryset = queryset.alias(register_notified=Exists(authority_notice)).filter(
            register_notified=filters.notified
        )
    if filters.tier:
        queryset = queryset.alias(register_tier=_effective_tier_sql())
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
        # Within a regime the authority's notice comes before the people's (Art. 33, then 34).
        key=lambda o: (
            REGIME_ORDER.get(o.regime, 99),
            o.rule_id not in AUTHORITY_RULES,
            o.rule_id,
            o.entity_id or 0,
        ),
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
    delays = [
        s.delay_reasons
        for o in obligations
        for s in o.register_submissions  # type: ignore[attr-defined]
        if s.delay_reasons
    ]
    reasoning = reasoning_of(incident, assessment, tier_source, decisions, overrides)
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
    submissions = obligation.register_submissions  # type: ignore[attr-defined]
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
