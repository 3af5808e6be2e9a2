"""Web pages: the unread badge in the header, the inbox, the webhook and dead-letter page."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from notifications.models import (
    Channel,
    Notification,
    OutboxMessage,
    OutboxStatus,
    WebhookSubscription,
)
from notifications.services import notifications_sweep, outbox_send
from tests.notifications.builders import incident_event_emit

pytestmark = pytest.mark.django_db


def signed_in(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def test_the_header_shows_the_unread_count(
    client: Any, personas: dict[str, Any], incident: Any
) -> None:
    notifications_sweep(
        now=timezone.now()
    )  # sends the incident.created notification (at least) to the DPO
    page = signed_in(client, personas["dpo"]).get("/").content.decode()
    unread = Notification.objects.filter(user=personas["dpo"], read_at__isnull=True).count()
    assert unread >= 1
    assert 'href="/notifications/"' in page
    assert f'class="badge notif-count" aria-label="{unread} unread">{unread}</span>' in page


def test_the_inbox_lists_and_marks_everything_read(
    client: Any, personas: dict[str, Any], incident: Any
) -> None:
    notifications_sweep(now=timezone.now())
    client = signed_in(client, personas["dpo"])
    page = client.get("/notifications/").content.decode()
    assert f"New incident {incident.reference}" in page
    assert client.post("/notifications/").status_code == 302
    assert "notif-count" not in client.get("/").content.decode()


def test_the_webhook_page_lists_dead_letters_and_redelivers(
    client: Any,
    personas: dict[str, Any],
    incident: Any,
    subscription: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver.statuses = [404]
    incident_event_emit(incident, key="k")
    message = OutboxMessage.objects.get(event__key="k", channel=Channel.WEBHOOK)
    outbox_send(message_id=message.pk, now=timezone.now())
    client = signed_in(client, personas["admin"])
    page = client.get("/settings/webhooks/").content.decode()
    assert "HTTP 404" in page and "SIEM" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/settings/webhooks/dead-letters/{message.pk}/redeliver/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


def test_the_webhook_page_is_for_administrators(client: Any, personas: dict[str, Any]) -> None:
    assert signed_in(client, personas["dpo"]).get("/settings/webhooks/").status_code == 403


def test_administrators_manage_subscriptions_on_the_settings_page(
    client: Any, personas: dict[str, Any]
) -> None:
    client = signed_in(client, personas["admin"])
    form = {"name": "SIEM", "url": "https://siem.example.org/hook", "events": ["incident.created"]}
    response = client.post("/settings/webhooks/new/", {**form, "is_active": "on"}, follow=True)
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret in response.content.decode()  # shown once, right after creation
    client.post(f"/settings/webhooks/{subscription.pk}/", {**form, "events": ["task.overdue"]})
    subscription.refresh_from_db()
    assert (subscription.events, subscription.is_active) == (["task.overdue"], False)
    old_secret = subscription.secret
    client.post(f"/settings/webhooks/{subscription.pk}/rotate-secret/")
    subscription.refresh_from_db()
    assert subscription.secret != old_secret
    client.post(f"/settings/webhooks/{subscription.pk}/delete/")
    assert not WebhookSubscription.objects.exists()


def test_the_settings_form_names_a_bad_url(client: Any, personas: dict[str, Any]) -> None:
    client = signed_in(client, personas["admin"])
    body = {"name": "x", "url": "ftp://example.org/x", "events": ["incident.created"]}
    page = client.post("/settings/webhooks/new/", body).content.decode()
    assert "Use an http:// or https:// URL." in page
    assert not WebhookSubscription.objects.exists()


def test_only_administrators_reach_the_subscription_form(
    client: Any, personas: dict[str, Any]
) -> None:
    assert signed_in(client, personas["dpo"]).get("/settings/webhooks/new/").status_code == 403
