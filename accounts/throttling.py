"""Rate limits per API token (and per user for browser sessions)."""

from __future__ import annotations

import functools
import re
from typing import Any

import redis
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS
from django.core.cache import cache as default_cache
from rest_framework.throttling import UserRateThrottle

from accounts.models import ApiToken

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@functools.lru_cache(maxsize=4)
def _redis(location: str) -> redis.Redis:
    """One client (and connection pool) per process for the cache's Redis server."""
    return redis.Redis.from_url(re.split("[;,]", location)[0])


class TokenRateThrottle(UserRateThrottle):
    """Count each API token separately, so one busy integration cannot starve another.

    One counter per token and window in the cache (CACHE_URL: Redis in production, so every
    web process counts against the same budget): a request costs one atomic increment, whatever
    the rate. DRF's own throttle keeps a list of every request's timestamp and rewrites it on
    each request, which at thousands of requests a minute costs more than the request itself.
    The window opens with a token's first request and lasts the rate's period.
    """

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        client = self._redis_client()
        if client is not None:
            return self._redis_count(client) <= self.num_requests
        return self._cache_count() <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window closes (for Retry-After)."""
        client = self._redis_client()
        if client is not None:
            key = self.cache.make_and_validate_key(self.key)
            left = client.ttl(key)
            if left < 0:  # a counter left without expiry (its process died in between)
                client.expire(key, self.duration)
                left = self.duration
            return float(max(left, 1))
        opened = self.cache.get(f"{self.key}:opened")
        if opened is None:
            return float(self.duration)
        return max(self.duration - (self.timer() - opened), 1.0)

    def _redis_client(self) -> redis.Redis | None:
        """Redis itself when the default cache is Redis: one round trip instead of Django's
        check-then-increment through a new client object for every call."""
        config = settings.CACHES[DEFAULT_CACHE_ALIAS]
        if self.cache is default_cache and config["BACKEND"] == REDIS_CACHE:
            return _redis(config["LOCATION"])
        return None

    def _redis_count(self, client: redis.Redis) -> int:
        key = self.cache.make_and_validate_key(self.key)
        count = client.incr(key)
        if count == 1:  # the window opens now
            client.expire(key, self.duration)
        return count

    def _cache_count(self) -> int:
        """Count through Django's cache API (the per-process memory cache)."""
        for _ in range(3):
            try:
                count = self.cache.incr(self.key)
            except ValueError:  # no open window
                if self.cache.add(self.key, 1, self.duration):
                    self.cache.set(f"{self.key}:opened", self.timer(), self.duration)
                    return 1
                continue  # another thread opened it first
            if count == 1:  # the key expired between the check and the increment
                self.cache.touch(self.key, self.duration)
            return count
        return 1  # the cache keeps losing the key: let the request through rather than fail it
