"""The API reference pages load nothing from another host and state their language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_redoc_page_loads_no_web_fonts_and_its_bundle_from_here(client) -> None:
    body = client.get("/api/v1/redoc/").content.decode()
    assert '<html lang="en">' in body
    assert "fonts.googleapis.com" not in body and "fonts.gstatic.com" not in body
    assert '<script src="/api/v1/redoc/redoc.standalone.js">' in body


def test_the_redoc_bundle_asks_no_cdn_for_its_logo(client) -> None:
    response = client.get("/api/v1/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    bundle = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Redoc" in bundle and b"cdn.redoc.ly" not in bundle


def test_the_swagger_page_states_its_language(client) -> None:
    assert '<html lang="en">' in client.get("/api/v1/docs/").content.decode()
