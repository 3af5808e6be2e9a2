"""What people read: the one function that renders a message for e-mail and the in-app list.

A message names what happened, and for every duty its regime, legal basis, recipient and due
time (in the reader's time zone and in UTC), and links to the incident. Messages caused by one
change arrive as one: an event row whose payload holds ``items`` (the events of the group, see
`notifications.services.outbox`) is rendered as one message listing each of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from compliance.wording import recipient_text
from compliance.wording import text as stored_text
from notifications.content import absolute_url

RECIPIENT_IN_SUBJECT = 90
SUBJECT_LIMIT = 300
# A monitoring alert's severity in words (the codes of intake.models.Severity).
SEVERITY_WORDS = {
    "low": gettext_lazy("Low"),
    "medium": gettext_lazy("Medium"),
    "high": gettext_lazy("High"),
    "critical": gettext_lazy("Critical"),
}


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def time_text(value: Any, zone: str) -> str:
    """'2026-12-07 11:33 Europe/Dublin (10:33 UTC)': the reader's zone, and UTC beside it."""
    moment = _moment(value)
    if moment is None:
        return ""
    utc = moment.astimezone(UTC)
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        zone, local = "UTC", utc
    if zone == "UTC":
        return f"{utc:%Y-%m-%d %H:%M} UTC"
    same_day = local.date() == utc.date()
    utc_text = f"{utc:%H:%M} UTC" if same_day else f"{utc:%Y-%m-%d %H:%M} UTC"
    return f"{local:%Y-%m-%d %H:%M} {zone} ({utc_text})"


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _duty(data: dict[str, Any]) -> dict[str, Any]:
    """The obligation an event is about: nested (alerts) or the payload itself (new duties)."""
    return data.get("obligation") or data


def _regime(duty: dict[str, Any]) -> str:
    return stored_text(str(duty.get("regime", "")).replace("_", " "))


def _recipient(duty: dict[str, Any]) -> str:
    """The duty's recipient in the active language (the engine stores it in English)."""
    return recipient_text(" ".join(str(duty.get("recipient", "")).split()))


def duty_name(duty: dict[str, Any], *, limit: int = 0) -> str:
    """'GDPR: GDPR Art. 33(1) → Data Protection Commission (Ireland)', in the active language."""
    recipient = _recipient(duty)
    recipient = _short(recipient, limit) if limit else recipient
    basis = stored_text(str(duty.get("legal_basis", "")))
    text = _("%(regime)s: %(basis)s → %(recipient)s")
    return (text % {"regime": _regime(duty), "basis": basis, "recipient": recipient}).strip()


def due_text(duty: dict[str, Any], zone: str, *, line: bool = False) -> str:
    """'due …', 'internal target …' (an ASAP duty) or 'no fixed time'; capitalised as a line."""
    if duty.get("due_at"):
        text = _("Due %(time)s") if line else _("due %(time)s")
        return text % {"time": time_text(duty["due_at"], zone)}
    if duty.get("target_at"):
        text = _("Internal target %(time)s") if line else _("internal target %(time)s")
        return text % {"time": time_text(duty["target_at"], zone)}
    return _("No fixed time") if line else _("no fixed time")


def _headline(event: str, data: dict[str, Any], zone: str) -> str:
    """One line saying what happened."""
    incident = data.get("incident") or {}
    values: dict[str, Any] = {
        "reference": incident.get("reference", ""),
        "title": incident.get("title", ""),
    }
    duty, task, alert = _duty(data), data.get("task") or {}, data.get("alert") or {}
    values |= {
        "duty": duty_name(duty, limit=RECIPIENT_IN_SUBJECT),
        "due": due_text(duty, zone),
        "deadline": time_text(data.get("deadline"), zone),
        "window": data.get("window") or "",
        "task": task.get("title", ""),
    }
    asap = data.get("basis") == "target_at"
    texts = {
        "incident.created": _("New incident %(reference)s: %(title)s"),
        "incident.updated": _("Incident %(reference)s updated: %(title)s"),
        "obligation.created": _("%(reference)s: new duty %(duty)s, %(due)s"),
        "obligation.due_soon": _("%(reference)s: %(duty)s, internal target in %(window)s")
        if asap
        else _("%(reference)s: %(duty)s due in %(window)s"),
        "obligation.overdue": _(
            "OVERDUE %(reference)s: %(duty)s missed its internal target %(deadline)s"
        )
        if asap
        else _("OVERDUE %(reference)s: %(duty)s was due %(deadline)s"),
        "submission.recorded": _("%(reference)s: notice recorded for %(duty)s"),
        "task.assigned": _("%(reference)s: task for you: %(task)s"),
        "task.due_soon": _("%(reference)s: task due in %(window)s: %(task)s"),
        "task.overdue": _("OVERDUE %(reference)s: task %(task)s was due %(deadline)s"),
        "report.generated": _("%(reference)s: report generated"),
    }
    if event == "alert.received":
        return _("%(severity)s alert from %(source)s: %(title)s") % {
            "severity": SEVERITY_WORDS.get(
                alert.get("severity", ""), str(alert.get("severity", "")).capitalize()
            ),
            "source": alert.get("source", ""),
            "title": alert.get("title", ""),
        }
    return (texts.get(event, event) % values).strip()


