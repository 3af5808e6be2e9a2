"""Build the GDPR Art. 33 notification and the Art. 34 letter from an incident's rows."""

from __future__ import annotations

from datetime import datetime

from django.utils.dateparse import parse_datetime

from compliance.models import ExfiltrationAnswer, ObligationStatus, Submission
from compliance.reporting.data import (
    Contact,
    CountryCount,
    GdprArt33Report,
    GdprArt34Notice,
    InvolvedParty,
    NoticeToBody,
)
from compliance.reporting.labels import (
    band_label,
    cause_label,
    choice_label,
    country_name,
    data_category_labels,
    discovered_by_label,
    incident_type_label,
    severity_label,
    subject_category_labels,
)
from compliance.reporting.selectors.sources import (
    ZH,
    ReportSources,
    chinese,
    dpo_contact,
    first_submission,
    is_authority_notice,
    is_subject_notice,
    joined,
    lines,
    measures,
    organisation_of,
)
from incidents.choices import Status

ENISA_METHOD = "ENISA severity method (2013): SE = DPC × EI + CB"
DPO_ROLE = {"en": "Data Protection Officer", ZH: "数据保护官"}
NOTICE_TITLES = {
    "en": "Important: a security incident affecting your personal data",
    ZH: "关于您的个人数据安全事件的重要通知",
}


def report_phase(submissions: list[Submission], status: str) -> str:
    """Initial before anything was sent; final once handled; follow-up in between (Art. 33(4))."""
    if not submissions:
        return "initial"
    if status in (Status.RESOLVED, Status.CLOSED):
        return "final"
    return "follow-up"


def gdpr_art33_build(sources: ReportSources) -> GdprArt33Report:
    """The Art. 33 notification, in the order of the EU forms' common core."""
    incident, facts, entity = sources.incident, sources.facts, sources.entity
    notice = sources.obligation(is_authority_notice)
    submissions = list(notice.submissions.all()) if notice else []
    first = submissions[0] if submissions else None
    reference = next((s.regulator_reference for s in submissions if s.regulator_reference), "")
    authority = (entity.supervisory_authority if entity else "") or (
        notice.recipient if notice else ""
    )
    types = set(incident.breach_types)
    return GdprArt33Report(
        header=sources.header("Personal data breach notification"),
        authority_name=authority or "the competent supervisory authority",
        authority_zone=sources.zone,
        phase=report_phase(submissions, incident.status),
        authority_reference=reference,
        controller=organisation_of(entity),
        reporter=sources.reporter(),
        dpo=dpo_contact(entity, DPO_ROLE["en"]),
        involved_parties=_involved_parties(incident.third_parties),
        occurred_from=incident.occurred_from,
        occurred_to=incident.occurred_to,
        ongoing=facts.ongoing,
        detected_at=incident.detected_at,
        aware_at=incident.aware_at,
        discovery_method=joined(
            [discovered_by_label(incident.discovered_by), facts.discovery_details]
        ),
        deadline_at=notice.due_at if notice else None,
        initial_notified_at=first.submitted_at if first else None,
        reasons_for_delay=facts.delay_reasons
        or joined([s.delay_reasons for s in submissions], "\n"),
        confidentiality="confidentiality" in types,
        integrity="integrity" in types,
        availability="availability" in types,
        exfiltrated=joined(
            [choice_label(ExfiltrationAnswer, facts.exfiltrated), facts.exfiltration_evidence]
        ),
        unintelligible=(
            "Yes — encrypted, and the key was not compromised"
            if incident.data_encrypted
            else "No — the data were readable by whoever obtained them"
        ),
        incident_type=incident_type_label(incident.incident_type),
        cause=cause_label(incident.root_cause, incident.malicious),
        description=incident.description,
        systems=lines(incident.systems),
        subject_categories=subject_category_labels(incident.subject_categories),
        subjects_count=incident.subjects_total if incident.affected_subjects else None,
        subjects_by_country=tuple(
            CountryCount(
                country_name(row["country"]) + (f" ({row['region']})" if row.get("region") else ""),
                row["count"],
            )
            for row in incident.affected_subjects
        ),
        data_categories=data_category_labels(incident.data_categories),
        records_count=incident.records_count,
        protection_in_place=lines(facts.protection_in_place),
        **_risk(sources),
        measures_taken=measures(incident.measures_taken, done=True),
        measures_proposed=measures(incident.measures_proposed, done=False),
        **_subjects_informed(sources),
        other_bodies=other_bodies(facts.other_bodies),
        lead_authority=entity.supervisory_authority if entity else "",
        countries_concerned=tuple(incident.countries),
        staff_training=facts.staff_training,
    )


