"""Show single sign-on users whom no mapped group gives a role one clear page, not 403s."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.sso import SSO_SESSION_KEY
from accounts.sso.pages import no_role_context
from incidents.roles import user_roles

# Signing out, single sign-on itself and the API (which answers 403 in JSON) stay reachable.
EXEMPT_PREFIXES = ("/accounts/logout/", "/accounts/sso/", "/static/", "/healthz", "/api/")


class NoRoleMiddleware:
    """Answer every page with the no-role explanation while a single sign-on user has no role."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and SSO_SESSION_KEY in request.session
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user_roles(request.user)
        ):
            return render(
                request, "accounts/sso_no_role.html", no_role_context(request), status=403
            )
        return self.get_response(request)
