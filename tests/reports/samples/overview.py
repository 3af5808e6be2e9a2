"""The Irish sample organisation's breach register and executive summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from compliance.reporting.data import (
    ExecutiveSummaryReport,
    IncidentSummary,
    KeyDecision,
    ObligationLine,
    RegisterReport,
    RegisterRow,
    TaskCount,
)
from tests.reports.samples.ireland import AWARE, REFERENCE, sample_header


def sample_register(rows: int = 24) -> RegisterReport:
    """A register of the year 2025 with the given number of incidents."""
    header = sample_header(
        "Register of personal data breaches",
        incident_reference="",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    return RegisterReport(header=header, rows=tuple(_register_row(i) for i in range(rows)))


def _register_row(index: int) -> RegisterRow:
    occurred = datetime(2025, 1, 2, 8, 0, tzinfo=UTC) + timedelta(hours=37 * index)
    tier = ("unlikely", "risk", "high")[index % 3]
    notified = tier != "unlikely"
    late = notified and index % 7 == 0
    reasoning = (
        "Misdirected e-mail to a trusted recipient who confirmed deletion: unlikely to result "
        "in a risk, so not notified."
        if not notified
        else "Contact details of customers exposed; notified as a risk to rights and freedoms."
        + (
            " Notified late: the processor told us 60 hours after its own awareness."
            if late
            else ""
        )
    )
    return RegisterRow(
        reference=f"INC-2025-{index + 1:04d}",
        title=("Misdirected e-mail", "Lost laptop (encrypted)", "Phishing")[index % 3],
        occurred_at=occurred,
        aware_at=occurred + timedelta(hours=5),
        nature=("C", "C, A", "C, I")[index % 3],
        subjects=(index * 37) % 900 + 1,
        records=(index * 91) % 4000 + 1,
        tier=tier,
        notified=notified,
        notified_at=occurred + timedelta(hours=80 if late else 40) if notified else None,
        late=late,
        reasoning=reasoning,
        remedial_action="Recipient deletion confirmed; staff reminded of address checks.",
    )


def sample_executive_summary() -> ExecutiveSummaryReport:
    """Two open incidents, each on its own page."""
    first = IncidentSummary(
        reference=REFERENCE,
        title="Customer database copied after phishing",
        status="Contained — notification in preparation",
        summary=(
            "Customer contact details and order histories of 48,250 people were exported by an "
            "attacker using a phished service account. Containment is complete; the Data "
            "Protection Commission must be notified by 6 March 09:15 UTC."
        ),
        risk_outcome="high",
        aware_at=AWARE,
        subjects=48_250,
        records=212_400,
        obligations=(
            ObligationLine(
                "Notify the supervisory authority",
                "GDPR Art. 33(1)",
                "Data Protection Commission",
                AWARE + timedelta(hours=72),
            ),
            ObligationLine(
                "Tell the affected customers",
                "GDPR Art. 34(1)",
                "Data subjects",
                AWARE + timedelta(hours=24),
                is_internal_target=True,
            ),
            ObligationLine(
                "Record in the breach register",
                "GDPR Art. 33(5)",
                "Register",
                None,
                submitted_at=datetime(2025, 3, 3, 12, 0, tzinfo=UTC),
            ),
        ),
        tasks=(
            TaskCount("Security", open=3, done=9, overdue=0),
            TaskCount("Legal and DPO", open=4, done=3, overdue=1),
            TaskCount("Customer service", open=2, done=1),
            TaskCount("Communications", open=1, done=2),
        ),
        decisions=(
            KeyDecision(
                "Assessed as high risk (ENISA SE 3.5): customers will be told",
                datetime(2025, 3, 4, 15, 0, tzinfo=UTC),
                "Aoife Brennan (DPO)",
            ),
            KeyDecision(
                "Forced password reset for all customer accounts",
                datetime(2025, 3, 3, 17, 30, tzinfo=UTC),
                "Ciarán Doyle",
            ),
        ),
    )
    second = IncidentSummary(
        reference="INC-2025-0143",
        title="Payroll file sent to the wrong supplier",
        status="Under assessment",
        summary="A payroll export was e-mailed to a former supplier, who confirmed deletion.",
        risk_outcome="unlikely",
        aware_at=datetime(2025, 3, 5, 8, 0, tzinfo=UTC),
        subjects=112,
        records=112,
        obligations=(
            ObligationLine(
                "Notify the supervisory authority (if needed)",
                "GDPR Art. 33(1)",
                "Data Protection Commission",
                datetime(2025, 3, 8, 8, 0, tzinfo=UTC),
            ),
        ),
        tasks=(TaskCount("Legal and DPO", open=1, done=1),),
    )
    header = sample_header("Executive summary of open incidents", incident_reference="")
    return ExecutiveSummaryReport(header=header, incidents=(first, second))
