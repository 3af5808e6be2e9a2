"""Turn incidents and the organisation profile into the pure engine's facts."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from compliance.clock_start import clock_start
from compliance.engine.facts import (
    DEFAULT_TIER_BY_BAND,
    REGIMES,
    EntityFacts,
    IncidentFacts,
    OrganisationFacts,
)
from compliance.models import RegimeOverride, RiskAssessment, Submission
from incidents.models import Incident, LegalEntity, OrganisationProfile

logger = logging.getLogger(__name__)

# Stands in for the organisation on an install that has no legal entity yet: "ZZ" is an
# ISO 3166-1 user-assigned code, so it brings in no regime of its own.
PLACEHOLDER_ENTITY_ID = 0
PLACEHOLDER_COUNTRY = "ZZ"

AWARENESS_NOT_RECORDED = (
    " Awareness has not been recorded yet, so this clock runs from the first signal (detection), "
    "the earliest it could start; record the time of awareness once the breach is established "
    "(EDPB Guidelines 9/2022)."
)
TIER_SOURCES = {
    "assessment": "the latest risk assessment",
    "incident": "the risk level recorded on the incident",
    "": "no risk assessment",
}


# The incident's columns the engine's input depends on (incident_facts, tier_choice, and the
# explanation stored with each obligation): a change to any other column cannot change an
# obligation, so recomputation is skipped for it (incidents.services.incident_after_change).
# tests/compliance/test_recompute_scope.py records every column these functions read.
ENGINE_INPUT_FIELDS = frozenset(
    {
        "reference",
        "detected_at",
        "aware_at",
        "role",
        "breach_types",
        "data_categories",
        "affected_subjects",
        "records_count",
        "occurred_from",
        "occurred_to",
        "data_encrypted",
        "risk_level",
        "high_risk_mitigated",
        "disproportionate_effort",
        "pipl_harm_avoided",
        "cac_grade",
        "cac_grade_reason",
        "cac_leaked_people",
        "cac_direct_loss_cny",
        "cac_cii_outage_hours",
        "cac_cii_function_outage_hours",
        "handling_ended_at",
        "classified_major_at",
        "materiality_determined_at",
        "assessment_completed_at",
        "is_drill",
    }
)


@dataclass(frozen=True)
class TierChoice:
    """The risk tier the engine is given and where it came from."""

    tier: str | None
    source: str
    assessment: RiskAssessment | None = None


def organisation_facts(profile: OrganisationProfile | None = None) -> OrganisationFacts:
    """Describe the organisation's entities and policy settings for the engine."""
    profile = profile or OrganisationProfile.current()
    entities = tuple(entity_facts(e) for e in LegalEntity.objects.filter(profile=profile))
    if not entities:
        placeholder = EntityFacts(PLACEHOLDER_ENTITY_ID, profile.name, PLACEHOLDER_COUNTRY)
        entities = (placeholder,)
    return OrganisationFacts(
        entities=entities,
        asap_target_hours=_targets(profile.asap_target_hours),
        tier_by_band=tier_mapping(profile),
        omnibus_adopted=profile.omnibus_adopted,
    )


def entity_facts(entity: LegalEntity) -> EntityFacts:
    """Describe one legal entity: its country, status and contacts."""
    contact = ", ".join(p for p in (entity.dpo_name, entity.dpo_email, entity.dpo_phone) if p)
    return EntityFacts(
        id=entity.pk,
        name=entity.legal_name,
        country=(entity.country or PLACEHOLDER_COUNTRY).strip().upper(),
        is_cii_operator=entity.is_cii_operator,
        is_state_organ=entity.is_state_organ,
        supervisory_authority=entity.supervisory_authority,
        dpo_contact=contact,
        dora_financial_entity=entity.dora_financial_entity,
        dora_art_5_5=entity.dora_art_5_5,
        nis2_entity=entity.nis2_entity or "",
        hipaa_covered=entity.hipaa_covered,
        sec_registrant=entity.sec_registrant,
    )


def tier_mapping(profile: OrganisationProfile) -> Mapping[str, str]:
    """The organisation's ENISA band-to-tier mapping, or the default convention."""
    mapping = profile.tier_mapping or {}
    if set(mapping) == set(DEFAULT_TIER_BY_BAND) and set(mapping.values()) <= {
        "unlikely",
        "risk",
        "high",
    }:
        return dict(mapping)
    if mapping:
        logger.warning("Ignoring an incomplete tier mapping on the organisation profile.")
    return dict(DEFAULT_TIER_BY_BAND)


