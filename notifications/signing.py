"""Webhook bodies and their HMAC-SHA256 signature (docs/webhooks.md shows how receivers check it)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from notifications.content import iso_utc

EVENT_HEADER = "Breachdesk-Event"
MESSAGE_ID_HEADER = "Breachdesk-Message-Id"
TIMESTAMP_HEADER = "Breachdesk-Timestamp"
SIGNATURE_HEADER = "Breachdesk-Signature"
USER_AGENT = "Breachdesk-Webhook/1"


def webhook_envelope(message: Any) -> dict[str, Any]:
    """The JSON document a webhook receives for an outbox message."""
    return {
        "id": str(message.uuid),
        "event": message.event.name,
        "created_at": iso_utc(message.event.created_at),
        "is_drill": message.event.is_drill,
        "data": message.event.payload,
    }


def webhook_body(message: Any) -> bytes:
    """The exact bytes that are sent and signed."""
    text = json.dumps(
        webhook_envelope(message), cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True
    )
    return text.encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """sha256=<hex HMAC of "timestamp.body">: binding the timestamp lets receivers refuse replays."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_headers(message: Any, secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """Headers of one delivery attempt; the message id stays the same across retries."""
    stamp = str(timestamp)
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: message.event.name,
        MESSAGE_ID_HEADER: str(message.uuid),
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: signature(secret, stamp, body),
    }
