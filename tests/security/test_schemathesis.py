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
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.security.world import demo_world

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
                now=timezone.now(), user=personas["admin"], name="schemathesis"
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


def read_operations() -> list[Any]:
    """Every GET of the schema, lists before the details that take an id from them."""
    operations = [result.ok() for result in schema.get_all_operations()]
    reads = [operation for operation in operations if operation.method.upper() == "GET"]
    return sorted(reads, key=lambda operation: (operation.path.count("{"), operation.path))


@pytest.mark.django_db
def test_every_read_answers_as_documented_with_real_data(
    personas: dict[str, Any],
    admin_token: Callable[[], str],
    one_transaction_per_request: None,
    settings: Any,
    tmp_path: Any,
) -> None:
    """Generated input rarely finds a row, so read the demo's rows too: each list (drills
    included) and the detail of its first row must match the schema field by field."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's generated report is stored there
    demo_world(personas, inbox_of=personas["admin"])
    headers = {"Authorization": f"Token {admin_token()}"}
    first_ids: dict[str, Any] = {}
    problems = []
    for operation in read_operations():
        list_path, _, _ = operation.path.partition("{")
        if "{" in operation.path and list_path not in first_ids:
            problems.append(f"GET {operation.path}: {list_path} listed no row to read")
            continue
        path_parameters = {"id": first_ids[list_path]} if "{" in operation.path else {}
        query = {"include_drills": "true"} if operation.query.get("include_drills") else {}
        case = operation.Case(path_parameters=path_parameters, query=query, headers=headers)
        response = case.call()
        try:
            case.validate_response(response, excluded_checks=[positive_data_acceptance])
        except FailureGroup as failures:
            problems.append(f"GET {operation.path}: {failures}")
        content_type = response.headers.get("content-type", [""])[0]
        if "{" not in operation.path and content_type == "application/json":
            rows = response.json().get("results") if response.status_code == 200 else None
            # A list without ids (the regimes, keyed by code) has no detail route to read next.
            if rows and "id" in rows[0]:
                first_ids[operation.path] = rows[0]["id"]
    assert not problems, "\n\n".join(problems)
