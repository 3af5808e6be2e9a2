"""Serializer fields shared by the API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Timestamps outside these years are mistakes (a breach detected in 1900, a deadline in 9999):
# refused with a message that says so, rather than stored and numbered (BD-1900-0001).
MIN_YEAR = 1970
MAX_YEAR = 2199
# The words a boolean query parameter may be (any case); list filters accept the same.
BOOLEAN_WORDS = {"true": True, "false": False, "1": True, "0": False}


@extend_schema_field(
    {"type": "string", "format": "date-time", "example": "2026-03-28T10:00:00+01:00"}
)
class AwareDateTimeField(serializers.Field):
    """An ISO 8601 timestamp that must carry a UTC offset; it is never guessed. Output is UTC."""

    default_error_messages = {
        "invalid": "Not a valid ISO 8601 timestamp, e.g. 2026-03-28T10:00:00+01:00.",
        "naive": "The timestamp has no UTC offset; add one, e.g. +01:00 or Z.",
        "year": f"The year {{year}} is not plausible; give a year from {MIN_YEAR} to {MAX_YEAR}.",
    }

    def to_internal_value(self, data: Any) -> datetime:
        if isinstance(data, datetime):
            value = data
        elif isinstance(data, str):
            try:
                value = parse_datetime(data.strip())
            except ValueError:
                value = None
            if value is None:
                self.fail("invalid")
        else:
            self.fail("invalid")
        if value.tzinfo is None or value.utcoffset() is None:
            self.fail("naive")
        try:
            utc = value.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00+01:00 is before the first representable instant
            utc = value.replace(tzinfo=None)
        if not MIN_YEAR <= utc.year <= MAX_YEAR:
            self.fail("year", year=utc.year)
        return utc

    def to_representation(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class JsonBooleanField(serializers.BooleanField):
    """A JSON `true` or `false`: 0, 1 and words like "yes" are refused, as the schema says."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class QueryBooleanField(serializers.BooleanField):
    """A boolean query parameter: `true` or `false` (or 1 / 0, as list filters take); anything
    else, such as "yes", is refused rather than read as a guess. JSON bodies use JsonBooleanField."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and data.strip().lower() in BOOLEAN_WORDS:
            return BOOLEAN_WORDS[data.strip().lower()]
        self.fail("invalid", input=data)
