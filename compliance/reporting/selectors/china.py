"""Build the PIPL Art. 57 report and the CAC incident report (Simplified Chinese) from the rows."""

from __future__ import annotations

from compliance.engine.cac_grading import cac_grading
from compliance.models import ObligationStatus
from compliance.reporting.data import CacReport, Measure, PiplArt57Report, RansomDetails
from compliance.reporting.labels import (
    CAC_GRADE_CODES,
    EXEMPTION_OTHER_ZH,
    EXEMPTION_ZH,
    ROOT_CAUSE_ZH,
    cac_event_type,
    data_category_labels,
)
from compliance.reporting.selectors.duties import (
    CAC_KIND,
    PIPL_KIND,
    authority_zh,
    cac_phase,
    duty_reason_zh,
    duty_state,
    report_duty,
)
from compliance.reporting.selectors.sources import (
    PIPO_ROLE,
    ZH,
    ReportSources,
    chinese,
    dpo_contact,
    first_submission,
    is_pipl_individuals,
    joined,
    lines,
    measures,
    organisation_of,
)


def _cause_zh(sources: ReportSources) -> str:
    """The recorded preliminary cause, else the root cause in Chinese."""
    incident = sources.incident
    if sources.facts.preliminary_cause.strip():
        return sources.facts.preliminary_cause
    cause = ROOT_CAUSE_ZH.get(incident.root_cause, "")
    if cause and incident.malicious is not None:
        cause += "（恶意行为）" if incident.malicious else "（非恶意）"
    return cause


def _consequences(sources: ReportSources) -> str:
    """Likely harm in Chinese: as written for the reports, else the assessment's or incident's."""
    assessment = sources.assessment
    return sources.facts.consequences_zh or chinese(
        assessment.consequences if assessment else "", sources.incident.consequences
    )


def _measures_taken(sources: ReportSources) -> tuple[Measure, ...]:
    text = sources.facts.measures_taken_zh or chinese(sources.incident.measures_taken)
    return measures(text, done=True)


def _measures_proposed(sources: ReportSources) -> tuple[Measure, ...]:
    text = sources.facts.measures_proposed_zh or chinese(sources.incident.measures_proposed)
    return measures(text, done=False)


def _description(sources: ReportSources) -> str:
    """What happened in Chinese: the Chinese account, else the description if written in Chinese."""
    incident = sources.incident
    return incident.description_zh.strip() or chinese(incident.description)


def _duty(sources: ReportSources, kind: str) -> dict:
    """Whether the duty this report answers is owed, as the incident's obligation rows say."""
    duty = report_duty(sources, kind)
    return {"duty": duty_state(duty), "duty_reason": duty_reason_zh(kind, duty)}


def pipl_art57_build(sources: ReportSources) -> PiplArt57Report:
    """The PIPL Art. 57 report to the departments with PI-protection duties."""
    incident, facts = sources.incident, sources.facts
    return PiplArt57Report(
        header=sources.header("个人信息安全事件报告"),
        recipient_authority=authority_zh(sources, "PIPL"),
        **_duty(sources, PIPL_KIND),
        handler=organisation_of(sources.entity),
        occurred_at=incident.occurred_from,
        # PIPL Art. 57 runs from discovery, so the first signal, not the legal awareness.
        discovered_at=incident.detected_at,
        affected_people=sources.affected_in("CN"),
        systems=lines(incident.systems),
        description=_description(sources),
        pi_categories=data_category_labels(incident.data_categories, ZH),
        cause=_cause_zh(sources),
        possible_harm=_consequences(sources),
        remedial_measures=(*_measures_taken(sources), *_measures_proposed(sources)),
        individual_measures=lines(facts.advice_to_individuals_zh),
        contact=dpo_contact(sources.entity, PIPO_ROLE),
        **_individuals_notified(sources),
    )


def _individuals_notified(sources: ReportSources) -> dict:
    """Whether individuals were told: a submission says yes; an exemption says no, and why.

    Read from the PIPL-IND row alone, as the room shows it.
    """
    duty = sources.obligation(is_pipl_individuals)
    sent = first_submission(duty)
    if sent is not None:
        return {"individuals_notified": True, "individuals_notified_at": sent.submitted_at}
    if duty is not None and duty.status == ObligationStatus.NOT_REQUIRED:
        reason = EXEMPTION_ZH.get(duty.exemption, EXEMPTION_OTHER_ZH)
        return {"individuals_notified": False, "no_notice_reason": reason}
    return {"individuals_notified": None}


def cac_grade(sources: ReportSources) -> tuple[str, str]:
    """The grade the engine derives from the facts (or the DPO's), with its basis in Chinese."""
    incident = sources.incident
    people = incident.cac_leaked_people
    if people is None:
        # The engine's reading: everyone affected in China counts as a person whose PI leaked.
        people = sources.affected_in("CN") or 0
    grading = cac_grading(
        leaked_people=people,
        direct_loss_cny=incident.cac_direct_loss_cny,
        cii_outage_hours=incident.cac_cii_outage_hours,
        cii_function_outage_hours=incident.cac_cii_function_outage_hours,
        manual_grade=incident.cac_grade or None,
        manual_reason=incident.cac_grade_reason,
    )
    return CAC_GRADE_CODES[grading.grade], grading.basis_zh


def _ransom(sources: ReportSources) -> RansomDetails | None:
    facts = sources.facts
    given = facts.ransom_amount or facts.ransom_payment_method or facts.ransom_demanded_at
    if not given and sources.incident.incident_type != "ransomware":
        return None
    return RansomDetails(
        amount=facts.ransom_amount,
        payment_method=facts.ransom_payment_method,
        demanded_at=facts.ransom_demanded_at,
    )


def cac_report_build(sources: ReportSources) -> CacReport:
    """The report to the cyberspace administration, items 1-8 of the Measures."""
    incident, facts, entity = sources.incident, sources.facts, sources.entity
    duty = report_duty(sources, CAC_KIND)
    state = duty_state(duty)
    grade, grade_reason = cac_grade(sources)
    return CacReport(
        header=sources.header("网络安全事件报告"),
        recipient_authority=authority_zh(sources, "CAC"),
        duty=state,
        duty_reason=duty_reason_zh(CAC_KIND, duty),
        phase=cac_phase(sources),
        grade=grade,
        grade_reason=grade_reason,
        affected_people=sources.affected_in("CN"),
        is_cii_operator=bool(entity and entity.is_cii_operator),
        # A deadline only where the room shows a duty owed.
        deadline_at=duty.due_at if duty is not None and state == "required" else None,
        reporter=sources.reporter(),
        organisation=organisation_of(entity),
        affected_system=joined(lines(incident.systems), "；"),
        # The CAC clock runs from discovery (detected_at), not from legal awareness.
        discovered_at=incident.detected_at,
        occurred_at=incident.occurred_from,
        location=facts.location,
        event_type=facts.event_type or cac_event_type(incident.incident_type),
        description=_description(sources),
        harm_so_far=facts.harm_so_far or _consequences(sources),
        measures_taken=_measures_taken(sources),
        measures_effect=facts.measures_effect,
        ransom=_ransom(sources),
        likely_trend=facts.likely_trend,
        preliminary_cause=_cause_zh(sources),
        tracing_leads=facts.tracing_leads,
        planned_measures=_measures_proposed(sources),
        support_requested=facts.support_requested,
        scene_preservation=facts.scene_preservation,
        other_matters=facts.other_matters,
    )
