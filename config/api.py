"""Shared REST API plumbing: pagination, strict filters and input, the one exception handler."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from django_filters import BooleanFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters, pagination, serializers
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import ApplicationError
from config.fields import BOOLEAN_WORDS
from config.input_policy import UNKNOWN_PARAMETER, body_field_errors
from config.transactions import WriteConflict, is_lock_conflict


class Pagination(pagination.PageNumberPagination):
    """Page-number pagination with a client-chosen page size up to 500; a bad size is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 500
    # Set by a view that already knows how many rows its list has (a count cached under the
    # facts' version): the page is then read without the database counting every row.
    known_count: int | None = None

    def django_paginator_class(self, object_list: Any, per_page: int) -> DjangoPaginator:
        paginator = DjangoPaginator(object_list, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count  # replaces the cached property's COUNT(*)
        return paginator

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        value = raw[-1]
        if len(raw) > 1 or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        # DRF reads an empty `page` as the first page; like any other bad value it is a 400.
        raw = request.query_params.getlist(self.page_query_param)
        if raw and (len(raw) > 1 or not raw[-1].isdigit() or int(raw[-1]) < 1):
            raise exceptions.ValidationError({self.page_query_param: ["A whole number from 1."]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            bounds = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 500}}
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


Converter = tuple[str, str, Callable[[Any], Any], type | None, bool]


class RowRepresentation:
    """A read-only serializer's output for rows of `QuerySet.values()`, without model instances.

    Each field keeps its own `to_representation`; what is skipped is DRF's per-field machinery
    (attribute lookup, the readable-field generator, a model instance per row), which is most of
    a list page's cost, and the call itself where the field would return its value unchanged (a
    `str` for a CharField, an `int` for an IntegerField). The output equals
    `serializer_class(instances, many=True).data` for the same rows; nested serializers of plain
    dicts (JSON columns) are handled the same way.
    """

    def __init__(self, serializer_class: type[serializers.Serializer]) -> None:
        self.serializer_class = serializer_class
        self._fields: list[Converter] | None = None

    @property
    def sources(self) -> list[str]:
        """The columns to ask `values()` for."""
        return [field[1] for field in self.fields]

    @property
    def fields(self) -> list[Converter]:
        if self._fields is None:
            self._fields = _field_converters(self.serializer_class())
        return self._fields

    def __call__(self, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return _represent(rows, self.fields)


def _represent(rows: Iterable[Mapping[str, Any]], fields: list[Converter]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        item = {}
        for name, source, convert, unchanged, optional in fields:
            if optional and source not in row:
                continue  # an optional key left out of stored JSON is left out, as in DRF
            value = row[source]  # any other missing key is a server error, as in DRF
            item[name] = value if value is None or type(value) is unchanged else convert(value)
        out.append(item)
    return out


def _field_converters(serializer: serializers.Serializer) -> list[Converter]:
    """(output name, column, converter, type written unchanged) for each readable field."""
    converters = []
    for field in serializer.fields.values():
        if field.write_only:
            continue
        if len(field.source_attrs) != 1 or field.source == "*":
            raise ValueError(f"{field.field_name}: only plain columns can be read from rows")
        convert = field.to_representation
        if isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, serializers.Serializer
        ):
            nested = _field_converters(field.child)
            convert = functools.partial(_represent, fields=nested)
        # DRF leaves out a field that is not required, has no default and takes no null.
        optional = not field.required and field.default is empty and not field.allow_null
        converters.append(
            (field.field_name, field.source_attrs[0], convert, _unchanged(field), optional)
        )
    return converters


def _unchanged(field: serializers.Field) -> type | None:
    """The type of value that the field's own to_representation returns as it is, if any."""
    method = type(field).to_representation
    big_integer = getattr(serializers, "BigIntegerField", None)
    if method is serializers.CharField.to_representation:
        return str  # str(value)
    if method is serializers.BooleanField.to_representation:
        return bool
    if method is serializers.IntegerField.to_representation:
        return int  # int(value); a bool is not `int` here, so True still becomes 1
    if big_integer and method is big_integer.to_representation:
        coerce = getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
        return None if coerce else int
    if method is serializers.ChoiceField.to_representation:
        keys = field.choice_strings_to_values.values()  # type: ignore[attr-defined]
        return str if all(type(key) is str for key in keys) else None
    return None


# The largest key a supported database stores (a 64-bit integer); a larger one is a 400, not a 500.
ROW_ID_MAX = 2**63 - 1


def row_id(text: str) -> int | None:
    """The row id written in `text`, or None when it is not one (not digits, or too large)."""
    text = text.strip()
    if text.isdigit() and int(text) <= ROW_ID_MAX:
        return int(text)
    return None


class IntegerFilter(NumberFilter):
    """Filter by a whole number: NumberFilter would take 0.5 or 1e300 and compare a decimal."""

    field_class = forms.IntegerField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ROW_ID_MAX})
