"""GET/POST /api/v1/auth/tokens/, DELETE /api/v1/auth/tokens/{id}/ and POST /api/v1/auth/token/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, token_hash
from incidents.models import AuditEvent

URL = "/api/v1/auth/tokens/"
OBTAIN_URL = "/api/v1/auth/token/"
pytestmark = pytest.mark.django_db


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_new_token_is_shown_once_and_stored_only_as_its_hash(api_client_for: Any) -> None:
    response = api_client_for("dpo").post(URL, {"name": "SIEM"}, format="json")
    assert response.status_code == 201, response.json()
    assert response["Cache-Control"] == "no-store"
    key = response.json()["token"]
    assert key.startswith("bd_") and len(key) > 40
    stored = ApiToken.objects.get()
    assert stored.key_hash == token_hash(key)
    assert key not in {stored.prefix, stored.key_hash, stored.name}
    assert response.json()["prefix"] == stored.prefix == key[:11]
    listed = api_client_for("dpo").get(URL).json()["results"]
    assert listed[0]["name"] == "SIEM" and "token" not in listed[0]


def test_a_token_authenticates_and_records_when_it_was_last_used(personas: Any) -> None:
    token, key = api_token_create(user=personas["security"], name="SOAR", now=timezone.now())
    assert token_client(key).get("/api/v1/incidents/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("bd_nottherightone", id="unknown"),
        pytest.param("", id="empty-after-keyword"),
    ],
)
def test_an_unknown_token_is_401(personas: Any, key: str) -> None:
    api_token_create(user=personas["security"], name="SOAR", now=timezone.now())
    response = token_client(key).get("/api/v1/incidents/")
    assert response.status_code == 401
    assert "code" in response.json()


def test_a_revoked_token_stops_working_at_once(api_client_for: Any, personas: Any) -> None:
    token, key = api_token_create(user=personas["dpo"], name="Old script", now=timezone.now())
    response = api_client_for("dpo").delete(f"{URL}{token.pk}/")
    assert response.status_code == 204
    assert token_client(key).get("/api/v1/incidents/").status_code == 401
    assert api_client_for("dpo").delete(f"{URL}{token.pk}/").status_code == 404
    listed = api_client_for("dpo").get(URL, {"active": "false"}).json()["results"]
    assert [row["id"] for row in listed] == [token.pk]
    assert listed[0]["revoked_at"] is not None
    actions = list(
        AuditEvent.objects.filter(object_id=str(token.pk)).values_list("action", flat=True)
    )
    assert actions == ["create", "revoke"]


def test_an_expired_token_is_refused(personas: Any) -> None:
    token, key = api_token_create(
        now=timezone.now(),
        user=personas["dpo"],
        name="Short",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert token_client(key).get("/api/v1/incidents/").status_code == 401


def test_nobody_sees_or_revokes_another_users_token(api_client_for: Any, personas: Any) -> None:
    token, key = api_token_create(user=personas["dpo"], name="DPO's", now=timezone.now())
    assert api_client_for("admin").get(URL).json()["count"] == 0
    assert api_client_for("admin").delete(f"{URL}{token.pk}/").status_code == 404
    assert token_client(key).get("/api/v1/incidents/").status_code == 200


@pytest.mark.parametrize(
    ("body", "bad_fields"),
    [
        pytest.param({}, {"name"}, id="no-name"),
        pytest.param({"name": "x" * 101}, {"name"}, id="long-name"),
        pytest.param(
            {"name": "x", "expires_at": "2020-01-01T00:00:00Z"}, {"expires_at"}, id="past-expiry"
        ),
        pytest.param(
            {"name": "x", "expires_at": "2099-01-01T00:00:00"}, {"expires_at"}, id="naive-expiry"
        ),
    ],
)
def test_bad_token_requests_name_the_field(
    api_client_for: Any, body: dict[str, Any], bad_fields: set[str]
) -> None:
    response = api_client_for("security").post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == bad_fields
    assert not ApiToken.objects.exists()


def test_people_without_a_role_and_anonymous_callers_get_no_tokens(api_client_for: Any) -> None:
    assert api_client_for("outsider").post(URL, {"name": "x"}, format="json").status_code == 403
    assert api_client_for(None).post(URL, {"name": "x"}, format="json").status_code == 401
    assert not ApiToken.objects.exists()


def test_the_token_list_query_count_does_not_grow(api_client_for: Any, personas: Any) -> None:
    client = api_client_for("dpo")
    client.get(URL)
    counts = []
    for batch in (2, 5):
        for number in range(batch):
            api_token_create(user=personas["dpo"], name=f"t{number}", now=timezone.now())
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_signing_in_for_a_token_issues_a_new_hashed_token(personas: Any) -> None:
    response = APIClient().post(
        OBTAIN_URL,
        {"username": "dpo", "password": "pw-dpo-2026!", "name": "Ticketing"},
        format="json",
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert ApiToken.objects.get(key_hash=token_hash(key)).name == "Ticketing"
    assert token_client(key).get("/api/v1/incidents/").status_code == 200


def test_five_failed_sign_ins_lock_the_token_endpoint(personas: Any) -> None:
    client = APIClient()
    for _ in range(4):
        wrong = client.post(OBTAIN_URL, {"username": "dpo", "password": "nope"}, format="json")
        assert wrong.status_code == 400
        assert set(wrong.json()) == {"non_field_errors"}
    locked = client.post(OBTAIN_URL, {"username": "dpo", "password": "nope"}, format="json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) == 15 * 60
    right = client.post(OBTAIN_URL, {"username": "dpo", "password": "pw-dpo-2026!"}, format="json")
    assert right.status_code == 429
    assert not ApiToken.objects.exists()
    # Another account from the same address is not locked out with it.
    other = client.post(
        OBTAIN_URL, {"username": "legal", "password": "pw-legal-2026!"}, format="json"
    )
    assert other.status_code == 200


@pytest.mark.parametrize(
    "groups, superuser",
    [((), False), (("dpo",), False), (("dpo", "legal", "other"), False), ((), True)],
)
def test_a_token_brings_its_user_and_the_same_roles_in_one_query(
    personas: Any, groups: tuple[str, ...], superuser: bool
) -> None:
    """The token, its user and the user's roles come in one statement, as the ORM reads them."""
    from django.contrib.auth.models import Group, User

    from accounts.services import api_token_authenticate
    from incidents.roles import user_roles

    user = User.objects.create(username="integrator", is_superuser=superuser)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    now = timezone.now()
    created, key = api_token_create(
        user=user, name="SIEM", now=now, expires_at=now + timedelta(days=3)
    )
    ApiToken.objects.filter(pk=created.pk).update(last_used_at=now)
    with CaptureQueriesContext(connection) as context:
        token = api_token_authenticate(key=key, now=now)
        roles = user_roles(token.user)
    assert len(context.captured_queries) == 1
    expected = ApiToken.objects.select_related("user").get(pk=created.pk)
    for field in ApiToken._meta.concrete_fields:
        assert getattr(token, field.attname) == getattr(expected, field.attname), field.name
    for field in User._meta.concrete_fields:
        assert getattr(token.user, field.attname) == getattr(expected.user, field.attname)
    assert token.last_used_at is not None and token.last_used_at.tzinfo is not None
    plain = User.objects.get(pk=user.pk)
    assert roles == user_roles(plain)
    assert api_token_authenticate(key=key + "x", now=now) is None
