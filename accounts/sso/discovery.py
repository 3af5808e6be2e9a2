"""The provider's discovery document, fetched with short timeouts and cached.

A provider that is down must not hang the sign-in page: each request waits at most
CONNECT_TIMEOUT + READ_TIMEOUT seconds, and a failure is remembered for FAILURE_TTL seconds so
the next pages say so at once.
"""

from __future__ import annotations

import hashlib
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 2.5
HTTP_TIMEOUT = (CONNECT_TIMEOUT, READ_TIMEOUT)
SUCCESS_TTL = 3600
FAILURE_TTL = 30
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The identity provider did not answer, or answered with an unusable document."""


def _cache_key(issuer: str) -> str:
    return "breachdesk:sso:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()[:16]


def _fetch(issuer: str) -> dict[str, Any]:
    """Download and check the discovery document (OpenID Connect Discovery 1.0, section 4)."""
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url} did not answer: {type(exc).__name__}") from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url} did not return a JSON object")
    # Section 4.3: the issuer in the document must be the one we asked (mix-up defence).
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ProviderUnavailable(
            f"{url} names another issuer ({document.get('issuer')!r}); check OIDC_ISSUER"
        )
    missing = [name for name in REQUIRED_ENDPOINTS if not document.get(name)]
    if missing:
        raise ProviderUnavailable(f"{url} lacks {', '.join(missing)}")
    return document


def provider_metadata() -> dict[str, Any]:
    """Return the configured provider's discovery document or raise ProviderUnavailable."""
    issuer = settings.BREACHDESK_SSO["issuer"]
    key = _cache_key(issuer)
    cached = cache.get(key)
    if cached is not None:
        if "down" in cached:
            raise ProviderUnavailable(cached["down"])
        return cached["document"]
    try:
        document = _fetch(issuer)
    except ProviderUnavailable as exc:
        cache.set(key, {"down": str(exc)}, FAILURE_TTL)
        raise
    cache.set(key, {"document": document}, SUCCESS_TTL)
    return document


def forget_provider_metadata() -> None:
    """Drop the cached document (after a failed sign-in, keys or endpoints may have changed)."""
    cache.delete(_cache_key(settings.BREACHDESK_SSO["issuer"]))
