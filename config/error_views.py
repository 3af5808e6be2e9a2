"""Error views: JSON bodies like the API's for /api/ paths, Django's pages elsewhere."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from config.transactions import WriteConflict, is_lock_conflict

# Seconds a client should wait before retrying while the database is unreachable.
DATABASE_RETRY_AFTER = 5
DATABASE_DOWN = "The database is unavailable; nothing was saved. Try again shortly."


def api_error_view(status: int, detail: str, code: str) -> Callable[..., HttpResponse]:
    """Build a handler404/handler500 view that answers JSON under /api/ and Django's page elsewhere."""
    fallback = {404: defaults.page_not_found, 500: defaults.server_error}[status]

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail, "code": code}, status=status)
        return fallback(request, *args, **kwargs)

    return view


page_not_found = api_error_view(404, "Not found.", "not_found")
_server_error = api_error_view(500, "Server error.", "server_error")


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """500, unless the error came from the database: 409 for a lock conflict, 503 when it is down.

    A failure outside the API's views (the session or user lookup of a signed-in request, a
    page) reaches Django's handler500, which runs while the exception is being handled.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError) and is_lock_conflict(exc):
        conflict = WriteConflict()
        return _answer(request, conflict.message, "conflict", 409, conflict.retry_after)
    if isinstance(exc, OperationalError | InterfaceError):
        return _answer(request, DATABASE_DOWN, "database_unavailable", 503, DATABASE_RETRY_AFTER)
    return _server_error(request, *args, **kwargs)


def _answer(request: HttpRequest, detail: str, code: str, status: int, wait: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": detail, "code": code}, status=status)
    else:
        response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    return response
