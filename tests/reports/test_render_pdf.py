"""Properties every rendered PDF has: embedded fonts, drafts, escaping, paging, metadata."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from compliance.reporting.completeness import ReportIncomplete, completeness
from compliance.reporting.data import GdprArt33Report, RegisterReport, ReportHeader
from compliance.reporting.pdf import render_pdf
from tests.reports.samples import (
    sample_gdpr_art33,
    sample_pipl_art57,
    sample_register,
    sample_reports,
)

SAMPLES = sample_reports()
CI = os.environ.get("CI", "").lower() == "true"


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace removed, so wrapped labels still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def require_poppler(tool: str) -> str:
    """Path of a poppler-utils tool; skip without it, except under CI where it must exist."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} not installed (Debian package poppler-utils)"
        if CI:
            pytest.fail(f"{message}; CI=true requires it")
        pytest.skip(message)
    return path


def late_art33(**changes: object) -> GdprArt33Report:
    """The sample notification, generated five hours after its 72-hour deadline."""
    report = sample_gdpr_art33()
    assert report.deadline_at is not None
    header = dataclasses.replace(
        report.header, generated_at=report.deadline_at + timedelta(hours=5)
    )
    return dataclasses.replace(report, header=header, **changes)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_font_is_embedded(name: str, tmp_path) -> None:
    pdffonts = require_poppler("pdffonts")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(render_pdf(SAMPLES[name]))
    output = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True)
    fonts = output.stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        # Columns: name type encoding emb sub uni object-id generation; emb is 5th from the end.
        assert line.split()[-5] == "yes", line
        assert "WenQuanYiMicroHei" in line, line


@pytest.mark.parametrize("name", list(SAMPLES))
def test_samples_are_complete_and_render_final_without_draft(name: str) -> None:
    report = SAMPLES[name]
    assert completeness(report) == []
    text = "".join(pages_text(render_pdf(report, final=True)))
    assert "DRAFT" not in text


def test_incomplete_report_is_a_draft_on_every_page_listing_the_gaps() -> None:
    report = dataclasses.replace(sample_gdpr_art33(), dpo=None, description="")
    gaps = completeness(report)
    assert gaps == [
        "DPO or other contact point (Art. 33(3)(b))",
        "Nature: description of the breach (Art. 33(3)(a))",
    ]
    pages = pages_text(render_pdf(report))
    assert all("DRAFT" in page for page in pages)
    assert "DRAFT—requiredinformationmissing" in pages[0]
    for gap in gaps:
        assert re.sub(r"\s+", "", gap) in pages[0]


def test_final_render_of_incomplete_report_raises_listing_the_gaps() -> None:
    report = dataclasses.replace(sample_gdpr_art33(), measures_taken=(), measures_proposed=())
    with pytest.raises(ReportIncomplete) as raised:
        render_pdf(report, final=True)
    assert raised.value.gaps == ["Measures taken or proposed (Art. 33(3)(d))"]
    assert "Measures taken or proposed" in str(raised.value)


def test_chinese_draft_lists_gaps_in_chinese() -> None:
    report = dataclasses.replace(sample_pipl_art57(), cause="", contact=None)
    pages = pages_text(render_pdf(report))
    assert all("草稿" in page and "DRAFT" not in page for page in pages)
    assert "原因（第五十七条第一款第（一）项）" in pages[0]
    assert "联系方式（第五十七条第一款第（三）项）" in pages[0]


def test_late_art33_without_reasons_for_delay_is_incomplete() -> None:
    report = late_art33()
    assert report.is_late
    assert "Reasons for delay (Art. 33(1), notified after the 72-hour deadline)" in completeness(
        report
    )
    with pytest.raises(ReportIncomplete):
        render_pdf(report, final=True)


def test_late_art33_with_reasons_for_delay_is_complete() -> None:
    report = late_art33(reasons_for_delay="The processor told us only on day four.")
    assert completeness(report) == []
    text = "".join(pages_text(render_pdf(report, final=True)))
    assert "Reasonsfordelay(Art.33(1))Theprocessortoldusonlyondayfour." in text


@pytest.mark.parametrize(
    ("offset", "late"),
    [
        pytest.param(timedelta(seconds=-1), False, id="one-second-before"),
        pytest.param(timedelta(0), False, id="at-deadline"),
        pytest.param(timedelta(seconds=1), True, id="one-second-after"),
    ],
)
def test_lateness_boundary_is_the_72_hour_instant(offset: timedelta, late: bool) -> None:
    report = sample_gdpr_art33()
    assert report.deadline_at is not None
    header = dataclasses.replace(report.header, generated_at=report.deadline_at + offset)
    assert dataclasses.replace(report, header=header).is_late is late


def test_follow_up_after_deadline_is_not_late_when_initial_notice_was_on_time() -> None:
    report = late_art33(
        phase="follow-up",
        authority_reference="DPC-BN-25-1187",
        initial_notified_at=datetime.fromisoformat("2025-03-05T17:00:00+00:00"),
    )
    assert not report.is_late
    assert completeness(report) == []


