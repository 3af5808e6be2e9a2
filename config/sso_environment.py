"""Reads the single sign-on (OpenID Connect) settings from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.environment import parse_list

LOCAL_LOGIN_MODES = ("on", "break-glass")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LOCAL_ACCOUNT_BACKEND = "accounts.backends.LocalAccountBackend"
SSO_BACKEND = "accounts.sso.backend.OidcBackend"


def parse_issuer(raw: str) -> str:
    """Return the issuer URL; plain HTTP is accepted only for a provider on this machine."""
    issuer = raw.strip().rstrip("/")
    parts = urlsplit(issuer)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ImproperlyConfigured(f"OIDC_ISSUER must be an https:// URL (got {raw!r}).")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ImproperlyConfigured(
            f"OIDC_ISSUER must use https:// (plain http only for 127.0.0.1); got {raw!r}."
        )
    return issuer


def read_sso_environment(environ_map: Mapping[str, str]) -> dict[str, Any]:
    """Build the single sign-on settings; without OIDC_ISSUER single sign-on is off."""
    get = environ_map.get
    local_login = (get("BREACHDESK_LOCAL_LOGIN") or "on").strip().lower()
    if local_login not in LOCAL_LOGIN_MODES:
        raise ImproperlyConfigured(
            f"BREACHDESK_LOCAL_LOGIN must be 'on' or 'break-glass' (got {local_login!r})."
        )
    break_glass = parse_list(get("BREACHDESK_BREAK_GLASS_USERS"), [])
    if local_login == "break-glass" and not break_glass:
        raise ImproperlyConfigured(
            "BREACHDESK_LOCAL_LOGIN=break-glass needs BREACHDESK_BREAK_GLASS_USERS: the "
            "usernames that may still sign in with a password when the provider is down."
        )
    config: dict[str, Any] = {
        "enabled": False,
        "local_login": local_login,
        "break_glass_users": break_glass,
    }
    issuer = (get("OIDC_ISSUER") or "").strip()
    if not issuer:
        return config
    client_id = (get("OIDC_CLIENT_ID") or "").strip()
    client_secret = get("OIDC_CLIENT_SECRET") or ""
    if not client_id or not client_secret:
        raise ImproperlyConfigured("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
    config.update(
        enabled=True,
        issuer=parse_issuer(issuer),
        client_id=client_id,
        client_secret=client_secret,
        groups_claim=(get("OIDC_GROUPS_CLAIM") or "groups").strip(),
        scopes=(get("OIDC_SCOPES") or "openid email profile").strip(),
        sign_algo=(get("OIDC_SIGN_ALGO") or "RS256").strip(),
        provider_name=(get("OIDC_PROVIDER_NAME") or "single sign-on").strip(),
    )
    if "openid" not in config["scopes"].split():
        raise ImproperlyConfigured("OIDC_SCOPES must include 'openid'.")
    return config


def authentication_backends(sso: Mapping[str, Any]) -> list[str]:
    """The sign-in backends: lockout first, then passwords (limited to break-glass users when
    local accounts are off), then single sign-on when an issuer is configured."""
    password = MODEL_BACKEND if sso["local_login"] == "on" else LOCAL_ACCOUNT_BACKEND
    backends = ["accounts.backends.LockoutBackend", password]
    if sso["enabled"]:
        backends.append(SSO_BACKEND)
    return backends
