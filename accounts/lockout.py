"""The response a locked-out client gets: JSON for the API, a page for people."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_OUT_STATUS = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Tell the client it is locked out and for how long (django-axes AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else None
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": "Too many failed sign-ins. Try again later or ask an administrator.",
                "code": "locked_out",
            },
            status=LOCKED_OUT_STATUS,
        )
    else:
        minutes = seconds // 60 if seconds else None
        response = render(
            request,
            "accounts/locked_out.html",
            {"minutes": minutes},
            status=LOCKED_OUT_STATUS,
        )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
