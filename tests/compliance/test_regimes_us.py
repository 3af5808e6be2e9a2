"""US law: HIPAA and the SEC by the entity's flags, state laws by residents' region."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.engine import evaluate
from compliance.engine.deadlines import add_duration
from compliance.engine.facts import EntityFacts, OrganisationFacts
from tests.compliance.engine_cases import by_rule, incident

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
HOSPITAL = EntityFacts(1, "General Hospital Inc.", "US", hipaa_covered=True)
LISTED = EntityFacts(1, "Listed Corp.", "US", sec_registrant=True)
SHOP = EntityFacts(1, "Shop Inc.", "US")
DISCOVERED = datetime(2026, 6, 1, 9, 0, tzinfo=NEW_YORK)
NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)


def obligations(entity: EntityFacts, **facts: Any) -> dict:
    values = {"detected_at": DISCOVERED, "aware_at": DISCOVERED, **facts}
    return by_rule(evaluate(incident(**values), OrganisationFacts((entity,)), NOW))


def residents(region: str, count: int) -> tuple:
    return (("US", count, region),)


@pytest.mark.parametrize(
    ("people", "hhs_now", "media"),
    [
        pytest.param(499, False, False, id="499"),
        pytest.param(500, True, False, id="500-hhs-bound-included"),
        pytest.param(501, True, True, id="501-more-than-500"),
    ],
)
def test_hipaa_thresholds(people: int, hhs_now: bool, media: bool) -> None:
    result = obligations(HOSPITAL, affected_subjects=(("US", people),))
    assert (result["HIPAA-HHS"].status == "pending") is hhs_now
    assert (result["HIPAA-MEDIA"].status == "pending") is media
    assert result["HIPAA-IND"].due_at == (DISCOVERED + timedelta(days=60)).astimezone(UTC)
    if not hhs_now:
        assert "within 60 days after the end of the calendar year" in (
            result["HIPAA-HHS"].explanation
        )


def test_hipaa_secured_phi_is_not_a_breach() -> None:
    result = obligations(HOSPITAL, data_encrypted=True)
    assert result["HIPAA-IND"].status == "not_required"
    assert result["HIPAA-IND"].exemption == "45 CFR 164.402 (unsecured PHI)"


def test_sec_clock_waits_for_the_materiality_determination() -> None:
    result = obligations(LISTED)
    assert result["SEC-8K"].due_at is None
    assert "has not happened yet" in result["SEC-8K"].explanation


def test_sec_counts_four_business_days_across_thanksgiving() -> None:
    # Wednesday 25 November 2026: Thursday is Thanksgiving, so the four business days are
    # Friday 27, Monday 30, Tuesday 1 and Wednesday 2 December.
    determined = datetime(2026, 11, 25, 16, 0, tzinfo=NEW_YORK)
    result = obligations(
        LISTED,
        detected_at=determined - timedelta(days=2),
        aware_at=determined - timedelta(days=2),
        materiality_determined_at=determined,
    )
    assert result["SEC-8K"].due_at == datetime(2026, 12, 2, 16, 0, tzinfo=NEW_YORK)


def test_state_law_needs_residents_of_the_state() -> None:
    assert not any(o.regime.startswith("US-") for o in obligations(SHOP).values())
    without_region = obligations(SHOP, affected_subjects=(("US", 900),))
    assert not any(o.regime.startswith("US-") for o in without_region.values())
    texans = obligations(SHOP, affected_subjects=residents("US-TX", 10))
    assert {o.regime for o in texans.values()} == {"US-TX"}
    assert "affected data subjects live in US-TX" in texans["US-TX-RES"].explanation


@pytest.mark.parametrize(
    ("region", "below", "at"),
    [
        pytest.param("US-CA", 500, 501, id="california-more-than-500"),
        pytest.param("US-CO", 499, 500, id="colorado-500-or-more"),
        pytest.param("US-FL", 499, 500, id="florida-500-or-more"),
        pytest.param("US-WA", 500, 501, id="washington-more-than-500"),
        pytest.param("US-TX", 249, 250, id="texas-at-least-250"),
    ],
)
def test_attorney_general_thresholds_at_their_bound(region: str, below: int, at: int) -> None:
    under = obligations(SHOP, affected_subjects=residents(region, below))[f"{region}-AG"]
    over = obligations(SHOP, affected_subjects=residents(region, at))[f"{region}-AG"]
    assert under.status == "not_required"
    assert under.exemption and over.status == "pending"
    # Residents of another state do not count towards this one's threshold.
    mixed = (*residents(region, below), ("US", 5000, "US-NY"))
    assert obligations(SHOP, affected_subjects=mixed)[f"{region}-AG"].status == "not_required"


def test_new_york_tells_its_authorities_whatever_the_number() -> None:
    result = obligations(SHOP, affected_subjects=residents("US-NY", 1))
    assert result["US-NY-AG"].status == "pending"
    assert result["US-NY-RES"].due_at == (DISCOVERED + timedelta(days=30)).astimezone(UTC)


@pytest.mark.parametrize(
    ("region", "days", "zone"),
    [
        pytest.param("US-CO", 30, "America/Denver", id="colorado"),
        pytest.param("US-FL", 30, "America/New_York", id="florida"),
        pytest.param("US-WA", 30, "America/Los_Angeles", id="washington"),
        pytest.param("US-TX", 60, "America/Chicago", id="texas"),
    ],
)
def test_residents_notice_counts_calendar_days_in_the_states_zone(
    region: str, days: int, zone: str
) -> None:
    # 8 March 2026 is the spring-forward day: the wall time stays, the elapsed time shrinks.
    start = datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo(zone))
    result = obligations(
        SHOP, detected_at=start, aware_at=start, affected_subjects=residents(region, 10)
    )
    assert result[f"{region}-RES"].due_at == (start + timedelta(days=days)).astimezone(UTC)


CA_CHANGE = datetime(2026, 1, 1, 0, 0, tzinfo=LOS_ANGELES)


@pytest.mark.parametrize(
    ("discovered", "unit", "due"),
    [
        pytest.param(CA_CHANGE - timedelta(seconds=1), "ASAP", None, id="31-dec-2025-asap"),
        pytest.param(
            CA_CHANGE, "CD", datetime(2026, 1, 31, 0, 0, tzinfo=LOS_ANGELES), id="1-jan-2026-30cd"
        ),
    ],
)
def test_california_judges_each_incident_by_the_law_when_its_clock_started(
    discovered: datetime, unit: str, due: datetime | None
) -> None:
    result = obligations(
        SHOP,
        detected_at=discovered,
        aware_at=discovered,
        affected_subjects=residents("US-CA", 600),
    )
    assert result["US-CA-RES"].unit == unit
    assert result["US-CA-RES"].due_at == due


def test_california_ag_sample_runs_15_days_from_the_residents_notice() -> None:
    facts = {"affected_subjects": residents("US-CA", 600)}
    assert obligations(SHOP, **facts)["US-CA-AG"].due_at is None
    notified = datetime(2026, 6, 20, 15, 0, tzinfo=LOS_ANGELES)
    result = obligations(SHOP, submissions=(("US-CA-RES", 1, notified, notified),), **facts)
    assert result["US-CA-AG"].due_at == datetime(2026, 7, 5, 15, 0, tzinfo=LOS_ANGELES)


@pytest.mark.parametrize(
    "first", [datetime(2026, 3, 7, tzinfo=UTC), datetime(2026, 10, 31, tzinfo=UTC)], ids=str
)
def test_calendar_days_keep_the_wall_time_across_a_daylight_saving_change(first: datetime) -> None:
    """The 60 days end at the start's wall time in New York, whichever offset either end has.

    Starts every 20 minutes over two days around the change, and 60 days before it, so that the
    change falls at the start, inside the period or at its end (deadlines.add_duration decides).
    """
    for base in (first, first - timedelta(days=60)):
        for step in range(0, 48 * 60, 20):
            start = base + timedelta(minutes=step)
            due = obligations(HOSPITAL, detected_at=start, aware_at=start)["HIPAA-IND"].due_at
            assert due == add_duration(start, 60, "CD", zone="America/New_York"), start
            assert due.tzinfo is UTC
