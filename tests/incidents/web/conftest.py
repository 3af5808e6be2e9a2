"""Fixtures for the web pages: a signed-in browser client per persona and incidents built now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import incident_create_for_test


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Callable[[str | None], Client]:
    """Return a Django test client signed in as a persona (None → anonymous)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def make_incident(personas: dict[str, Any], organisation: Any) -> Callable[..., Any]:
    """Create an incident through the service, detected five hours ago, without derived obligations."""

    def make(**data: Any) -> Any:
        now = timezone.now()
        data.setdefault("detected_at", now - timedelta(hours=5))
        data.setdefault("aware_at", now - timedelta(hours=4))
        incident = incident_create_for_test(actor=personas["security"], now=now, **data)
        # The pages are under test, not the engine: each test places the obligations it shows.
        incident.obligations.all().delete()
        return incident

    return make


@pytest.fixture
def page_queries() -> Callable[[Client, str], int]:
    """Count the database queries one page view makes (the page must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client: Client, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries)

    return count


class FormReader(HTMLParser):
    """Collect what a browser would submit from each <form> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append([])
        elif tag == "input" and "name" in found and self.forms:
            kind = found.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in found:
                self.forms[-1].append((found["name"], found.get("value", "")))
        elif tag == "select":
            self.select, self.options = found.get("name"), []
        elif tag == "option" and self.select:
            self.options.append((found.get("value", ""), "selected" in found))
        elif tag == "textarea":
            self.textarea, self.text = found.get("name"), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            # Like a browser: a single select with nothing marked sends its first option.
            for value in chosen or [value for value, _ in self.options[:1]]:
                self.forms[-1].append((self.select, value))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.forms[-1].append((self.textarea, "".join(self.text).lstrip("\n")))
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text.append(data)


def form_data(html: str, containing: str) -> dict[str, Any]:
    """The submission of the page's form that has a field named `containing` (lists for repeats)."""
    reader = FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == containing for name, _ in fields):
            data: dict[str, Any] = {}
            for name, value in fields:
                if name in data:
                    previous = data[name]
                    data[name] = (
                        [*previous, value] if isinstance(previous, list) else [previous, value]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a field {containing!r}")


@pytest.fixture
def assert_constant_queries(page_queries: Callable[[Client, str], int]) -> Callable[..., None]:
    """Assert a page makes as many queries with 30 items as with 3 (`add(index)` adds one)."""

    def check(client: Client, url: str, add: Callable[[int], Any]) -> None:
        for index in range(3):
            add(index)
        few = page_queries(client, url)
        for index in range(3, 30):
            add(index)
        assert page_queries(client, url) == few

    return check
