"""Sign-in backends: django-axes' lockout check and the break-glass limit on passwords."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


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


class LocalAccountBackend(ModelBackend):
    """Passwords for break-glass accounts only: used when local accounts are switched off.

    Refusing in `user_can_authenticate` also ends the running sessions of other local users:
    Django asks it again when it loads the user of each request.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        allowed = settings.BREACHDESK_SSO["break_glass_users"]
        return super().user_can_authenticate(user) and user.get_username() in allowed
