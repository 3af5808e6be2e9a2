"""Time to render the three-page sample GDPR Art. 33 notification to PDF bytes."""

from __future__ import annotations

import io
import statistics
import time

from pypdf import PdfReader

from compliance.reporting.pdf import render_pdf
from compliance.reporting.pdf.styles import register_fonts
from tests.reports.samples import sample_gdpr_art33


def run(quick: bool = False) -> dict[str, float | int]:
    """Median milliseconds per render once the font is loaded, and the page count."""
    report = sample_gdpr_art33()
    # Loading the 5 MB font happens once per process; time it apart from rendering.
    started = time.perf_counter()
    register_fonts()
    font_load_ms = (time.perf_counter() - started) * 1000
    pdf = render_pdf(report)  # warm-up: first use of each glyph and style
    timings = []
    for _ in range(5 if quick else 25):
        started = time.perf_counter()
        render_pdf(report)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "pdf_gdpr_art33_ms": round(statistics.median(timings), 1),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "pdf_font_load_ms": round(font_load_ms, 1),
    }


if __name__ == "__main__":
    print(run())
