"""The incident list's `count` for a reader who sees every incident is cached under the facts'
version: a second page is read without COUNT(*), and the count stays exact when an incident is
added or deleted. Filtered lists, and readers who see only some incidents, are counted live.
Transactions are committed here (the cache is read only outside a transaction, as in a request)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Incident
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def listed(client: Any, path: str = "/api/v1/incidents/") -> tuple[int, list[str]]:
    """The list's count and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["count"], [q["sql"] for q in queries.captured_queries]


def counts(sql: list[str]) -> int:
    return sum("COUNT(*)" in statement for statement in sql)


def test_the_count_is_cached_and_stays_exact(
    organisation: Any, personas: dict[str, Any], api_client_for: Any
) -> None:
    for n in range(3):
        incident_create_for_test(actor=personas["security"], title=f"Breach {n}")
    dpo = api_client_for("dpo")
    count, sql = listed(dpo)
    assert count == 3 and counts(sql) == 1
    count, sql = listed(dpo, "/api/v1/incidents/?page_size=2&ordering=reference")
    assert count == 3 and counts(sql) == 0  # paging and ordering keep the cached count
    incident_create_for_test(actor=personas["security"], title="Breach 3")
    count, sql = listed(dpo)
    assert count == 4 == Incident.objects.count() and counts(sql) == 1
    Incident.objects.filter(title="Breach 0").delete()
    count, _sql = listed(dpo)
    assert count == 3 == Incident.objects.count()


def test_filtered_lists_and_partial_readers_are_counted_live(
    organisation: Any, personas: dict[str, Any], api_client_for: Any
) -> None:
    incident_create_for_test(actor=personas["security"], title="Seen by the DPO")
    incident_create_for_test(actor=personas["legal"], title="Logged by Legal")
    dpo = api_client_for("dpo")
    listed(dpo)
    count, sql = listed(dpo, "/api/v1/incidents/?status=open")
    assert counts(sql) == 1 and count == Incident.objects.filter(status="open").count()
    legal = api_client_for("legal")
    for _ in range(2):
        count, sql = listed(legal)
        assert count == 1 and counts(sql) == 1
