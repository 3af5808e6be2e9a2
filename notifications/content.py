"""What messages say: JSON summaries for webhooks and plain text for people."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings

from notifications.models import Event

SUBJECTS = {
    Event.INCIDENT_CREATED: "New incident {reference}: {incident_title}",
    Event.INCIDENT_UPDATED: "Incident {reference} updated: {incident_title}",
    Event.OBLIGATION_CREATED: "{reference}: new obligation {legal_basis} → {recipient}",
    Event.OBLIGATION_DUE_SOON: "{reference}: {legal_basis} → {recipient} {due_phrase} in {window}",
    Event.OBLIGATION_OVERDUE: "OVERDUE {reference}: {legal_basis} → {recipient} {was_due} {deadline}",
    Event.SUBMISSION_RECORDED: "{reference}: submission recorded",
    Event.TASK_ASSIGNED: "{reference}: task for you: {task_title}",
    Event.TASK_DUE_SOON: "{reference}: task due in {window}: {task_title}",
    Event.TASK_OVERDUE: "OVERDUE {reference}: task {task_title} was due {deadline}",
    Event.REPORT_GENERATED: "{reference}: report generated",
    Event.ALERT_RECEIVED: "{alert_severity} alert from {alert_source}: {alert_title}",
}


class _Blank(dict):
    """Formatting values that leave a missing name empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def absolute_url(path: str) -> str:
    """The site's absolute URL for a path."""
    return f"{settings.SITE_URL}{path}" if path else ""


def incident_path(incident: Any) -> str:
    """The web page of an incident."""
    return f"/incidents/{incident.reference}/"


def iso_utc(value: datetime | None) -> str | None:
    """An aware timestamp as ISO 8601 UTC with a Z."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def window_label(window: timedelta) -> str:
    """24h, 6h, 1h, 30m — short labels that also appear in event keys."""
    minutes = int(window.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def incident_summary(incident: Any) -> dict[str, Any]:
    """The few incident facts a webhook or message names (no personal data)."""
    return {
        "id": incident.pk,
        "reference": incident.reference,
        "title": incident.title,
        "status": incident.status,
        "is_drill": incident.is_drill,
        "url": absolute_url(incident_path(incident)),
    }


def obligation_summary(obligation: Any) -> dict[str, Any]:
    """An obligation's legal terms and timing."""
    return {
        "id": obligation.pk,
        "rule_id": obligation.rule_id,
        "regime": obligation.regime,
        "legal_basis": obligation.legal_basis,
        "recipient": obligation.recipient,
        "statutory": obligation.statutory,
        "status": obligation.status,
        "due_at": iso_utc(obligation.due_at),
        "target_at": iso_utc(obligation.target_at),
    }


def task_summary(task: Any) -> dict[str, Any]:
    """A response task's owner and timing."""
    return {
        "id": task.pk,
        "title": task.title,
        "team": task.team.code,
        "assignee": task.assignee.get_username() if task.assignee_id else None,
        "status": task.status,
        "due_at": iso_utc(task.due_at),
    }


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """Flatten the payload into the names the subject templates use."""
    incident = data.get("incident") or {}
    obligation = data.get("obligation") or {}
    task = data.get("task") or {}
    alert = data.get("alert") or {}
    asap = data.get("basis") == "target_at"
    return _Blank(
        reference=incident.get("reference", ""),
        incident_title=incident.get("title", ""),
        legal_basis=obligation.get("legal_basis", ""),
        recipient=obligation.get("recipient", ""),
        task_title=task.get("title", ""),
        window=data.get("window", ""),
        deadline=_readable(data.get("deadline")),
        due_phrase="internal target" if asap else "due",
        was_due="missed its internal target of" if asap else "was due",
        alert_title=alert.get("title", ""),
        alert_source=alert.get("source", ""),
        alert_severity=str(alert.get("severity", "")).capitalize(),
    )


def _readable(value: Any) -> str:
    """An ISO timestamp as 2026-11-27 09:30 UTC."""
    if not value:
        return ""
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def message_text(event: str, data: dict[str, Any], *, is_drill: bool) -> tuple[str, str]:
    """The subject and body people read for an event."""
    template = SUBJECTS.get(event, Event(event).label if event in Event.values else event)
    subject = string.Formatter().vformat(template, (), _fields(data)).strip()
    subject = " ".join(subject.split()).removeprefix(": ")
    if is_drill:
        subject = f"[DRILL] {subject}"
    lines = [subject, ""]
    if data.get("deadline"):
        lines.append(f"Deadline: {_readable(data['deadline'])}")
    obligation = data.get("obligation") or {}
    if obligation.get("rule_id"):
        lines.append(f"Rule: {obligation['rule_id']} ({obligation.get('regime', '')})")
    alert = data.get("alert") or {}
    if alert.get("new_alerts"):
        lines.append(f"New alerts from this source: {alert['new_alerts']}")
    link = (data.get("incident") or {}).get("url") or (
        absolute_url(alert["url"]) if alert.get("url") else None
    )
    if link:
        lines.append(f"Open: {link}")
    if is_drill:
        lines.append("This is a drill: nothing was sent outside the organisation.")
    return subject[:300], "\n".join(lines)
