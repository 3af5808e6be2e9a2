"""The per-incident audit trail as a PDF for regulators, with an embedded TrueType font.

Every text that users typed is escaped before it reaches ReportLab's paragraph markup: an
unescaped `<img src=...>` or `<link>` in a title would otherwise be interpreted as markup.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from incidents.audit_export import AuditEntry, AuditExport

FONT_NAME = "BreachdeskAuditSans"
# WenQuanYi Micro Hei covers Latin and Chinese; it is bundled with the report templates.
BUNDLED_FONT = (
    Path(settings.BASE_DIR) / "compliance" / "reporting" / "pdf" / "fonts" / "wqy-microhei.ttc"
)
MAX_VALUE_CHARS = 160


class AuditPdfUnavailable(ImproperlyConfigured):
    """The TrueType font the PDF embeds cannot be found."""


def font_path() -> Path:
    """The font to embed: BREACHDESK_PDF_FONT if set, else the bundled WenQuanYi Micro Hei."""
    configured = getattr(settings, "BREACHDESK_PDF_FONT", "")
    path = Path(configured) if configured else BUNDLED_FONT
    if not path.is_file():
        raise AuditPdfUnavailable(
            f"The PDF font {path} is missing. Restore compliance/reporting/pdf/fonts/wqy-microhei.ttc "
            "from the Breachdesk sources, or set BREACHDESK_PDF_FONT to a TrueType (.ttf/.ttc) "
            "font that covers the languages of your incidents."
        )
    return path


def _register_font() -> None:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT_NAME, fontSize=8, leading=10, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=15, leading=19, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base, fontSize=9, leading=12),
        "cell": base,
        "hash": ParagraphStyle("hash", parent=base, fontSize=6, leading=7.5, textColor=colors.grey),
    }


def _text(value: Any) -> str:
    """A value as escaped, shortened paragraph text."""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(value) > MAX_VALUE_CHARS:
        value = value[: MAX_VALUE_CHARS - 1] + "…"
    return escape(value)


def changes_lines(changes: dict[str, Any]) -> list[str]:
    """Describe an entry's changes one field per line: 'field: before → after' or 'field = value'."""
    lines = []
    for key, value in changes.items():
        if isinstance(value, dict) and set(value) == {"before", "after"}:
            lines.append(f"{_text(key)}: {_text(value['before'])} → {_text(value['after'])}")
        elif key in {"after", "before"} and isinstance(value, dict):
            lines.extend(
                f"{_text(name)} = {_text(v)}"
                for name, v in value.items()
                if v not in (None, "", [], {})
            )
        else:
            lines.append(f"{_text(key)} = {_text(value)}")
    return lines


def _entry_row(entry: AuditEntry, styles: dict[str, ParagraphStyle]) -> list[Any]:
    who = _text(entry.actor_label or "system")
    if entry.ip_address:
        who += f"<br/>{_text(entry.ip_address)}"
    what = f"{_text(entry.object_type)} {_text(entry.object_id)}<br/>{_text(entry.object_repr)}"
    hashes = f"#{entry.id} hash {entry.hash}<br/>prev {entry.prev_hash}"
    return [
        Paragraph(_text(entry.created_at.replace("+00:00", "Z")), styles["cell"]),
        Paragraph(who, styles["cell"]),
        Paragraph(_text(entry.action), styles["cell"]),
        Paragraph(what, styles["cell"]),
        [
            Paragraph("<br/>".join(changes_lines(entry.changes)) or "—", styles["cell"]),
            Paragraph(hashes, styles["hash"]),
        ],
    ]


def _summary(export: AuditExport, styles: dict[str, ParagraphStyle]) -> list[Any]:
    if export.chain_intact:
        state = f"intact ({export.chain_entries_checked} entries checked, head {export.chain_head})"
    else:
        state = f"BROKEN at entry #{export.chain_broken_entry_id}"
    lines = [
        f"Incident {_text(export.incident_reference)}: {_text(export.incident_title)}",
        f"Generated {_text(export.generated_at)} by {_text(export.generated_by)}",
        f"Entries for this incident: {len(export.entries)}. Audit chain: {state}.",
        escape(export.hash_method),
    ]
    return [Paragraph(line, styles["body"]) for line in lines]


def audit_pdf_render(export: AuditExport) -> bytes:
    """Render an incident's audit export as PDF bytes."""
    _register_font()
    styles = _styles()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"Audit trail {export.incident_reference}",
        author="Breachdesk",
        # Otherwise every page also names Helvetica, a font that is never embedded.
        initialFontName=FONT_NAME,
    )
    header = [
        Paragraph(text, styles["cell"])
        for text in ("Time (UTC)", "Who / from", "Action", "Object", "Changes and chain hashes")
    ]
    table = LongTable(
        [header] + [_entry_row(entry, styles) for entry in export.entries],
        colWidths=[34 * mm, 32 * mm, 22 * mm, 55 * mm, None],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eaf0")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c0c4cc")),
            ]
        )
    )
    title = Paragraph(f"Audit trail · {_text(export.incident_reference)}", styles["title"])

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont(FONT_NAME, 7)
        canvas.drawRightString(
            doc.pagesize[0] - 12 * mm, 8 * mm, f"{export.incident_reference} · page {doc.page}"
        )

    document.build(
        [title, *_summary(export, styles), Spacer(1, 4 * mm), table],
        onFirstPage=footer,
        onLaterPages=footer,
    )
    return buffer.getvalue()
