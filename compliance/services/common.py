"""Helpers every compliance service uses: capability checks and engine errors as field errors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from config.errors import NotPermitted, ValidationFailed
from incidents.roles import has_capability


def capability_require(actor: Any, capability: str) -> None:
    """Refuse a person whose role lacks the capability; None stands for the system itself."""
    if actor is None:
        return
    if not has_capability(actor, capability):
        raise NotPermitted(f"Your role does not allow {capability}.")


def validation_failed(
    error: Exception, message: str, *, known: Iterable[str] | None = None, fallback: str = ""
) -> ValidationFailed:
    """Turn the engine's "field: problem" ValueError into a 400 that names the field."""
    name, _, problem = str(error).partition(": ")
    if known is not None and name not in set(known):
        name, problem = fallback, str(error)
    return ValidationFailed(message, fields={name: [problem or str(error)]})
