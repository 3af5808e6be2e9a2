"""Frozen dataclasses for the executive summary and the post-incident review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from compliance.reporting.data.notices import ReportHeader, Validated


@dataclass(frozen=True)
class ObligationLine(Validated):
    """One obligation of an incident with its due time; ASAP ones carry an internal target."""

    label: str
    basis: str = ""
    recipient: str = ""
    due_at: datetime | None = None
    is_internal_target: bool = False
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class TaskCount(Validated):
    """Task counts of one team."""

    team: str
    open: int = 0
    done: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class KeyDecision(Validated):
    """A decision worth showing to executives, with who made it and when."""

    summary: str
    decided_at: datetime | None = None
    decided_by: str = ""


@dataclass(frozen=True)
class IncidentSummary(Validated):
    """One page of the executive summary."""

    reference: str
    title: str = ""
    status: str = ""
    summary: str = ""
    risk_outcome: str = ""
    aware_at: datetime | None = None
    subjects: int | None = None
    records: int | None = None
    obligations: tuple[ObligationLine, ...] = ()
    tasks: tuple[TaskCount, ...] = ()
    decisions: tuple[KeyDecision, ...] = ()


@dataclass(frozen=True)
class ExecutiveSummaryReport(Validated):
    """Executive summary: one page per incident, time left computed at header.generated_at."""

    kind: ClassVar[str] = "executive-summary"

    header: ReportHeader
    incidents: tuple[IncidentSummary, ...] = ()


@dataclass(frozen=True)
class NoticeResult(Validated):
    """One notification of a reviewed incident: its clock, due time and first submission."""

    label: str
    recipient: str = ""
    clock_start: datetime | None = None
    deadline: datetime | None = None
    # ASAP duties have an internal target, never a statutory deadline.
    is_internal_target: bool = False
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class StatementResult(Validated):
    """When the statement to one audience was first published."""

    audience: str
    published_at: datetime | None = None


@dataclass(frozen=True)
class CorrectiveActionLine(Validated):
    """A corrective action agreed in a review, tracked like a task."""

    title: str
    category: str = ""
    owner: str = ""
    team: str = ""
    due_at: datetime | None = None
    status: str = ""
    completed_at: datetime | None = None


@dataclass(frozen=True)
class DrillTeamLine(Validated):
    """One team's drill tasks against the playbook's targets, timed from the drill's start."""

    team: str
    tasks: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    mean_taken: timedelta | None = None
    mean_target: timedelta | None = None
    worst_lateness: timedelta | None = None


@dataclass(frozen=True)
class DrillSection(Validated):
    """What a drill adds to its review: scenario, clock, each team's times and missed steps."""

    scenario: str
    started_at: datetime
    ended_at: datetime | None = None
    speed_factor: int = 1
    teams: tuple[DrillTeamLine, ...] = ()
    missed_steps: tuple[str, ...] = ()
    late_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewReport(Validated):
    """Post-incident review: measured timeline, root cause, lessons and corrective actions.

    For a drill every time is drill time (the accelerated clock already applied).
    """

    kind: ClassVar[str] = "review"

    header: ReportHeader
    incident_title: str = ""
    is_drill: bool = False
    completed: bool = False
    # Timeline
    occurred_from: datetime | None = None
    detected_at: datetime | None = None
    aware_at: datetime | None = None
    contained_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    notices: tuple[NoticeResult, ...] = ()
    statements: tuple[StatementResult, ...] = ()
    # Findings
    root_cause: str = ""
    root_cause_details: str = ""
    summary: str = ""
    went_wrong_decisions: str = ""
    went_wrong_communication: str = ""
    went_wrong_response: str = ""
    went_well: str = ""
    corrective_actions: tuple[CorrectiveActionLine, ...] = ()
    drill: DrillSection | None = None
