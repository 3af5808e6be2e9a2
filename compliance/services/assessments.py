"""Risk assessments by the ENISA method, and the tier they give the incident."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from compliance.engine import risk
from compliance.mapping import tier_mapping
from compliance.models import RiskAssessment
from compliance.services.common import capability_require, validation_failed
from config.errors import ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record, model_snapshot
from incidents.events import incident_facts_changed_send
from incidents.models import Incident, OrganisationProfile

# What the assessor enters; the override goes through its own arguments.
INPUT_NAMES = tuple(
    f.name for f in fields(risk.RiskInputs) if f.name not in ("override_tier", "override_rationale")
)


def assessment_inputs_complete(*, incident: Incident, inputs: dict[str, Any]) -> dict[str, Any]:
    """Fill inputs the assessor left out from the incident's recorded facts."""
    unknown = sorted(set(inputs) - set(INPUT_NAMES))
    if unknown:
        raise ValidationFailed(
            "Unknown assessment inputs.", fields={name: ["Unknown field."] for name in unknown}
        )
    defaults: dict[str, Any] = {
        "data_categories": list(incident.data_categories or ()),
        "malicious": bool(incident.malicious),
        "encrypted_key_intact": incident.data_encrypted,
        "subjects_count": incident.subjects_total if incident.affected_subjects else None,
        "records_count": incident.records_count,
    }
    return {**defaults, **{k: v for k, v in inputs.items() if v is not None or k not in defaults}}


def assessment_compute(
    *,
    incident: Incident,
    inputs: dict[str, Any],
    override_tier: str = "",
    override_rationale: str = "",
) -> tuple[dict[str, Any], risk.RiskAssessment]:
    """Score the inputs (nothing is stored); a bad input raises ValidationFailed naming it."""
    complete = assessment_inputs_complete(incident=incident, inputs=inputs)
    if "ease_of_identification" not in complete:
        raise ValidationFailed(
            "Missing input.",
            fields={"ease_of_identification": ["Rate how easily people can be identified."]},
        )
    try:
        risk_inputs = risk.RiskInputs(
            **complete,
            override_tier=override_tier or None,  # type: ignore[arg-type]
            override_rationale=override_rationale,
        )
        result = risk.assess(risk_inputs, tier_mapping(OrganisationProfile.current()))
    except (TypeError, ValueError) as error:
        known = (*INPUT_NAMES, "override_tier", "override_rationale")
        raise validation_failed(
            error, "Invalid assessment.", known=known, fallback="inputs"
        ) from None
    stored = {**complete, "data_categories": sorted(risk_inputs.data_categories)}
    return stored, result


@write_transaction
def assessment_record(
    *,
    actor: Any,
    incident: Incident,
    inputs: dict[str, Any],
    override_tier: str = "",
    override_rationale: str = "",
    consequences: str = "",
    now: datetime | None = None,
) -> RiskAssessment:
    """Record an ENISA assessment; its tier (or the DPO's override) drives notifiability."""
    capability_require(actor, "assessment.write")
    now = now or timezone.now()
    if override_tier and not override_rationale.strip():
        raise ValidationFailed(
            "An override needs a rationale.",
            fields={"override_rationale": ["Give the written rationale for overriding the tier."]},
        )
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    stored, result = assessment_compute(
        incident=locked,
        inputs=inputs,
        override_tier=override_tier,
        override_rationale=override_rationale.strip(),
    )
    assessment = RiskAssessment.objects.create(
        incident=locked,
        inputs=stored,
        score=Decimal(str(result.score)),
        band=result.band,
        tier=result.computed_tier,
        override_tier=override_tier,
        override_rationale=override_rationale.strip(),
        consequences=consequences,
        explanation=result.explanation,
        deciding_factors=list(result.deciding_factors),
        assessor=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="assess",
        obj=assessment,
        incident=locked,
        changes={"after": model_snapshot(assessment)},
    )
    _incident_follow(locked, tier=assessment.effective_tier, band=assessment.band, actor=actor)
    incident_facts_changed_send(incident=locked, actor=actor, created=False, now=now)
    return assessment


def _incident_follow(incident: Incident, *, tier: str, band: str, actor: Any) -> None:
    """Keep the incident's risk_level and severity equal to the latest assessment's tier and band.

    risk_level is the API contract's GDPR tier; severity is the ENISA band the dashboard groups by.
    """
    changes = {
        name: {"before": getattr(incident, name), "after": value}
        for name, value in (("risk_level", tier), ("severity", band))
        if getattr(incident, name) != value
    }
    if not changes:
        return
    for name, change in changes.items():
        setattr(incident, name, change["after"])
    incident.version += 1
    incident.save(update_fields=[*changes, "version", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=incident,
        incident=incident,
        changes={**changes, "source": "risk assessment"},
    )
