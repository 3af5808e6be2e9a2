"""The outbox: events become one row per (event, channel, recipient); sends are claimed, retried, recovered."""

from __future__ import annotations

import smtplib
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.channels import InAppTransport, Transport
from notifications.conf import notification_settings
from notifications.models import Channel, Notification, OutboxEvent, OutboxMessage, OutboxStatus
from notifications.services import (
    event_emit,
    notifications_sweep,
    outbox_enqueue,
    outbox_send,
)
from tests.factories import incident_payload
from tests.notifications.broker import CLOSED_PORT_BROKER, celery_publishing

pytestmark = pytest.mark.django_db


def rows(**filters: Any) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(**filters).select_related("event").order_by("pk"))


def test_event_emit_writes_one_row_per_channel_and_recipient_and_sends_on_commit(
    incident: Any,
    personas: dict[str, Any],
    subscription: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        key = event_emit(
            now=timezone.now(),
            event="report.generated",
            incident=incident,
            payload={"report": {"kind": "gdpr_art33", "language": "en"}},
            key=f"report.generated:{incident.pk}:1",
            actor=personas["legal"],
        )
    written = rows(event__key=key)
    assert sorted((r.channel, r.recipient) for r in written) == [
        (Channel.IN_APP, f"user:{personas['dpo'].pk}"),
        (Channel.WEBHOOK, f"subscription:{subscription.pk}"),
    ]
    assert {r.status for r in OutboxMessage.objects.filter(event__key=key)} == {OutboxStatus.SENT}
    (body,) = [r.json() for r in receiver.received if r.json()["event"] == "report.generated"]
    assert body["event"] == "report.generated"
    assert body["data"]["incident"]["reference"] == incident.reference
    assert body["data"]["report"] == {"kind": "gdpr_art33", "language": "en"}


def test_emitting_the_same_event_again_writes_nothing(
    incident: Any, personas: dict[str, Any], subscription: Any
) -> None:
    for _ in range(3):
        key = event_emit(
            event="obligation.created",
            incident=incident,
            obj=incident,
            payload={},
            now=timezone.now(),
        )
    channels = OutboxMessage.objects.filter(event__key=key).values_list("channel")
    assert sorted(c for (c,) in channels) == [Channel.EMAIL, Channel.IN_APP, Channel.WEBHOOK]


def test_the_actor_is_not_told_about_their_own_action(
    incident: Any, personas: dict[str, Any]
) -> None:
    key = event_emit(
        now=timezone.now(),
        event="submission.recorded",
        incident=incident,
        obj=incident,
        payload={},
        actor=personas["dpo"],
    )
    assert rows(event__key=key) == []


def test_explicit_recipients_override_the_default_audience(
    incident: Any, personas: dict[str, Any]
) -> None:
    key = event_emit(
        now=timezone.now(),
        event="task.assigned",
        incident=incident,
        obj=incident,
        payload={},
        recipients=[personas["pr"]],
    )
    assert {(r.channel, r.user.username) for r in rows(event__key=key)} == {
        (Channel.IN_APP, "pr"),
        (Channel.EMAIL, "pr"),
    }


def test_unknown_events_are_refused(incident: Any) -> None:
    with pytest.raises(ValueError, match="Unknown event"):
        event_emit(event="incident.exploded", incident=incident, payload={}, now=timezone.now())


def test_creating_and_updating_an_incident_emits_created_then_updated(
    api_client_for: Any,
    personas: dict[str, Any],
    subscription: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = api_client_for("security")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/incidents/", incident_payload(), format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        renamed = client.patch(
            f"/api/v1/incidents/{created['id']}/",
            {"title": "Renamed"},
            format="json",
            HTTP_IF_MATCH=f'"{created["id"]}-{created["version"]}"',
        )
    assert renamed.status_code == 200, renamed.json()
    events = [r.json()["event"] for r in receiver.received]
    assert [event for event in events if event.startswith("incident.")] == [
        "incident.created",
        "incident.updated",
    ]
    assert {r.event.key for r in rows(event__name="incident.updated")} == {
        f"incident.updated:incidents.incident:{created['id']}:v2"
    }
    dpo_inbox = Notification.objects.filter(
        user=personas["dpo"], event__startswith="incident."
    ).values_list("event", flat=True)
    assert sorted(dpo_inbox) == ["incident.created", "incident.updated"]


def test_a_duplicate_send_task_finds_nothing_to_do(incident: Any, personas: dict[str, Any]) -> None:
    key = event_emit(
        event="incident.updated", incident=incident, obj=incident, payload={}, now=timezone.now()
    )
    message = rows(event__key=key)[0]
    assert outbox_send(message_id=message.pk, now=timezone.now()) == OutboxStatus.SENT
    assert outbox_send(message_id=message.pk, now=timezone.now()) is None
    assert Notification.objects.filter(message=message).count() == 1


def test_in_app_delivery_is_idempotent_when_a_sender_dies_before_recording(
    incident: Any, personas: dict[str, Any]
) -> None:
    key = event_emit(
        event="incident.updated", incident=incident, obj=incident, payload={}, now=timezone.now()
    )
    message = rows(event__key=key)[0]
    InAppTransport().notify(message)
    InAppTransport().notify(message)
    assert Notification.objects.filter(message=message).count() == 1


def test_a_transport_without_send_cannot_be_made() -> None:
    class SilentTransport(Transport):
        channel = "silent"

    with pytest.raises(TypeError, match="send"):
        SilentTransport()


def _claim_and_abandon(message: OutboxMessage, claimed_at: datetime) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=claimed_at, attempts=1
    )