def _targets(raw: object) -> dict[str, float]:
    """Keep the well-formed ASAP targets; a bad setting must not stop every recomputation."""
    targets: dict[str, float] = {}
    if not isinstance(raw, dict):
        return targets
    for regime, hours in raw.items():
        valid = isinstance(hours, int | float) and not isinstance(hours, bool) and hours > 0
        if regime in REGIMES and valid:
            targets[regime] = float(hours)
        else:
            logger.warning("Ignoring the ASAP target %r: %r on the profile.", regime, hours)
    return targets


def tier_choice(incident: Incident) -> TierChoice:
    """The tier that drives notifiability: latest assessment, else the incident's risk level."""
    assessment = incident.assessments.order_by("-created_at", "-pk").first()
    if assessment is not None:
        return TierChoice(assessment.effective_tier, "assessment", assessment)
    if incident.risk_level:
        return TierChoice(incident.risk_level, "incident")
    # None: the engine treats the breach as notifiable and says so.
    return TierChoice(None, "")


def active_overrides(incident: Incident) -> list[RegimeOverride]:
    """The regime decisions in force for the incident."""
    return list(incident.regime_overrides.filter(revoked_at__isnull=True).order_by("regime"))


def _encrypted(incident: Incident, assessment: RiskAssessment | None) -> bool:
    """GDPR Art. 34(3)(a): the assessment's encrypted_key_intact, the one field for it.

    The incident's data_encrypted is deprecated; it decides only while no assessment exists.
    """
    if assessment is not None and "encrypted_key_intact" in assessment.inputs:
        return bool(assessment.inputs["encrypted_key_intact"])
    return incident.data_encrypted


def _subject(row: Mapping[str, object]) -> tuple[str, int, str]:
    """One stored affected_subjects entry as (country, count, ISO 3166-2 region or "")."""
    country = str(row["country"]).upper()
    region = str(row.get("region") or "").strip().upper()
    return country, int(row.get("count") or 0), region  # type: ignore[call-overload]


def submissions_recorded(incident: Incident) -> tuple[tuple[str, int, datetime, datetime], ...]:
    """The first and latest notice recorded per obligation (rule id, entity): cascades start there."""
    rows: dict[tuple[str, int], list[datetime]] = {}
    found = Submission.objects.filter(obligation__incident=incident).values_list(
        "obligation__rule_id", "obligation__entity_id", "submitted_at"
    )
    for rule_id, entity_id, submitted_at in found:
        key = (rule_id, PLACEHOLDER_ENTITY_ID if entity_id is None else entity_id)
        rows.setdefault(key, []).append(submitted_at)
    return tuple((rule, entity, min(times), max(times)) for (rule, entity), times in rows.items())


def incident_facts(
    incident: Incident,
    *,
    tier: str | None,
    overrides: Iterable[RegimeOverride] = (),
    entity_ids: Iterable[int] = (),
    assessment: RiskAssessment | None = None,
) -> IncidentFacts:
    """Describe the incident for the engine; without aware_at the clock starts at detection."""
    return IncidentFacts(
        reference=incident.reference,
        detected_at=incident.detected_at,
        aware_at=clock_start(aware_at=incident.aware_at, detected_at=incident.detected_at),
        role=incident.role,
        breach_types=frozenset(incident.breach_types or ()),
        data_categories=frozenset(incident.data_categories or ()),
        affected_subjects=tuple(_subject(row) for row in incident.affected_subjects or ()),
        records_count=incident.records_count,
        occurred_from=incident.occurred_from,
        occurred_to=incident.occurred_to,
        data_encrypted=_encrypted(incident, assessment),
        risk_tier=tier,  # type: ignore[arg-type]
        high_risk_mitigated=incident.high_risk_mitigated,
        disproportionate_effort=incident.disproportionate_effort,
        pipl_harm_avoided=incident.pipl_harm_avoided,
        cac_grade=incident.cac_grade or None,  # type: ignore[arg-type]
        cac_grade_reason=incident.cac_grade_reason,
        cac_leaked_people=incident.cac_leaked_people,
        cac_direct_loss_cny=incident.cac_direct_loss_cny,
        cac_cii_outage_hours=incident.cac_cii_outage_hours,
        cac_cii_function_outage_hours=incident.cac_cii_function_outage_hours,
        handling_ended_at=incident.handling_ended_at,
        classified_major_at=incident.classified_major_at,
        materiality_determined_at=incident.materiality_determined_at,
        assessment_completed_at=incident.assessment_completed_at,
        submissions=submissions_recorded(incident),
        entity_ids=tuple(entity_ids),
        regime_overrides=tuple((o.regime, o.action, o.reason) for o in overrides),
        is_drill=incident.is_drill,
    )
