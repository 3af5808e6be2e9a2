"""/api/v1/notifications/: my in-app notifications, the unread count, marking them read."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from notifications.services import event_emit, notifications_sweep

URL = "/api/v1/notifications/"
pytestmark = pytest.mark.django_db


def deliver(incident: Any, count: int, **kwargs: Any) -> None:
    """Emit `count` events to the DPO and send them."""
    for index in range(count):
        event_emit(
            event="incident.updated",
            incident=incident,
            obj=incident,
            payload={},
            key=f"update-{index}",
            now=timezone.now(),
            **kwargs,
        )
    notifications_sweep(now=timezone.now())


def test_a_user_sees_only_their_own_notifications(
    api_client_for: Any, personas: dict[str, Any], incident: Any
) -> None:
    deliver(incident, 2, recipients=[personas["dpo"]])
    deliver(incident, 1, recipients=[personas["legal"]])
    mine = api_client_for("dpo").get(URL, {"event": "incident.updated"}).json()
    assert mine["count"] == 2
    first = mine["results"][0]
    assert first["incident_reference"] == incident.reference
    assert first["read_at"] is None
    assert first["url"] == f"/incidents/{incident.reference}/"


def test_unread_count_filter_and_marking_read(
    api_client_for: Any, personas: dict[str, Any], incident: Any
) -> None:
    deliver(incident, 3, recipients=[personas["executive"]])
    client = api_client_for("executive")  # read-only role may still dismiss its notifications
    assert client.get(f"{URL}unread-count/").json() == {"unread": 3}
    first = client.get(URL).json()["results"][0]
    response = client.post(f"{URL}{first['id']}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert client.get(URL, {"unread": "true"}).json()["count"] == 2
    assert client.post(f"{URL}read-all/").json() == {"marked": 2}
    assert client.get(f"{URL}unread-count/").json() == {"unread": 0}


def test_someone_elses_notification_is_not_found(
    api_client_for: Any, personas: dict[str, Any], incident: Any
) -> None:
    deliver(incident, 1, recipients=[personas["dpo"]])
    theirs = api_client_for("dpo").get(URL).json()["results"][0]
    assert api_client_for("legal").post(f"{URL}{theirs['id']}/read/").status_code == 404


def test_users_without_a_role_and_anonymous_callers_are_refused(api_client_for: Any) -> None:
    assert api_client_for("outsider").get(URL).status_code == 403
    assert api_client_for(None).get(URL).status_code == 401


def test_list_query_count_is_constant(
    api_client_for: Any,
    personas: dict[str, Any],
    incident: Any,
    django_assert_num_queries: Any,
) -> None:
    client = api_client_for("dpo")
    client.get(URL)
    deliver(incident, 6, recipients=[personas["dpo"]])
    with django_assert_num_queries(2):
        assert len(client.get(URL, {"event": "incident.updated"}).json()["results"]) == 6
