"""Single sign-on in Chromium through a real OpenID Connect provider (oidc-provider on Node).

The provider runs from tests/oidc_idp (installed by `npm ci`, as .ci/run does). Its sign-in
form accepts any password; the people and their groups are in a JSON file it reads at every
sign-in, so the test changes a group at the provider by rewriting the file.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model

from accounts.models import GroupRoleMapping
from config.sso_environment import authentication_backends, read_sso_environment
from incidents.models import AuditEvent
from incidents.roles import user_roles

pytestmark = pytest.mark.browser
IDP_DIR = Path(__file__).resolve().parents[1] / "oidc_idp"
NODE = shutil.which("node")
LOOPBACK = ("http://127.0.0.1", "http://localhost")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def identity_provider(live_server: Any, tmp_path: Path, settings: Any) -> Iterator[Path]:
    """Start the provider for this live server and point Breachdesk at it; yield its people file."""
    if NODE is None:
        pytest.skip("node is not installed (apt-get install nodejs npm)")
    if not (IDP_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.skip(f"the test provider is not installed: npm ci --prefix {IDP_DIR}")
    people = tmp_path / "people.json"
    people.write_text(json.dumps({"alice": {"email": "alice@acme.example", "groups": []}}))
    port = free_port()
    process = subprocess.Popen(
        [
            NODE,
            str(IDP_DIR / "server.mjs"),
            str(port),
            str(people),
            f"{live_server.url}/accounts/sso/callback/",
            f"{live_server.url}/accounts/login/",
            str(int(time.time() * 1000)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("ready "), f"the provider did not start: {line!r}"
        sso = read_sso_environment(
            {
                "OIDC_ISSUER": f"http://127.0.0.1:{port}",
                "OIDC_CLIENT_ID": "breachdesk",
                "OIDC_CLIENT_SECRET": "breachdesk-test-secret",
                "OIDC_SCOPES": "openid email profile groups",
                "OIDC_PROVIDER_NAME": "Acme ID",
            }
        )
        settings.BREACHDESK_SSO = sso
        settings.AUTHENTICATION_BACKENDS = authentication_backends(sso)
        from django.core.cache import cache

        cache.clear()
        yield people
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser_page(open_browser: Callable[..., Any]) -> Any:
    """A page that may reach this machine only (the provider's pages link web fonts)."""
    page = open_browser()
    page.context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(LOOPBACK) else route.abort()
        ),
    )
    return page


def set_groups(people: Path, *groups: str) -> None:
    people.write_text(json.dumps({"alice": {"email": "alice@acme.example", "groups": groups}}))


def sign_in_at_provider(page: Any, home: str) -> None:
    """From Breachdesk's sign-in page, through the provider's form, back to Breachdesk."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with Acme ID").click()
    page.locator("input[name=login]").fill("alice")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(lambda url: url.startswith(home) and "/accounts/sso/callback/" not in url)


def roles_of_alice() -> set[str]:
    return set(user_roles(get_user_model().objects.get(username="alice")))


def test_sign_in_role_from_group_sign_out_and_role_removed(
    identity_provider: Path, browser_page: Any, transactional_db: Any, live_server: Any
) -> None:
    page = browser_page
    GroupRoleMapping.objects.create(group="bd-dpo", role="dpo")
    set_groups(identity_provider, "bd-dpo", "staff")

    sign_in_at_provider(page, live_server.url)
    page.wait_for_url(f"{live_server.url}/")
    assert roles_of_alice() == {"dpo"}
    assert page.get_by_role("button", name="Sign out").is_visible()

    # Sign-out ends Breachdesk's session and, through the provider's end-session page, its own.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert AuditEvent.objects.get(action="sso_sign_out").changes == {"provider_logout": True}

    # The group is removed at the provider: the next sign-in removes the role.
    set_groups(identity_provider, "staff")
    sign_in_at_provider(page, live_server.url)
    page.wait_for_url(f"{live_server.url}/accounts/sso/no-role/")
    assert page.get_by_role("heading", name="You are signed in, but you have no role yet")
    assert page.locator(".sso-groups code").all_inner_texts() == ["staff"]
    assert roles_of_alice() == set()
    page.goto("/incidents/")
    assert page.get_by_text("None of the groups your identity provider sent").is_visible()
    changes = [e.changes["roles"] for e in AuditEvent.objects.filter(action="role_change")]
    assert changes == [{"before": [], "after": ["dpo"]}, {"before": ["dpo"], "after": []}]


def test_a_tampered_state_is_refused(
    identity_provider: Path, browser_page: Any, transactional_db: Any
) -> None:
    page = browser_page

    def tamper(route: Any) -> None:
        """Change the state on its way to the provider, which hands it back unchanged."""
        response = route.fetch(max_redirects=0)
        parts = urlsplit(response.headers["location"])
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        query["state"] = "tampered-" + query["state"][:8]
        location = f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
        route.fulfill(response=response, headers={**response.headers, "location": location})

    page.route("**/accounts/sso/start/**", tamper)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with Acme ID").click()
    page.locator("input[name=login]").fill("alice")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("heading", name="Single sign-on failed").wait_for()
    assert page.get_by_text("does not belong to a sign-in started in this browser").is_visible()
    assert AuditEvent.objects.get(action="sso_sign_in_failed").changes["reason"] == "wrong_state"
    assert not get_user_model().objects.filter(username="alice").exists()
    page.goto("/")
    assert "/accounts/login/" in page.url
