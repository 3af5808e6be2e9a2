"""Writes of the compliance side: obligations derived from incident facts."""

from __future__ import annotations

from typing import Any


def obligations_recompute(*, incident: Any, actor: Any = None) -> None:
    """Derive the incident's obligations from its facts (the engine is wired in next)."""
    return None
