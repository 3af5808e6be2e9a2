"""List filters shared by the API: timestamps only with their UTC offset (config.input_policy)."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.fields import AwareDateTimeField

# An unencoded "+" in a query string arrives as a space: "10:00:00 01:00" meant "+01:00".
SPACE_FOR_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class AwareDateTimeFormField(forms.Field):
    """A form field that accepts only ISO 8601 timestamps with an offset (never guessed)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = SPACE_FOR_PLUS.sub(r"\1+\2", str(value).strip())
        try:
            return AwareDateTimeField().to_internal_value(text)
        except serializers.ValidationError as error:
            raise forms.ValidationError(error.detail[0]) from None


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeFilter(django_filters.Filter):
    """Filter on a datetime given with its UTC offset, e.g. 2026-11-24T10:00:00+01:00."""

    field_class = AwareDateTimeFormField