def _details(event: str, data: dict[str, Any], zone: str) -> list[str]:
    """The lines under a headline: the duty in full with its due time, a task's due time."""
    if event.startswith("obligation.") or event == "submission.recorded":
        duty = _duty(data)
        lines = [
            _("Regime: %(regime)s · %(basis)s")
            % {"regime": _regime(duty), "basis": stored_text(str(duty.get("legal_basis", "")))},
            _("Recipient: %(recipient)s") % {"recipient": _recipient(duty)}
            if duty.get("recipient")
            else "",
        ]
        if event == "submission.recorded":
            lines.append(_("Sent: %(time)s") % {"time": time_text(data.get("submitted_at"), zone)})
        else:
            lines.append(due_text(duty, zone, line=True))
        return [line for line in lines if line]
    task = data.get("task") or {}
    if task.get("due_at"):
        return [_("Due %(time)s") % {"time": time_text(task["due_at"], zone)}]
    alert = data.get("alert") or {}
    if alert.get("new_alerts"):
        return [_("New alerts from this source: %(count)s") % {"count": alert["new_alerts"]}]
    return []


def _more(items: list[dict[str, Any]]) -> str:
    """'3 new duties, 2 tasks' for the events after the first of a group."""
    duties = sum(1 for item in items if item["event"].startswith("obligation."))
    tasks = sum(1 for item in items if item["event"].startswith("task."))
    others = len(items) - duties - tasks
    parts = []
    if duties:
        parts.append(ngettext("%(n)s new duty", "%(n)s new duties", duties))
    if tasks:
        parts.append(ngettext("%(n)s task", "%(n)s tasks", tasks))
    if others:
        parts.append(ngettext("%(n)s more update", "%(n)s more updates", others))
    counts = [duties, tasks, others]
    numbers = [n for n in counts if n]
    return ", ".join(part % {"n": n} for part, n in zip(parts, numbers, strict=True))


def message_render(
    *, event: str, payload: dict[str, Any], is_drill: bool, zone: str = "UTC"
) -> tuple[str, str]:
    """The subject and body of a message, in the active language, times in `zone` and UTC.

    E-mail and the in-app list both call this (notifications.channels), so they say the same.
    """
    incident = payload.get("incident") or {}
    items = payload.get("items") or [{"event": event, **payload}]
    first, rest = items[0], items[1:]
    subject = _headline(first["event"], {**first, "incident": incident}, zone)
    if rest:
        subject += " · " + _more(rest)
    if is_drill:
        subject = _("[DRILL] %(subject)s") % {"subject": subject}
    lines = [subject, ""]
    if not rest:
        lines += _details(first["event"], {**first, "incident": incident}, zone)
    # A group lists its events under the subject, the incident event being the subject itself.
    listed = rest if first["event"].startswith("incident.") else items if rest else []
    for item in listed:
        data = {**item, "incident": incident}
        if item["event"].startswith("obligation."):
            bullet = [duty_name(_duty(data)), "  " + due_text(_duty(data), zone, line=True)]
        else:
            bullet = [_headline(item["event"], data, zone)]
        bullet[0] = "• " + bullet[0]
        if bullet[0] not in lines:  # an incident updated twice in one change is said once
            lines += bullet
    alert = payload.get("alert") or {}
    link = incident.get("url") or (absolute_url(alert["url"]) if alert.get("url") else "")
    if link:
        lines += ["", _("Open: %(link)s") % {"link": link}]
    if is_drill:
        lines.append(_("This is a drill: nothing was sent outside the organisation."))
    return _short(subject, SUBJECT_LIMIT), "\n".join(lines).strip()
