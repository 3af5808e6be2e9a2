"""Single sign-on pages: start, callback (with clear failures), the no-role page, sign-out."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from accounts.sso import SSO_SESSION_KEY, services
from accounts.sso.backend import BACKEND_PATH, OidcBackend, SsoFailure, library_setting
from accounts.sso.discovery import ProviderUnavailable, forget_provider_metadata, provider_metadata
from accounts.sso.pages import failure_status, no_role_context
from incidents.roles import user_roles

# A sign-in not finished within this many seconds must be started again.
STATE_TTL = 10 * 60


def _require_sso() -> dict[str, Any]:
    sso = settings.BREACHDESK_SSO
    if not sso["enabled"]:
        raise Http404("Single sign-on is not configured.")
    return sso


class SsoStartView(OIDCAuthenticationRequestView):
    """Send the browser to the provider with state, nonce and a PKCE challenge (S256)."""

    def __init__(self, **kwargs: Any) -> None:
        # The library reads its endpoint from settings here; ours comes from discovery.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        return library_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        sso = _require_sso()
        try:
            metadata = provider_metadata()
        except ProviderUnavailable:
            messages.error(request, provider_down_message(sso))
            return redirect("login")
        self.OIDC_OP_AUTH_ENDPOINT = metadata["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = sso["client_id"]
        return super().get(request)


def provider_down_message(sso: dict[str, Any]) -> str:
    """What the sign-in page says while the provider does not answer."""
    return _(
        "%(name)s is not answering right now, so single sign-on is unavailable. "
        "Try again in a minute."
    ) % {"name": sso["provider_name"]}


def _failure(request: HttpRequest, reason: str, detail: str = "") -> HttpResponse:
    """Audit a refused sign-in and show a page that says what went wrong."""
    services.sso_failure_record(reason=reason, detail=detail)
    context = {"reason": reason, "provider_name": settings.BREACHDESK_SSO["provider_name"]}
    return render(request, "accounts/sso_error.html", context, status=failure_status(reason))


def _pop_state(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """Take the sign-in this browser started under `state`, so it can be used once only."""
    states = request.session.get("oidc_states")
    if not isinstance(states, dict) or state not in states:
        return None
    entry = states.pop(state)
    request.session["oidc_states"] = states
    return entry


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """Finish the sign-in the provider sent back, or refuse it with a reason."""
    sso = _require_sso()
    now = timezone.now()
    if request.GET.get("error"):
        _pop_state(request, request.GET.get("state", ""))
        detail = f"{request.GET['error']}: {request.GET.get('error_description', '')}"
        return _failure(request, "provider_error", detail)
    entry = _pop_state(request, request.GET.get("state", ""))
    if entry is None:
        return _failure(request, "wrong_state", "state unknown to this browser's session")
    # RFC 9207: a provider that names itself must be the configured one (mix-up attacks), and
    # one that promises to name itself must do so.
    if "iss" in request.GET and request.GET["iss"].rstrip("/") != sso["issuer"]:
        return _failure(request, "wrong_issuer", f"iss={request.GET['iss']}")
    if "iss" not in request.GET and _promises_iss():
        return _failure(request, "wrong_issuer", "iss missing from the answer")
    if now.timestamp() - float(entry.get("added_on", 0)) > STATE_TTL:
        return _failure(request, "expired", "sign-in started more than 10 minutes ago")
    if not request.GET.get("code"):
        return _failure(request, "provider_error", "no code in the answer")
    return _finish(request, sso=sso, entry=entry, now=now)


def _promises_iss() -> bool:
    """Whether the provider says it names itself in its answers (RFC 9207, section 3)."""
    try:
        return bool(provider_metadata().get("authorization_response_iss_parameter_supported"))
    except ProviderUnavailable:
        return False


def _finish(
    request: HttpRequest, *, sso: dict[str, Any], entry: dict[str, Any], now: datetime
) -> HttpResponse:
    """Exchange the code and sign the user in."""
    backend = OidcBackend()
    try:
        metadata = provider_metadata()
        user = backend.sign_in(
            request,
            metadata=metadata,
            nonce=entry.get("nonce") or "",
            code_verifier=entry.get("code_verifier") or "",
            now=now,
        )
    except ProviderUnavailable as exc:
        return _failure(request, "provider_unreachable", str(exc))
    except SsoFailure as exc:
        return _failure(request, exc.reason, exc.detail)
    except requests.HTTPError as exc:
        # The token endpoint refuses an expired, reused or stolen code (RFC 6749, 5.2).
        return _failure(request, "code_refused", str(exc)[:300])
    except requests.RequestException as exc:
        forget_provider_metadata()
        return _failure(request, "provider_unreachable", type(exc).__name__)
    except SuspiciousOperation as exc:
        return _failure(request, "invalid_token", str(exc))
    if user is None or not user.is_active:
        return _failure(request, "account_disabled", getattr(user, "username", ""))
    auth.login(request, user, backend=BACKEND_PATH)
    groups = services.groups_from_claims(claims=backend.claims, groups_claim=sso["groups_claim"])
    request.session[SSO_SESSION_KEY] = {"id_token": backend.id_token, "groups": groups}
    services.sso_sign_in_record(user=user, issuer=sso["issuer"], groups=groups)
    if not user_roles(user):
        return redirect("sso-no-role")
    return HttpResponseRedirect(request.session.pop("oidc_login_next", None) or "/")


@require_GET
@login_required
def sso_no_role(request: HttpRequest) -> HttpResponse:
    """Tell a signed-in user without a role why they see nothing, and what to ask for."""
    return render(request, "accounts/sso_no_role.html", no_role_context(request))


def provider_logout_url(request: HttpRequest, sso_session: dict[str, Any]) -> str:
    """The provider's end-session URL (RP-Initiated Logout 1.0), or '' when it has none."""
    try:
        endpoint = provider_metadata().get("end_session_endpoint")
    except ProviderUnavailable:
        return ""
    if not endpoint:
        return ""
    query = {
        "client_id": settings.BREACHDESK_SSO["client_id"],
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    if sso_session.get("id_token"):
        query["id_token_hint"] = sso_session["id_token"]
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(query)}"


class SignOutView(auth_views.LogoutView):
    """End the local session; after single sign-on, also ask the provider to end its own."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sso_session = request.session.get(SSO_SESSION_KEY)
        if not sso_session or not request.user.is_authenticated:
            return super().post(request, *args, **kwargs)
        user = request.user
        target = provider_logout_url(request, sso_session)
        services.sso_sign_out_record(user=user, provider_logout=bool(target))
        response = super().post(request, *args, **kwargs)
        if not target:
            return response
        # A page, not a redirect: the policy's form-action 'self' forbids a form submission
        # (this sign-out) to redirect to another origin, but not a page to go on to one.
        context = {"target": target, "provider_name": settings.BREACHDESK_SSO["provider_name"]}
        return render(request, "accounts/sso_signed_out.html", context)