def test_follow_up_needs_the_authority_reference() -> None:
    report = dataclasses.replace(sample_gdpr_art33(), phase="follow-up")
    assert completeness(report) == ["Authority's reference of the earlier notice (Art. 33(4))"]


def test_markup_in_user_text_renders_literally() -> None:
    hostile = "<script>alert('x')</script> & <b>bold</b> &amp; <para> 5 < 6 \x00\x07"
    report = dataclasses.replace(
        sample_gdpr_art33(),
        description=hostile,
        header=dataclasses.replace(sample_gdpr_art33().header, organisation_name="A & <B> Ltd"),
    )
    text = "".join(pages_text(render_pdf(report)))
    assert "<script>alert('x')</script>&<b>bold</b>&amp;<para>5<6" in text
    assert "A&<B>Ltd" in text


def test_register_of_200_rows_repeats_the_header_row_on_every_page() -> None:
    report = sample_register(200)
    pages = pages_text(render_pdf(report))
    assert len(pages) >= 5
    for page in pages:
        assert "ReferenceOccurred/aware(UTC)NatureSubjectsRecordsRisktierNotified" in page
        assert "Reasoningfornotifyingornot" in page
    text = "".join(pages)
    for row in report.rows:
        assert text.count(row.reference) == 1, row.reference


def test_footer_counts_pages_on_every_page() -> None:
    pages = pages_text(render_pdf(sample_register(200)))
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page{number}of{total}" in page


def test_header_shows_organisation_and_reference_on_every_page() -> None:
    pages = pages_text(render_pdf(sample_gdpr_art33()))
    assert len(pages) == 3
    for page in pages:
        assert "HarbourlineRetailLtd—Personaldatabreachnotification" in page
        assert "INC-2025-0142" in page
        assert "Generated:2025-03-0516:40UTC·2025-03-0516:40GMT" in page


def test_pdftotext_extracts_chinese_text() -> None:
    pdftotext = require_poppler("pdftotext")
    output = subprocess.run(
        [pdftotext, "-", "-"],
        input=render_pdf(sample_pipl_art57()),
        capture_output=True,
        check=True,
    )
    text = re.sub(r"\s+", "", output.stdout.decode())
    assert "个人可以采取的减轻危害的措施" in text
    assert "第1页/共2页" in text


def test_document_properties() -> None:
    metadata = PdfReader(io.BytesIO(render_pdf(sample_gdpr_art33()))).metadata
    assert metadata is not None
    assert metadata.title == "Personal data breach notification"
    assert metadata.author == "Aoife Brennan (DPO)"
    assert metadata.subject == "GDPR Art. 33 notification to Data Protection Commission (Ireland)"
    assert metadata.creator == "Breachdesk"


def test_text_taller_than_a_page_splits_instead_of_failing() -> None:
    long_text = "\n".join(f"Paragraph {n}: " + "word " * 80 for n in range(60))
    report = dataclasses.replace(sample_gdpr_art33(), description=long_text)
    pages = pages_text(render_pdf(report))
    assert len(pages) > 4
    assert "Paragraph59:" in "".join(pages)


def test_empty_register_renders() -> None:
    report = RegisterReport(header=sample_register(0).header)
    assert "Nobreacheswererecordedinthisperiod." in "".join(pages_text(render_pdf(report)))


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ReportHeader(
            organisation_name="X",
            document_title="Y",
            generated_at=datetime(2025, 1, 1, 12, 0),
        )


def test_language_the_kind_is_not_written_in_is_rejected() -> None:
    report = sample_gdpr_art33()
    chinese = dataclasses.replace(
        report, header=dataclasses.replace(report.header, language="zh-hans")
    )
    with pytest.raises(ValueError, match="written in en"):
        render_pdf(chinese)


def test_executive_summary_keeps_each_incident_on_one_page() -> None:
    report = sample_reports()["executive-summary"]
    first = report.incidents[0]
    crowded = dataclasses.replace(first, decisions=first.decisions * 30)
    report = dataclasses.replace(report, incidents=(crowded, *report.incidents[1:]))
    assert len(pages_text(render_pdf(report))) == len(report.incidents)


def test_rendering_layer_does_not_import_django() -> None:
    code = (
        "import sys, compliance.reporting.pdf, compliance.reporting.data; "
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"


def test_register_of_1000_incidents_with_200_gaps_renders_every_gap() -> None:
    """The DRAFT box of missing facts splits across pages however long it is (issue 17.4)."""
    report = sample_register(1000)
    rows = list(report.rows)
    for index in range(0, 200, 2):  # 100 rows lacking both facts: 200 gaps
        rows[index] = dataclasses.replace(rows[index], reasoning="", remedial_action="")
    report = dataclasses.replace(report, rows=tuple(rows))
    gaps = completeness(report)
    assert len(gaps) == 200
    pages = pages_text(render_pdf(report))
    text = "".join(pages)
    for gap in gaps:
        assert re.sub(r"\s+", "", gap) in text, gap
    assert "DRAFT" in pages[-1]
    for row in report.rows:
        assert row.reference in text
