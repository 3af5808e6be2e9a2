"""Single sign-on failures: each gets a clear page and an audit entry; a dead provider is quick."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client

from incidents.models import AuditEvent
from tests.accounts.sso_provider import FakeProvider

pytestmark = pytest.mark.django_db


def started(client: Client, provider: FakeProvider) -> str:
    """Start a sign-in and return the callback URL the provider would send the browser to."""
    return provider.authorize(client.get("/accounts/sso/start/")["Location"])


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return f"{parts.path}?{urlencode(query)}"


def failure(reason: str) -> AuditEvent:
    return AuditEvent.objects.get(action="sso_sign_in_failed", changes__reason=reason)


def test_a_tampered_state_is_refused_with_a_page_and_an_audit_entry(
    provider: FakeProvider,
) -> None:
    client = Client()
    response = client.get(with_query(started(client, provider), state="forged-state"))
    assert response.status_code == 400
    assert b"does not belong to a sign-in started in this browser" in response.content
    assert failure("wrong_state").actor_label == "single sign-on"
    assert provider.token_calls == 0
    assert "_auth_user_id" not in client.session


def test_a_state_is_used_once(provider: FakeProvider) -> None:
    client = Client()
    callback = started(client, provider)
    assert client.get(callback).status_code == 302
    client.logout()
    assert client.get(callback).status_code == 400
    failure("wrong_state")


def test_an_expired_code_is_refused_by_the_provider_and_shown(provider: FakeProvider) -> None:
    client = Client()
    callback = started(client, provider)
    provider.codes.clear()  # the provider forgot the code: it expired
    response = client.get(callback)
    assert response.status_code == 400
    assert b"refused the sign-in code: it expired or was already used" in response.content
    assert "invalid_grant" in failure("code_refused").changes["detail"]


def test_a_sign_in_left_unfinished_for_ten_minutes_expires(provider: FakeProvider) -> None:
    client = Client()
    callback = started(client, provider)
    session = client.session
    for entry in session["oidc_states"].values():
        entry["added_on"] -= 10 * 60 + 1
    session.save()
    response = client.get(callback)
    assert response.status_code == 400
    assert b"took too long and expired" in response.content
    failure("expired")
    assert provider.token_calls == 0


def test_an_id_token_from_another_issuer_is_refused(provider: FakeProvider) -> None:
    provider.token_issuer = "https://evil.example.org"
    client = Client()
    response = client.get(started(client, provider))
    assert response.status_code == 400
    assert b"another identity provider than the one Breachdesk is set up for" in response.content
    assert "issuer" in failure("wrong_issuer").changes["detail"].lower()
    assert "_auth_user_id" not in client.session


def test_an_answer_naming_another_issuer_is_refused_before_the_code_is_used(
    provider: FakeProvider,
) -> None:
    client = Client()
    response = client.get(with_query(started(client, provider), iss="https://evil.example.org"))
    assert response.status_code == 400
    failure("wrong_issuer")
    assert provider.token_calls == 0


def test_an_answer_without_the_issuer_it_promised_is_refused(provider: FakeProvider) -> None:
    client = Client()
    callback = started(client, provider)
    parts = urlsplit(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != "iss"}
    response = client.get(f"{parts.path}?{urlencode(query)}")
    assert response.status_code == 400
    assert failure("wrong_issuer").changes["detail"] == "iss missing from the answer"
    assert provider.token_calls == 0


def test_an_error_from_the_provider_is_shown_and_audited(provider: FakeProvider) -> None:
    client = Client()
    callback = started(client, provider)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    response = client.get(f"/accounts/sso/callback/?error=access_denied&state={state}")
    assert response.status_code == 400
    assert b"Acme ID did not complete the sign-in" in response.content
    assert failure("provider_error").changes["detail"].startswith("access_denied")


def test_a_deactivated_user_is_refused(provider: FakeProvider) -> None:
    from accounts.models import SsoIdentity

    client = Client()
    client.get(started(client, provider))
    client.logout()

    user = SsoIdentity.objects.get().user
    user.is_active = False
    user.save()
    response = client.get(started(client, provider))
    assert response.status_code == 403
    failure("account_disabled")


@pytest.fixture
def silent_provider(configure_sso: Any) -> Iterator[str]:
    """A provider that accepts connections and never answers (its process hangs)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        configure_sso(
            OIDC_ISSUER=f"http://127.0.0.1:{port}",
            OIDC_CLIENT_ID="breachdesk",
            OIDC_CLIENT_SECRET="secret",
            OIDC_PROVIDER_NAME="Acme ID",
        )
        yield f"http://127.0.0.1:{port}"


def test_a_provider_that_is_down_makes_the_sign_in_page_say_so_within_5_seconds(
    silent_provider: str,
) -> None:
    client = Client()
    began = time.monotonic()
    page = client.get("/accounts/login/")
    first = time.monotonic() - began
    assert page.status_code == 200
    assert b"Acme ID is not answering right now" in page.content
    assert first < 5
    # The failure is remembered for a while: the next pages do not wait again.
    began = time.monotonic()
    assert b"is not answering" in client.get("/accounts/login/").content
    assert time.monotonic() - began < 1
    start = client.get("/accounts/sso/start/", follow=True)
    assert b"Acme ID is not answering right now" in start.content


def test_a_refused_connection_is_reported_as_down(configure_sso: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure_sso(
        OIDC_ISSUER=f"http://127.0.0.1:{port}", OIDC_CLIENT_ID="c", OIDC_CLIENT_SECRET="s"
    )
    assert b"single sign-on is not answering" in Client().get("/accounts/login/").content
