"""Rate limits count each API token on its own, in a window that closes and reopens."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
import time_machine
from django.core.cache import cache, caches
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_create
from accounts.throttling import TokenRateThrottle

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("BREACHDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def get_as(key: str) -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/incidents/")


@pytest.fixture
def three_a_minute(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def test_each_token_has_its_own_budget(personas: Any, three_a_minute: None) -> None:
    _, busy = api_token_create(user=personas["security"], name="busy", now=timezone.now())
    _, quiet = api_token_create(user=personas["security"], name="quiet", now=timezone.now())
    assert [get_as(busy).status_code for _ in range(3)] == [200, 200, 200]
    limited = get_as(busy)
    assert limited.status_code == 429
    assert limited.json()["code"] == "throttled"
    assert 0 < int(limited["Retry-After"]) <= 60
    assert get_as(quiet).status_code == 200  # same user, other token: not limited


def test_the_window_reopens_after_its_period(personas: Any, three_a_minute: None) -> None:
    _, key = api_token_create(user=personas["dpo"], name="integration", now=timezone.now())
    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert [get_as(key).status_code for _ in range(4)] == [200, 200, 200, 429]
        clock.move_to(start + timedelta(seconds=45))
        limited = get_as(key)
        assert limited.status_code == 429
        assert int(limited["Retry-After"]) == 15  # the window opened with the first request
        clock.move_to(start + timedelta(seconds=61))
        assert [get_as(key).status_code for _ in range(4)] == [200, 200, 200, 429]


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_web_processes_share_one_budget_through_redis(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"bd-throttle-test-{os.getpid()}",
    }
    _, key = api_token_create(user=personas["dpo"], name="shared", now=timezone.now())
    with override_settings(CACHES={"default": redis_cache}):
        shared = caches["default"]
        throttle_key = f"throttle_user_token-{personas['dpo'].api_tokens.get().pk}"
        try:
            assert [get_as(key).status_code for _ in range(2)] == [200, 200]
            # What another web process counted lands in the same Redis counter.
            assert shared.incr(throttle_key) == 3
            limited = get_as(key)
            assert limited.status_code == 429
            ttl = redis.Redis.from_url(REDIS_URL).ttl(shared.make_key(throttle_key))
            assert 0 < ttl <= 60  # the counter expires with its window
            assert 0 < int(limited["Retry-After"]) <= 60
        finally:
            shared.delete(throttle_key)
