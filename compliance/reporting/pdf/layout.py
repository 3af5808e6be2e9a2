"""Flowables shared by every report kind: label/value and data tables, headings, boxes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from compliance.reporting.data import Contact, Measure, ReportHeader

from .styles import ACCENT, DANGER, LABEL_FILL, RULE, WARN_FILL, register_fonts, styles
from .text import (
    BEIJING_ZONES,
    WORDS,
    format_both,
    format_measure_time,
    header_reference,
    markup,
    zone_label_zh,
)

# A value shown in a table cell: text, a number, a list of lines, or None for "not provided".
Value = str | int | float | Sequence[str] | None


def value_paragraphs(value: Value, language: str) -> list[Flowable]:
    """A value as paragraphs: one per list item, a red 'not provided' when empty."""
    style = styles(language)
    if value is None or value == "" or (isinstance(value, tuple | list) and not value):
        return [Paragraph(markup(WORDS[language].not_provided), style.missing)]
    if isinstance(value, tuple | list):
        if len(value) == 1:
            return [Paragraph(markup(value[0]), style.value)]
        return [Paragraph(markup(item), style.bullet, bulletText="•") for item in value]
    return [Paragraph(markup(value), style.value)]


def field_table(
    rows: Iterable[tuple[str, Value]], language: str, width: float, label_ratio: float = 0.3
) -> Table:
    """A two-column label/value table whose rows may split across pages."""
    style = styles(language)
    data = [
        [Paragraph(markup(label), style.label), value_paragraphs(value, language)]
        for label, value in rows
    ]
    label_width = width * label_ratio
    table = Table(data, colWidths=[label_width, width - label_width], splitByRow=1, splitInRow=40)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def grid_table(
    head: Sequence[str],
    rows: Sequence[Sequence[Value]],
    language: str,
    col_widths: Sequence[float],
    numeric: Sequence[int] = (),
) -> Table:
    """A data table with a shaded header row that repeats on every page it spans."""
    style = styles(language)
    head_cells = [
        Paragraph(markup(text), style.table_head_number if i in numeric else style.table_head)
        for i, text in enumerate(head)
    ]
    data: list[list[object]] = [head_cells]
    for row in rows:
        data.append(
            [
                _cell(value, style.table_number if i in numeric else style.table_cell)
                for i, value in enumerate(row)
            ]
        )
    table = Table(
        data,
        colWidths=list(col_widths),
        repeatRows=1,
        splitByRow=1,
        splitInRow=30,
        hAlign="LEFT",
    )
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LABEL_FILL]))
    table.setStyle(TableStyle(commands))
    return table


def _cell(value: Value, style: ParagraphStyle) -> Paragraph:
    if isinstance(value, tuple | list):
        value = "\n".join(str(item) for item in value)
    return Paragraph(markup("" if value is None else value), style)


def heading(number: str, title: str, language: str) -> list[Flowable]:
    """A section heading numbered as in the regulator's form, never stranded at a page foot."""
    separator = "、" if language == "zh-hans" and not number[-1:].isdigit() else ". "
    text = f"{number}{separator}{title}" if number else title
    # A page break only when little room is left: keepWithNext would move a whole long table.
    return [CondPageBreak(28 * mm), Paragraph(markup(text), styles(language).heading)]


def measure_table(
    label: str, measures: Sequence[Measure], language: str, width: float, zone: str = "UTC"
) -> list[Flowable]:
    """Measures with status and date (in the given zone); 'not provided' when there are none."""
    if not measures:
        return [field_table([(label, None)], language, width)]
    zh = language == "zh-hans"
    done, planned = ("已完成", "计划中") if zh else ("Taken", "Proposed")
    rows = [
        [
            measure.description,
            done if measure.done else planned,
            format_measure_time(measure.at, zone, language) if measure.at else "",
        ]
        for measure in measures
    ]
    if zh:
        date_label = f"时间（{zone_label_zh(zone)}）" if zone in BEIJING_ZONES else "时间"
    else:
        date_label = f"Date ({zone})"
    head = [label, "状态" if zh else "Status", date_label]
    return [grid_table(head, rows, language, [width * 0.64, width * 0.12, width * 0.24])]


def contact_rows(contact: Contact | None, language: str) -> list[tuple[str, Value]]:
    """A contact as name, role and the ways to reach them."""
    zh = language == "zh-hans"
    ways = None
    if contact is not None:
        ways = "\n".join(part for part in (contact.email, contact.phone, contact.address) if part)
    return [
        ("联系人" if zh else "Name", contact.name if contact else None),
        ("职务" if zh else "Role", contact.role if contact else None),
        ("联系方式" if zh else "Contact details", ways or None),
    ]


def bullets(items: Iterable[str], language: str) -> list[Flowable]:
    """A bulleted list of user text."""
    style = styles(language).bullet
    return [Paragraph(markup(item), style, bulletText="•") for item in items]


def gaps_box(gaps: Sequence[str], language: str, width: float) -> Table:
    """The framed list of missing facts shown from page 1 of a draft.

    One row per missing fact, so a long list splits across pages (a single cell cannot: a
    register with a few dozen gaps would not fit on one page) and each page frames its part.
    """
    style = styles(language)
    words = WORDS[language]
    heading: list[Flowable] = [
        Paragraph(markup(words.gaps_title), style.subheading),
        Paragraph(markup(words.gaps_intro), style.warn),
    ]
    rows = [[heading], *([item] for item in bullets(gaps, language))]
    box = Table(rows, colWidths=[width], repeatRows=1)
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("BOX", (0, 0), (-1, -1), 1.2, DANGER),
                ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    return box


def notice_box(title: str, text: str, language: str, width: float) -> Table:
    """A framed note under the title, e.g. that the duty a report answers is not owed."""
    style = styles(language)
    content: list[Flowable] = [Paragraph(markup(title), style.subheading)]
    if text:
        content.append(Paragraph(markup(text), style.warn))
    box = Table([[content]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, DANGER),
                ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


def callout(rows: Sequence[tuple[str, str]], language: str, width: float) -> Table:
    """A shaded box of key facts laid out in label/value pairs, two pairs per line."""
    style = styles(language)
    cells = [
        [Paragraph(markup(label), style.label), Paragraph(markup(value), style.value)]
        for label, value in rows
    ]
    if len(cells) % 2:
        cells.append(["", ""])
    data = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    quarter = width / 4
    table = Table(data, colWidths=[quarter * 0.75, quarter * 1.25] * 2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("BACKGROUND", (0, 0), (-1, -1), LABEL_FILL),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def default_title_block(
    header: ReportHeader, width: float, subtitle: str, reference_label: str
) -> list[Flowable]:
    """Document title, subtitle and a small table of who, what and when."""
    language = header.language
    style = styles(language)
    zh = language == "zh-hans"
    rows: list[tuple[str, Value]] = [
        ("单位" if zh else "Organisation", header.organisation_name),
        (
            "生成时间" if zh else "Generated",
            format_both(header.generated_at, header.local_zone, language),
        ),
    ]
    if header_reference(header):
        rows.insert(1, (reference_label, header_reference(header)))
    if header.generated_by:
        rows.append(("生成人" if zh else "Generated by", header.generated_by))
    return [
        Paragraph(markup(header.document_title), style.title),
        Paragraph(markup(subtitle), style.subtitle),
        field_table(rows, language, width, label_ratio=0.26),
        Spacer(1, 8),
    ]
