"""What the sign-in page, the single sign-on error page and the no-role page show."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest

from accounts.sso import SSO_SESSION_KEY
from accounts.sso.discovery import ProviderUnavailable, provider_metadata

FAILURE_STATUS = {"provider_unreachable": 502, "account_disabled": 403}


def failure_status(reason: str) -> int:
    """The HTTP status of the error page for a refused sign-in."""
    return FAILURE_STATUS.get(reason, 400)


def no_role_context(request: HttpRequest) -> dict[str, Any]:
    """The groups the provider sent, so the user can tell an administrator what to map."""
    sso_session = request.session.get(SSO_SESSION_KEY) or {}
    return {
        "groups": sso_session.get("groups", []),
        "groups_claim": settings.BREACHDESK_SSO.get("groups_claim", "groups"),
    }


def sign_in_context() -> dict[str, Any]:
    """Single sign-on on the sign-in page: its button, whether the provider answers, and
    whether the password form is for everyone or for break-glass administrators only."""
    sso = settings.BREACHDESK_SSO
    context: dict[str, Any] = {
        "enabled": sso["enabled"],
        "break_glass_only": sso["local_login"] == "break-glass",
        "provider_name": sso.get("provider_name", ""),
        "down": False,
    }
    if sso["enabled"]:
        try:
            provider_metadata()
        except ProviderUnavailable:
            context["down"] = True
    return context


class SignInView(auth_views.LoginView):
    """Django's sign-in page with the single sign-on button when a provider is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso"] = sign_in_context()
        return context
