"""The bundled font, the colour palette and the paragraph styles of every report."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiMicroHei"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
LABEL_FILL = colors.HexColor("#f0f4f8")
ACCENT = colors.HexColor("#243b53")
WARN_FILL = colors.HexColor("#fff4e5")
WARN_INK = colors.HexColor("#8a4b08")
DANGER = colors.HexColor("#b42318")


@functools.cache
def register_fonts() -> str:
    """Register the bundled WenQuanYi Micro Hei once per process and return its name.

    Parsing the 5 MB TTC takes longer than rendering a report, so it happens only once; the
    font covers Latin and Chinese, and as a TrueType font ReportLab embeds a subset of it
    (the built-in CID fonts such as STSong-Light would not be embedded).
    """
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
    # Map <b>/<i> markup onto the same face: the font has no bold or italic variant.
    pdfmetrics.registerFontFamily(
        FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
    )
    return FONT_NAME


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one language."""

    title: ParagraphStyle
    title2: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    missing: ParagraphStyle
    small: ParagraphStyle
    bullet: ParagraphStyle
    table_head: ParagraphStyle
    table_head_number: ParagraphStyle
    table_cell: ParagraphStyle
    table_number: ParagraphStyle
    warn: ParagraphStyle


@functools.cache
def styles(language: str) -> Styles:
    """The styles of a language; Chinese text wraps between any two characters."""
    font = register_fonts()
    extra = {"wordWrap": "CJK"} if language == "zh-hans" else {}
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12.5, textColor=INK, **extra)

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        title=derive("title", fontSize=18, leading=23, textColor=ACCENT, spaceAfter=2),
        title2=derive("title2", fontSize=14, leading=18, textColor=ACCENT, spaceAfter=6),
        subtitle=derive("subtitle", fontSize=10, leading=14, textColor=MUTED, spaceAfter=6),
        heading=derive(
            "heading",
            fontSize=12,
            leading=16,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        subheading=derive(
            "subheading",
            fontSize=10,
            leading=14,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=1,
        ),
        body=derive("body", spaceAfter=5),
        label=derive("label", fontSize=8.5, leading=12, textColor=MUTED),
        value=derive("value"),
        missing=derive("missing", textColor=DANGER),
        small=derive("small", fontSize=8, leading=11, textColor=MUTED),
        bullet=derive("bullet", leftIndent=11, bulletIndent=2, bulletFontName=font, spaceAfter=1),
        table_head=derive("table_head", fontSize=8, leading=10.5, textColor=colors.white),
        table_head_number=derive(
            "table_head_number",
            fontSize=8,
            leading=10.5,
            textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        table_cell=derive("table_cell", fontSize=8, leading=10.5),
        table_number=derive("table_number", fontSize=8, leading=10.5, alignment=TA_RIGHT),
        warn=derive("warn", textColor=WARN_INK),
    )
