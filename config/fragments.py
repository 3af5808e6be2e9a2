"""Repeated parts of a page (a register entry, a board row) rendered once per content.

A fragment's cache key is a digest of everything its HTML can depend on: the template (the
project's templates, template tags and catalogues, digested once per process), the reader's
language and time zone, and the values the fragment is given. Equal keys mean equal HTML, so a
cached fragment is never stale and needs no invalidation; a changed value is a new key.

A fragment is rendered without the request: it cannot read the user, the clock or a CSRF token,
so whatever it shows must be among its values. Values are reduced to plain data for the key (text,
numbers, times, lists, dicts, dataclasses; lazy translations in the reader's language); a value of
any other type (a model instance, say) is refused, and the fragment is then rendered each time.

A caller can instead key a fragment on the content its values are made from (the database rows
of a register entry, say): the values are then built only for the fragments not in the cache.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.cache import cache as django_cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

ROOT = Path(__file__).resolve().parent.parent
# Fragments of a code version no longer deployed are never read again: let them expire.
TIMEOUT_S = 24 * 3600
PLAIN = (str, int, float, bool, Decimal, datetime, date, time, timedelta, type(None))
COMMON = frozenset({str, int, bool, type(None), datetime})


class NotPlain(TypeError):
    """A fragment value whose content its repr does not show: the fragment is not cached."""


# The project's own packages: their code (template tags and the wording they call), templates
# and the translation catalogues make a fragment's HTML from its values.
PACKAGES = ("config", "accounts", "incidents", "compliance", "notifications", "intake")


@cache
def code_digest() -> str:
    """A digest of what renders fragments besides their values: code, templates, catalogues.

    Read once per process (a deployment's files do not change under it), so a new version of
    the code never reads a fragment that an older one rendered.
    """
    digest = hashlib.sha256()
    patterns = [f"{package}/**/*{ext}" for package in PACKAGES for ext in (".py", ".html")]
    for pattern in [*patterns, "locale/*/LC_MESSAGES/*.mo"]:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def plain(value: Any) -> Any:
    """The value as plain, comparable data whose repr shows all of its content."""
    kind = type(value)
    if kind in COMMON:  # most values: no further test
        return value
    if isinstance(value, PLAIN):
        # Marked-safe text renders differently from the same plain text: keep the difference.
        return ("safe", str(value)) if isinstance(value, SafeString) else value
    if isinstance(value, Promise):
        return str(value)  # a lazy translation, in the reader's language (part of the key)
    if isinstance(value, Mapping):
        return tuple((plain(k), plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple | frozenset | set):
        items = [plain(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, frozenset | set) else items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(kind)
        return (kind.__qualname__, tuple([plain(getattr(value, name)) for name in names]))
    raise NotPlain(type(value).__qualname__)


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def fragment_key(template_name: str, context: Mapping[str, Any]) -> str | None:
    """The cache key of a fragment's HTML, or None when a value is not plain data."""
    try:
        values = plain(context)
    except NotPlain:
        return None
    return _key(template_name, values)


def content_key(template_name: str, content: Any) -> str:
    """The cache key of a fragment whose context is a function of `content` alone.

    The caller vouches for both: `content` is plain data whose repr shows all of it (rows of
    database values: text, numbers, times, decoded JSON) and it determines the context.
    """
    return _key(template_name, ("content", content))


def _key(template_name: str, values: Any) -> str:
    reader = (translation.get_language(), timezone.get_current_timezone_name())
    digest = hashlib.sha256(repr((code_digest(), template_name, reader, values)).encode())
    return f"fragment:{digest.hexdigest()}"


def render_fragments(template_name: str, contexts: Iterable[Mapping[str, Any]]) -> list[SafeString]:
    """Each context rendered by the template, the HTML of contexts seen before from the cache."""
    contexts = list(contexts)
    keys = [fragment_key(template_name, context) for context in contexts]
    return _rendered(template_name, keys, [functools.partial(_same, c) for c in contexts])


def _same(context: Mapping[str, Any]) -> Mapping[str, Any]:
    return context


def render_content_fragments(
    template_name: str, items: Iterable[tuple[Any, Callable[[], Mapping[str, Any]]]]
) -> list[SafeString]:
    """For each (content, context builder), the fragment keyed on the content (content_key):
    from the cache when rendered before, else rendered from the context built then."""
    items = list(items)
    keys = [content_key(template_name, content) for content, _ in items]
    return _rendered(template_name, keys, [build for _, build in items])


def _rendered(
    template_name: str,
    keys: Sequence[str | None],
    contexts: Sequence[Callable[[], Mapping[str, Any]]],
) -> list[SafeString]:
    template = get_template(template_name)
    found = django_cache.get_many([key for key in keys if key is not None])
    rendered: list[SafeString] = []
    new: dict[str, str] = {}
    for key, context in zip(keys, contexts, strict=True):
        html = found.get(key) if key is not None else None
        if html is None:
            html = template.render(dict(context()))
            if key is not None:
                new[key] = html
        rendered.append(mark_safe(html))  # noqa: S308 - the template's own escaped output
    if new:
        django_cache.set_many(new, TIMEOUT_S)
    return rendered
