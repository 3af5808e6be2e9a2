"""Error views: JSON bodies like the API's for /api/ paths, Django's pages elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def api_error_view(status: int, detail: str, code: str) -> Callable[..., HttpResponse]:
    """Build a handler404/handler500 view that answers JSON under /api/ and Django's page elsewhere."""
    fallback = {404: defaults.page_not_found, 500: defaults.server_error}[status]

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail, "code": code}, status=status)
        return fallback(request, *args, **kwargs)

    return view


page_not_found = api_error_view(404, "Not found.", "not_found")
server_error = api_error_view(500, "Server error.", "server_error")
