"""/api/v1/calendar-feed/: my secret iCalendar URL, rotated or switched off on request."""

from __future__ import annotations

from typing import Any

import pytest

from notifications.models import CalendarFeedToken

URL = "/api/v1/calendar-feed/"
pytestmark = pytest.mark.django_db


def test_get_returns_a_stable_secret_url(api_client_for: Any, personas: dict[str, Any]) -> None:
    client = api_client_for("dpo")
    first = client.get(URL).json()
    assert first["url"].startswith("http://127.0.0.1:8000/calendar/")
    assert first["url"].endswith(".ics")
    assert client.get(URL).json()["url"] == first["url"]
    token = CalendarFeedToken.objects.get(user=personas["dpo"]).token
    assert token in first["url"] and len(token) >= 40


def test_post_rotates_and_the_old_url_stops_working(api_client_for: Any, client: Any) -> None:
    api = api_client_for("dpo")
    old = api.get(URL).json()["url"]
    response = api.post(URL)
    assert response.status_code == 201
    new = response.json()["url"]
    assert new != old
    path = lambda url: url.removeprefix("http://127.0.0.1:8000")  # noqa: E731
    assert client.get(path(old)).status_code == 404
    assert client.get(path(new)).status_code == 200


def test_delete_switches_the_feed_off(api_client_for: Any, client: Any) -> None:
    api = api_client_for("executive")
    url = api.get(URL).json()["url"]
    assert api.delete(URL).status_code == 204
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 404


def test_users_without_a_role_get_no_feed(api_client_for: Any) -> None:
    assert api_client_for("outsider").get(URL).status_code == 403
    assert api_client_for(None).get(URL).status_code == 401
