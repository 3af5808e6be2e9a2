"""The lockout backend: django-axes' check, tolerant of callers that pass no request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuse sign-ins while the client is locked out; skip the check when there is no request.

    Every sign-in path of the application (login page, admin, token endpoint) passes the request;
    only code without one (management commands, `Client.login` in tests) is not rate-limited.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
