"""PDF from the API: a pass-through renderer, and JSON errors even when a PDF was asked for."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response


class PdfRenderer(BaseRenderer):
    """Lets clients ask for `Accept: application/pdf`; the view returns the PDF bytes itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> Any:
        return data


def errors_as_json(request: Any) -> None:
    """Answer an error in JSON, like every other API error, whatever renderer was chosen."""
    request.accepted_renderer = JSONRenderer()
    request.accepted_media_type = JSONRenderer.media_type


class PdfActionMixin:
    """A viewset whose `pdf_actions` answer with a PDF (and their errors with JSON)."""

    pdf_actions: ClassVar[tuple[str, ...]] = ()

    def get_renderers(self) -> list[BaseRenderer]:
        if getattr(self, "action", None) in self.pdf_actions:
            return [PdfRenderer(), JSONRenderer()]
        return super().get_renderers()  # type: ignore[misc]

    def handle_exception(self, exc: Exception) -> Response:
        if getattr(self, "action", None) in self.pdf_actions:
            errors_as_json(self.request)  # type: ignore[attr-defined]
        return super().handle_exception(exc)  # type: ignore[misc]
