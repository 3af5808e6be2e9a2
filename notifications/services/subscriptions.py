"""Writes of webhook subscriptions: create, change, rotate the secret, delete; every one audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from config.errors import ValidationFailed, version_check
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from notifications.models import (
    Event,
    OutboxMessage,
    OutboxStatus,
    WebhookSubscription,
    webhook_secret_generate,
)

# The secret is never written to the audit trail.
AUDITED_FIELDS = ["name", "url", "events", "is_active"]
EDITABLE_FIELDS = ("name", "url", "events", "is_active")
MIN_SECRET_LENGTH = 24


def webhook_subscription_validate(data: dict[str, Any]) -> dict[str, Any]:
    """Check URL scheme, events and secret strength, naming each bad field."""
    errors: dict[str, list[str]] = {}
    if "url" in data and urlsplit(str(data["url"])).scheme not in ("http", "https"):
        errors["url"] = ["Use an http:// or https:// URL."]
    if "events" in data:
        events = list(dict.fromkeys(data["events"] or []))
        unknown = [e for e in events if e not in Event.values]
        if not events:
            errors["events"] = ["Choose at least one event."]
        elif unknown:
            errors["events"] = [f"Unknown events: {', '.join(map(str, unknown))}."]
        data = {**data, "events": events}
    if data.get("secret") is not None and len(str(data["secret"])) < MIN_SECRET_LENGTH:
        errors["secret"] = [f"Use at least {MIN_SECRET_LENGTH} characters."]
    if errors:
        raise ValidationFailed("Invalid webhook subscription.", fields=errors)
    return data


@write_transaction
def webhook_subscription_create(
    *, actor: Any, data: dict[str, Any], now: datetime
) -> WebhookSubscription:
    """Create a subscription; a secret is generated unless one is given."""
    data = webhook_subscription_validate(data)
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    subscription = WebhookSubscription(
        **fields,
        secret=data.get("secret") or webhook_secret_generate(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    subscription.full_clean()
    subscription.save()
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=subscription,
        changes={"after": model_snapshot(subscription, AUDITED_FIELDS)},
    )
    return subscription


@write_transaction
def webhook_subscription_update(
    *,
    actor: Any,
    subscription: WebhookSubscription,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> WebhookSubscription:
    """Change name, URL, events or the active switch, if nobody changed it since that version."""
    data = webhook_subscription_validate(data)
    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    version_check(current=locked.version, expected=expected_version, what="webhook subscription")
    before = model_snapshot(locked, AUDITED_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.full_clean()
    locked.version_bump()
    locked.save()
    changes = diff_snapshots(before, model_snapshot(locked, AUDITED_FIELDS))
    audit_record(now=now, actor=actor, action="update", obj=locked, changes=changes)
    return locked


@write_transaction
def webhook_subscription_rotate_secret(
    *, actor: Any, subscription: WebhookSubscription, now: datetime
) -> WebhookSubscription:
    """Replace the signing secret; deliveries from now on are signed with the new one."""
    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    locked.secret = webhook_secret_generate()
    locked.version_bump()
    locked.save(update_fields=["secret", "version", "updated_at"])
    audit_record(now=now, actor=actor, action="rotate_secret", obj=locked)
    return locked


@write_transaction
def webhook_subscription_delete(
    *, actor: Any, subscription: WebhookSubscription, now: datetime
) -> None:
    """Delete a subscription and cancel what still waited to go to it (the log is kept)."""
    OutboxMessage.objects.filter(
        subscription=subscription, status__in=[OutboxStatus.PENDING, OutboxStatus.DEAD]
    ).update(status=OutboxStatus.CANCELLED, last_error="The subscription was deleted.")
    audit_record(
        now=now,
        actor=actor,
        action="delete",
        obj=subscription,
        changes={"before": model_snapshot(subscription, AUDITED_FIELDS)},
    )
    subscription.delete()
