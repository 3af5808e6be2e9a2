"""Single sign-on's settings and what stays as it was: passwords, break-glass, lockout, TOTP, tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import GroupRoleMapping, SecondFactorPolicy
from accounts.services import api_token_create
from config.sso_environment import authentication_backends, read_sso_environment
from incidents.models import AuditEvent
from tests.accounts.sso_provider import SSO_ENV, FakeProvider

LOGIN = "/accounts/login/"


def password_sign_in(client: Client, name: str) -> Any:
    return client.post(LOGIN, {"username": name, "password": f"pw-{name}-2026!"})


def test_without_an_issuer_sign_in_is_as_before() -> None:
    sso = read_sso_environment({})
    assert sso["enabled"] is False
    assert authentication_backends(sso) == [
        "accounts.backends.LockoutBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


@pytest.mark.django_db
def test_without_an_issuer_there_is_no_single_sign_on_page_or_button(
    configure_sso: Any, personas: Any
) -> None:
    configure_sso()
    page = Client().get(LOGIN).content
    assert b"/accounts/sso/" not in page
    assert b"Sign in with" not in page
    assert b"Or with a password" not in page
    assert Client().get("/accounts/sso/start/").status_code == 404
    assert Client().get("/accounts/sso/callback/?code=x&state=y").status_code == 404
    assert password_sign_in(Client(), "dpo").status_code == 302


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"OIDC_ISSUER": "https://idp.example.org"}, "OIDC_CLIENT_ID"),
        ({**SSO_ENV, "OIDC_ISSUER": "http://idp.example.org"}, "https://"),
        ({**SSO_ENV, "OIDC_SCOPES": "email"}, "openid"),
        ({"BREACHDESK_LOCAL_LOGIN": "off"}, "'on' or 'break-glass'"),
        ({"BREACHDESK_LOCAL_LOGIN": "break-glass"}, "BREACHDESK_BREAK_GLASS_USERS"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(
    environment: dict[str, str], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        read_sso_environment(environment)


def test_the_issuer_is_read_without_its_trailing_slash() -> None:
    sso = read_sso_environment({**SSO_ENV, "OIDC_ISSUER": "https://idp.example.org/realms/acme/"})
    assert sso["issuer"] == "https://idp.example.org/realms/acme"
    assert sso["groups_claim"] == "groups"
    assert authentication_backends(sso)[-1] == "accounts.sso.backend.OidcBackend"


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_provider_and_passwords(
    provider: FakeProvider, personas: Any
) -> None:
    page = Client().get(LOGIN + "?next=/incidents/").content
    assert b"Sign in with Acme ID" in page
    assert b'href="/accounts/sso/start/?next=/incidents/"' in page
    assert b"Or with a password" in page
    assert password_sign_in(Client(), "dpo").status_code == 302


@pytest.fixture
def break_glass_only(configure_sso: Any) -> None:
    configure_sso(
        **SSO_ENV, BREACHDESK_LOCAL_LOGIN="break-glass", BREACHDESK_BREAK_GLASS_USERS="admin"
    )


@pytest.mark.django_db
def test_local_accounts_switched_off_leave_only_the_break_glass_admin(
    break_glass_only: None, personas: Any
) -> None:
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        FakeProvider(mock)
        page = Client().get(LOGIN).content
    assert b"Break-glass administrator sign-in" in page
    refused = password_sign_in(Client(), "dpo")
    assert refused.status_code == 200
    assert b"Only break-glass administrators may sign in with a password" in refused.content
    assert password_sign_in(Client(), "admin").status_code == 302
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "dpo", "password": "pw-dpo-2026!"}, format="json"
    )
    assert token.status_code in (400, 401)


@pytest.mark.django_db
def test_switching_local_accounts_off_ends_their_running_sessions(
    configure_sso: Any, personas: Any
) -> None:
    client = Client()
    password_sign_in(client, "dpo")
    assert client.get("/").status_code == 200
    configure_sso(BREACHDESK_LOCAL_LOGIN="break-glass", BREACHDESK_BREAK_GLASS_USERS="admin")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_lockout_still_applies_to_local_accounts(provider: FakeProvider, personas: Any) -> None:
    client = Client()
    for _ in range(4):
        client.post(LOGIN, {"username": "dpo", "password": "wrong"})
    assert client.post(LOGIN, {"username": "dpo", "password": "wrong"}).status_code == 429
    assert password_sign_in(client, "dpo").status_code == 429


@pytest.mark.django_db
def test_the_second_factor_still_applies_to_local_accounts(
    provider: FakeProvider, personas: Any
) -> None:
    SecondFactorPolicy.objects.create(required_roles=["dpo"])
    TOTPDevice.objects.create(user=personas["dpo"], name="phone", confirmed=True)
    client = Client()
    password_sign_in(client, "dpo")
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")


@pytest.mark.django_db
def test_api_tokens_work_as_before_for_single_sign_on_users(provider: FakeProvider) -> None:
    from tests.accounts.test_sso_sign_in import sso_sign_in

    GroupRoleMapping.objects.create(group="bd-dpo", role="dpo")
    provider.person.update(preferred_username="ada", groups=["bd-dpo"])
    client = Client()
    sso_sign_in(client, provider)
    from django.contrib.auth import get_user_model

    _, key = api_token_create(user=get_user_model().objects.get(username="ada"), name="cli")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/incidents/").status_code == 200


@pytest.mark.django_db
def test_the_mapping_is_edited_in_the_admin_and_audited(personas: Any) -> None:
    admin = personas["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/grouprolemapping/add/", {"group": "/breach-team", "role": "security"}
    )
    assert response.status_code == 302
    mapping = GroupRoleMapping.objects.get(group="/breach-team")
    assert mapping.role == "security"
    event = AuditEvent.objects.get(object_type="accounts.GroupRoleMapping")
    assert event.action == "create" and event.actor_label == "admin"
