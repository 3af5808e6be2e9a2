"""Build the Art. 33(5) breach register and the executive summary from the rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from compliance.models import Obligation, ObligationStatus, RiskAssessment
from compliance.reporting.data import (
    ExecutiveSummaryReport,
    IncidentSummary,
    KeyDecision,
    ObligationLine,
    RegisterReport,
    RegisterRow,
    ReportHeader,
    TaskCount,
)
from compliance.reporting.labels import assessment_summary, obligation_label, status_label
from compliance.reporting.selectors.sources import (
    ReportSources,
    facts_of,
    first_submission,
    is_authority_notice,
    joined,
    lines,
    obligations_queryset,
    user_label,
    valid_zone,
)
from incidents.models import Incident, LegalEntity, OrganisationProfile, TaskStatus

BREACH_ORDER = ("confidentiality", "integrity", "availability")
OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)


def register_incidents(
    *, period_from: date, period_to: date, entity: LegalEntity | None, include_drills: bool
) -> QuerySet[Incident]:
    """Every incident detected in the period (both days included), notified or not."""
    queryset = (
        Incident.objects.filter(
            detected_at__date__gte=period_from, detected_at__date__lte=period_to
        )
        .select_related("report_facts")
        .prefetch_related(
            Prefetch("obligations", queryset=obligations_queryset(), to_attr="applying"),
            Prefetch(
                "assessments",
                queryset=RiskAssessment.objects.order_by("-created_at", "-pk"),
                to_attr="assessments_latest_first",
            ),
        )
        .order_by("detected_at", "pk")
    )
    if not include_drills:
        queryset = queryset.filter(is_drill=False)
    if entity is not None:
        queryset = queryset.filter(entities=entity)
    return queryset


def register_build(
    *,
    period_from: date,
    period_to: date,
    entity: LegalEntity | None,
    include_drills: bool,
    actor: Any,
    now: datetime,
) -> RegisterReport:
    """GDPR Art. 33(5): facts, effects, remedial action and the reasoning for each decision."""
    profile = OrganisationProfile.current()
    incidents = register_incidents(
        period_from=period_from,
        period_to=period_to,
        entity=entity,
        include_drills=include_drills,
    )
    header = ReportHeader(
        organisation_name=entity.legal_name if entity else profile.name,
        document_title="Register of personal data breaches",
        generated_at=now,
        local_zone=valid_zone(profile.default_time_zone),
        generated_by=user_label(actor),
        period_start=period_from,
        period_end=period_to,
    )
    return RegisterReport(header=header, rows=tuple(_register_row(i, entity) for i in incidents))


def _register_row(incident: Incident, entity: LegalEntity | None) -> RegisterRow:
    notices = [o for o in incident.applying if is_authority_notice(o)]
    own = [o for o in notices if entity is not None and o.entity_id == entity.pk]
    notice = (own or notices or [None])[0]
    sent = first_submission(notice)
    assessment = (incident.assessments_latest_first or [None])[0]
    tier = assessment.effective_tier if assessment else incident.risk_level
    late = sent is not None and (
        sent.late or (notice.due_at is not None and sent.submitted_at > notice.due_at)
    )
    # C / I / A as in the security triad: the register's nature column is narrow.
    nature = ", ".join(code[0].upper() for code in BREACH_ORDER if code in incident.breach_types)
    return RegisterRow(
        reference=incident.reference,
        title=incident.title + (" (drill)" if incident.is_drill else ""),
        occurred_at=incident.occurred_from,
        aware_at=incident.aware_at,
        nature=nature,
        subjects=incident.subjects_total if incident.affected_subjects else None,
        records=incident.records_count,
        tier=tier,
        notified=sent is not None,
        notified_at=sent.submitted_at if sent else None,
        late=late,
        reasoning=_reasoning(incident, notice, sent, assessment),
        remedial_action=joined(lines(incident.measures_taken), "; "),
    )


def _reasoning(
    incident: Incident, notice: Obligation | None, sent: Any, assessment: RiskAssessment | None
) -> str:
    """The DPO's own words, else why the engine says notify or not, plus reasons for lateness."""
    own_words = facts_of(incident).register_reasoning
    if own_words.strip():
        return own_words
    if notice is None:
        if assessment is None:
            return ""
        summary = assessment_summary(assessment.effective_tier, assessment.score, assessment.band)
        parts = [summary, assessment.explanation]
    elif sent is not None:
        delay = f"Late: {sent.delay_reasons}" if sent.delay_reasons else ""
        parts = [f"Notified to {notice.recipient}", notice.explanation, delay]
    elif notice.status == ObligationStatus.NOT_REQUIRED:
        exemption = f" ({notice.exemption.rstrip('.')})" if notice.exemption else ""
        parts = [f"Not notified{exemption}", notice.explanation]
    else:
        parts = [f"Notification {notice.get_status_display().lower()}", notice.explanation]
    return " ".join(_sentence(part) for part in parts if part.strip())


