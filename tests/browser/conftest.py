"""Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def chromium(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """One headless Chromium per module (skipped, with the reason, when it is missing).

    Playwright's sync API keeps an event loop in the test thread, so Django would take the ORM
    calls there for async code: DJANGO_ALLOW_ASYNC_UNSAFE is set while the module runs and no
    longer (left set, Django's deploy check warns about it). The test database is created before
    the loop starts.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def people(transactional_db: Any, personas: dict[str, Any], organisation: Any) -> dict[str, Any]:
    """The personas in a database the live server's thread can see (committed, not rolled back)."""
    return personas


@pytest.fixture
def open_browser(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context (viewport, language) and return a page on the live server."""
    contexts = []

    def make(viewport: dict[str, int] = DESKTOP, locale: str = "en-GB") -> Any:
        context = chromium.new_context(
            viewport=viewport, locale=locale, base_url=live_server.url, timezone_id="UTC"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(open_browser: Callable[..., Any], people: dict[str, Any]) -> Callable[..., Any]:
    """Sign a persona in through the sign-in form and return the page (on the dashboard)."""

    def go(name: str, **browser_options: Any) -> Any:
        page = open_browser(**browser_options)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(f"pw-{name}-2026!")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return go
