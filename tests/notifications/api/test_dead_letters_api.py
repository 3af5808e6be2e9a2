"""/api/v1/dead-letters/ and /api/v1/webhook-deliveries/: what failed for good, and sending it again."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from notifications.models import Channel, OutboxMessage, OutboxStatus, WebhookDelivery
from notifications.services import event_emit, outbox_send
from tests.notifications.builders import incident_event_emit

URL = "/api/v1/dead-letters/"
DELIVERIES = "/api/v1/webhook-deliveries/"
pytestmark = pytest.mark.django_db


def dead_letter(incident: Any, receiver: Any, key: str = "k") -> OutboxMessage:
    """A webhook message the receiver refused with a 410."""
    receiver.statuses = [410]
    event_emit(
        event="incident.updated",
        incident=incident,
        obj=incident,
        payload={},
        key=key,
        now=timezone.now(),
    )
    message = OutboxMessage.objects.get(event__key=key, channel=Channel.WEBHOOK)
    assert outbox_send(message_id=message.pk, now=timezone.now()) == OutboxStatus.DEAD
    return message


def test_dead_letters_are_listed_and_redelivered_once(
    api_client_for: Any,
    incident: Any,
    subscription: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    message = dead_letter(incident, receiver)
    client = api_client_for("admin")
    listed = client.get(URL).json()["results"]
    assert [(row["id"], row["status"], row["last_error"]) for row in listed] == [
        (message.pk, "dead", "HTTP 410")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{message.pk}/redeliver/")
    assert response.status_code == 202
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [r.message_id for r in receiver.received] == [str(message.uuid)] * 2
    assert client.get(URL).json()["results"] == []


def test_a_message_that_is_not_dead_cannot_be_redelivered(
    api_client_for: Any, incident: Any, subscription: Any
) -> None:
    incident_event_emit(incident, key="k")
    pending = OutboxMessage.objects.filter(channel=Channel.WEBHOOK).get()
    response = api_client_for("admin").post(f"{URL}{pending.pk}/redeliver/")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["dpo", "executive", "outsider"])
def test_only_administrators_see_dead_letters_and_deliveries(
    api_client_for: Any, persona: str
) -> None:
    client = api_client_for(persona)
    assert client.get(URL).status_code == 403
    assert client.get(DELIVERIES).status_code == 403


def test_the_delivery_log_shows_status_codes_and_filters_by_outcome(
    api_client_for: Any, incident: Any, subscription: Any, receiver: Any
) -> None:
    message = dead_letter(incident, receiver)
    client = api_client_for("admin")
    rows = client.get(DELIVERIES, {"outcome": "dead"}).json()["results"]
    assert [(r["message_id"], r["status_code"], r["attempt"]) for r in rows] == [
        (str(message.uuid), 410, 1)
    ]
    assert client.get(DELIVERIES, {"outcome": "success"}).json()["results"] == []
    by_message = client.get(DELIVERIES, {"message_id": str(message.uuid)}).json()["results"]
    assert len(by_message) == 1


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"status_code": "0.5"}, id="fractional-status"),
        pytest.param({"status_code": "99"}, id="status-below-100"),
        pytest.param({"subscription": "1e300"}, id="not-an-id"),
        pytest.param({"subscription": str(2**63)}, id="id-beyond-the-database"),
    ],
)
def test_bad_delivery_filters_are_a_400_naming_the_parameter(
    api_client_for: Any, params: dict[str, str]
) -> None:
    response = api_client_for("admin").get(DELIVERIES, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_list_query_counts_are_constant(
    api_client_for: Any,
    incident: Any,
    subscription: Any,
    receiver: Any,
    django_assert_num_queries: Any,
) -> None:
    client = api_client_for("admin")
    client.get(URL)
    for index in range(4):
        dead_letter(incident, receiver, key=f"k{index}")
    assert WebhookDelivery.objects.count() == 4
    with django_assert_num_queries(2):
        assert len(client.get(URL).json()["results"]) == 4
    with django_assert_num_queries(2):
        assert len(client.get(DELIVERIES).json()["results"]) == 4
