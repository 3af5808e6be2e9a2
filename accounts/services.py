"""Writes of accounts: API tokens (created, used, revoked) and second-factor enrolment."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from accounts.models import ApiToken
from accounts.selectors import api_token_by_hash
from config.errors import ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record

TOKEN_PREFIX = "bd_"
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(key: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_lookup_prefix(key: str) -> str:
    """The clear part of a token used to find its row: 'bd_' plus 8 characters."""
    return key[: len(TOKEN_PREFIX) + 8] if key.startswith(TOKEN_PREFIX) else key[:8]


@write_transaction
def api_token_create(
    *, user: Any, name: str, expires_at: datetime | None = None, now: datetime
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return the row and the secret, which is never stored."""
    if expires_at is not None and expires_at <= now:
        raise ValidationFailed(
            "Expiry in the past.", fields={"expires_at": ["Must be in the future."]}
        )
    key = f"{TOKEN_PREFIX}{secrets.token_hex(4)}{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=token_lookup_prefix(key),
        key_hash=token_hash(key),
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        now=now,
        actor=user,
        action="create",
        obj=token,
        changes={"after": {"name": name, "prefix": token.prefix, "expires_at": expires_at}},
    )
    return token, key


@write_transaction
def api_token_revoke(*, token: ApiToken, actor: Any, now: datetime) -> ApiToken:
    """Revoke a token at once; it stays listed (revoked) so its use can be traced."""
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])
    audit_record(
        now=now,
        actor=actor,
        action="revoke",
        obj=token,
        changes={"revoked_at": {"before": None, "after": token.revoked_at}},
    )
    return token


def api_token_authenticate(*, key: str, now: datetime) -> ApiToken | None:
    """Return the usable token matching `key` (comparing hashes in constant time), or None."""
    presented = token_hash(key)
    # One statement on the unique hash index, bringing the user and their roles along.
    token = api_token_by_hash(key_hash=presented)
    if token is None or not hmac.compare_digest(token.key_hash, presented):
        return None
    if not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def second_factor_enrolment(*, user: Any) -> Any:
    """Return the user's unconfirmed authenticator device, creating one to enrol."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@write_transaction
def second_factor_confirm(*, user: Any, device: Any, now: datetime) -> None:
    """Mark an enrolled authenticator as confirmed after the user proved they can read it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        now=now,
        actor=user,
        action="second_factor_enrol",
        obj=device,
        changes={"after": {"confirmed": True}},
    )


@write_transaction
def second_factor_remove(*, user: Any, now: datetime) -> int:
    """Remove all of the user's authenticator devices; return how many there were."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = list(TOTPDevice.objects.filter(user=user))
    for device in devices:
        audit_record(
            now=now,
            actor=user,
            action="delete",
            obj=device,
            changes={"before": {"name": device.name, "confirmed": device.confirmed}},
        )
        device.delete()
    return len(devices)
