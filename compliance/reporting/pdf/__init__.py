"""Turn report dataclasses into PDF bytes; nothing here knows about Django."""

from compliance.reporting.pdf.render import render_pdf

__all__ = ["render_pdf"]
