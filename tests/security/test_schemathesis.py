"""Schemathesis against the running app's own schema, authenticated: no 5xx, every response as documented.

The same check against a server: see the README's development section.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.models import ApiToken
from accounts.services import api_token_create

# Bounded so the whole run takes a minute or two; the seed makes failures reproducible.
EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))


@pytest.fixture
def admin_token(personas: dict[str, Any]) -> Callable[[], str]:
    """A token of the admin persona, re-issued if a generated DELETE revoked it."""
    current: dict[str, Any] = {}

    def token() -> str:
        row = current.get("row")
        if row is None or ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=False).exists():
            current["row"], current["key"] = api_token_create(
                user=personas["admin"], name="schemathesis"
            )
        return current["key"]

    return token


def load_schema() -> Any:
    """The schema as the app serves it, bound to the app for in-process calls."""
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


schema = load_schema()


@pytest.fixture
def one_transaction_per_request() -> Any:
    """Run the app like Django's test client does: on the test's connection, each call apart.

    The plain WSGI handler closes "old" connections when a request starts, which would drop the
    test's transaction; and on PostgreSQL one failed statement would poison every later call
    unless each call has its own savepoint, as each request has its own transaction in production.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
@pytest.mark.xfail(
    strict=False,
    reason="Open gap (issue 8): some responses (e.g. the register's optional assessment fields) do not match their documented schema yet.",
)
def test_every_operation_answers_as_documented(
    case: Any, admin_token: Callable[[], str], one_transaction_per_request: None
) -> None:
    headers = {"Authorization": f"Token {admin_token()}"}
    with transaction.atomic():
        case.call_and_validate(
            headers=headers,
            # Schema-valid input can still break a rule the schema cannot express (awareness
            # before detection, a wrong password): refusing it with a 400 naming the field is
            # correct.
            excluded_checks=[positive_data_acceptance],
        )
        transaction.set_rollback(True)
