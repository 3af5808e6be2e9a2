"""/api/v1/webhooks/: administrators manage subscriptions; the secret is shown once."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import AuditEvent
from notifications.models import OutboxMessage, OutboxStatus, WebhookSubscription
from tests.notifications.builders import incident_event_emit

URL = "/api/v1/webhooks/"
pytestmark = pytest.mark.django_db
BODY = {
    "name": "SIEM",
    "url": "https://siem.example.org/hooks/breachdesk",
    "events": ["incident.created", "obligation.overdue"],
}


def test_admin_creates_a_subscription_and_sees_the_secret_once(api_client_for: Any) -> None:
    client = api_client_for("admin")
    response = client.post(URL, BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["events"] == ["incident.created", "obligation.overdue"]
    assert body["signing_secret"].startswith("whsec_")
    assert "secret" not in body
    listed = client.get(URL).json()["results"][0]
    assert "signing_secret" not in listed and "secret" not in listed
    entry = AuditEvent.objects.get(action="create", object_type="notifications.WebhookSubscription")
    assert "secret" not in str(entry.changes)


def test_a_chosen_secret_is_kept(api_client_for: Any) -> None:
    secret = "my-own-secret-of-enough-length-1234"
    response = api_client_for("admin").post(URL, {**BODY, "secret": secret}, format="json")
    assert response.json()["signing_secret"] == secret


@pytest.mark.parametrize(
    ("overrides", "bad_fields"),
    [
        pytest.param({"url": "ftp://example.org/x"}, {"url"}, id="not-http"),
        pytest.param({"url": "not a url"}, {"url"}, id="not-a-url"),
        pytest.param({"events": []}, {"events"}, id="no-events"),
        pytest.param({"events": ["incident.exploded"]}, {"events"}, id="unknown-event"),
        pytest.param({"secret": "short"}, {"secret"}, id="weak-secret"),
        pytest.param({"colour": "red"}, {"colour"}, id="unknown-field"),
        pytest.param({"name": ""}, {"name"}, id="empty-name"),
        pytest.param({"name": 7}, {"name"}, id="number-for-name"),
        pytest.param({"is_active": 0}, {"is_active"}, id="number-for-boolean"),
        pytest.param({"is_active": "yes"}, {"is_active"}, id="word-for-boolean"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    api_client_for: Any, overrides: dict[str, Any], bad_fields: set[str]
) -> None:
    response = api_client_for("admin").post(URL, {**BODY, **overrides}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == bad_fields
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("persona", ["dpo", "security", "executive", "outsider"])
def test_only_administrators_manage_webhooks(api_client_for: Any, persona: str) -> None:
    client = api_client_for(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, BODY, format="json").status_code == 403


@pytest.mark.parametrize("value", ["yes", "", "2"])
def test_a_bad_active_filter_is_a_400_naming_it(api_client_for: Any, value: str) -> None:
    response = api_client_for("admin").get(URL, {"is_active": value})
    assert response.status_code == 400
    assert list(response.json()) == ["is_active"]


def test_anonymous_callers_are_refused(api_client_for: Any) -> None:
    assert api_client_for(None).get(URL).status_code == 401


def test_admin_updates_events_and_switches_a_subscription_off(api_client_for: Any) -> None:
    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json")
    response = client.patch(
        f"{URL}{created.json()['id']}/",
        {"events": ["task.overdue"], "is_active": False},
        format="json",
        headers={"If-Match": created["ETag"]},
    )
    assert response.status_code == 200
    assert response.json()["events"] == ["task.overdue"]
    assert response.json()["is_active"] is False
    assert AuditEvent.objects.filter(action="update").count() == 1


def test_an_update_without_if_match_is_refused_and_changes_nothing(api_client_for: Any) -> None:
    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json").json()
    response = client.patch(f"{URL}{created['id']}/", {"name": "Renamed"}, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert WebhookSubscription.objects.get(pk=created["id"]).name == "SIEM"


def test_an_update_with_a_stale_etag_is_refused_and_changes_nothing(api_client_for: Any) -> None:
    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json")
    detail = f"{URL}{created.json()['id']}/"
    stale = created["ETag"]
    first = client.patch(detail, {"name": "First"}, format="json", headers={"If-Match": stale})
    assert first.status_code == 200
    second = client.patch(detail, {"name": "Second"}, format="json", headers={"If-Match": stale})
    assert second.status_code == 412
    assert second.json()["code"] == "precondition_failed"
    assert client.get(detail).json()["name"] == "First"


def test_an_update_with_the_current_etag_gets_a_new_one(api_client_for: Any) -> None:
    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json").json()
    detail = f"{URL}{created['id']}/"
    read = client.get(detail)
    assert read["ETag"] == f'"{created["id"]}-1"'
    response = client.patch(
        detail, {"name": "Renamed"}, format="json", headers={"If-Match": read["ETag"]}
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Renamed"
    assert response["ETag"] == f'"{created["id"]}-2"' == client.get(detail)["ETag"]
    assert response.json()["version"] == 2


def test_rotating_the_secret_changes_the_etag(api_client_for: Any) -> None:
    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json")
    detail = f"{URL}{created.json()['id']}/"
    rotated = client.post(f"{detail}rotate-secret/")
    assert rotated["ETag"] != created["ETag"] == f'"{created.json()["id"]}-1"'
    stale = client.patch(
        detail, {"name": "Renamed"}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert stale.status_code == 412


def test_rotating_the_secret_returns_a_new_one(api_client_for: Any) -> None:
    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json").json()
    rotated = client.post(f"{URL}{created['id']}/rotate-secret/").json()
    assert rotated["signing_secret"] != created["signing_secret"]
    stored = WebhookSubscription.objects.get(pk=created["id"]).secret
    assert stored == rotated["signing_secret"]


def test_deleting_cancels_what_still_waited(api_client_for: Any, incident: Any) -> None:

    client = api_client_for("admin")
    created = client.post(URL, BODY, format="json").json()
    incident_event_emit(incident, key="k1", event="incident.created")
    assert client.delete(f"{URL}{created['id']}/").status_code == 204
    webhook_rows = OutboxMessage.objects.filter(recipient=f"subscription:{created['id']}")
    assert {row.status for row in webhook_rows} == {OutboxStatus.CANCELLED}


def test_list_query_count_is_constant(api_client_for: Any, django_assert_num_queries: Any) -> None:
    client = api_client_for("admin")
    client.get(URL)  # the role lookup is cached on the user after the first request
    for index in range(5):
        WebhookSubscription.objects.create(name=f"hook {index}", url=BODY["url"], events=["x"])
    with django_assert_num_queries(2):
        assert len(client.get(URL).json()["results"]) == 5
