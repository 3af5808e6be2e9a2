"""Rate limits count each API token on its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.services import api_token_create
from accounts.throttling import TokenRateThrottle

pytestmark = pytest.mark.django_db


def get_as(key: str) -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/incidents/")


def test_each_token_has_its_own_budget(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    cache.clear()
    _, busy = api_token_create(user=personas["security"], name="busy")
    _, quiet = api_token_create(user=personas["security"], name="quiet")
    assert [get_as(busy).status_code for _ in range(3)] == [200, 200, 200]
    limited = get_as(busy)
    assert limited.status_code == 429
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0
    assert get_as(quiet).status_code == 200  # same user, other token: not limited
    cache.clear()
