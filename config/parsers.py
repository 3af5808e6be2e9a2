"""The API's JSON parser: DRF's, with a bound on how deeply the body may nest."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No document of the API nests deeper than a handful of levels; the bound keeps recursive code
# (the parser, serializers, the audit trail's JSON) far from Python's recursion limit.
MAX_JSON_DEPTH = 64


class BoundedJSONParser(JSONParser):
    """Parse JSON and refuse (400) a body nested deeper than MAX_JSON_DEPTH."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise _too_deep()
        return data


def _too_deep() -> ParseError:
    return ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")


def json_depth(value: Any) -> int:
    """How many arrays and objects deep `value` nests, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest
