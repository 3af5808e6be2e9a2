"""The review kind: measured timeline, findings and actions; a drill's results come first."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from compliance.reporting.completeness import ReportIncomplete, completeness
from compliance.reporting.pdf import render_pdf
from compliance.reporting.pdf.text import duration_text
from tests.reports.samples import sample_drill_review, sample_review


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(text: str, items: list[str]) -> None:
    position = 0
    for item in items:
        found = text.find(squash(item), position)
        assert found >= 0, f"{item!r} missing or out of order"
        position = found


def test_review_shows_each_measurement_finding_and_action_in_order() -> None:
    text = pdf_text(render_pdf(sample_review(), final=True))
    in_order(
        text,
        [
            "Post-incident review",
            "Customer database copied after phishing",
            "Time to detect",
            "1 d 19 h 40 min",
            "Time to awareness",
            "14 h 55 min",
            "Time to containment",
            "8 h 15 min",
            "Notices on time",
            "1 of 2",
            "1. Measured timeline",
            "Detection: breach began → first signal",
            "2025-02-28 22:40 UTC",
            "2. Notifications against their deadlines",
            "GDPR Art. 33(1)",
            "2025-03-06 09:15 UTC",
            "2025-03-05 16:55 UTC",
            "On time (16 h 20 min to spare)",
            "GDPR Art. 34(1)",
            "Internal target",
            "LATE by 1 d 1 h 45 min",
            "3. Statements",
            "Staff",
            "6 h 45 min",
            "4. Root cause",
            "Cyber attack",
            "without MFA",
            "5. What went wrong",
            "Decisions",
            "Communication",
            "Response",
            "6. What went well",
            "Evidence was preserved",
            "7. Corrective actions",
            "Enforce MFA on every service account",
            "Ciarán Doyle",
            "2025-05-31 17:00 UTC",
            "In progress",
        ],
    )
    assert "DRAFT" not in text and "EXERCISE" not in text


def test_drill_report_puts_team_times_and_missed_steps_first() -> None:
    text = pdf_text(render_pdf(sample_drill_review(), final=True))
    in_order(
        text,
        [
            "Drill report and review",
            "EXERCISE",
            "nobody outside the organisation was contacted",
            "1. Drill results",
            "Accelerated: 12 drill minutes per real minute",
            "Drill duration",
            "1 d 6 h 0 min",
            "Team",
            "Mean taken",
            "Mean target",
            "PR/Comms",
            "14 h 0 min",
            "8 h 0 min",
            "7 h 0 min",
            "Missed steps",
            "Legal: Check contracts",
            "Steps done late",
            "PR/Comms: Prepare a holding statement",
            "2. Measured timeline",
        ],
    )


def test_a_review_is_a_draft_until_findings_and_owned_dated_actions_exist() -> None:
    report = dataclasses.replace(
        sample_review(),
        went_well="",
        corrective_actions=(
            dataclasses.replace(
                sample_review().corrective_actions[0], owner="", team="", due_at=None
            ),
        ),
    )
    gaps = completeness(report)
    assert gaps == [
        "What went well",
        "Enforce MFA on every service account: owner",
        "Enforce MFA on every service account: due date",
    ]
    with pytest.raises(ReportIncomplete):
        render_pdf(report, final=True)
    text = pdf_text(render_pdf(report))
    assert "DRAFT" in text and "MISSING" in text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        pytest.param(timedelta(seconds=59), "0 min", id="under-a-minute"),
        pytest.param(timedelta(hours=2, minutes=5), "2 h 5 min", id="hours"),
        pytest.param(timedelta(days=3, minutes=1), "3 d 0 h 1 min", id="days"),
        pytest.param(-timedelta(hours=1), "−1 h 0 min", id="negative"),
        pytest.param(None, "—", id="unknown"),
    ],
)
def test_durations_are_exact_to_the_minute(delta, text) -> None:
    assert duration_text(delta) == text


@pytest.mark.parametrize(
    ("late_by", "outcome"),
    [
        pytest.param(timedelta(seconds=1), "LATE by less than 1 min", id="one-second-late"),
        pytest.param(
            timedelta(seconds=-1), "On time (less than 1 min to spare)", id="one-second-early"
        ),
        pytest.param(timedelta(), "On time (0 min to spare)", id="at-the-deadline"),
        pytest.param(timedelta(minutes=1), "LATE by 1 min", id="one-minute-late"),
    ],
)
def test_a_margin_under_a_minute_is_not_shown_as_zero(late_by, outcome) -> None:
    report = sample_review()
    notice = report.notices[0]
    assert notice.deadline is not None
    changed = dataclasses.replace(notice, submitted_at=notice.deadline + late_by)
    text = pdf_text(render_pdf(dataclasses.replace(report, notices=(changed,))))
    assert squash(outcome) in text


def test_an_open_action_past_its_due_date_is_marked_overdue() -> None:
    text = pdf_text(render_pdf(sample_review(), final=True))
    # Generated on 14 April: the action due 30 April is not overdue yet, nor the done one.
    assert "OVERDUE" not in text
    report = sample_review()
    later = dataclasses.replace(report.header, generated_at=datetime(2025, 5, 1, 9, 0, tzinfo=UTC))
    text = pdf_text(render_pdf(dataclasses.replace(report, header=later), final=True))
    in_order(text, ["On-call rights to disable service accounts", "Open", "OVERDUE"])
    assert text.count("OVERDUE") == 1
