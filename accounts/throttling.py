"""Rate limits per API token (and per user for browser sessions)."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import UserRateThrottle

from accounts.models import ApiToken


class TokenRateThrottle(UserRateThrottle):
    """Count each API token separately, so one busy integration cannot starve another."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)
