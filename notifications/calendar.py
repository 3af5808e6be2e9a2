"""The iCalendar (RFC 5545) feed of a user's deadlines and tasks, for Outlook or Google Calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Alarm, Calendar, Event, vDuration

from notifications.content import absolute_url, incident_path

EVENT_LENGTH = timedelta(minutes=30)
# Calendar clients poll subscribed feeds; this asks them to do it every 15 minutes (RFC 7986).
REFRESH_INTERVAL = timedelta(minutes=15)
ALARMS = (timedelta(hours=24), timedelta(hours=1))


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "breachdesk"


def _alarm(before: timedelta, summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -before)
    return alarm


def _event(
    *, uid: str, start: datetime, summary: str, description: str, url: str, stamp: datetime
) -> Event:
    """One VEVENT starting at the deadline (UTC), with reminders before it."""
    event = Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", stamp.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", start.astimezone(UTC) + EVENT_LENGTH)
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    for before in ALARMS:
        event.add_component(_alarm(before, summary))
    return event


def _drill(incident: Any) -> str:
    return "[DRILL] " if incident.is_drill else ""


def obligation_event(obligation: Any) -> Event:
    """A deadline, or for an ASAP duty its internal target, labelled as such."""
    incident = obligation.incident
    asap = obligation.due_at is None
    label = "Internal target" if asap else "Deadline"
    summary = (
        f"{_drill(incident)}{label}: {obligation.legal_basis} → {obligation.recipient} "
        f"({incident.reference})"
    )
    lines = [obligation.explanation or "", f"Status: {obligation.status}"]
    if asap:
        lines.append("The law sets no number here; this is the organisation's internal target.")
    return _event(
        uid=f"obligation-{obligation.pk}",
        start=obligation.target_at if asap else obligation.due_at,
        summary=summary,
        description="\n".join(line for line in lines if line),
        url=absolute_url(incident_path(incident)),
        stamp=obligation.updated_at,
    )


def task_event(task: Any) -> Event:
    """A task's due time."""
    incident = task.incident
    return _event(
        uid=f"task-{task.pk}",
        start=task.due_at,
        summary=f"{_drill(incident)}Task due: {task.title} ({incident.reference}, {task.team.name})",
        description=task.instructions,
        url=absolute_url(incident_path(incident)),
        stamp=task.updated_at,
    )


def calendar_feed(*, name: str, obligations: Iterable[Any], tasks: Iterable[Any]) -> bytes:
    """The whole feed as RFC 5545 bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//Breachdesk//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL).to_ical().decode())
    for obligation in obligations:
        calendar.add_component(obligation_event(obligation))
    for task in tasks:
        calendar.add_component(task_event(task))
    return calendar.to_ical()
