"""The OpenID Connect backend: mozilla-django-oidc's code exchange, with stricter token checks.

Endpoints come from the discovery document rather than settings, the ID token's issuer,
audience and expiry are verified (the library checks only its signature), and users are found
by the provider's subject, not by e-mail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.sso import services
from accounts.sso.discovery import HTTP_TIMEOUT

# Clock difference tolerated between the provider and this server, in seconds.
LEEWAY = 60
BACKEND_PATH = "accounts.sso.backend.OidcBackend"


class SsoFailure(Exception):
    """A sign-in refused for a reason the error page names."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


def library_setting(name: str, default: Any = None) -> Any:
    """Answer mozilla-django-oidc's settings from BREACHDESK_SSO and the discovery document."""
    sso = settings.BREACHDESK_SSO
    values = {
        "OIDC_RP_CLIENT_ID": sso.get("client_id"),
        "OIDC_RP_CLIENT_SECRET": sso.get("client_secret"),
        "OIDC_RP_SCOPES": sso.get("scopes"),
        "OIDC_RP_SIGN_ALGO": sso.get("sign_algo"),
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_TIMEOUT": HTTP_TIMEOUT,
        "OIDC_VERIFY_SSL": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso-callback",
        "OIDC_REDIRECT_ALLOWED_HOSTS": [],
        "OIDC_STORE_ID_TOKEN": False,
    }
    return values.get(name, default)


class OidcBackend(OIDCAuthenticationBackend):
    """Signs in the user of a verified authorization-code exchange; never checks passwords."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads its endpoints here; ours come from discovery at sign-in time.
        self.UserModel = get_user_model()
        self.id_token = ""

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
            return getattr(self, "use_basic_auth", False)
        return library_setting(attr, *args)

    def authenticate(self, request: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Take no part in Django's password sign-in: the callback view calls `sign_in`."""
        return None

    def sign_in(
        self,
        request: Any,
        *,
        metadata: dict[str, Any],
        nonce: str,
        code_verifier: str,
        now: datetime,
    ) -> Any:
        """Exchange the code, verify the ID token and return the (possibly new) user."""
        sso = settings.BREACHDESK_SSO
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = sso["client_id"]
        self.OIDC_RP_CLIENT_SECRET = sso["client_secret"]
        self.OIDC_RP_SIGN_ALGO = sso["sign_algo"]
        self.OIDC_RP_IDP_SIGN_KEY = None
        methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        # client_secret_basic is the default of OpenID Connect Core 1.0, section 9.
        self.use_basic_auth = "client_secret_basic" in methods
        self.now = now
        self.request = request
        self.issuer = sso["issuer"]
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def _verify_jws(self, payload: Any, key: Any) -> Any:
        """Check the signature and the claims OpenID Connect Core 1.0, section 3.1.3.7 requires."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SsoFailure("invalid_token", f"signed with {header.get('alg')!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                leeway=LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidIssuerError as exc:
            raise SsoFailure("wrong_issuer", str(exc)) from exc
        except jwt.ExpiredSignatureError as exc:
            raise SsoFailure("expired", str(exc)) from exc
        except jwt.PyJWTError as exc:
            raise SsoFailure("invalid_token", str(exc)) from exc

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # Kept for RP-initiated logout (id_token_hint); the view puts it in the session.
        self.id_token = id_token

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # Core 1.0, section 5.3.2: a userinfo answer about someone else must be ignored.
            if str(userinfo.get("sub")) != str(payload["sub"]):
                raise SsoFailure("invalid_token", "userinfo is about another subject")
            claims.update(userinfo)
        self.claims = claims
        return services.sso_user_sign_in(
            issuer=self.issuer,
            claims=claims,
            groups_claim=settings.BREACHDESK_SSO["groups_claim"],
            now=self.now,
        )
