"""Page furniture: header, "page x of y" footer and the DRAFT watermark."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .styles import DANGER, MUTED, RULE, register_fonts
from .text import WORDS


@dataclass(frozen=True)
class PageDecor:
    """What the canvas draws on every page once the page count is known."""

    language: str
    header_left: str
    header_right: str
    generated: str
    draft: bool


def make_canvas_class(decor: PageDecor) -> type[Canvas]:
    """A canvas that holds pages back until save() so the footer can say 'Page x of y'."""

    class DecoratedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._held_pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's API name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, decor, number, total)
                super().showPage()
            super().save()

    return DecoratedCanvas


def _draw_furniture(canvas: Canvas, decor: PageDecor, number: int, total: int) -> None:
    width, height = canvas._pagesize
    margin = 18 * mm
    font = register_fonts()
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    # Header: organisation and reference on every page.
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 8)
    canvas.drawString(margin, height - 11 * mm, _fit(decor.header_left, font, 8, width * 0.55))
    canvas.drawRightString(
        width - margin, height - 11 * mm, _fit(decor.header_right, font, 8, width * 0.38)
    )
    canvas.line(margin, height - 13 * mm, width - margin, height - 13 * mm)
    # Footer: generation time and page x of y.
    canvas.line(margin, 13 * mm, width - margin, 13 * mm)
    canvas.drawString(margin, 9 * mm, _fit(decor.generated, font, 7.5, width * 0.7))
    page = WORDS[decor.language].page.format(x=number, y=total)
    canvas.drawRightString(width - margin, 9 * mm, page)
    if decor.draft:
        _draw_watermark(canvas, decor, width, height)
    canvas.restoreState()


def _draw_watermark(canvas: Canvas, decor: PageDecor, width: float, height: float) -> None:
    text = WORDS[decor.language].draft
    font = register_fonts()
    size = 110 if len(text) <= 6 else 86
    canvas.saveState()
    canvas.setFillColor(DANGER)
    # Drawn over the content, so it must stay translucent to keep the text readable.
    canvas.setFillAlpha(0.16)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(52 if height > width else 30)
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, max_width: float) -> str:
    """Shorten a line with an ellipsis so header and footer never run into each other."""
    if pdfmetrics.stringWidth(text, font, size) <= max_width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text + "…"
