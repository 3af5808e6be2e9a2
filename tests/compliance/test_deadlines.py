"""Clock arithmetic at exact instants: hours, calendar days, business days, ASAP and status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from compliance.engine.deadlines import add_duration, due_and_target, nth_working_day, status_at

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        pytest.param(
            datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN),
            datetime(2026, 3, 31, 9, 0, tzinfo=UTC),
            id="berlin-across-spring-forward",
        ),
        pytest.param(
            datetime(2026, 3, 28, 10, 0, tzinfo=timezone(timedelta(hours=1))),
            datetime(2026, 3, 31, 9, 0, tzinfo=UTC),
            id="fixed-offset-same-instant",
        ),
        pytest.param(
            datetime(2026, 10, 24, 10, 0, tzinfo=BERLIN),
            datetime(2026, 10, 27, 8, 0, tzinfo=UTC),
            id="berlin-across-fall-back",
        ),
        pytest.param(
            datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK),
            datetime(2026, 3, 10, 17, 0, tzinfo=UTC),
            id="new-york-across-us-spring-forward",
        ),
        pytest.param(
            datetime(2028, 2, 28, 12, 0, tzinfo=NEW_YORK),
            datetime(2028, 3, 2, 17, 0, tzinfo=UTC),
            id="new-york-across-leap-day",
        ),
        pytest.param(
            datetime(2028, 2, 29, 23, 30, tzinfo=SHANGHAI),
            datetime(2028, 3, 3, 15, 30, tzinfo=UTC),
            id="shanghai-from-leap-day",
        ),
    ],
)
def test_hours_are_elapsed_time_whatever_the_clock_change(start: datetime, due: datetime) -> None:
    result = add_duration(start, 72, "H")
    assert result == due
    assert result is not None and result.tzinfo is UTC
    # Exactly 72 real hours, measured on the absolute timeline.
    assert result - start.astimezone(UTC) == timedelta(hours=72)


def test_hours_accept_fractions() -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert add_duration(start, 0.5, "H") == datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def test_calendar_days_keep_the_wall_time_of_the_counting_zone() -> None:
    # 20 March 10:00 CET + 10 days = 30 March 10:00 CEST, which is 23 elapsed hours less than
    # 10 x 24 h would give: calendar days follow the wall clock, not the stopwatch.
    start = datetime(2026, 3, 20, 10, 0, tzinfo=BERLIN)
    assert add_duration(start, 10, "CD") == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_calendar_days_in_a_named_zone_ignore_the_input_zone() -> None:
    # Handling ended 20 October 10:00 in Shanghai, given as a Berlin time (04:00 CEST).
    start = datetime(2026, 10, 20, 4, 0, tzinfo=BERLIN)
    due = add_duration(start, 30, "CD", zone="Asia/Shanghai")
    assert due == datetime(2026, 11, 19, 2, 0, tzinfo=UTC)
    assert due == add_duration(start.astimezone(SHANGHAI), 30, "CD", zone="Asia/Shanghai")


def test_calendar_days_with_a_fixed_offset_are_whole_days_of_elapsed_time() -> None:
    start = datetime(2026, 3, 20, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert add_duration(start, 10, "CD") == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)


def test_calendar_days_landing_in_a_spring_forward_gap_use_the_earlier_offset() -> None:
    # 29 March 2026 02:30 does not exist in Berlin; fold=0 reads it with +01:00.
    start = datetime(2026, 3, 28, 2, 30, tzinfo=BERLIN)
    assert add_duration(start, 1, "CD") == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(
            datetime(2026, 9, 30, 10, 0), 1, datetime(2026, 10, 8, 10, 0), id="1-skips-golden-week"
        ),
        pytest.param(datetime(2026, 9, 30, 10, 0), 2, datetime(2026, 10, 9, 10, 0), id="2-friday"),
        pytest.param(
            datetime(2026, 9, 30, 10, 0), 3, datetime(2026, 10, 10, 10, 0), id="3-make-up-saturday"
        ),
        pytest.param(
            datetime(2026, 9, 30, 10, 0), 4, datetime(2026, 10, 12, 10, 0), id="4-monday-after"
        ),
        pytest.param(
            datetime(2026, 9, 18, 10, 0), 1, datetime(2026, 9, 20, 10, 0), id="make-up-sunday"
        ),
        pytest.param(
            datetime(2026, 10, 3, 10, 0), 1, datetime(2026, 10, 8, 10, 0), id="start-on-a-holiday"
        ),
    ],
)
def test_business_days_on_the_china_calendar_know_holidays_and_make_up_days(
    start: datetime, days: int, expected: datetime
) -> None:
    due = add_duration(
        start.replace(tzinfo=SHANGHAI), days, "BD", calendar="CN", zone="Asia/Shanghai"
    )
    assert due == expected.replace(tzinfo=SHANGHAI).astimezone(UTC)


def test_business_days_on_the_german_calendar_skip_easter() -> None:
    start = datetime(2026, 4, 2, 15, 0, tzinfo=BERLIN)  # Maundy Thursday
    due = add_duration(start, 1, "BD", calendar="DE", zone="Europe/Berlin")
    assert due == datetime(2026, 4, 7, 13, 0, tzinfo=UTC)  # Tuesday after Easter Monday, CEST


def test_nth_working_day_zero_is_the_day_itself_when_it_works() -> None:
    assert nth_working_day(datetime(2026, 10, 8).date(), 0, "CN") == datetime(2026, 10, 8).date()
    assert nth_working_day(datetime(2026, 10, 4).date(), 0, "CN") == datetime(2026, 10, 8).date()


def test_asap_has_no_due_time_only_an_internal_target() -> None:
    start = datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN)
    assert add_duration(start, 0, "ASAP") is None
    due, target = due_and_target(start, None, "ASAP", 24)
    assert due is None
    assert target == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)


def test_due_and_target_coincide_for_statutory_clocks() -> None:
    start = datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN)
    assert due_and_target(start, 72, "H", 24) == (
        datetime(2026, 3, 31, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 31, 9, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param(
            {"start": datetime(2026, 1, 1), "amount": 72, "unit": "H"}, "start", id="naive"
        ),
        pytest.param(
            {"start": datetime(2026, 1, 1, tzinfo=UTC), "amount": -1, "unit": "H"},
            "amount",
            id="negative",
        ),
        pytest.param(
            {"start": datetime(2026, 1, 1, tzinfo=UTC), "amount": 1.5, "unit": "CD"},
            "amount",
            id="half-day",
        ),
        pytest.param(
            {"start": datetime(2026, 1, 1, tzinfo=UTC), "amount": 1, "unit": "BD"},
            "calendar",
            id="no-calendar",
        ),
        pytest.param(
            {"start": datetime(2026, 1, 1, tzinfo=UTC), "amount": 1, "unit": "W"},
            "unit",
            id="unknown-unit",
        ),
    ],
)
def test_bad_clock_input_raises_naming_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{field}"):
        add_duration(**kwargs)


DUE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(DUE - TICK, "pending", id="just-before"),
        pytest.param(DUE, "pending", id="at-the-deadline"),
        pytest.param(DUE + TICK, "overdue", id="just-after"),
        pytest.param(DUE.astimezone(SHANGHAI) + TICK, "overdue", id="just-after-in-shanghai"),
    ],
)
def test_status_around_the_deadline(now: datetime, expected: str) -> None:
    assert status_at(DUE, DUE, now) == expected


@pytest.mark.parametrize(
    ("submitted_at", "expected"),
    [
        pytest.param(DUE - TICK, "submitted", id="just-before"),
        pytest.param(DUE, "submitted", id="at-the-deadline"),
        pytest.param(DUE + TICK, "submitted_late", id="just-after"),
    ],
)
def test_submission_status_around_the_deadline(submitted_at: datetime, expected: str) -> None:
    assert status_at(DUE, DUE, DUE + timedelta(days=10), submitted_at) == expected


def test_asap_obligations_are_judged_against_the_internal_target() -> None:
    target = DUE
    assert status_at(None, target, target) == "pending"
    assert status_at(None, target, target + TICK) == "overdue"
    assert status_at(None, target, target, submitted_at=target + TICK) == "submitted_late"


def test_an_obligation_whose_clock_has_not_started_stays_pending() -> None:
    assert status_at(None, None, DUE) == "pending"
    assert status_at(None, None, DUE, submitted_at=DUE) == "submitted"


def test_status_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="^now"):
        status_at(DUE, DUE, datetime(2026, 3, 31, 9, 0))
