"""Webhook deliveries to a real local HTTP receiver: signature, retry schedule, dead letters."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from notifications.models import (
    Channel,
    DeliveryOutcome,
    OutboxMessage,
    OutboxStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from notifications.services import event_emit, notifications_sweep, outbox_send
from notifications.signing import signature
from tests.notifications.builders import SECRET

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def emit(incident: Any, event: str = "incident.updated") -> OutboxMessage:
    """Write one webhook message (and its internal siblings) without sending it yet."""
    key = event_emit(
        event=event, incident=incident, obj=incident, payload={"version": 1}, now=timezone.now()
    )
    return OutboxMessage.objects.select_related("event").get(
        event__key=key, channel=Channel.WEBHOOK
    )


def send(message: OutboxMessage) -> str | None:
    return outbox_send(message_id=message.pk, now=timezone.now())


def docs_verifier() -> Any:
    """Run the Python snippet of docs/webhooks.md exactly as printed; return its function."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Verifying a delivery", 1)[1]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert snippet, "docs/webhooks.md lost its verification snippet"
    namespace: dict[str, Any] = {}
    exec(compile(snippet.group(1), str(DOCS), "exec"), namespace)  # noqa: S102
    return namespace["breachdesk_signature_ok"]


def test_a_delivery_is_signed_json_with_an_idempotency_id(
    incident: Any, subscription: WebhookSubscription, receiver: Any
) -> None:
    message = emit(incident)
    assert send(message) == OutboxStatus.SENT
    request = receiver.received[0]
    headers = request.headers
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Breachdesk-Event"] == "incident.updated"
    assert headers["Breachdesk-Message-Id"] == str(message.uuid)
    assert abs(int(headers["Breachdesk-Timestamp"]) - time.time()) < 5
    expected = signature(SECRET, headers["Breachdesk-Timestamp"], request.body)
    assert headers["Breachdesk-Signature"] == expected
    body = request.json()
    assert body["id"] == str(message.uuid)
    assert body["data"]["incident"]["reference"] == incident.reference
    delivery = WebhookDelivery.objects.get(message=message)
    assert (delivery.status_code, delivery.outcome, delivery.attempt) == (200, "success", 1)
    assert delivery.response_excerpt == "status 200"


def test_the_documented_snippet_verifies_a_real_delivery_and_refuses_forgeries(
    incident: Any, subscription: WebhookSubscription, receiver: Any
) -> None:
    verify = docs_verifier()
    send(emit(incident))
    request = receiver.received[0]
    assert verify(SECRET, request.headers, request.body)
    assert not verify("whsec_some-other-secret-000000000000", request.headers, request.body)
    assert not verify(SECRET, request.headers, request.body.replace(b"open", b"shut"))
    replayed = {**request.headers, "Breachdesk-Timestamp": str(int(time.time()) - 3600)}
    assert not verify(SECRET, replayed, request.body)


def test_500s_are_retried_on_the_backoff_schedule_then_dead_lettered(
    incident: Any, subscription: WebhookSubscription, receiver: Any
) -> None:
    receiver.default_status = 500
    with time_machine.travel(START, tick=False):
        message = emit(incident)
        send(message)
    for _ in range(12):
        message.refresh_from_db()
        if message.status != OutboxStatus.PENDING:
            break
        # One second early nothing happens; at the scheduled time the sweep sends again.
        with time_machine.travel(message.next_attempt_at - timedelta(seconds=1), tick=False):
            notifications_sweep(now=timezone.now())
        assert OutboxMessage.objects.get(pk=message.pk).attempts == message.attempts
        with time_machine.travel(message.next_attempt_at, tick=False):
            notifications_sweep(now=timezone.now())

    message.refresh_from_db()
    assert message.status == OutboxStatus.DEAD
    assert message.attempts == 8
    deliveries = list(WebhookDelivery.objects.filter(message=message).order_by("attempt"))
    assert [d.status_code for d in deliveries] == [500] * 8
    assert [d.outcome for d in deliveries] == [DeliveryOutcome.RETRY] * 7 + [DeliveryOutcome.DEAD]
    gaps = [
        (later.attempted_at - earlier.attempted_at) / timedelta(minutes=1)
        for earlier, later in zip(deliveries, deliveries[1:], strict=False)
    ]
    assert gaps == [1, 5, 25, 125, 625, 720, 720]
    assert receiver.counts()[str(message.uuid)] == 8