class IdFilter(IntegerFilter):
    """Filter by a row id: a whole number from 1 that the database can hold."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ROW_ID_MAX)
        super().__init__(*args, **kwargs)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, refusing what it would silently ignore: a filter given twice, empty or wrong.

    Silently ignoring a mistyped filter returns more rows than the caller asked for.
    """

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if not request.query_params:
            return queryset  # nothing to filter by: skip building and validating the filter form
        unknown = set(request.query_params) - self.parameters_taken(view, queryset)
        if unknown:
            raise exceptions.ValidationError(
                {name: [UNKNOWN_PARAMETER] for name in sorted(unknown)}
            )
        return super().filter_queryset(request, queryset, view)

    def parameters_taken(self, view: Any, queryset: Any) -> set[str]:
        """The query parameters the view's list takes: filters, paging and ordering."""
        filterset_class = self.get_filterset_class(view, queryset)
        taken = set(filterset_class.base_filters) if filterset_class else set()
        taken |= set(getattr(view, "extra_query_parameters", ()))  # ones the view reads itself
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            taken |= {paginator.page_query_param, paginator.page_size_query_param}
        for backend in getattr(view, "filter_backends", ()):
            if issubclass(backend, filters.OrderingFilter):
                taken.add(backend.ordering_param)
        return taken

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors: dict[str, list[str]] = {}
        for name, filter_ in filterset.filters.items():
            values = request.query_params.getlist(name)
            if len(values) > 1 and not isinstance(filter_.field, forms.MultipleChoiceField):
                errors[name] = ["Give this filter once."]
            elif values == [""] and type(filter_.field) is not forms.CharField:
                errors[name] = ["Must not be empty; leave the filter out instead."]
            elif values and isinstance(filter_, BooleanFilter):
                if values[0].lower() not in BOOLEAN_WORDS:
                    errors[name] = ["Must be true or false."]
        if not errors and filterset.is_valid():
            errors = _datetimes_to_utc(filterset.form.cleaned_data)
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset


class StrictOrderingFilter(filters.OrderingFilter):
    """DRF's ordering, refusing (400) a field it cannot order by instead of ignoring it."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> Any:
        values = request.query_params.getlist(self.ordering_param)
        if values:
            valid = {
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            }
            terms = [term.strip() for value in values for term in value.split(",")]
            bad = [term for term in terms if term.lstrip("-") not in valid]
            if bad or len(values) > 1:
                choices = ", ".join(sorted(valid)) or "none"
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(bad) or 'it twice'}; "
                            f"one of: {choices} (prefix - to reverse)."
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)


class StrictInputMixin:
    """For serializers: name unknown and read-only fields (config.input_policy).

    DRF would ignore both; that hides a client's mistake. Numbers are refused for text fields
    everywhere (config.input_policy.text_fields_take_text_only).
    """

    def to_internal_value(self, data: Any) -> Any:
        errors = body_field_errors(self.fields, data)  # type: ignore[attr-defined]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


def query_params_strict(request: Any, serializer: serializers.Serializer) -> dict[str, str]:
    """The query as a dict for `serializer`, refusing (400) what list filters refuse too: a
    parameter given twice, or given empty where its field takes no blank text."""
    errors: dict[str, list[str]] = {}
    for name in request.query_params:
        values = request.query_params.getlist(name)
        if len(values) > 1:
            errors[name] = ["Give this parameter once."]
        elif values == [""] and not getattr(serializer.fields.get(name), "allow_blank", False):
            errors[name] = ["Must not be empty; leave the parameter out instead."]
    if errors:
        raise exceptions.ValidationError(errors)
    return request.query_params.dict()


def _datetimes_to_utc(cleaned: dict[str, Any]) -> dict[str, list[str]]:
    """Compare in UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts."""
    errors = {}
    for name, value in cleaned.items():
        if isinstance(value, datetime) and value.tzinfo is not None:
            try:
                cleaned[name] = value.astimezone(UTC)
            except OverflowError:
                errors[name] = ["Out of range."]
    return errors


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
    if isinstance(exc, DatabaseError) and is_lock_conflict(exc):
        exc = WriteConflict()  # a lock conflict outside a retrying service: nothing was saved
    if isinstance(exc, ApplicationError):
        response = _application_error_response(exc)
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, OperationalError | InterfaceError):
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
