"""Risk assessments by the ENISA method, and the tier they give the incident."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from compliance.engine import risk
from compliance.engine.decision import Decision, decide
from compliance.engine.decision_preview import Change, what_if
from compliance.mapping import tier_mapping
from compliance.models import RiskAssessment
from compliance.services.common import capability_require, validation_failed
from config.errors import ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record, model_snapshot
from incidents.events import incident_facts_changed_send
from incidents.models import Incident, OrganisationProfile

# Subject categories that make the people affected vulnerable (EDPB Guidelines 9/2022).
VULNERABLE_SUBJECTS = frozenset({"minors", "patients", "vulnerable"})
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
        # Deprecated incident flag: it only pre-fills the one field, the assessment's input.
        "encrypted_key_intact": incident.data_encrypted,
        "vulnerable_people": bool(VULNERABLE_SUBJECTS & set(incident.subject_categories or ())),
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
) -> tuple[dict[str, Any], Decision]:
    """Decide notifiability from the inputs (nothing is stored); a bad input names its field."""
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
        result = decide(
            risk_inputs,
            tier_mapping(OrganisationProfile.current()),
            high_risk_mitigated=incident.high_risk_mitigated,
        )
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
    now: datetime,
) -> RiskAssessment:
    """Record an ENISA assessment; its tier (or the DPO's override) drives notifiability."""
    capability_require(actor, "assessment.write")
    if override_tier and not override_rationale.strip():
        raise ValidationFailed(
            "An override needs a rationale.",
            fields={"override_rationale": ["Give the written rationale for overriding the tier."]},
        )
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    stored, decision = assessment_compute(
        incident=locked,
        inputs=inputs,
        override_tier=override_tier,
        override_rationale=override_rationale.strip(),
    )
    result = decision.assessment
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
        decision=decision_record(decision),
        assessor=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        now=now,
        actor=actor,
        action="assess",
        obj=assessment,
        incident=locked,
        changes={"after": model_snapshot(assessment)},
    )
    # risk_level is the API contract's GDPR tier; severity is the ENISA band the dashboard
    # groups by: both follow the latest assessment, through the incident's one write path.
    follow = {"risk_level": assessment.effective_tier, "severity": assessment.band}
    changed = {name: value for name, value in follow.items() if getattr(locked, name) != value}
    incident_facts_changed_send(
        incident=locked, actor=actor, created=False, data=changed, source="risk assessment", now=now
    )
    return assessment


def assessment_what_if(*, incident: Incident, decision: Decision) -> tuple[Change, ...]:
    """The single facts that, changed alone, would change the decision's answers."""
    return what_if(
        decision.inputs,
        tier_mapping(OrganisationProfile.current()),
        high_risk_mitigated=incident.high_risk_mitigated,
    )


def decision_record(decision: Decision) -> dict[str, Any]:
    """The decision as stored with the assessment and shown by the API and the register."""
    verdicts = {
        name: {
            "required": verdict.required,
            "legal_basis": verdict.legal_basis,
            "deciding_facts": list(verdict.deciding_facts),
            "explanation": verdict.explanation,
        }
        for name, verdict in (
            ("supervisory_authority", decision.supervisory_authority),
            ("data_subjects", decision.data_subjects),
        )
    }
    return {"enisa_tier": decision.enisa_tier, "tier": decision.tier, **verdicts}
