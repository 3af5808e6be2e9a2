"""Shared fixtures: the personas every API test uses, clients for them, and CI's no-skip rule."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

CI = os.environ.get("CI", "").lower() == "true"
PERSONAS = ("security", "dpo", "legal", "pr", "executive", "admin", "outsider")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    """Under CI=true a skipped test is a failure: CI installs everything the suite needs."""
    outcome = yield
    report = outcome.get_result()
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under CI=true, which must run everything: {reason}"


@pytest.fixture
def now() -> datetime:
    """A fixed 'now' for tests that pass the clock explicitly."""
    return datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    """One user per role plus an outsider with no role, all with password 'pw-<name>-2026!'."""
    from tests.factories import UserFactory

    return {
        name: UserFactory(username=name, role=None if name == "outsider" else name)
        for name in PERSONAS
    }


PERSONA_TEAMS = {"legal": "legal", "pr": "pr-comms", "security": "it-security", "dpo": "dpo"}


@pytest.fixture
def put_on_incident(personas: dict[str, Any]) -> Callable[..., None]:
    """Make a persona one of those working an incident: a member of a team with a task on it.

    Legal and PR/Comms see only the incidents they are on (incidents/selectors.py).
    """
    from tests.factories import task_create_for_test

    def put(name: str, *incidents: Any) -> None:
        from incidents.models import Team

        team = Team.objects.get(code=PERSONA_TEAMS[name])
        team.members.add(personas[name])
        for incident in incidents:
            task_create_for_test(incident=incident, team_code=team.code, title="Work the case")

    return put


@pytest.fixture
def api_client_for(personas: dict[str, Any]) -> Callable[[str | None], Any]:
    """Return an API client authenticated as a persona (None → anonymous)."""
    from rest_framework.test import APIClient

    def make(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.force_authenticate(personas[name])
        return client

    return make


@pytest.fixture
def organisation(db: Any) -> Any:
    """The demo-like organisation with an Irish controller, a UK company and a Chinese handler."""
    from tests.factories import organisation_create

    return organisation_create()


@pytest.fixture(autouse=True, scope="session")
def _audit_guard_lifted_for_flushes() -> Any:
    """Let transactional tests empty the database: their closing flush deletes audit rows too."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from incidents.audit_guard import audit_guard_suspended

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        with audit_guard_suspended(self.connection):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _language_and_zone_reset() -> Any:
    """Each test starts in the default language and zone. A page request leaves the reader's
    language active in its thread (the response's Content-Language is read after the view), and
    a test calling code directly after it would otherwise run in that language."""
    from django.utils import timezone, translation

    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()
