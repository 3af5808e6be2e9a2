"""The register page keys each entry's cached HTML on the rows the entry is built from: those rows
hold everything the entry reads, a change of any of them (or the clock passing a deadline) shows
at once, and the page reads the same few queries however many entries it shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.register import (
    RegisterFilters,
    register_entry,
    register_incidents,
    register_rows,
)
from compliance.register_sources import register_sources
from compliance.services import assessment_record, submission_record
from compliance.services.overrides import regime_override_set
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
EVERY = RegisterFilters(include_drills=True)


def _incidents(personas: dict[str, Any]) -> list[Any]:
    """A breach in three countries, assessed with the tier overridden, a regime excluded and the
    authority notified late with a reference; a drill; one whose risk was never recorded."""
    rich = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Card data exposed",
        affected_subjects=[
            {"country": "DE", "count": 40_000},
            {"country": "GB", "count": 2_000},
            {"country": "CN", "count": 500},
        ],
        data_categories=["payment_card", "national_id"],
        breach_types=["confidentiality"],
        records_count=42_500,
        malicious=True,
    )
    assessment_record(
        actor=personas["dpo"],
        incident=rich,
        inputs={"ease_of_identification": 1.0, "confidentiality": 0.5},
        override_tier="high",
        override_rationale="Card numbers were sold.",
        consequences="Fraudulent payments.",
        now=NOW,
    )
    regime_override_set(
        actor=personas["dpo"],
        incident=rich,
        regime="UK_GDPR",
        action="exclude",
        reason="The UK company holds no data of its own.",
        now=NOW,
    )
    submission_record(
        actor=personas["dpo"],
        obligation=rich.obligations.get(rule_id="GDPR-SA"),
        phase="initial",
        submitted_at=NOW + timedelta(days=4),
        channel="DPC web form",
        regulator_reference="BN-2026-119",
        delay_reasons="The forensic report came late.",
        now=NOW + timedelta(days=4),
    )
    drill = incident_create_for_test(
        actor=personas["security"], now=NOW, title="Tabletop", is_drill=True, risk_level="risk"
    )
    unknown = incident_create_for_test(
        actor=personas["security"], now=NOW + timedelta(hours=1), title="Lost laptop"
    )
    return [rich, drill, unknown]


def test_an_entry_built_from_the_fetched_rows_reads_no_other_and_equals_the_full_one(
    organisation: Any, personas: dict[str, Any], django_assert_num_queries: Any
) -> None:
    """What the page keys an entry on is all the entry reads: a field read but not fetched would
    query here (and leave a cached entry stale when it changed)."""
    _incidents(personas)
    later = NOW + timedelta(days=5)
    sources = register_sources(list(register_rows(filters=EVERY)), now=later)
    with django_assert_num_queries(0):
        entries = [register_entry(source.built(), now=later) for source in sources]
    full = [register_entry(incident, now=later) for incident in register_incidents(filters=EVERY)]
    assert entries == full
    rich = entries[0]
    assert rich.delay_reasons and rich.assessment_band and rich.late
    assert any(d.reason for d in rich.decisions) and any(d.entity for d in rich.decisions)
    assert {"overdue", "submitted_late", "not_required"} <= {d.status for d in rich.decisions}


def _entry(page: str, title: str) -> str:
    return next(part for part in page.split("<article")[1:] if title in part)


def test_a_cached_entry_follows_a_new_submission_and_the_clock(
    organisation: Any, personas: dict[str, Any], client: Any, time_machine: Any
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Card data exposed",
        affected_subjects=[{"country": "DE", "count": 1_000}],
        risk_level="high",
    )
    cache.clear()
    client.force_login(personas["dpo"])
    time_machine.move_to(NOW + timedelta(hours=1))
    before = _entry(client.get("/register/").content.decode(), "Card data exposed")
    assert "status-pending" in before and "status-overdue" not in before
    # The same rows an hour on: the cached entry.
    time_machine.move_to(NOW + timedelta(hours=2))
    assert _entry(client.get("/register/").content.decode(), "Card data exposed") == before
    # Past the 72 hours of Art. 33: the same rows, another entry.
    time_machine.move_to(NOW + timedelta(hours=73))
    overdue = _entry(client.get("/register/").content.decode(), "Card data exposed")
    assert "status-overdue" in overdue
    submission_record(
        actor=personas["dpo"],
        obligation=incident.obligations.get(rule_id="GDPR-SA"),
        phase="initial",
        submitted_at=NOW + timedelta(hours=73),
        channel="DPC web form",
        regulator_reference="BN-2026-120",
        delay_reasons="The processor told us late.",
        now=NOW + timedelta(hours=73),
    )
    notified = _entry(client.get("/register/").content.decode(), "Card data exposed")
    assert "BN-2026-120" in notified and "status-submitted_late" in notified


def test_the_register_page_reads_the_same_queries_for_more_entries(
    organisation: Any, personas: dict[str, Any], client: Any
) -> None:
    client.force_login(personas["dpo"])
    incident_create_for_test(actor=personas["security"], now=NOW, title="First", risk_level="high")

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/register/?include_drills=on").status_code == 200
        return len(captured.captured_queries)

    one = queries()
    _incidents(personas)
    assert queries() == one


def test_the_filter_bar_shows_each_querys_values_and_errors(
    organisation: Any, personas: dict[str, Any], client: Any
) -> None:
    """The bar is cached per query: another query's values or errors never show."""
    client.force_login(personas["dpo"])
    cache.clear()

    def bar(query: str) -> str:
        page = client.get(f"/register/{query}").content.decode()
        return page.split('<form method="get" class="filters"', 1)[1].split("</form>", 1)[0]

    high = '<option value="high" selected>'
    assert high in bar("?tier=high") and high not in bar("") and high in bar("?tier=high&page=2")
    invalid = bar("?detected_from=24.11.2026")
    assert 'class="error"' in invalid and 'class="error"' not in bar("?detected_from=2026-11-24")
    assert 'value="24.11.2026"' in invalid
