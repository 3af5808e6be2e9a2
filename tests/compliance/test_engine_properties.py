"""Invariants of the engine over generated incidents: clocks, time zones and idempotence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.engine import clear_caches, evaluate
from compliance.engine.facts import EntityFacts, IncidentFacts, OrganisationFacts

# No per-example deadline: the first example that builds a holiday calendar is slow on a busy
# machine, and bench/engine.py measures speed properly.
ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/London"),
    ZoneInfo("Australia/Lord_Howe"),  # half-hour DST shifts
    timezone(timedelta(hours=5, minutes=45)),
    timezone(timedelta(hours=-9, minutes=-30)),
)
COUNTRIES = ("DE", "FR", "IE", "NO", "GB", "CN", "US", "JP")
ORGANISATIONS = (
    OrganisationFacts((EntityFacts(1, "Acme Europe GmbH", "DE", supervisory_authority="BfDI"),)),
    OrganisationFacts(
        (
            EntityFacts(1, "Acme Europe GmbH", "DE"),
            EntityFacts(2, "Acme UK Ltd", "GB"),
            EntityFacts(3, "Acme Shanghai", "CN", is_cii_operator=True),
        ),
        asap_target_hours={"PIPL": 6.5, "GDPR": 48},
    ),
    OrganisationFacts((EntityFacts("us", "Acme Inc.", "US", is_state_organ=True),)),
)

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
subjects = st.lists(
    st.tuples(st.sampled_from(COUNTRIES), st.integers(0, 150_000_000)),
    max_size=4,
    unique_by=lambda pair: pair[0],
)


@st.composite
def incidents(draw: st.DrawFn) -> tuple[IncidentFacts, OrganisationFacts]:
    """Draw an incident in UTC together with the organisation it happened to."""
    org = draw(st.sampled_from(ORGANISATIONS))
    detected = draw(instants)
    aware = detected + draw(st.timedeltas(timedelta(0), timedelta(days=5)))
    ended = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=90)))
    facts = IncidentFacts(
        reference="BD-2026-0001",
        detected_at=detected,
        aware_at=aware,
        role=draw(st.sampled_from(("controller", "processor", "joint"))),
        affected_subjects=tuple(draw(subjects)),
        data_encrypted=draw(st.booleans()),
        risk_tier=draw(st.sampled_from((None, "unlikely", "risk", "high"))),
        high_risk_mitigated=draw(st.booleans()),
        disproportionate_effort=draw(st.booleans()),
        pipl_harm_avoided=draw(st.booleans()),
        cac_leaked_people=draw(st.none() | st.integers(0, 150_000_000)),
        handling_ended_at=None if ended is None else detected + ended,
        is_drill=draw(st.booleans()),
    )
    return facts, org


def in_zone(facts: IncidentFacts, zone: tzinfo) -> IncidentFacts:
    """Return the same incident with every instant expressed in another zone."""
    ended = facts.handling_ended_at
    return IncidentFacts(
        **{
            **{name: getattr(facts, name) for name in IncidentFacts.__dataclass_fields__},
            "detected_at": facts.detected_at.astimezone(zone),
            "aware_at": facts.aware_at.astimezone(zone),
            "handling_ended_at": ended.astimezone(zone) if ended else None,
        }
    )


@settings(max_examples=300, deadline=None)
@given(incidents(), instants)
def test_a_deadline_never_precedes_its_clock_start(
    case: tuple[IncidentFacts, OrganisationFacts], now: datetime
) -> None:
    facts, org = case
    for obligation in evaluate(facts, org, now):
        start = obligation.clock_start
        if start is None:
            assert obligation.due_at is None and obligation.target_at is None
            continue
        assert obligation.target_at is not None and obligation.target_at >= start
        if obligation.due_at is not None:
            assert obligation.due_at >= start
        assert (obligation.due_at is None) is (not obligation.statutory)


@settings(max_examples=300, deadline=None)
@given(incidents(), instants, st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_results_do_not_depend_on_the_input_time_zone(
    case: tuple[IncidentFacts, OrganisationFacts], now: datetime, zone: tzinfo, other: tzinfo
) -> None:
    facts, org = case
    assert evaluate(in_zone(facts, zone), org, now.astimezone(other)) == evaluate(facts, org, now)


@settings(max_examples=200, deadline=None)
@given(incidents(), instants)
def test_evaluating_twice_gives_equal_results_with_or_without_caches(
    case: tuple[IncidentFacts, OrganisationFacts], now: datetime
) -> None:
    facts, org = case
    first = evaluate(facts, org, now)
    assert evaluate(facts, org, now) == first
    clear_caches()
    assert evaluate(facts, org, now) == first


@settings(max_examples=200, deadline=None)
@given(incidents(), instants)
def test_status_follows_the_clock(
    case: tuple[IncidentFacts, OrganisationFacts], now: datetime
) -> None:
    facts, org = case
    for obligation in evaluate(facts, org, now):
        if obligation.status == "not_required":
            assert obligation.exemption
            continue
        limit = obligation.due_at or obligation.target_at
        expected = "overdue" if limit is not None and now > limit else "pending"
        assert obligation.status == expected
        assert not obligation.exemption