def test_a_message_stuck_in_sending_is_picked_up_after_its_lease(
    incident: Any, personas: dict[str, Any], now: datetime
) -> None:
    key = event_emit(event="incident.updated", incident=incident, obj=incident, payload={}, now=now)
    message = rows(event__key=key, channel=Channel.IN_APP)[0]
    lease = notification_settings().lease
    _claim_and_abandon(message, claimed_at=now)
    with time_machine.travel(now + lease - timedelta(seconds=1), tick=False):
        notifications_sweep(now=timezone.now())
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENDING
    with time_machine.travel(now + lease + timedelta(seconds=1), tick=False):
        notifications_sweep(now=timezone.now())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2


def test_a_message_that_keeps_killing_its_sender_is_dead_lettered(
    incident: Any, personas: dict[str, Any], now: datetime
) -> None:
    key = event_emit(event="incident.updated", incident=incident, obj=incident, payload={}, now=now)
    message = rows(event__key=key, channel=Channel.IN_APP)[0]
    config = notification_settings()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=now, attempts=config.max_attempts
    )
    notifications_sweep(now=now + config.lease + timedelta(seconds=1))
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.DEAD


def test_messages_to_a_deactivated_user_are_cancelled(
    incident: Any, personas: dict[str, Any]
) -> None:
    key = event_emit(
        event="incident.updated", incident=incident, obj=incident, payload={}, now=timezone.now()
    )
    personas["dpo"].is_active = False
    personas["dpo"].save()
    for message in rows(event__key=key):
        assert outbox_send(message_id=message.pk, now=timezone.now()) == OutboxStatus.CANCELLED


def test_email_carries_a_stable_message_id(incident: Any, personas: dict[str, Any]) -> None:
    key = event_emit(
        event="obligation.created", incident=incident, obj=incident, payload={}, now=timezone.now()
    )
    message = rows(event__key=key, channel=Channel.EMAIL)[0]
    outbox_send(message_id=message.pk, now=timezone.now())
    sent = mail.outbox[-1]
    assert sent.to == ["dpo@example.org"]
    assert sent.extra_headers["Message-ID"] == f"<{message.uuid}@127.0.0.1>"
    assert incident.reference in sent.subject


@pytest.mark.parametrize(
    ("error", "status"),
    [
        pytest.param(smtplib.SMTPServerDisconnected("gone"), OutboxStatus.PENDING, id="transient"),
        pytest.param(
            smtplib.SMTPRecipientsRefused({"dpo@example.org": (550, b"no such user")}),
            OutboxStatus.DEAD,
            id="recipient-refused",
        ),
    ],
)
def test_email_failures_retry_or_dead_letter(
    incident: Any, personas: dict[str, Any], error: Exception, status: str
) -> None:
    key = event_emit(
        event="obligation.created", incident=incident, obj=incident, payload={}, now=timezone.now()
    )
    message = rows(event__key=key, channel=Channel.EMAIL)[0]
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=error):
        assert outbox_send(message_id=message.pk, now=timezone.now()) == status
    message.refresh_from_db()
    assert message.last_error


def test_with_the_broker_down_incidents_are_still_created_and_messages_wait(
    api_client_for: Any,
    personas: dict[str, Any],
    subscription: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with celery_publishing(CLOSED_PORT_BROKER):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client_for("security").post(
                "/api/v1/incidents/", incident_payload(), format="json"
            )
        elapsed = time.monotonic() - started
    assert response.status_code == 201
    assert elapsed < 2
    waiting = rows(event__name="incident.created")
    assert waiting and {r.status for r in waiting} == {OutboxStatus.PENDING}
    # The broker is back (eager again here): the next sweep sends everything once.
    notifications_sweep(now=timezone.now())
    assert {r.status for r in rows(event__name="incident.created")} == {OutboxStatus.SENT}
    assert [r.json()["event"] for r in receiver.received].count("incident.created") == 1


def test_enqueue_reports_what_it_published_when_the_broker_is_down(incident: Any) -> None:
    with celery_publishing(CLOSED_PORT_BROKER):
        assert outbox_enqueue([1, 2, 3]) == 0


def test_the_sweep_publishes_a_bounded_number_of_dispatch_tasks(
    incident: Any, personas: dict[str, Any], settings: Any, now: datetime
) -> None:
    settings.BREACHDESK_NOTIFICATIONS = {"dispatch_batch": 2, "dispatch_parallel": 3}
    OutboxEvent.objects.all().delete()  # only this test's messages wait
    for index in range(7):
        event_emit(
            event="submission.recorded",
            incident=incident,
            payload={},
            key=f"submission:{index}",
            recipients=[personas["dpo"]],
            now=now,
        )
    with time_machine.travel(now, tick=False):
        result = notifications_sweep(now=timezone.now())
    # Counting stops at 3 tasks × 2 messages; the seventh waits for the next sweep.
    assert (result["due"], result["dispatched"]) == (6, 3)
    mine = OutboxMessage.objects.filter(event__key__startswith="submission:")
    statuses = Counter(mine.values_list("status", flat=True))
    assert statuses == {OutboxStatus.SENT: 6, OutboxStatus.PENDING: 1}
