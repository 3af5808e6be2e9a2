"""A database that is down is a 503 with Retry-After, whatever the request carries (issue 17.8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(personas: dict[str, Any]) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(personas["dpo"])
    return client


@pytest.fixture
def sessions_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session lookup, the first query of a signed-in request, cannot reach the database."""

    def unreachable(self: Any) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(SessionStore, "_get_session_from_db", unreachable)


def test_an_api_request_with_a_session_cookie_is_a_503(signed_in, sessions_unreachable) -> None:
    response = signed_in.get("/api/v1/incidents/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"] == "5"


def test_a_page_with_a_session_cookie_is_a_503(signed_in, sessions_unreachable) -> None:
    response = signed_in.get("/incidents/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "database is unavailable" in response.content.decode()


def test_any_other_server_error_is_still_a_500(signed_in, monkeypatch) -> None:
    def broken(self: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "_get_session_from_db", broken)
    assert signed_in.get("/api/v1/incidents/").status_code == 500


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_unreachable_with_a_session_cookie_is_a_503(
    signed_in: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection really fails: the server's port is closed."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI's second pass does)")
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    try:
        api = signed_in.get("/api/v1/incidents/")
        page = signed_in.get("/incidents/")
    finally:
        connection.close()
    assert (api.status_code, api["Retry-After"]) == (503, "5")
    assert api.json()["code"] == "database_unavailable"
    assert (page.status_code, page["Retry-After"]) == (503, "5")
