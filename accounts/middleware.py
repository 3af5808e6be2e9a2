"""Send signed-in users who must confirm a second factor to the verification page first."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from accounts.selectors import second_factor_required
from accounts.sso import SSO_SESSION_KEY

# Pages an unverified user may still reach: signing in and out, and the second factor itself.
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/admin/logout/",
    "/static/",
    "/healthz",
)


class SecondFactorMiddleware:
    """Redirect (pages) or refuse with 403 (API) until the session's second factor is verified.

    Runs after django-otp's OTPMiddleware, which tells whether this session verified a device.
    API calls with a token never reach this check: a token is issued only after the second
    factor (see config.auth_api), and token authentication happens in the API view. Single
    sign-on sessions are exempt: there the identity provider enforces the second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and SSO_SESSION_KEY not in request.session
            and not user.is_verified()  # type: ignore[union-attr]
            and second_factor_required(user=user)
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": "Confirm your sign-in with your second factor first.",
                    "code": "second_factor_required",
                },
                status=403,
            )
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('two-factor')}?{query}")
