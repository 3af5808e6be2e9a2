"""Build the review report dataclass (compliance.reporting.data kind "review") from a review's rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from compliance.reporting.data import (
    CorrectiveActionLine,
    DrillSection,
    DrillTeamLine,
    NoticeResult,
    ReportHeader,
    ReviewReport,
    StatementResult,
)
from incidents.learning.models import REVIEW_FINDINGS, Drill, Review
from incidents.learning.selectors import incident_timeline
from incidents.models import OrganisationProfile


def _zone(name: str) -> str:
    """The organisation's zone when it is a real one, else UTC."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def _user_label(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name() or user.get_username()


def _seconds(value: float | None) -> timedelta | None:
    return timedelta(seconds=value) if value is not None else None


def drill_section(drill: Drill) -> DrillSection:
    """The drill's frozen report (teams, missed and late steps) as the PDF's drill section."""
    report = drill.report or {}
    teams = tuple(
        DrillTeamLine(
            team=row["team"],
            tasks=row["tasks"],
            on_time=row["on_time"],
            late=row["late"],
            missed=row["missed"],
            mean_taken=_seconds(row["mean_taken"]),
            mean_target=_seconds(row["mean_target"]),
            worst_lateness=_seconds(row["worst_lateness"]),
        )
        for row in report.get("teams", [])
    )
    ended = drill.drill_time(drill.ended_at) if drill.ended_at else None
    return DrillSection(
        scenario=drill.scenario.name
        if drill.scenario
        else f"Replay of {report.get('source_incident')}",
        started_at=drill.started_at,
        ended_at=ended,
        speed_factor=drill.speed_factor,
        teams=teams,
        missed_steps=tuple(report.get("missed_steps", [])),
        late_steps=tuple(report.get("late_steps", [])),
    )


def review_report_build(*, review: Review, now: datetime, actor: Any = None) -> ReviewReport:
    """The review as a report dataclass; a drill's review carries its drill section and clock."""
    incident = review.incident
    drill: Drill | None = getattr(incident, "drill", None) if incident.is_drill else None
    clock = drill.recorded_time if drill is not None else (lambda moment: moment)
    timeline = incident_timeline(incident=incident, clock=clock)
    profile = OrganisationProfile.current()
    header = ReportHeader(
        organisation_name=profile.name,
        document_title="Drill report and review" if drill else "Post-incident review",
        generated_at=now,
        local_zone=_zone(profile.default_time_zone),
        generated_by=_user_label(actor),
        incident_reference=incident.reference,
    )
    return ReviewReport(
        header=header,
        incident_title=incident.title,
        is_drill=incident.is_drill,
        completed=review.status == "completed",
        occurred_from=timeline.occurred_from,
        detected_at=timeline.detected_at,
        aware_at=timeline.aware_at,
        contained_at=timeline.contained_at,
        resolved_at=timeline.resolved_at,
        closed_at=timeline.closed_at,
        notices=tuple(
            NoticeResult(
                label=notice.legal_basis,
                recipient=notice.recipient,
                clock_start=notice.clock_start,
                deadline=notice.deadline,
                is_internal_target=notice.due_at is None,
                submitted_at=notice.first_submitted_at,
            )
            for notice in timeline.notices
        ),
        statements=tuple(StatementResult(s.audience, s.published_at) for s in timeline.statements),
        **{name: getattr(review, name) for name in REVIEW_FINDINGS},
        corrective_actions=tuple(
            CorrectiveActionLine(
                title=action.title,
                category=action.get_category_display(),
                owner=_user_label(action.owner),
                team=action.team.name,
                due_at=action.due_at,
                status=action.status,
                completed_at=action.completed_at,
            )
            for action in review.actions.all()
        ),
        drill=drill_section(drill) if drill is not None and drill.ended_at else None,
    )
