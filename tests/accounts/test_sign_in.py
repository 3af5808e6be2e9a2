"""Sign-in hardening: lockout, password rules, the second factor per role, audited changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import SecondFactorPolicy
from incidents.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def login(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def confirmed_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def require_second_factor_for(*roles: str) -> None:
    policy = SecondFactorPolicy.current()
    policy.required_roles = list(roles)
    policy.save()


def test_the_login_page_locks_out_after_five_failures(personas: Any) -> None:
    client = Client()
    for _ in range(4):
        assert login(client, "security", "wrong").status_code == 200
    locked = login(client, "security", "wrong")
    assert locked.status_code == 429
    assert b"Sign-in locked" in locked.content
    assert locked["Retry-After"] == "900"
    assert login(client, "security", "pw-security-2026!").status_code == 429


def test_a_successful_sign_in_resets_the_failure_count(personas: Any) -> None:
    client = Client()
    for _ in range(4):
        login(client, "security", "wrong")
    assert login(client, "security", "pw-security-2026!").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert login(client, "security", "wrong").status_code == 200


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("short-1A!", id="too-short"),
        pytest.param("password1234", id="common"),
        pytest.param("736251948273", id="numeric"),
        pytest.param("security2026", id="like-username"),
    ],
)
def test_weak_passwords_are_refused(personas: Any, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user=personas["security"])


def test_a_strong_password_is_accepted(personas: Any) -> None:
    validate_password("correct horse battery staple", user=personas["security"])


def test_changing_ones_password_is_audited_without_the_password(personas: Any) -> None:
    client = Client()
    client.force_login(personas["legal"])
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "pw-legal-2026!",
            "new_password1": "a much longer passphrase 2026",
            "new_password2": "a much longer passphrase 2026",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="password_change")
    assert event.actor_label == "legal"
    assert "passphrase" not in str(event.changes)


def test_a_role_that_requires_a_second_factor_is_sent_to_enrol(personas: Any) -> None:
    require_second_factor_for("dpo")
    client = Client()
    assert login(client, "dpo", "pw-dpo-2026!").status_code == 302
    page = client.get("/incidents/BD-2026-0001/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/two-factor/?next=%2Fincidents%2FBD-2026-0001%2F"
    api = client.get("/api/v1/incidents/")
    assert api.status_code == 403
    assert api.json()["code"] == "second_factor_required"
    enrol = client.get("/accounts/two-factor/")
    assert enrol.status_code == 200
    assert b"<svg" in enrol.content and enrol.context["secret"]


def test_enrolling_confirms_the_device_and_lets_the_user_in(personas: Any) -> None:
    require_second_factor_for("dpo")
    client = Client()
    client.force_login(personas["dpo"])
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=personas["dpo"])
    wrong = client.post("/accounts/two-factor/", {"otp_token": "000000", "next": "/"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get().confirmed
    device.throttle_reset()  # a wrong code makes the device wait a second before the next try
    response = client.post(
        "/accounts/two-factor/", {"otp_token": current_code(device), "next": "/api/v1/incidents/"}
    )
    assert response.status_code == 302 and response["Location"] == "/api/v1/incidents/"
    assert TOTPDevice.objects.get().confirmed
    assert client.get("/api/v1/incidents/").status_code == 200
    assert AuditEvent.objects.filter(action="second_factor_enrol", actor_label="dpo").exists()


def test_verification_never_redirects_to_another_site(personas: Any) -> None:
    device = confirmed_device(personas["pr"])
    client = Client()
    client.force_login(personas["pr"])
    response = client.post(
        "/accounts/two-factor/",
        {"otp_token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_anyone_who_enrolled_a_device_must_use_it(personas: Any) -> None:
    confirmed_device(personas["legal"])
    client = Client()
    client.force_login(personas["legal"])
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/incidents/").status_code == 403


def test_roles_not_on_the_policy_sign_in_with_a_password_alone(personas: Any) -> None:
    require_second_factor_for("admin")
    client = Client()
    client.force_login(personas["dpo"])
    assert client.get("/api/v1/incidents/").status_code == 200


def test_the_token_endpoint_asks_for_the_second_factor(personas: Any) -> None:
    require_second_factor_for("dpo")
    device = confirmed_device(personas["dpo"])
    client = APIClient()
    missing = client.post(
        "/api/v1/auth/token/", {"username": "dpo", "password": "pw-dpo-2026!"}, format="json"
    )
    assert missing.status_code == 400 and set(missing.json()) == {"otp_token"}
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "dpo", "password": "pw-dpo-2026!", "otp_token": current_code(device)},
        format="json",
    )
    assert response.status_code == 200 and response.json()["token"]


def test_a_user_may_remove_an_optional_device_but_not_a_required_one(personas: Any) -> None:
    device = confirmed_device(personas["security"])
    client = Client()
    client.force_login(personas["security"])
    client.post("/accounts/two-factor/", {"otp_token": current_code(device), "next": "/"})
    require_second_factor_for("security")
    client.post("/accounts/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=personas["security"]).exists()
    require_second_factor_for()
    assert client.post("/accounts/two-factor/remove/").status_code == 302
    assert not TOTPDevice.objects.filter(user=personas["security"]).exists()


def test_sessions_expire_and_cookies_are_http_only(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
