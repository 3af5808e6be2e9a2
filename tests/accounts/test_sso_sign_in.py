"""Single sign-on: PKCE sign-in, roles from the provider's groups, the no-role page, sign-out."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import GroupRoleMapping, SsoIdentity
from incidents.models import AuditEvent
from incidents.roles import user_roles
from tests.accounts.sso_provider import CLIENT_ID, ISSUER, FakeProvider

pytestmark = pytest.mark.django_db


def sso_sign_in(client: Client, provider: FakeProvider, next_url: str = "") -> Any:
    """Start single sign-on, let the provider answer, and return the callback's response."""
    start = client.get("/accounts/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    return client.get(provider.authorize(start["Location"]))


def roles_of(username: str) -> set[str]:
    return set(user_roles(get_user_model().objects.get(username=username)))


def map_groups(**mapping: str) -> None:
    for group, role in mapping.items():
        GroupRoleMapping.objects.create(group=group.replace("_", "-"), role=role)


def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
    provider: FakeProvider,
) -> None:
    location = Client().get("/accounts/sso/start/")["Location"]
    assert location.startswith(f"{ISSUER}/auth?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert query["state"] and query["nonce"]
    assert query["redirect_uri"] == "http://testserver/accounts/sso/callback/"


def test_first_sign_in_creates_the_user_with_the_role_of_its_group(
    provider: FakeProvider,
) -> None:
    map_groups(bd_dpo="dpo", bd_legal="legal")
    provider.person.update(preferred_username="ada", groups=["bd-dpo", "staff"])
    client = Client()
    response = sso_sign_in(client, provider, next_url="/incidents/")
    assert response.status_code == 302
    assert response["Location"] == "/incidents/"
    user = get_user_model().objects.get(username="ada")
    assert not user.has_usable_password()
    assert roles_of("ada") == {"dpo"}
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject, identity.groups) == (
        ISSUER,
        "u-1",
        ["bd-dpo", "staff"],
    )
    assert client.get("/").status_code == 200
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", "changes")
    )
    assert ("role_change", {"roles": {"before": [], "after": ["dpo"]}, "via": "sso"}) in actions
    assert ("sso_sign_in", {"issuer": ISSUER, "groups": ["bd-dpo", "staff"]}) in actions


def test_roles_are_recomputed_at_every_sign_in(provider: FakeProvider) -> None:
    map_groups(bd_dpo="dpo", bd_legal="legal", bd_admin="admin")
    provider.person.update(preferred_username="ada", groups=["bd-dpo", "bd-admin"])
    sso_sign_in(Client(), provider)
    assert roles_of("ada") == {"dpo", "admin"}
    user = get_user_model().objects.get(username="ada")
    assert user.is_staff and user.is_superuser

    provider.person["groups"] = ["bd-legal"]
    sso_sign_in(Client(), provider)
    user.refresh_from_db()
    assert roles_of("ada") == {"legal"}
    assert not user.is_staff and not user.is_superuser
    change = AuditEvent.objects.filter(action="role_change").order_by("-pk").first()
    assert change.changes["roles"] == {"before": ["admin", "dpo"], "after": ["legal"]}


def test_an_unchanged_role_is_not_audited_again(provider: FakeProvider) -> None:
    map_groups(bd_dpo="dpo")
    provider.person["groups"] = ["bd-dpo"]
    sso_sign_in(Client(), provider)
    sso_sign_in(Client(), provider)
    assert AuditEvent.objects.filter(action="role_change").count() == 1
    assert AuditEvent.objects.filter(action="sso_sign_in").count() == 2


def test_the_user_is_found_by_subject_not_by_email(provider: FakeProvider, personas: Any) -> None:
    map_groups(bd_dpo="dpo")
    provider.person.update(preferred_username="dpo", email=personas["dpo"].email, groups=[])
    sso_sign_in(Client(), provider)
    created = SsoIdentity.objects.get(subject="u-1").user
    assert created.pk != personas["dpo"].pk
    assert created.username.startswith("dpo-")
    assert roles_of("dpo") == {"dpo"}


def test_a_user_without_a_mapped_group_gets_the_no_role_page(provider: FakeProvider) -> None:
    provider.person.update(preferred_username="ada", groups=["staff", "finance"])
    client = Client()
    response = sso_sign_in(client, provider)
    assert response["Location"] == "/accounts/sso/no-role/"
    page = client.get("/accounts/sso/no-role/")
    assert page.status_code == 200
    assert b"you have no role yet" in page.content
    assert b"<code>finance</code>" in page.content
    for path in ("/", "/incidents/", "/admin/"):
        elsewhere = client.get(path)
        assert elsewhere.status_code == 403
        assert b"you have no role yet" in elsewhere.content
    assert client.get("/api/v1/incidents/").status_code == 403


def test_a_role_required_second_factor_is_left_to_the_provider(provider: FakeProvider) -> None:
    from accounts.models import SecondFactorPolicy

    SecondFactorPolicy.objects.create(required_roles=["dpo"])
    map_groups(bd_dpo="dpo")
    provider.person["groups"] = ["bd-dpo"]
    client = Client()
    sso_sign_in(client, provider)
    assert client.get("/").status_code == 200


def test_sign_out_ends_the_session_and_the_providers(provider: FakeProvider) -> None:
    map_groups(bd_dpo="dpo")
    provider.person.update(preferred_username="ada", groups=["bd-dpo"])
    client = Client()
    sso_sign_in(client, provider)
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    target_url = response.context["target"]
    assert f'content="0;url={target_url}"'.replace("&", "&amp;").encode() in response.content
    target = urlsplit(target_url)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{ISSUER}/logout"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["post_logout_redirect_uri"] == "http://testserver/accounts/login/"
    assert query["client_id"] == CLIENT_ID
    assert query["id_token_hint"].count(".") == 2
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="sso_sign_out")
    assert event.actor_label == "ada" and event.changes == {"provider_logout": True}


def test_sign_out_without_an_end_session_endpoint_ends_the_local_session(
    configure_sso: Any,
) -> None:
    import responses

    from tests.accounts.sso_provider import SSO_ENV

    configure_sso(**SSO_ENV)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        provider = FakeProvider(mock, end_session=False)
        client = Client()
        sso_sign_in(client, provider)
        response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302
