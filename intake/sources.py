"""Which source sent a request: its bearer token, or an HMAC signature like our outgoing webhooks'."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from config.errors import ApplicationError
from intake.models import AlertSource, source_token_hash

SOURCE_HEADER = "Breachdesk-Source"
TIMESTAMP_HEADER = "Breachdesk-Timestamp"
SIGNATURE_HEADER = "Breachdesk-Signature"
# A signed request older (or newer) than this is refused, so a captured one can't be replayed.
SIGNATURE_TOLERANCE = timedelta(minutes=5)


class SourceUnauthenticated(ApplicationError):
    """The request did not prove which alert source sent it."""

    status_code = 401
    default_code = "not_authenticated"


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    """sha256=<hex HMAC-SHA256 of "timestamp.body">, as docs/webhooks.md describes for outgoing ones."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def source_authenticate(*, headers: dict[str, str], body: bytes, now: datetime) -> AlertSource:
    """The active source whose token or signature the request carries; 401 otherwise."""
    authorization = headers.get("Authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        source = AlertSource.objects.filter(
            token_hash=source_token_hash(credential.strip()), is_active=True
        ).first()
        if source is None:
            raise SourceUnauthenticated("Unknown or disabled source token.")
        return source
    name = headers.get(SOURCE_HEADER, "")
    if not name:
        raise SourceUnauthenticated(
            f"Send the source's token as 'Authorization: Bearer <token>', or sign the body "
            f"({SOURCE_HEADER}, {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers)."
        )
    source = AlertSource.objects.filter(name=name, is_active=True).exclude(hmac_secret="").first()
    stamp, signature = headers.get(TIMESTAMP_HEADER, ""), headers.get(SIGNATURE_HEADER, "")
    if source is None or not stamp.isdigit() or not signature:
        raise SourceUnauthenticated("Unknown source, or the signature headers are missing.")
    sent = datetime.fromtimestamp(int(stamp), tz=now.tzinfo)
    if abs(now - sent) > SIGNATURE_TOLERANCE:
        raise SourceUnauthenticated(f"{TIMESTAMP_HEADER} is more than 5 minutes from our clock.")
    if not hmac.compare_digest(expected_signature(source.hmac_secret, stamp, body), signature):
        raise SourceUnauthenticated("The signature does not match the body.")
    return source
