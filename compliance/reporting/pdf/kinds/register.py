"""GDPR Art. 33(5) breach register: every incident of a period, notified or not."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, Paragraph, Spacer

from compliance.reporting.data import RegisterReport, RegisterRow

from ..layout import default_title_block, grid_table
from ..styles import styles
from ..text import UTC, format_count, markup

LANGUAGE = "en"
# A landscape page leaves room for the two free-text columns the EDPB expects.
PAGESIZE = landscape(A4)

TIER_LABELS = {"unlikely": "Unlikely risk", "risk": "Risk", "high": "High risk"}
COLUMNS = (
    ("Reference", 0.10),
    ("Occurred / aware (UTC)", 0.11),
    ("Nature", 0.08),
    ("Subjects", 0.065),
    ("Records", 0.065),
    ("Risk tier", 0.07),
    ("Notified", 0.10),
    ("Reasoning for notifying or not", 0.21),
    ("Remedial action", 0.20),
)


def document_subject(report: RegisterReport) -> str:
    """The PDF's subject property."""
    return "Record of personal data breaches (GDPR Art. 33(5))"


def title_block(report: RegisterReport, width: float) -> list[Flowable]:
    """Title, period and a one-line tally."""
    subtitle = (
        "Record of every personal data breach, notified or not: facts, effects, remedial "
        "action and the reasoning for each decision (Article 33(5) GDPR)"
    )
    flowables = default_title_block(report.header, width, subtitle, "Register period")
    rows = report.rows
    notified = sum(1 for row in rows if row.notified)
    late = sum(1 for row in rows if row.late)
    tally = (
        f"{len(rows)} incidents in the period · {notified} notified to a supervisory authority "
        f"({late} late) · {len(rows) - notified} not notified"
    )
    return [*flowables, Paragraph(markup(tally), styles(LANGUAGE).body), Spacer(1, 2)]


def body(report: RegisterReport, width: float) -> list[Flowable]:
    """One table with a header row repeated on every page."""
    if not report.rows:
        return [
            Paragraph(markup("No breaches were recorded in this period."), styles(LANGUAGE).body)
        ]
    head = [title for title, _ in COLUMNS]
    widths = [width * share for _, share in COLUMNS]
    rows = [_cells(row) for row in report.rows]
    return [grid_table(head, rows, LANGUAGE, widths, numeric=(3, 4))]


def _cells(row: RegisterRow) -> list[str]:
    if row.notified:
        notified = "Yes\n" + (_utc(row.notified_at) if row.notified_at else "time not recorded")
        if row.late:
            notified += "\nLate"
    else:
        notified = "No"
    reference = f"{row.reference}\n{row.title}" if row.title else row.reference
    return [
        reference,
        f"{_utc(row.occurred_at)}\n{_utc(row.aware_at)}",
        row.nature or "—",
        format_count(row.subjects) or "Unknown",
        format_count(row.records) or "Unknown",
        TIER_LABELS.get(row.tier, row.tier) or "Not assessed",
        notified,
        row.reasoning or "MISSING",
        row.remedial_action or "MISSING",
    ]


def _utc(value: datetime | None) -> str:
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M}" if value else "—"
