"""Operation summaries for the OpenAPI schema, so generated clients and docs name each call."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.plumbing import get_doc, get_view_model

# A viewset's standard actions read the same whatever the model: only its name changes.
STANDARD_ACTIONS = {
    "list": "List {plural}",
    "retrieve": "Get {article} {name}",
    "create": "Create {article} {name}",
    "update": "Replace {article} {name}",
    "partial_update": "Update {article} {name}",
    "destroy": "Delete {article} {name}",
}
# A summary is the docstring's first clause: up to a full stop, colon, semicolon or bracket.
FIRST_CLAUSE = re.compile(r"^(.+?)(?:[.:;]\s|\s\(|[.:;]$|$)")


def operation_summary(view: Any, method: str) -> str:
    """A short imperative summary: the standard action on the model, else the handler's docstring."""
    action = getattr(view, "action", None)
    model = get_view_model(view) if action in STANDARD_ACTIONS else None
    if action is not None and model is not None:
        name = str(model._meta.verbose_name)
        return STANDARD_ACTIONS[action].format(
            plural=model._meta.verbose_name_plural,
            article="an" if name[0] in "aeiou" else "a",
            name=name,
        )
    handler = getattr(view, action or method.lower(), None)
    text = get_doc(handler) or get_doc(view.__class__) or f"{method} {action or ''}"
    clause = FIRST_CLAUSE.match(" ".join(text.split()))
    return clause.group(1).strip() if clause else text
