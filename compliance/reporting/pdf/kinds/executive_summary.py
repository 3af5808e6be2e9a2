"""Executive summary: one page per incident with status, deadlines, tasks and decisions."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Paragraph, Spacer

from compliance.reporting.data import ExecutiveSummaryReport, IncidentSummary, ObligationLine

from ..layout import Value, callout, default_title_block, grid_table
from ..styles import styles
from ..text import format_count, format_duration, format_local, format_utc, markup

LANGUAGE = "en"

RISK_LABELS = {"unlikely": "Unlikely risk", "risk": "Risk", "high": "High risk"}


def document_subject(report: ExecutiveSummaryReport) -> str:
    """The PDF's subject property."""
    return "Executive summary of personal data breaches"


def title_block(report: ExecutiveSummaryReport, width: float) -> list[Flowable]:
    """Title and who/when table; time left is counted from the generation time shown here."""
    subtitle = (
        f"{len(report.incidents)} incident(s). Time left is counted from the generation time below."
    )
    return default_title_block(report.header, width, subtitle, "Reference")


def body(report: ExecutiveSummaryReport, width: float) -> list[Flowable]:
    """One page per incident, shrunk to fit when an incident has many lines."""
    flowables: list[Flowable] = []
    for index, incident in enumerate(report.incidents):
        if index:
            flowables.append(PageBreak())
        content = _incident(incident, report, width)
        # maxHeight 0 means "whatever is left on this page", so page 1 shares with the title.
        flowables.append(KeepInFrame(0, 0, content, mode="shrink"))
    return flowables


def _incident(
    incident: IncidentSummary, report: ExecutiveSummaryReport, width: float
) -> list[Flowable]:
    style = styles(LANGUAGE)
    now = report.header.generated_at
    zone = report.header.local_zone
    title = f"{incident.reference} — {incident.title}" if incident.title else incident.reference
    aware = incident.aware_at
    facts = [
        ("Status", incident.status or "Not set"),
        ("Risk", RISK_LABELS.get(incident.risk_outcome, incident.risk_outcome) or "Not assessed"),
        ("Aware since", format_utc(aware) if aware else "—"),
        ("Time since awareness", format_duration(now - aware) if aware else "—"),
        ("Data subjects", format_count(incident.subjects) or "Unknown"),
        ("Records", format_count(incident.records) or "Unknown"),
    ]
    flowables: list[Flowable] = [
        Paragraph(markup(title), style.title2),
        callout(facts, LANGUAGE, width),
    ]
    if incident.summary:
        flowables += [Spacer(1, 6), Paragraph(markup(incident.summary), style.body)]
    flowables += [_heading("Deadlines"), _obligations(incident, now, zone, width)]
    flowables += [_heading("Tasks by team"), _tasks(incident, width)]
    flowables += [_heading("Key decisions"), _decisions(incident, width)]
    return flowables


def _heading(title: str) -> Flowable:
    return Paragraph(markup(title), styles(LANGUAGE).heading)


def _obligations(incident: IncidentSummary, now: datetime, zone: str, width: float) -> Flowable:
    if not incident.obligations:
        return Paragraph(markup("No obligations."), styles(LANGUAGE).body)
    rows: list[list[Value]] = [
        [
            _obligation_label(line),
            line.recipient or "—",
            _due(line, zone),
            _time_left(line, now),
        ]
        for line in incident.obligations
    ]
    head = ["Obligation", "To", "Due", "Time left"]
    shares = (0.34, 0.2, 0.28, 0.18)
    return grid_table(head, rows, LANGUAGE, [width * share for share in shares])


def _obligation_label(line: ObligationLine) -> str:
    label = f"{line.label} ({line.basis})" if line.basis else line.label
    if line.is_internal_target:
        # ASAP duties have no statutory due time; never present the target as a legal deadline.
        label += "\nInternal target — the law sets no fixed deadline"
    return label


def _due(line: ObligationLine, zone: str) -> str:
    if line.due_at is None:
        return "—"
    if zone == "UTC":
        return format_utc(line.due_at)
    return f"{format_utc(line.due_at)}\n{format_local(line.due_at, zone)}"


def _time_left(line: ObligationLine, now: datetime) -> str:
    if line.submitted_at is not None:
        late = line.due_at is not None and line.submitted_at > line.due_at
        return f"Done {format_utc(line.submitted_at)}" + (" (late)" if late else "")
    if line.due_at is None:
        return "—"
    remaining = line.due_at - now
    if remaining.total_seconds() >= 0:
        return f"{format_duration(remaining)} left"
    if line.is_internal_target:
        return f"Target passed {format_duration(remaining)} ago"
    return f"OVERDUE by {format_duration(remaining)}"


def _tasks(incident: IncidentSummary, width: float) -> Flowable:
    if not incident.tasks:
        return Paragraph(markup("No tasks."), styles(LANGUAGE).body)
    rows: list[list[Value]] = [
        [task.team, str(task.open), str(task.overdue), str(task.done)] for task in incident.tasks
    ]
    total = [
        "Total",
        str(sum(task.open for task in incident.tasks)),
        str(sum(task.overdue for task in incident.tasks)),
        str(sum(task.done for task in incident.tasks)),
    ]
    shares = (0.46, 0.18, 0.18, 0.18)
    return grid_table(
        ["Team", "Open", "Overdue", "Done"],
        [*rows, total],
        LANGUAGE,
        [width * share for share in shares],
        numeric=(1, 2, 3),
    )


def _decisions(incident: IncidentSummary, width: float) -> Flowable:
    if not incident.decisions:
        return Paragraph(markup("No decisions recorded yet."), styles(LANGUAGE).body)
    rows: list[list[Value]] = [
        [
            format_utc(decision.decided_at) if decision.decided_at else "—",
            decision.summary,
            decision.decided_by or "—",
        ]
        for decision in incident.decisions
    ]
    shares = (0.2, 0.58, 0.22)
    return grid_table(
        ["When", "Decision", "By"], rows, LANGUAGE, [width * share for share in shares]
    )
