"""Template helpers: times in the reader's zone with UTC on hover, countdowns, query strings."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from compliance import risk_wording, wording
from compliance.models import SubmissionPhase
from compliance.vocabulary import regime_label
from compliance.wording import text
from incidents.choices import BreachType, DataCategory, RiskLevel, Severity
from incidents.response.selectors import task_can_update

register = template.Library()
register.filter("regime_label", regime_label)

HOUR = 3600
# Colour bands of time left before a deadline (seconds): overdue, under 6 h, under 24 h, later.
URGENT_SECONDS = 6 * HOUR
SOON_SECONDS = 24 * HOUR


def utc_text(value: datetime) -> str:
    """The instant in UTC, as shown on hover."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@register.simple_tag
def when(value: datetime | None, style: str = "datetime") -> SafeString | str:
    """A <time> in the reader's zone; hovering shows UTC. style: datetime | date | short."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    formats = {"date": "%Y-%m-%d", "short": "%m-%d %H:%M", "datetime": "%Y-%m-%d %H:%M"}
    text = local.strftime(formats.get(style, formats["datetime"]))
    if style != "date":
        text = f"{text} {local.tzname()}"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        utc_text(value),
        text,
    )


def deadline_tone(seconds_left: float | None) -> str:
    """The colour band for the time left before a deadline."""
    if seconds_left is None:
        return "none"
    if seconds_left < 0:
        return "overdue"
    if seconds_left < URGENT_SECONDS:
        return "urgent"
    if seconds_left < SOON_SECONDS:
        return "soon"
    return "ok"


def duration_text(seconds: float) -> str:
    """Format a span as '2 d 03:14:05' or '03:14:05' (the script uses the same shape)."""
    total = int(abs(seconds))
    days, rest = divmod(total, 24 * HOUR)
    hours, rest = divmod(rest, HOUR)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    day_unit = pgettext("days, abbreviated", "d")
    return f"{days}{day_unit} {clock}" if days else clock


def countdown_text(seconds_left: float) -> str:
    """'03:14:05 left' or 'overdue by 03:14:05', translated."""
    template_text = gettext("overdue by {time}") if seconds_left < 0 else gettext("{time} left")
    return template_text.replace("{time}", duration_text(seconds_left))


@register.simple_tag
def countdown(due: datetime | None, now: datetime | None = None) -> SafeString | str:
    """A live countdown to a deadline; the script updates it every second from data-due."""
    if due is None:
        return format_html('<span class="countdown tone-none">{}</span>', gettext("no fixed time"))
    seconds_left = (due - (now or timezone.now())).total_seconds()
    return format_html(
        '<span class="countdown tone-{}" data-due="{}" title="{}">{}</span>',
        deadline_tone(seconds_left),
        due.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        utc_text(due),
        countdown_text(seconds_left),
    )


@register.filter
def as_datetime(value: str | None) -> datetime | None:
    """A time stored as ISO 8601 text (an obligation's projection) as an aware datetime."""
    return parse_datetime(value) if value else None


@register.filter
def tone(due: datetime | None) -> str:
    """The deadline colour band of a due time, for a row's class."""
    if due is None:
        return "none"
    return deadline_tone((due - timezone.now()).total_seconds())


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (None or '' removes one)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """Look a key up in a dict (templates cannot index by a variable)."""
    return mapping.get(key) if mapping else None


CHOICES = {
    "data_category": DataCategory,
    "breach_type": BreachType,
    "risk": RiskLevel,
    "severity": Severity,
}
ACTIONS = {
    "create": _("created"),
    "update": _("changed"),
    "transition": _("moved to a new status"),
    "delete": _("deleted"),
    "complete": _("completed"),
    "assess": _("assessed the risk"),
    "comment": _("commented"),
    "approve": _("approved"),
    "submit": _("recorded a submission"),
    "reschedule": _("rescheduled"),
    "reopen": _("reopened"),
    "close": _("closed"),
    "draft": _("drafted"),
    "publish": _("published"),
    "withdraw": _("withdrew"),
    "supersede": _("superseded"),
    "acknowledge": _("acknowledged"),
    "dismiss": _("dismissed"),
    "promote": _("promoted to an incident"),
    "drill_start": _("started a drill"),
    "drill_end": _("ended a drill"),
    "report.requested": _("requested a report"),
    "report.generated": _("generated a report"),
    "report.failed": _("could not generate a report"),
    "report_facts.update": _("changed the report's facts"),
}


@register.filter
def choice_label(value: str, kind: str) -> str:
    """The translated label of a stored choice code (the code itself when unknown)."""
    choices = CHOICES[kind]
    return str(choices(value).label) if value in choices.values else value


@register.filter
def action_label(action: str) -> str:
    """A readable, translated name for an audit action."""
    return str(ACTIONS.get(action, action))


@register.filter
def changeable_by(task: Any, user: Any) -> bool:
    """Tell whether the user may change the task (its team's members, the DPO, administrators)."""
    return task_can_update(user=user, task=task)


CLOCK_EVENTS = {
    "aware_at": _("awareness"),
    "detected_at": _("discovery"),
    "handling_ended_at": _("the end of handling"),
    "classified_major_at": _("classification as major"),
    "materiality_determined_at": _("the materiality determination"),
    "assessment_completed_at": _("completion of the assessment"),
    "prior_report_submitted_at": _("the recorded submission of the earlier report"),
}
PERIODS = {
    "H": _("%(n)s hours from %(event)s"),
    "CD": _("%(n)s calendar days from %(event)s"),
    "BD": _("%(n)s business days from %(event)s"),
    "M": _("%(n)s months from %(event)s"),
}


@register.filter
def unstarted_period(obligation: Any) -> str:
    """Describe a statutory period whose clock has not started yet (CAC final report, say)."""
    template_text = PERIODS.get(obligation.unit)
    if template_text is None or obligation.duration is None:
        return ""
    event = CLOCK_EVENTS.get(obligation.clock_event, obligation.clock_event)
    return str(template_text) % {"n": obligation.duration, "event": event}


@register.filter
def recipient_text(recipient: str) -> str:
    """An obligation's recipient in the reader's language; the authority's own name is kept."""
    return wording.recipient_text(recipient)


@register.filter
def asap_text(obligation: Any, part: str = "") -> str:
    """How soon the law wants a notice without a number: PIPL Art. 57 says immediately (立即)."""
    if obligation.regime == "PIPL":
        return gettext("immediately · target") if part == "target" else gettext("immediately")
    if part == "target":
        return gettext("without undue delay · target")
    return gettext("without undue delay")


@register.filter
def stored_text(value: Any) -> Any:
    """Shipped content (a default team, task, playbook, scenario; an engine text) translated.

    Text an organisation wrote itself has no catalogue entry and shows as written.
    """
    return text(value) if isinstance(value, str) else value


@register.filter
def explanation_text(value: str) -> str:
    """A stored English explanation of an obligation, sentence by sentence in the reader's
    language."""
    return wording.explanation_text(value)


# What the trail records of a notice sent and of a risk assessment (their models' __str__, in
# the project's language: incidents.audit.recorded_text).
RECORDED_SUBMISSION = re.compile(
    r"^(?P<phase>Initial|Follow-up|Final) (?P<when>\d{4}-\d\d-\d\d \d\d:\d\d) via (?P<channel>.*)$",
    re.S,
)
RECORDED_ASSESSMENT = re.compile(
    r"^\d+: (?P<tier>unlikely|risk|high) \((?P<band>[a-z_ ]+), (?P<score>[0-9.]+)\)$"
)


@register.filter
def audit_object(event: Any) -> str:
    """An audit entry's object in the reader's language: a notice's phase, time and channel and
    an assessment's tier, band and score are worded anew; other objects as `audit_text` says."""
    summary = event.object_repr
    if event.object_type == "compliance.Submission":
        found = RECORDED_SUBMISSION.match(summary)
        if found:
            phase = found["phase"].lower().replace("-", "_")
            return gettext("%(phase)s notice sent %(when)s via %(channel)s") % {
                "phase": SubmissionPhase(phase).label,
                "when": found["when"],
                "channel": text(found["channel"]),
            }
    if event.object_type == "compliance.RiskAssessment":
        found = RECORDED_ASSESSMENT.match(summary)
        if found:
            return gettext("result: %(tier)s (ENISA band %(band)s, score %(score)s)") % {
                "tier": RiskLevel(found["tier"]).label,
                "band": gettext(wording.BANDS.get(found["band"].replace("_", " "), found["band"])),
                "score": found["score"],
            }
    return audit_text(summary)


@register.filter
def audit_text(summary: str) -> str:
    """An audit entry's object as the reader reads it: an obligation's "basis → recipient", a
    task's "team: title", or shipped content; anything else as recorded."""
    if " → " in summary:
        basis, recipient = summary.split(" → ", 1)
        shown = recipient_text(recipient)  # an obligation's recipient, else a shipped text
        return f"{text(basis)} → {shown if shown != recipient else text(recipient)}"
    team, separator, title = summary.partition(": ")
    if separator and text(team) != team:
        return f"{text(team)}{gettext(': ')}{text(title)}"
    return text(summary)


# A time the trail recorded as ISO 8601 text (it shows it in UTC, as on hover elsewhere).
ISO_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
# Bookkeeping fields an update changes every time; the trail does not list them.
UNLISTED_CHANGES = frozenset({"version", "updated_at"})


@register.filter
def audit_changes(event: Any) -> list[dict[str, Any]]:
    """An audit entry's changed fields as the reader reads them: each field by its model
    field's name in the reader's language, coded values by their labels; other values as
    recorded (the API and the export keep the field names and codes)."""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    changes = []
    for name, diff in event.changes.items():
        if name in UNLISTED_CHANGES or not isinstance(diff, dict):
            continue
        label, labels = name, {}
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        if field is not None:
            label = capfirst(gettext(capfirst(str(field.verbose_name))))
            labels = {code: str(shown) for code, shown in getattr(field, "flatchoices", [])}
        changes.append(
            {
                "label": label,
                "before": _audit_value(diff.get("before"), labels),
                "after": _audit_value(diff.get("after"), labels),
            }
        )
    return changes


def _audit_value(value: Any, labels: dict[Any, str]) -> Any:
    """A recorded value: a code by its label, yes or no in words, an engine text or explanation
    translated, a list or a stored mapping (a projection) item by item; empty as None."""
    if value in ("", [], {}):
        return None
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return gettext(", ").join(str(_audit_value(item, labels)) for item in value)
    if isinstance(value, dict):
        shown = (_audit_value(item, {}) for item in value.values())
        return gettext("; ").join(str(item) for item in shown if item is not None)
    if isinstance(value, str | int) and value in labels:
        return labels[value]
    if isinstance(value, str) and ISO_INSTANT.match(value):
        instant = parse_datetime(value)
        return utc_text(instant) if instant and instant.tzinfo else value
    if isinstance(value, str):
        shown = wording.projection_duty_text(value)  # a table text, or a proposal's exemption
        return shown if shown != value else wording.explanation_text(value)
    return value


@register.filter
def risk_text(explanation: str) -> str:
    """A risk assessment's stored English explanation in the reader's language."""
    return risk_wording.risk_text(explanation)


@register.filter
def projection_duty(duty: str) -> str:
    """A projection's duty (what the proposal would ask, or why nothing) in the reader's language."""
    return wording.projection_duty_text(duty)