def _sentence(text: str) -> str:
    """Text ending with a full stop, so joined parts read as sentences."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def executive_summary_build(sources: ReportSources) -> ExecutiveSummaryReport:
    """One page on the incident: status, deadlines with time left, tasks per team, decisions."""
    incident, profile = sources.incident, sources.profile
    summary = IncidentSummary(
        reference=incident.reference,
        title=incident.title + (" (drill)" if incident.is_drill else ""),
        status=status_label(incident.status),
        summary=incident.description,
        risk_outcome=sources.risk_outcome,
        aware_at=incident.aware_at,
        subjects=incident.subjects_total if incident.affected_subjects else None,
        records=incident.records_count,
        obligations=_obligation_lines(sources),
        tasks=_task_counts(incident, sources.now),
        decisions=_decisions(sources),
    )
    header = ReportHeader(
        organisation_name=profile.name,
        document_title="Executive summary",
        generated_at=sources.now,
        local_zone=valid_zone(profile.default_time_zone),
        generated_by=user_label(sources.actor),
        incident_reference=incident.reference,
    )
    return ExecutiveSummaryReport(header=header, incidents=(summary,))


def _obligation_lines(sources: ReportSources) -> tuple[ObligationLine, ...]:
    """Duties still in force, soonest first (ASAP ones by their internal target)."""
    rows = [
        _obligation_line(o)
        for o in sources.obligations
        if o.status != ObligationStatus.NOT_REQUIRED
    ]
    return tuple(sorted(rows, key=lambda row: (row.due_at is None, row.due_at or sources.now)))


def _obligation_line(obligation: Obligation) -> ObligationLine:
    sent = first_submission(obligation)
    recipient = obligation.recipient
    if obligation.entity is not None:
        recipient = f"{recipient}\n(for {obligation.entity.legal_name})"
    return ObligationLine(
        label=obligation_label(obligation.rule_id, obligation.regime),
        basis=obligation.legal_basis,
        recipient=recipient,
        due_at=obligation.due_at or obligation.target_at,
        is_internal_target=obligation.due_at is None and obligation.target_at is not None,
        submitted_at=sent.submitted_at if sent else None,
    )


def _task_counts(incident: Incident, now: datetime) -> tuple[TaskCount, ...]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "done": 0, "overdue": 0})
    for task in incident.tasks.select_related("team").order_by("team__name", "pk"):
        row = counts[task.team.name]
        if task.status == TaskStatus.DONE:
            row["done"] += 1
        elif task.status in OPEN_TASK_STATUSES:
            row["open"] += 1
            if task.due_at is not None and task.due_at < now:
                row["overdue"] += 1
    return tuple(TaskCount(team, **row) for team, row in counts.items())


def _decisions(sources: ReportSources) -> tuple[KeyDecision, ...]:
    """Risk assessments, decisions not to notify, and notices sent, oldest first."""
    decisions: list[KeyDecision] = []
    for assessment in sources.incident.assessments.select_related("assessor").order_by(
        "created_at"
    ):
        text = assessment_summary(assessment.effective_tier, assessment.score, assessment.band)
        if assessment.override_tier:
            text += f"; override: {assessment.override_rationale}"
        decisions.append(KeyDecision(text, assessment.created_at, user_label(assessment.assessor)))
    for obligation in sources.obligations:
        if obligation.status == ObligationStatus.NOT_REQUIRED:
            text = f"Not notifying {obligation.recipient}: {obligation.exemption or obligation.explanation}"
            decisions.append(KeyDecision(text, obligation.updated_at))
        for sent in obligation.submissions.all():
            text = f"Sent the {sent.get_phase_display().lower()} notice to {obligation.recipient} ({obligation.legal_basis})"
            decisions.append(KeyDecision(text, sent.submitted_at, user_label(sent.recorded_by)))
    return tuple(sorted(decisions, key=lambda d: d.decided_at or sources.now))
