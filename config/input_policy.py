"""One input policy for the whole API (README, "API conventions"); each rule is applied here once.

- A timestamp carries a UTC offset and a plausible year (config.fields.AwareDateTimeField, which
  bodies, query parameters and list filters all use).
- JSON bodies keep their types: a number is not text (`"title": 12345` is a 400).
- A body names only fields the client may write: unknown and read-only fields are refused by name.
- A query names only the parameters the operation takes; `page` and `ordering` are checked.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

UNKNOWN_FIELD = "Unknown field."
READ_ONLY_FIELD = "Read-only: the server sets it; leave it out."
UNKNOWN_PARAMETER = "Unknown query parameter."


def body_field_errors(fields: dict[str, serializers.Field], data: Any) -> dict[str, list[str]]:
    """Each field of a JSON object body that the serializer does not let the client write."""
    if not isinstance(data, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for name in sorted(data):
        field = fields.get(name)
        if field is None:
            errors[name] = [UNKNOWN_FIELD]
        elif field.read_only:
            errors[name] = [READ_ONLY_FIELD]
    return errors


def _text_only(original: Any) -> Any:
    def to_internal_value(self: serializers.CharField, data: Any) -> str:
        # DRF turns 12345 into "12345"; a client that sent a number made a mistake to report.
        if not isinstance(data, str):
            self.fail("invalid")
        return original(self, data)

    to_internal_value.__doc__ = "Text only: a number, boolean, list or object is refused."
    return to_internal_value


def text_fields_take_text_only() -> None:
    """Make every DRF CharField (and its subclasses) refuse non-string input, once, at start-up.

    Query parameters and form values always arrive as strings, so only JSON bodies are affected:
    there, a number where the schema says string is a 400 on every endpoint, nested ones included.
    """
    if getattr(serializers.CharField.to_internal_value, "text_only", False):
        return
    patched = _text_only(serializers.CharField.to_internal_value)
    patched.text_only = True  # type: ignore[attr-defined]
    serializers.CharField.to_internal_value = patched  # type: ignore[method-assign]
