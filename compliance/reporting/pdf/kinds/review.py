"""Post-incident review (and drill report): measured timeline, findings, corrective actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from reportlab.platypus import Flowable, Paragraph

from compliance.reporting.data import CorrectiveActionLine, DrillSection, NoticeResult, ReviewReport

from ..layout import Value, bullets, callout, default_title_block, field_table, grid_table, heading
from ..styles import styles
from ..text import duration_text, format_utc, markup

LANGUAGE = "en"

ROOT_CAUSE_LABELS = {
    "human_error": "Human error",
    "system_vulnerability": "System vulnerability",
    "insider": "Insider",
    "cyber_attack": "Cyber attack",
    "physical_theft": "Physical theft",
    "third_party": "Third party",
}
STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "done": "Done",
    "not_applicable": "Not applicable",
}


def document_subject(report: ReviewReport) -> str:
    """The PDF's subject property."""
    if report.is_drill:
        return "Drill report and review of a breach-response exercise"
    return "Post-incident review of a personal data breach"


def title_block(report: ReviewReport, width: float) -> list[Flowable]:
    """Title, who/when table and a box of the headline measurements."""
    if report.is_drill:
        subtitle = (
            "EXERCISE — a rehearsal on the real engine and tasks; nobody outside the "
            "organisation was contacted. Times are drill times."
        )
    else:
        subtitle = "Lessons learned from a personal data breach and the actions agreed"
    if report.incident_title:
        subtitle = f"{report.incident_title}\n{subtitle}"
    flowables = default_title_block(report.header, width, subtitle, "Incident")
    taken = [n for n in report.notices if n.submitted_at is not None]
    on_time = sum(1 for n in taken if n.deadline is None or n.submitted_at <= n.deadline)
    facts = [
        ("Review", "Completed" if report.completed else "Draft"),
        ("Root cause", ROOT_CAUSE_LABELS.get(report.root_cause, report.root_cause) or "—"),
        ("Time to detect", duration_text(_between(report.occurred_from, report.detected_at))),
        ("Time to awareness", duration_text(_between(report.detected_at, report.aware_at))),
        ("Time to containment", duration_text(_between(report.aware_at, report.contained_at))),
        ("Notices on time", f"{on_time} of {len(report.notices)}"),
    ]
    return [*flowables, callout(facts, LANGUAGE, width)]


def body(report: ReviewReport, width: float) -> list[Flowable]:
    """The drill's results first (for a drill), then the review's sections in order."""
    flowables: list[Flowable] = []
    number = 1
    if report.drill is not None:
        flowables += heading(str(number), "Drill results", LANGUAGE)
        flowables += _drill(report.drill, width)
        number += 1
    sections = [
        ("Measured timeline", _timeline(report, width)),
        ("Notifications against their deadlines", _notices(report, width)),
        ("Statements", _statements(report, width)),
        ("Root cause", _root_cause(report, width)),
        ("What went wrong", _went_wrong(report, width)),
        ("What went well", [field_table([("What went well", report.went_well)], LANGUAGE, width)]),
        ("Corrective actions", _actions(report, width)),
    ]
    for title, content in sections:
        flowables += heading(str(number), title, LANGUAGE)
        flowables += content
        number += 1
    return flowables


def margin_text(delta: timedelta) -> str:
    """A margin for or against a deadline; seconds short of a minute still show they count."""
    if timedelta() < abs(delta) < timedelta(minutes=1):
        return "less than 1 min"
    return duration_text(delta)


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    return end - start if start is not None and end is not None else None


def _when(value: datetime | None) -> str:
    return format_utc(value) if value is not None else "—"


def _timeline(report: ReviewReport, width: float) -> list[Flowable]:
    steps = [
        ("Detection: breach began → first signal", report.occurred_from, report.detected_at),
        ("Awareness: first signal → reasonable certainty", report.detected_at, report.aware_at),
        ("Containment: awareness → contained", report.aware_at, report.contained_at),
        ("Resolution: awareness → resolved", report.aware_at, report.resolved_at),
    ]
    rows: list[list[Value]] = [
        [label, _when(start), _when(end), duration_text(_between(start, end))]
        for label, start, end in steps
    ]
    rows.append(["Closed", "", _when(report.closed_at), ""])
    shares = (0.4, 0.21, 0.21, 0.18)
    head = ["Step", "From", "To", "Time taken"]
    return [grid_table(head, rows, LANGUAGE, [width * s for s in shares])]


def _outcome(notice: NoticeResult, now: datetime) -> str:
    """On time / late by … / overdue by … / time left, against the deadline or internal target."""
    deadline, sent = notice.deadline, notice.submitted_at
    if deadline is None:
        return "Sent" if sent else "Not sent"
    if sent is not None:
        margin = deadline - sent
        if margin >= timedelta():
            return f"On time ({margin_text(margin)} to spare)"
        return f"LATE by {margin_text(-margin)}"
    if now > deadline:
        return f"OVERDUE by {margin_text(now - deadline)}"
    return f"Not sent; {duration_text(deadline - now)} left"


