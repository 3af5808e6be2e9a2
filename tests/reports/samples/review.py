"""The review of the Irish phishing incident, and the report of a ransomware drill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from compliance.reporting.data import (
    CorrectiveActionLine,
    DrillSection,
    DrillTeamLine,
    NoticeResult,
    ReportHeader,
    ReviewReport,
    StatementResult,
)

from .ireland import AWARE, DPO, ORGANISATION, REFERENCE

REVIEWED = datetime(2025, 4, 14, 15, 0, tzinfo=UTC)


def sample_review() -> ReviewReport:
    """A completed review: notified on time, customers told a day late, four actions agreed."""
    header = ReportHeader(
        organisation_name=ORGANISATION,
        document_title="Post-incident review",
        generated_at=REVIEWED,
        local_zone="Europe/Dublin",
        generated_by=f"{DPO.name} (DPO)",
        incident_reference=REFERENCE,
    )
    return ReviewReport(
        header=header,
        incident_title="Customer database copied after phishing",
        completed=True,
        occurred_from=datetime(2025, 2, 28, 22, 40, tzinfo=UTC),
        detected_at=datetime(2025, 3, 2, 18, 20, tzinfo=UTC),
        aware_at=AWARE,
        contained_at=datetime(2025, 3, 3, 17, 30, tzinfo=UTC),
        resolved_at=datetime(2025, 3, 12, 10, 0, tzinfo=UTC),
        closed_at=datetime(2025, 4, 2, 9, 0, tzinfo=UTC),
        notices=(
            NoticeResult(
                "GDPR Art. 33(1)",
                "Data Protection Commission (Ireland)",
                clock_start=AWARE,
                deadline=AWARE + timedelta(hours=72),
                submitted_at=datetime(2025, 3, 5, 16, 55, tzinfo=UTC),
            ),
            NoticeResult(
                "GDPR Art. 34(1)",
                "Affected customers",
                clock_start=AWARE,
                deadline=AWARE + timedelta(hours=24),
                is_internal_target=True,
                submitted_at=datetime(2025, 3, 5, 11, 0, tzinfo=UTC),
            ),
        ),
        statements=(
            StatementResult("Staff", datetime(2025, 3, 3, 16, 0, tzinfo=UTC)),
            StatementResult("Media", datetime(2025, 3, 5, 12, 30, tzinfo=UTC)),
        ),
        root_cause="cyber_attack",
        root_cause_details=(
            "A phished service-account password without MFA gave access to the customer "
            "database's export function."
        ),
        summary=(
            "Contained within eight hours of awareness and notified with 16 hours to spare; "
            "customers heard a day later than the internal target."
        ),
        went_wrong_decisions=(
            "The high-risk decision waited a day for the full export log although the "
            "categories of data were known on the first morning."
        ),
        went_wrong_communication=(
            "The customer letter went through four rounds of review; the media statement came "
            "after the first journalist's call."
        ),
        went_wrong_response=(
            "The phished account kept working for 40 minutes after detection because nobody on "
            "call could disable service accounts."
        ),
        went_well=(
            "Evidence was preserved before containment; the authority's form was filled from "
            "the generated notice in 20 minutes."
        ),
        corrective_actions=(
            CorrectiveActionLine(
                "Enforce MFA on every service account",
                "Access control and MFA",
                "Ciarán Doyle",
                "IT/Security",
                datetime(2025, 5, 31, 17, 0, tzinfo=UTC),
                "in_progress",
            ),
            CorrectiveActionLine(
                "Pre-approved customer letter templates",
                "Process and playbooks",
                "Aoife Brennan",
                "DPO",
                datetime(2025, 4, 30, 17, 0, tzinfo=UTC),
                "done",
                completed_at=datetime(2025, 4, 10, 12, 0, tzinfo=UTC),
            ),
            CorrectiveActionLine(
                "On-call rights to disable service accounts",
                "Process and playbooks",
                "Ciarán Doyle",
                "IT/Security",
                datetime(2025, 4, 30, 17, 0, tzinfo=UTC),
                "open",
            ),
            CorrectiveActionLine(
                "Phishing training for customer-service staff",
                "Staff training",
                "",
                "Legal",
                datetime(2025, 6, 30, 17, 0, tzinfo=UTC),
                "open",
            ),
        ),
    )


def sample_drill_review() -> ReviewReport:
    """A ransomware drill on a 12× clock: IT on time, PR late, one legal step missed."""
    started = datetime(2025, 9, 17, 9, 0, tzinfo=UTC)
    ended = started + timedelta(hours=30)
    header = ReportHeader(
        organisation_name=ORGANISATION,
        document_title="Drill report and review",
        generated_at=started + timedelta(hours=2, minutes=35),
        local_zone="Europe/Dublin",
        generated_by=f"{DPO.name} (DPO)",
        incident_reference="BD-2025-0031",
    )
    drill = DrillSection(
        scenario="Ransomware on a file server",
        started_at=started,
        ended_at=ended,
        speed_factor=12,
        teams=(
            DrillTeamLine(
                "DPO",
                3,
                2,
                1,
                0,
                timedelta(hours=9),
                timedelta(hours=12),
                timedelta(hours=2, minutes=12),
            ),
            DrillTeamLine(
                "IT/Security", 4, 4, 0, 0, timedelta(hours=3, minutes=30), timedelta(hours=6)
            ),
            DrillTeamLine("Legal", 2, 1, 0, 1, timedelta(hours=20), timedelta(hours=24)),
            DrillTeamLine(
                "PR/Comms", 2, 0, 2, 0, timedelta(hours=14), timedelta(hours=8), timedelta(hours=7)
            ),
        ),
        missed_steps=("Legal: Check contracts for notification duties to customers",),
        late_steps=(
            "DPO: Decide notifiability and record the rationale (2 h 12 min late)",
            "PR/Comms: Prepare a holding statement (7 h late)",
            "PR/Comms: Brief the customer-service desk (5 h late)",
        ),
    )
    return ReviewReport(
        header=header,
        incident_title="[EXERCISE] Ransomware encrypted the shared file server",
        is_drill=True,
        detected_at=started - timedelta(hours=2),
        occurred_from=started - timedelta(hours=10),
        aware_at=started,
        contained_at=started + timedelta(hours=5),
        notices=(
            NoticeResult(
                "GDPR Art. 33(1)",
                "Data Protection Commission (Ireland)",
                clock_start=started,
                deadline=started + timedelta(hours=72),
            ),
        ),
        root_cause="cyber_attack",
        went_wrong_decisions="Nobody was sure who could declare awareness at night.",
        went_wrong_communication="The holding statement waited for legal approval for 7 hours.",
        went_wrong_response="Backups shared the domain with the file server.",
        went_well="IT isolated the server and preserved evidence well within its targets.",
        corrective_actions=(
            CorrectiveActionLine(
                "Move backups to a separate administrative domain",
                "Patching and hardening",
                "Ciarán Doyle",
                "IT/Security",
                started + timedelta(days=45),
                "open",
            ),
            CorrectiveActionLine(
                "Pre-approve holding statements for the top five scenarios",
                "Process and playbooks",
                "",
                "PR/Comms",
                started + timedelta(days=30),
                "open",
            ),
        ),
        drill=drill,
    )
