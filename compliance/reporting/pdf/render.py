"""Turn a report dataclass into PDF bytes."""

from __future__ import annotations

import io
from types import ModuleType

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from compliance.reporting.completeness import ReportIncomplete, completeness
from compliance.reporting.data import KIND_LANGUAGES, Report, ReportHeader

from . import pages, styles, text
from .kinds import (
    cac_report,
    executive_summary,
    gdpr_art33,
    gdpr_art34_notice,
    pipl_art57,
    register,
    review,
)
from .layout import gaps_box

_KIND_MODULES: dict[str, ModuleType] = {
    "gdpr-art33": gdpr_art33,
    "pipl-art57": pipl_art57,
    "cac-report": cac_report,
    "gdpr-art34-notice": gdpr_art34_notice,
    "register": register,
    "executive-summary": executive_summary,
    "review": review,
}

_MARGIN = 18 * mm


def render_pdf(report: Report, *, final: bool = False) -> bytes:
    """Render a report as PDF bytes; with final=True a report with gaps raises ReportIncomplete.

    A report with gaps renders as a draft: a DRAFT watermark on every page and the list of
    missing facts on page 1.
    """
    kind = getattr(report, "kind", None)
    module = _KIND_MODULES.get(kind) if isinstance(kind, str) else None
    if module is None:
        raise TypeError(f"not a report dataclass: {type(report).__name__}")
    header: ReportHeader = report.header
    if header.language not in KIND_LANGUAGES[kind]:
        raise ValueError(
            f"{kind} reports are written in {', '.join(KIND_LANGUAGES[kind])}, "
            f"not {header.language!r}"
        )
    gaps = completeness(report)
    if final and gaps:
        raise ReportIncomplete(kind, gaps)

    pagesize = getattr(module, "PAGESIZE", A4)
    # The frame keeps its default 6 pt padding on each side.
    width = pagesize[0] - 2 * _MARGIN - 12
    story: list[Flowable] = module.title_block(report, width)
    if gaps:
        story += [gaps_box(gaps, header.language, width), Spacer(1, 6)]
    story += module.body(report, width)
    return _build(report, module, story, pagesize, draft=bool(gaps))


def _build(
    report: Report, module: ModuleType, story: list[Flowable], pagesize: tuple, *, draft: bool
) -> bytes:
    header = report.header
    buffer = io.BytesIO()
    subject = module.document_subject(report)
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=20 * mm,
        bottomMargin=19 * mm,
        title=header.document_title,
        author=header.generated_by or header.organisation_name,
        subject=subject,
        creator="Breachdesk",
        keywords=[word for word in (report.kind, header.incident_reference) if word],
        lang="zh-Hans" if header.language == "zh-hans" else "en",
        initialFontName=styles.register_fonts(),
        initialFontSize=9,
        displayDocTitle=True,
    )
    decor = pages.PageDecor(
        language=header.language,
        header_left=text.plain(f"{header.organisation_name} — {header.document_title}"),
        header_right=text.plain(text.header_reference(header)),
        generated=text.plain(text.generated_line(header)),
        draft=draft,
    )
    document.build(story, canvasmaker=pages.make_canvas_class(decor))
    return buffer.getvalue()
