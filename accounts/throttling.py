"""Rate limits per API token (and per user for browser sessions)."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import UserRateThrottle

from accounts.models import ApiToken


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
        return self._count(self.key) <= self.num_requests

    def _count(self, key: str) -> int:
        """Add this request to the window's counter and return the count so far."""
        for _ in range(3):
            try:
                count = self.cache.incr(key)
            except ValueError:  # no open window
                if self.cache.add(key, 1, self.duration):
                    self.cache.set(f"{key}:opened", self.timer(), self.duration)
                    return 1
                continue  # another process opened it first
            if count == 1:  # the key expired between the check and the increment: give it a life
                self.cache.touch(key, self.duration)
            return count
        return 1  # the cache keeps losing the key: let the request through rather than fail it

    def wait(self) -> float:
        """Seconds until the window closes (for Retry-After)."""
        opened = self.cache.get(f"{self.key}:opened")
        if opened is None:
            return float(self.duration)
        return max(self.duration - (self.timer() - opened), 1.0)