def _involved_parties(text: str) -> tuple[InvolvedParty, ...]:
    """'Name — role' per line; a line without a role says only that the party was involved."""
    parties = []
    for line in lines(text):
        for separator in (" — ", " – ", " - ", ": "):
            if separator in line:
                name, role = line.split(separator, 1)
                parties.append(InvolvedParty(name.strip(), role.strip()))
                break
        else:
            parties.append(InvolvedParty(line, "involved (role not recorded)"))
    return tuple(parties)


def _risk(sources: ReportSources) -> dict:
    """Consequences, severity and the risk outcome with its method and rationale."""
    incident, assessment = sources.incident, sources.assessment
    severity = severity_label(incident.severity)
    rationale = ""
    if assessment is not None:
        severity = severity or band_label(assessment.band).capitalize()
        override = (
            f"Override to '{assessment.override_tier}': {assessment.override_rationale}"
            if assessment.override_tier
            else ""
        )
        rationale = joined([assessment.explanation, override], "\n")
    consequences = (assessment.consequences if assessment else "") or incident.consequences
    method = ENISA_METHOD if assessment else ("DPO's judgement" if incident.risk_level else "")
    return {
        "consequences": consequences,
        "likely_impacts": lines(sources.facts.likely_impacts),
        "severity": severity,
        "risk_outcome": sources.risk_outcome,
        "risk_method": method,
        "risk_score": float(assessment.score) if assessment else None,
        "risk_rationale": rationale,
    }


def _subjects_informed(sources: ReportSources) -> dict:
    """GDPR Art. 34: whether people were told, from the recorded answer or the obligation."""
    facts = sources.facts
    if facts.subjects_informed:
        return {
            "subjects_informed": facts.subjects_informed,
            "subjects_informed_at": facts.subjects_informed_at,
            "subjects_informed_details": facts.subjects_informed_details,
        }
    duty = sources.obligation(is_subject_notice)
    sent = first_submission(duty)
    if sent is not None:
        return {
            "subjects_informed": "yes",
            "subjects_informed_at": sent.submitted_at,
            "subjects_informed_details": joined([sent.channel, sent.notes]),
        }
    not_required = duty is not None and duty.status == ObligationStatus.NOT_REQUIRED
    if not_required and duty.exemption.endswith("Art. 34(1)"):
        # The engine's Art. 34(1) exemption means "not a high risk", not an Art. 34(3) ground.
        return {"subjects_informed": "no-not-high-risk"}
    if not_required:
        # GDPR Art. 34(3): the exempting ground is the answer the forms ask for.
        details = joined([duty.exemption, duty.explanation])
        return {"subjects_informed": "no-exemption", "subjects_informed_details": details}
    if duty is not None:
        return {"subjects_informed": "planned"}
    if sources.risk_outcome in ("unlikely", "risk"):
        return {"subjects_informed": "no-not-high-risk"}
    return {}


def other_bodies(rows: list) -> tuple[NoticeToBody, ...]:
    """Police, CSIRT and other authorities told, from the recorded list."""
    bodies = []
    for row in rows or []:
        if not isinstance(row, dict) or not str(row.get("body", "")).strip():
            continue
        bodies.append(
            NoticeToBody(
                body=str(row["body"]),
                notified_at=_parse_aware(row.get("notified_at")),
                reference=str(row.get("reference") or ""),
            )
        )
    return tuple(bodies)


def _parse_aware(value: object) -> datetime | None:
    """An ISO 8601 string with an offset as a datetime; anything else as unknown."""
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed if parsed is not None and parsed.utcoffset() is not None else None


def gdpr_art34_build(sources: ReportSources) -> GdprArt34Notice:
    """The Art. 34 letter in plain language, in English or Simplified Chinese."""
    incident, facts, language = sources.incident, sources.facts, sources.language
    assessment = sources.assessment
    consequences = (assessment.consequences if assessment else "") or incident.consequences
    signer = None
    if facts.notice_signatory_name.strip():
        signer = Contact(name=facts.notice_signatory_name, role=facts.notice_signatory_role)
    if language == ZH:
        # The incident's own text is usually English; only Chinese wording fills this letter.
        texts = {
            "what_happened": facts.notice_what_happened_zh or chinese(incident.description),
            "likely_consequences": facts.consequences_zh or chinese(consequences),
            "measures_taken": lines(facts.measures_taken_zh or chinese(incident.measures_taken)),
            "what_you_can_do": lines(facts.advice_to_individuals_zh),
        }
    else:
        texts = {
            "what_happened": facts.notice_what_happened or incident.description,
            "likely_consequences": consequences,
            "measures_taken": lines(incident.measures_taken),
            "what_you_can_do": lines(facts.advice_to_individuals),
        }
    return GdprArt34Notice(
        header=sources.header(NOTICE_TITLES[language]),
        controller=organisation_of(sources.entity),
        occurred_from=incident.occurred_from,
        occurred_to=incident.occurred_to,
        data_involved=data_category_labels(incident.data_categories, language),
        contact=dpo_contact(sources.entity, DPO_ROLE[language]),
        signed_by=signer,
        **texts,
    )