def _notices(report: ReviewReport, width: float) -> list[Flowable]:
    if not report.notices:
        return [Paragraph(markup("No notification was required."), styles(LANGUAGE).body)]
    now = report.drill.ended_at if report.drill and report.drill.ended_at else None
    now = now or report.header.generated_at
    rows: list[list[Value]] = []
    for notice in report.notices:
        label = f"{notice.label}\n{notice.recipient}" if notice.recipient else notice.label
        due = _when(notice.deadline)
        if notice.is_internal_target and notice.deadline is not None:
            # ASAP duties have no statutory due time; never present the target as a legal deadline.
            due += "\nInternal target"
        rows.append(
            [
                label,
                due,
                _when(notice.submitted_at),
                duration_text(_between(notice.clock_start, notice.submitted_at)),
                _outcome(notice, now),
            ]
        )
    shares = (0.28, 0.19, 0.19, 0.14, 0.2)
    head = ["Notice", "Due", "First submitted", "Time taken", "Outcome"]
    return [grid_table(head, rows, LANGUAGE, [width * s for s in shares])]


def _statements(report: ReviewReport, width: float) -> list[Flowable]:
    if not report.statements:
        return [Paragraph(markup("No statement was published."), styles(LANGUAGE).body)]
    start = report.aware_at or report.detected_at
    rows: list[list[Value]] = [
        [s.audience, _when(s.published_at), duration_text(_between(start, s.published_at))]
        for s in report.statements
    ]
    shares = (0.4, 0.3, 0.3)
    head = ["Audience", "First published", "After awareness"]
    return [grid_table(head, rows, LANGUAGE, [width * s for s in shares])]


def _root_cause(report: ReviewReport, width: float) -> list[Flowable]:
    category = ROOT_CAUSE_LABELS.get(report.root_cause, report.root_cause) or None
    rows: list[tuple[str, Value]] = [
        ("Category", category),
        ("Details", report.root_cause_details or None),
    ]
    if report.summary:
        rows.insert(0, ("Summary", report.summary))
    return [field_table(rows, LANGUAGE, width)]


def _went_wrong(report: ReviewReport, width: float) -> list[Flowable]:
    rows: list[tuple[str, Value]] = [
        ("Decisions", report.went_wrong_decisions or None),
        ("Communication", report.went_wrong_communication or None),
        ("Response", report.went_wrong_response or None),
    ]
    return [field_table(rows, LANGUAGE, width)]


def _actions(report: ReviewReport, width: float) -> list[Flowable]:
    if not report.corrective_actions:
        return [field_table([("Corrective actions", None)], LANGUAGE, width)]
    rows: list[list[Value]] = []
    for action in report.corrective_actions:
        status = STATUS_LABELS.get(action.status, action.status) or "—"
        if _is_overdue(action, report.header.generated_at):
            status += "\nOVERDUE"
        if action.completed_at is not None:
            status += f"\n{format_utc(action.completed_at)}"
        owner = "\n".join(part for part in (action.owner, action.team) if part) or "MISSING"
        rows.append(
            [
                action.title,
                action.category or "—",
                owner,
                _when(action.due_at) if action.due_at else "MISSING",
                status,
            ]
        )
    shares = (0.34, 0.16, 0.18, 0.16, 0.16)
    head = ["Action", "Category", "Owner", "Due", "Status"]
    return [grid_table(head, rows, LANGUAGE, [width * s for s in shares])]


def _is_overdue(action: CorrectiveActionLine, now: datetime) -> bool:
    """An action still to do whose due time has passed when the document is generated."""
    still_open = action.status in ("open", "in_progress", "blocked")
    return still_open and action.due_at is not None and action.due_at < now


def _drill(drill: DrillSection, width: float) -> list[Flowable]:
    clock = (
        f"Accelerated: {drill.speed_factor} drill minutes per real minute"
        if drill.speed_factor > 1
        else "Real time"
    )
    facts: list[tuple[str, Value]] = [
        ("Scenario", drill.scenario),
        ("Clock", clock),
        ("Started", _when(drill.started_at)),
        ("Ended (drill time)", _when(drill.ended_at)),
        ("Drill duration", duration_text(_between(drill.started_at, drill.ended_at))),
    ]
    flowables: list[Flowable] = [field_table(facts, LANGUAGE, width), _team_table(drill, width)]
    style = styles(LANGUAGE)
    flowables.append(Paragraph(markup("Missed steps"), style.subheading))
    flowables += bullets(drill.missed_steps, LANGUAGE) or [
        Paragraph(markup("None: every step due before the end was done."), style.body)
    ]
    flowables.append(Paragraph(markup("Steps done late"), style.subheading))
    flowables += bullets(drill.late_steps, LANGUAGE) or [Paragraph(markup("None."), style.body)]
    return flowables


def _team_table(drill: DrillSection, width: float) -> Flowable:
    if not drill.teams:
        return Paragraph(markup("No tasks were generated."), styles(LANGUAGE).body)
    rows: list[list[Value]] = [
        [
            team.team,
            str(team.tasks),
            str(team.on_time),
            str(team.late),
            str(team.missed),
            duration_text(team.mean_taken),
            duration_text(team.mean_target),
            duration_text(team.worst_lateness),
        ]
        for team in drill.teams
    ]
    head = ["Team", "Tasks", "On time", "Late", "Missed", "Mean taken", "Mean target", "Worst late"]
    shares = (0.18, 0.08, 0.09, 0.08, 0.09, 0.16, 0.16, 0.16)
    return grid_table(head, rows, LANGUAGE, [width * s for s in shares], numeric=(1, 2, 3, 4))
