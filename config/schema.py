"""OpenAPI generation: every operation documents the error responses it can give, not only success."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """The body of every error that is not about input fields."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="A stable machine-readable error code.")


# 400 names each bad field: {"field": ["message"]}; nested inputs nest the same way.
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {},
    "description": 'Each bad field with its messages, e.g. {"aware_at": ["Must not be in the future."]}, '
    'or {"detail": ..., "code": ...} for an error that concerns no single field.',
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the API's error responses (400/401/403/404/412/413/415/428/429)."""

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code, body, description in self._error_responses(operation):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=body, description=description), code
                )
        for code, response in responses.items():
            if not response.get("description") and code.isdigit():
                response["description"] = HTTPStatus(int(code)).phrase
        return operation

    def _map_serializer_field(self, field: Any, direction: str, *args: Any, **kwargs: Any) -> Any:
        if _blank_model_choice(field):
            # DRF drops allow_blank from read-only model fields, yet they still answer "".
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, *args, **kwargs)

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        # A read-only field defaulting to None (source="owner.username", default=None) answers
        # null whenever the relation it crosses is empty.
        if getattr(field, "read_only", False) and getattr(field, "default", empty) is None:
            meta["nullable"] = True
        return meta

    def _error_responses(self, operation: dict[str, Any]) -> list[tuple[str, Any, str]]:
        parameters = operation.get("parameters", [])
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        has_path_params = any(p.get("in") == "path" for p in parameters)
        has_query_params = any(p.get("in") == "query" for p in parameters)
        conditional = any(
            p.get("in") == "header" and p.get("name") == "If-Match" for p in parameters
        )
        errors: list[tuple[str, Any, str]] = []
        if self.method in WRITE_METHODS or has_query_params:
            errors.append(("400", VALIDATION_ERROR, "Invalid input; each bad field is named."))
        if not public:
            errors.append(("401", ErrorSerializer, "No valid credentials were given."))
            errors.append(("403", ErrorSerializer, "Your role does not allow this."))
        if has_path_params or self._is_list_view():
            errors.append(("404", ErrorSerializer, "No such resource (or page) visible to you."))
        if conditional:
            errors.append(("412", ErrorSerializer, "If-Match is stale: reload and try again."))
            errors.append(("428", ErrorSerializer, "If-Match is required for this write."))
        if self.method in WRITE_METHODS:
            errors.append(("413", ErrorSerializer, "The request body is too large."))
        if "requestBody" in operation:
            # The API parses JSON only (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES).
            errors.append(("415", ErrorSerializer, "The body is not application/json."))
        errors.append(("429", ErrorSerializer, "Too many requests; see Retry-After."))
        return errors


def _blank_model_choice(field: Any) -> bool:
    """Tell whether a read-only choice field shows a model field that may be blank."""
    if not isinstance(field, serializers.ChoiceField) or not field.read_only:
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return bool(model_field.blank and model_field.choices)


# Every /api/v1/incidents/{id}/… path takes the id or the reference (incidents.lookup).
INCIDENT_KEY = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The incident's numeric id or its reference (BD-2026-0006, DRILL-2026-0001).",
)
