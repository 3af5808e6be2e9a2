"""Security headers and cookie flags on real responses of the app under production settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.config.test_deploy_checks import PRODUCTION, ROOT

# Runs in a fresh interpreter: production settings are read once, when Django starts.
REQUESTS = """
import json
import django

django.setup()
from django.core.management import call_command
from django.test import Client

# Production serves hashed static file names from the manifest that collectstatic writes.
call_command("collectstatic", interactive=False, verbosity=0)


def describe(response):
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {name: dict(morsel) for name, morsel in response.cookies.items()},
    }


client = Client()
print(json.dumps({
    "page": describe(client.get("/accounts/login/", secure=True)),
    "api": describe(client.get("/api/v1/incidents/", secure=True)),
    "plain_http": describe(client.get("/accounts/login/")),
}))
"""


def run_with_production_settings(code: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run Python code under config.settings with production environment variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "BREACHDESK_HTTPS", "DEBUG"}
    }
    env.update(
        PRODUCTION,
        ALLOWED_HOSTS="testserver",
        BREACHDESK_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def responses(tmp_path_factory: Any) -> dict[str, Any]:
    result = run_with_production_settings(REQUESTS, tmp_path_factory.mktemp("data"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", ["page", "api"])
def test_https_responses_carry_the_security_headers(responses: dict[str, Any], kind: str) -> None:
    headers = responses[kind]["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no inline scripts, no eval
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"


def test_the_page_is_served_and_its_cookies_are_secure(responses: dict[str, Any]) -> None:
    page = responses["page"]
    assert page["status"] == 200
    csrf = page["cookies"]["csrftoken"]
    assert csrf["secure"] is True and csrf["httponly"] is True and csrf["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(responses: dict[str, Any]) -> None:
    plain = responses["plain_http"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == "https://testserver/accounts/login/"


def test_the_session_cookie_is_secure_in_production(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = run_with_production_settings(code, tmp_path)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
