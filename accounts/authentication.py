"""DRF authentication with hashed API tokens: `Authorization: Token <token>` (or `Bearer <token>`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from accounts.services import api_token_authenticate

# `Token` is the documented scheme; RFC 6750's `Bearer` is accepted too, because OpenAPI can only
# declare a registered HTTP scheme and clients generated from the schema send `Bearer`.
SCHEMES = (b"token", b"bearer")


class ApiTokenAuthentication(TokenAuthentication):
    """Authenticate a request by an API token, found by its hash (one indexed query)."""

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None  # another scheme (or none): not ours to refuse
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid token header: give the scheme, one space and the token."
            )
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                "Invalid token header: the token has characters a token never has."
            ) from None
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = api_token_authenticate(key=key, now=timezone.now())
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return token.user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The API token in the schema: HTTP bearer, with the `Token` prefix documented."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from POST /api/v1/auth/token/, sent as "
            "`Authorization: Token <token>` or `Authorization: Bearer <token>`.",
        }
