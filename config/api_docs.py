"""The API reference (ReDoc) served by this installation alone, with nothing fetched elsewhere.

The sidecar's ReDoc bundle draws the vendor's logo from its CDN in the sidebar; the copy served
here has that address removed, so the image is never requested (the page's template loads no web
fonts either: config/templates/drf_spectacular/redoc.html).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import drf_spectacular_sidecar
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

REDOC_BUNDLE = (
    Path(drf_spectacular_sidecar.__file__).parent
    / "static"
    / "drf_spectacular_sidecar"
    / "redoc"
    / "bundles"
    / "redoc.standalone.js"
)
VENDOR_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def redoc_bundle_text() -> str:
    """The ReDoc bundle without the vendor logo's address (read once per process)."""
    return REDOC_BUNDLE.read_text(encoding="utf-8").replace(VENDOR_LOGO, "")


@require_safe
@cache_control(max_age=86400, public=True)
def redoc_bundle(request: HttpRequest) -> HttpResponse:
    """Serve the ReDoc bundle the API reference page loads."""
    return HttpResponse(redoc_bundle_text(), content_type="text/javascript; charset=utf-8")
