"""GDPR Art. 33 notification to a supervisory authority, laid out as the EU forms' common core."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, Spacer

from compliance.reporting.data import Contact, GdprArt33Report

from ..layout import (
    Value,
    callout,
    default_title_block,
    field_table,
    grid_table,
    heading,
    measure_table,
)
from ..text import format_both, format_count, format_duration, format_local, format_utc

LANGUAGE = "en"

PHASE_LABELS = {
    "initial": "Initial notification",
    "follow-up": "Follow-up notification (further information, Art. 33(4))",
    "final": "Final notification",
}
RISK_LABELS = {
    "unlikely": "Unlikely to result in a risk to people's rights and freedoms",
    "risk": "Likely to result in a risk to people's rights and freedoms",
    "high": "Likely to result in a high risk to people's rights and freedoms",
}
SUBJECTS_INFORMED_LABELS = {
    "yes": "Yes",
    "planned": "Planned",
    "no-not-high-risk": "No — not likely to result in a high risk",
    "no-exemption": "No — an Art. 34(3) exemption applies",
}


def document_subject(report: GdprArt33Report) -> str:
    """The PDF's subject property."""
    return f"GDPR Art. 33 notification to {report.authority_name}"


def title_block(report: GdprArt33Report, width: float) -> list[Flowable]:
    """Title, who/when table and a box with the deadline and risk outcome."""
    subtitle = (
        f"Notification of a personal data breach to {report.authority_name} under Article 33 GDPR"
    )
    flowables = default_title_block(report.header, width, subtitle, "Incident reference")
    flowables += [callout(_key_facts(report), LANGUAGE, width), Spacer(1, 4)]
    return flowables


def _key_facts(report: GdprArt33Report) -> list[tuple[str, str]]:
    deadline = report.deadline_at
    return [
        ("Deadline (UTC)", format_utc(deadline) if deadline else "Not set"),
        (
            f"Deadline ({report.authority_zone})",
            format_local(deadline, report.authority_zone) if deadline else "Not set",
        ),
        ("Within 72 hours", _timeliness(report)),
        ("Risk outcome", _label(RISK_LABELS, report.risk_outcome) or "Not assessed"),
    ]


def _timeliness(report: GdprArt33Report) -> str:
    deadline = report.deadline_at
    if deadline is None:
        return "—"
    if report.is_late:
        return "No — reasons for delay in section 3"
    if report.initial_notified_at is not None:
        return "Yes"
    return f"Yes — {format_duration(deadline - report.header.generated_at)} left"


def body(report: GdprArt33Report, width: float) -> list[Flowable]:
    """Sections 1-11 (12 for the UK ICO) in the order of the common EU form."""

    def table(rows: list[tuple[str, Value]]) -> list[Flowable]:
        return [field_table(rows, LANGUAGE, width)]

    sections: list[tuple[str, list[Flowable]]] = [
        ("Report type", table(_report_type(report))),
        ("Controller and contacts", table(_parties(report))),
        ("Timeline", table(_timeline(report))),
        ("Nature of the breach", table(_nature(report))),
        ("Data subjects", _subjects(report, width)),
        ("Personal data concerned", table(_data(report))),
        (
            "Protection in place before the breach",
            table([("Measures", report.protection_in_place)]),
        ),
        ("Likely consequences and risk", table(_consequences(report))),
        ("Measures taken and proposed", _measures(report, width)),
        ("Communication to data subjects (Art. 34)", table(_subjects_told(report))),
        ("Other bodies informed", table(_other_bodies(report))),
    ]
    if report.staff_training:
        training = [("Training", report.staff_training)]
        sections.append(("Staff data-protection training in the last two years", table(training)))
    flowables: list[Flowable] = []
    for number, (title, content) in enumerate(sections, start=1):
        flowables += heading(str(number), title, LANGUAGE)
        flowables += content
    return flowables


def _label(labels: dict[str, str], code: str) -> str:
    return labels.get(code, code)


def _report_type(report: GdprArt33Report) -> list[tuple[str, Value]]:
    return [
        ("Type of report", _label(PHASE_LABELS, report.phase)),
        ("Supervisory authority", report.authority_name),
        (
            "Authority's reference of the earlier notice",
            report.authority_reference or ("Not applicable" if report.phase == "initial" else None),
        ),
    ]


def _contact(contact: Contact | None) -> str | None:
    if contact is None:
        return None
    parts = [contact.name, contact.role, contact.email, contact.phone, contact.address]
    return "\n".join(part for part in parts if part)


def _parties(report: GdprArt33Report) -> list[tuple[str, Value]]:
    controller = report.controller
    return [
        ("Controller", controller.name if controller else None),
        ("Registration or company number", controller.registration_number if controller else None),
        ("Sector", controller.sector if controller else None),
        ("Address", controller.address if controller else None),
        ("Person reporting", _contact(report.reporter)),
        ("DPO or other contact point (Art. 33(3)(b))", _contact(report.dpo)),
        (
            "Processors and joint controllers involved",
            tuple(f"{party.name} — {party.role}" for party in report.involved_parties) or "None",
        ),
    ]


