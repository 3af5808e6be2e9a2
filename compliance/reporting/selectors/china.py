"""Build the PIPL Art. 57 report and the CAC incident report (Simplified Chinese) from the rows."""

from __future__ import annotations

from compliance.models import ObligationStatus
from compliance.reporting.data import CacReport, Measure, PiplArt57Report, RansomDetails
from compliance.reporting.labels import (
    CAC_GRADE_CODES,
    ROOT_CAUSE_ZH,
    cac_event_type,
    data_category_labels,
)
from compliance.reporting.selectors.sources import (
    ZH,
    ReportSources,
    chinese,
    dpo_contact,
    first_submission,
    is_cac_final,
    is_cac_initial,
    is_pipl_authority,
    is_pipl_individuals,
    joined,
    lines,
    measures,
    organisation_of,
)
from incidents.choices import Status

PIPO_ROLE = "个人信息保护负责人"
# PIPL Art. 57(2): individuals need not be told when the measures effectively avoid harm.
HARM_AVOIDED = "已采取的措施能够有效避免信息泄露、篡改、丢失造成危害（第五十七条第二款）"

# CAC grading by people whose personal information leaked ("以上" includes the bound).
CAC_GRADE_THRESHOLDS = (
    (100_000_000, "especially-major", "1 亿人以上"),
    (10_000_000, "major", "1000 万人以上"),
    (1_000_000, "relatively-major", "100 万人以上"),
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


def _authority(sources: ReportSources, match) -> str:
    entity = sources.entity
    duty = sources.obligation(match)
    return (entity.supervisory_authority if entity else "") or (duty.recipient if duty else "")


def pipl_art57_build(sources: ReportSources) -> PiplArt57Report:
    """The PIPL Art. 57 report to the departments with PI-protection duties."""
    incident, facts = sources.incident, sources.facts
    return PiplArt57Report(
        header=sources.header("个人信息安全事件报告"),
        recipient_authority=_authority(sources, is_pipl_authority),
        handler=organisation_of(sources.entity),
        occurred_at=incident.occurred_from,
        # PIPL Art. 57 runs from discovery, so the first signal, not the legal awareness.
        discovered_at=incident.detected_at,
        affected_people=sources.affected_in("CN"),
        systems=lines(incident.systems),
        pi_categories=data_category_labels(incident.data_categories, ZH),
        cause=_cause_zh(sources),
        possible_harm=_consequences(sources),
        remedial_measures=(*_measures_taken(sources), *_measures_proposed(sources)),
        individual_measures=lines(facts.advice_to_individuals_zh),
        contact=dpo_contact(sources.entity, PIPO_ROLE),
        **_individuals_notified(sources),
    )


def _individuals_notified(sources: ReportSources) -> dict:
    """Whether individuals were told: a submission says yes; an exemption says no, and why."""
    duty = sources.obligation(is_pipl_individuals)
    sent = first_submission(duty)
    if sent is not None:
        return {"individuals_notified": True, "individuals_notified_at": sent.submitted_at}
    if sources.incident.pipl_harm_avoided:
        return {"individuals_notified": False, "no_notice_reason": HARM_AVOIDED}
    if duty is not None and duty.status == ObligationStatus.NOT_REQUIRED:
        reason = joined([duty.exemption, duty.explanation])
        return {"individuals_notified": False, "no_notice_reason": reason}
    return {"individuals_notified": None}


def cac_grade(sources: ReportSources) -> tuple[str, str]:
    """The grade recorded by the DPO, else the one the number of people leaked implies."""
    incident = sources.incident
    if incident.cac_grade:
        grade = CAC_GRADE_CODES.get(incident.cac_grade, incident.cac_grade)
        return grade, incident.cac_grade_reason
    people = sources.affected_in("CN")
    if people is None or "confidentiality" not in incident.breach_types:
        return "", ""
    reason = f"按涉及人数判定：个人信息泄露涉及 {people:,} 人，"
    for threshold, grade, words in CAC_GRADE_THRESHOLDS:
        if people >= threshold:
            return grade, f"{reason}达到 {words}的标准"
    return "general", f"{reason}未达到 100 万人的较大事件标准"


def _cac_phase(sources: ReportSources) -> str:
    """Initial until a report went; the summary report once handling ended (CAC Measures Art. 8)."""
    incident = sources.incident
    if incident.handling_ended_at is not None or incident.status == Status.CLOSED:
        return "final"
    return "follow-up" if first_submission(sources.obligation(is_cac_initial)) else "initial"


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
    phase = _cac_phase(sources)
    duty = sources.obligation(is_cac_final if phase == "final" else is_cac_initial)
    grade, grade_reason = cac_grade(sources)
    return CacReport(
        header=sources.header("网络安全事件报告"),
        recipient_authority=_authority(sources, is_cac_initial),
        phase=phase,
        grade=grade,
        grade_reason=grade_reason,
        affected_people=sources.affected_in("CN"),
        is_cii_operator=bool(entity and entity.is_cii_operator),
        deadline_at=duty.due_at if duty else None,
        reporter=sources.reporter(),
        organisation=organisation_of(entity),
        affected_system=joined(lines(incident.systems), "；"),
        # The CAC clock runs from discovery (detected_at), not from legal awareness.
        discovered_at=incident.detected_at,
        occurred_at=incident.occurred_from,
        location=facts.location,
        event_type=facts.event_type or cac_event_type(incident.incident_type),
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
