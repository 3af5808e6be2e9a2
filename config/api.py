"""Shared REST API plumbing: pagination and the one exception handler."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import ApplicationError


class Pagination(pagination.PageNumberPagination):
    """Page-number pagination with a client-chosen page size up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


def _application_error_response(exc: ApplicationError) -> Response:
    """Render a domain error as {"field": ["message"]} or {"detail": ...}."""
    if exc.fields:
        body: dict[str, Any] = dict(exc.fields)
    else:
        body = {"detail": exc.message, "code": exc.default_code}
    return Response(body, status=exc.status_code)


class DatabaseUnavailable(exceptions.APIException):
    """The database went away during the request; its transaction was rolled back."""

    status_code = 503
    default_detail = "The database is unavailable; nothing was saved. Try again shortly."
    default_code = "database_unavailable"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain errors and Django's own errors to consistent JSON bodies.

    Input errors name each field ({"field": ["message"]}); every other error is
    {"detail": "...", "code": "..."}.
    """
    if isinstance(exc, ApplicationError):
        return _application_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, OperationalError):
        exc = DatabaseUnavailable()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        _add_code(response, exc)
    if isinstance(exc, DatabaseUnavailable) and response is not None:
        response["Retry-After"] = "5"
    return response


def _add_code(response: Response, exc: exceptions.APIException) -> None:
    """Give {"detail": ...} bodies the machine-readable code of their error."""
    if isinstance(response.data, dict) and set(response.data) == {"detail"}:
        codes = exc.get_codes()
        response.data["code"] = codes if isinstance(codes, str) else exc.default_code