def _when(report: GdprArt33Report, value: datetime | None) -> str | None:
    return format_both(value, report.authority_zone)


def _timeline(report: GdprArt33Report) -> list[tuple[str, Value]]:
    if report.ongoing:
        ended: Value = "Ongoing"
    else:
        ended = _when(report, report.occurred_to)
    deadline = report.deadline_at
    rows: list[tuple[str, Value]] = [
        ("Breach started", _when(report, report.occurred_from) or "Unknown"),
        ("Breach ended", ended or "Unknown"),
        ("First detected", _when(report, report.detected_at)),
        ("Controller became aware", _when(report, report.aware_at)),
        ("How the breach was discovered", report.discovery_method),
        (
            "Deadline, 72 hours after awareness (Art. 33(1)), UTC",
            format_utc(deadline) if deadline else None,
        ),
        (
            f"Deadline in the authority's local time ({report.authority_zone})",
            format_local(deadline, report.authority_zone) if deadline else None,
        ),
    ]
    if report.initial_notified_at:
        rows.append(("Initial notification sent", _when(report, report.initial_notified_at)))
    if report.is_late or report.reasons_for_delay:
        rows.append(("Reasons for delay (Art. 33(1))", report.reasons_for_delay or None))
    return rows


def _nature(report: GdprArt33Report) -> list[tuple[str, Value]]:
    kinds = [
        name
        for name, flag in (
            ("Confidentiality", report.confidentiality),
            ("Integrity", report.integrity),
            ("Availability", report.availability),
        )
        if flag
    ]
    return [
        ("Breach of", ", ".join(kinds) or None),
        ("Data exfiltrated", report.exfiltrated or None),
        ("Data unintelligible to outsiders", report.unintelligible or None),
        ("Incident type", report.incident_type),
        ("Cause", report.cause),
        ("Description (Art. 33(3)(a))", report.description),
        ("Systems affected and their location", report.systems),
    ]


def _subjects(report: GdprArt33Report, width: float) -> list[Flowable]:
    count = format_count(
        report.subjects_count, LANGUAGE, approximate=not report.subjects_count_exact
    )
    flowables: list[Flowable] = [
        field_table(
            [
                ("Categories of data subjects", report.subject_categories),
                ("Number of data subjects", count or None),
            ],
            LANGUAGE,
            width,
        )
    ]
    if report.subjects_by_country:
        rows = [
            [line.country, format_count(line.count) or "Unknown"]
            for line in report.subjects_by_country
        ]
        flowables += [
            Spacer(1, 5),
            grid_table(
                ["Country", "Data subjects"],
                rows,
                LANGUAGE,
                [width * 0.32, width * 0.2],
                numeric=(1,),
            ),
        ]
    return flowables


def _data(report: GdprArt33Report) -> list[tuple[str, Value]]:
    return [
        ("Categories of personal data", report.data_categories),
        (
            "Number of personal-data records",
            format_count(report.records_count, LANGUAGE, approximate=True) or None,
        ),
    ]


def _consequences(report: GdprArt33Report) -> list[tuple[str, Value]]:
    score = None
    if report.risk_score is not None:
        score = f"{report.risk_score:g}"
    return [
        ("Likely consequences (Art. 33(3)(c))", report.consequences),
        ("Likely impacts on people", report.likely_impacts),
        ("Severity", report.severity or None),
        ("Risk outcome", _label(RISK_LABELS, report.risk_outcome) or None),
        ("Assessment method", report.risk_method or None),
        ("Severity score", score),
        ("Rationale", report.risk_rationale or None),
    ]


def _measures(report: GdprArt33Report, width: float) -> list[Flowable]:
    measures = (*report.measures_taken, *report.measures_proposed)
    return measure_table("Measure (Art. 33(3)(d))", measures, LANGUAGE, width)


def _subjects_told(report: GdprArt33Report) -> list[tuple[str, Value]]:
    return [
        ("Data subjects told", _label(SUBJECTS_INFORMED_LABELS, report.subjects_informed)),
        ("When", _when(report, report.subjects_informed_at) or "—"),
        ("Channel, content or ground", report.subjects_informed_details or "—"),
    ]


def _other_bodies(report: GdprArt33Report) -> list[tuple[str, Value]]:
    bodies = tuple(
        " · ".join(
            part
            for part in (
                body.body,
                format_utc(body.notified_at) if body.notified_at else "",
                f"ref. {body.reference}" if body.reference else "",
            )
            if part
        )
        for body in report.other_bodies
    )
    return [
        ("Bodies informed (police, CSIRT, other authorities)", bodies or "None"),
        ("Lead supervisory authority", report.lead_authority or "—"),
        ("Countries concerned", ", ".join(report.countries_concerned) or "—"),
    ]