def test_recovery_after_a_few_500s_sends_once(
    incident: Any, subscription: WebhookSubscription, receiver: Any
) -> None:
    receiver.statuses = [500, 503]
    with time_machine.travel(START, tick=False):
        message = emit(incident)
        send(message)
    for minutes in (1, 6, 30, 60):
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            notifications_sweep(now=timezone.now())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert receiver.counts()[str(message.uuid)] == 3


@pytest.mark.parametrize(
    ("status_code", "outcome_status"),
    [
        pytest.param(400, OutboxStatus.DEAD, id="400-permanent"),
        pytest.param(404, OutboxStatus.DEAD, id="404-permanent"),
        pytest.param(410, OutboxStatus.DEAD, id="410-permanent"),
        pytest.param(301, OutboxStatus.DEAD, id="redirect-not-followed"),
        pytest.param(408, OutboxStatus.PENDING, id="408-retried"),
        pytest.param(429, OutboxStatus.PENDING, id="429-retried"),
        pytest.param(502, OutboxStatus.PENDING, id="502-retried"),
    ],
)
def test_which_answers_are_permanent(
    incident: Any,
    subscription: WebhookSubscription,
    receiver: Any,
    status_code: int,
    outcome_status: str,
) -> None:
    receiver.default_status = status_code
    message = emit(incident)
    assert send(message) == outcome_status
    delivery = WebhookDelivery.objects.get(message=message)
    assert delivery.status_code == status_code


def test_an_unreachable_receiver_is_retried(
    incident: Any, subscription: WebhookSubscription
) -> None:
    subscription.url = "http://127.0.0.1:1/closed"
    subscription.save()
    message = emit(incident)
    assert send(message) == OutboxStatus.PENDING
    delivery = WebhookDelivery.objects.get(message=message)
    assert delivery.status_code is None
    assert "ConnectionError" in delivery.error


def test_subscriptions_get_only_the_events_they_chose(
    incident: Any, subscription: WebhookSubscription
) -> None:
    subscription.events = ["incident.created"]
    subscription.save()
    key = event_emit(
        event="incident.updated", incident=incident, obj=incident, payload={}, now=timezone.now()
    )
    assert not OutboxMessage.objects.filter(event__key=key, channel=Channel.WEBHOOK)


def test_a_switched_off_subscription_cancels_what_waits(
    incident: Any, subscription: WebhookSubscription, receiver: Any
) -> None:
    message = emit(incident)
    subscription.is_active = False
    subscription.save()
    assert send(message) == OutboxStatus.CANCELLED
    assert receiver.received == []


def test_drill_events_never_reach_webhooks(
    personas: dict[str, Any], subscription: WebhookSubscription, now: datetime
) -> None:
    from tests.factories import incident_create_for_test

    drill = incident_create_for_test(actor=personas["security"], now=now, is_drill=True)
    key = event_emit(
        event="incident.updated", incident=drill, obj=drill, payload={}, now=timezone.now()
    )
    channels = set(OutboxMessage.objects.filter(event__key=key).values_list("channel", flat=True))
    assert channels == {Channel.IN_APP}  # the DPO is told in-app; no webhook row exists


def test_the_body_is_exactly_what_was_signed(
    incident: Any, subscription: WebhookSubscription, receiver: Any
) -> None:
    send(emit(incident))
    request = receiver.received[0]
    assert json.loads(request.body.decode("utf-8"))["event"] == "incident.updated"
    assert request.headers["Content-Length"] == str(len(request.body))
