"""Clock arithmetic for legal deadlines: hours, calendar days, business days and ASAP targets.

Every result is an aware datetime in UTC. The rules for each unit (docs/regulations.md, "Units"):

* ``H``: elapsed hours on the absolute timeline. The start is converted to UTC first, so a
  daylight-saving change inside the period never lengthens or shortens it.
* ``CD``: calendar days. Days are added to the wall-clock time in the jurisdiction's zone (or,
  without one, the start's own zone) and the result converted to UTC; 30 days from 10:00 in
  Shanghai ends at 10:00 Shanghai time, even if a DST change elsewhere lies in between. A wall time
  that does not exist on the last day (spring-forward gap) resolves with the pre-change offset.
* ``BD``: business days on the jurisdiction's ``holidays`` calendar, which knows China's
  make-up working days. The deadline is the start's wall time on the n-th working day after the
  start's date, which is never later than the end of that day (the conservative reading). The
  calendar only knows the years the government has announced: China's make-up days appear
  once the State Council publishes them, so later years count ordinary weekends only.
* ``M``: calendar months on the wall clock of the jurisdiction's zone (DORA and NIS2 final
  reports): the same day of the month, or the month's last day when it has no such day (one month
  after 31 January is 28 or 29 February), at the same wall-clock time.
* ``ASAP``: the law gives no number, so there is no due time; callers get an internal target.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

Unit = Literal["H", "CD", "BD", "M", "ASAP"]
Status = Literal["pending", "overdue", "submitted", "submitted_late"]
UNITS: frozenset[str] = frozenset({"H", "CD", "BD", "M", "ASAP"})
NOON = time(12, 0)


def require_aware(name: str, value: datetime | None) -> None:
    """Raise ValueError naming the field when a datetime has no UTC offset."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise ValueError(f"{name}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: naive datetime; give a time zone or UTC offset")


@lru_cache(maxsize=64)
def zone_named(name: str) -> ZoneInfo:
    """Return the IANA zone of that name, loaded once."""
    return ZoneInfo(name)


@lru_cache(maxsize=32)
def working_calendar(country: str) -> holidays.HolidayBase:
    """Return the public-holiday calendar of a country, built once and extended on demand."""
    return holidays.country_holidays(country)


def add_duration(
    start: datetime,
    amount: float,
    unit: Unit,
    calendar: str | None = None,
    zone: str | tzinfo | None = None,
) -> datetime | None:
    """Return the UTC instant ``amount`` units after ``start``, or None for ASAP."""
    require_aware("start", start)
    if amount < 0:
        raise ValueError("amount: must not be negative")
    if unit == "H":
        return start.astimezone(UTC) + timedelta(hours=amount)
    if unit == "ASAP":
        return None
    if amount != int(amount):
        raise ValueError(f"amount: {unit} needs a whole number of days")
    local = _in_zone(start, zone)
    if unit == "CD":
        return (local + timedelta(days=int(amount))).astimezone(UTC)
    if unit == "M":
        return _add_months(local, int(amount)).astimezone(UTC)
    if unit == "BD":
        if not calendar:
            raise ValueError("calendar: business days need a country calendar")
        last_day = nth_working_day(local.date(), int(amount), calendar)
        return datetime.combine(last_day, local.timetz()).replace(fold=0).astimezone(UTC)
    raise ValueError(f"unit: {unit!r} is not one of {sorted(UNITS)}")


def add_days(start: datetime, days: int, zone: str) -> datetime:
    """Return the UTC instant ``days`` calendar days after ``start`` on the zone's wall clock.

    The fast path of ``add_duration(start, days, "CD", zone=zone)`` for a checked, aware start.
    """
    local = start.astimezone(zone_named(zone))
    return (local + timedelta(days=days)).astimezone(UTC)


def add_business_days(start: datetime, days: int, calendar: str, zone: tzinfo) -> datetime:
    """Return the UTC deadline ``days`` business days after ``start``, counted in the zone.

    The fast path of ``add_duration(start, days, "BD", calendar, zone)`` for a checked start.
    """
    local = start.astimezone(zone)
    last_day = nth_working_day(local.date(), days, calendar)
    return datetime.combine(last_day, local.timetz()).replace(fold=0).astimezone(UTC)


def _add_months(local: datetime, months: int) -> datetime:
    """Return the same wall-clock time ``months`` later, clamped to the month's last day."""
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, fold=0)


def roll_to_working_noon(due: datetime, calendar: str, zone: str) -> datetime:
    """Move a due time on a weekend or public holiday to 12:00 of the next working day (UTC).

    Delegated Regulation (EU) 2025/301 Art. 5(4): reports due on a non-working day may be
    submitted by noon of the next working day, in the zone of the authority.
    """
    local = due.astimezone(zone_named(zone))
    day = local.date()
    if is_working_day(day, calendar):
        return due
    following = nth_working_day(day, 1, calendar)
    return datetime.combine(following, NOON, tzinfo=local.tzinfo).astimezone(UTC)


def _in_zone(start: datetime, zone: str | tzinfo | None) -> datetime:
    """Express the start in the zone whose calendar counts the days."""
    if zone is None:
        return start
    return start.astimezone(zone_named(zone) if isinstance(zone, str) else zone)


@lru_cache(maxsize=65536)
def nth_working_day(start: date, count: int, calendar: str) -> date:
    """Return the count-th working day after start (start itself if count is 0 and it works)."""
    return working_calendar(calendar).get_nth_working_day(start, count)


@lru_cache(maxsize=65536)
def is_working_day(day: date, calendar: str) -> bool:
    """Return whether a day is neither a weekend nor a public holiday on the calendar."""
    return bool(working_calendar(calendar).is_working_day(day))


def internal_target(start: datetime, hours: float) -> datetime:
    """Return the internal target for an ASAP obligation: elapsed hours after start, in UTC."""
    require_aware("start", start)
    return start.astimezone(UTC) + timedelta(hours=hours)


def due_and_target(
    start: datetime,
    amount: float | None,
    unit: Unit,
    target_hours: float,
    calendar: str | None = None,
    zone: str | tzinfo | None = None,
) -> tuple[datetime | None, datetime]:
    """Return (legal due time or None, target) for a clock that starts at ``start``."""
    if unit == "ASAP":
        # No statutory number exists: only the organisation's own target applies.
        return None, internal_target(start, target_hours)
    if amount is None:
        raise ValueError(f"amount: unit {unit} needs a duration")
    due = add_duration(start, amount, unit, calendar, zone)
    assert due is not None
    return due, due


def status_at(
    due_at: datetime | None,
    target_at: datetime | None,
    now: datetime,
    submitted_at: datetime | None = None,
) -> Status:
    """Return the obligation's status at ``now``; the limit itself still counts as in time."""
    for name, value in (("due_at", due_at), ("target_at", target_at), ("now", now)):
        require_aware(name, value)
    require_aware("submitted_at", submitted_at)
    return status_against(due_at if due_at is not None else target_at, now, submitted_at)


def status_against(
    limit: datetime | None, now: datetime, submitted_at: datetime | None = None
) -> Status:
    """Return the status against one limit, for callers that have already checked their inputs."""
    # ASAP obligations have no legal limit, so callers pass the internal target instead.
    if submitted_at is not None:
        return "submitted_late" if limit is not None and submitted_at > limit else "submitted"
    return "overdue" if limit is not None and now > limit else "pending"
