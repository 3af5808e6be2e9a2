"""Incidents are addressed by their numeric id or by their reference (BD-2026-0006)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def incident_key_filter(key: Any) -> Q:
    """A filter for the incident a key names: digits are its id, anything else its reference."""
    text = str(key).strip()
    if text.isdigit():
        return Q(pk=int(text))
    # References are issued in upper case; people type them as they like.
    return Q(reference__iexact=text)
