"""A regime's source as pages show it: its citation, and the address of the text it names."""

from __future__ import annotations

import re

SOURCE_URL = re.compile(r"https?://[^\s)]+")


def source_url(source: str) -> str:
    """The first address a regime's source names, if any."""
    match = SOURCE_URL.search(source)
    return match.group(0) if match else ""


def citation(source: str) -> str:
    """A regime's source without its address in brackets (pages link the text instead)."""
    url = source_url(source)
    if not url:
        return source
    return source.replace(f"({url})", "").strip().rstrip(" ,;") or url
