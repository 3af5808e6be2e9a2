"""Inbound alert bodies → `AlertInput`: the generic JSON shape and Prometheus Alertmanager's webhook.

Every problem is reported against the field that caused it (`alerts[2].startsAt`), so a sender
can fix its mapping from the 400 alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from config.errors import ValidationFailed
from intake.models import Severity

MAX_TITLE = 300
MAX_FINGERPRINT = 200
MAX_DETAILS_BYTES = 16_384
# A signal dated far ahead of the receiving clock is a sender's clock or mapping error.
FUTURE_TOLERANCE = timedelta(minutes=5)
GENERIC_FIELDS = {"source", "fingerprint", "title", "severity", "observed_at", "details", "group"}
GENERIC_FIELDS |= {"link", "text"}
# Alertmanager's `severity` label values seen in the wild, onto our four levels.
ALERTMANAGER_SEVERITY = {
    "critical": Severity.CRITICAL,
    "page": Severity.CRITICAL,
    "error": Severity.HIGH,
    "high": Severity.HIGH,
    "major": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "minor": Severity.LOW,
    "low": Severity.LOW,
    "info": Severity.LOW,
    "none": Severity.LOW,
}


@dataclass(frozen=True)
class AlertInput:
    """One signal as received, before deduplication."""

    fingerprint: str
    title: str
    severity: str
    observed_at: datetime
    group_key: str = ""
    link: str = ""
    text: str = ""
    details: dict[str, Any] = field(default_factory=dict)


class _Errors:
    """Collects field errors and raises them together."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self, message: str) -> None:
        if self.fields:
            raise ValidationFailed(message, fields=self.fields)


def timestamp_parse(value: Any, *, name: str, errors: _Errors, now: datetime) -> datetime | None:
    """An ISO 8601 time with a UTC offset, not in the future; anything else is a field error."""
    if not isinstance(value, str) or not value:
        errors.add(name, "An ISO 8601 timestamp with a UTC offset is required.")
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        errors.add(name, "Not a valid ISO 8601 timestamp.")
        return None
    if parsed.tzinfo is None:
        errors.add(name, "The timestamp needs a UTC offset (e.g. 2026-11-24T09:00:00Z).")
        return None
    if parsed.year < 2000:
        errors.add(name, "The year is implausible for a signal (before 2000).")
        return None
    if parsed > now + FUTURE_TOLERANCE:
        errors.add(name, "Must not be in the future.")
        return None
    return parsed.astimezone(UTC)


MISSING = object()


def _text(value: Any, *, name: str, errors: _Errors, limit: int, required: bool) -> str:
    if value is MISSING and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        errors.add(name, "A non-empty string is required." if required else "Must be a string.")
        return ""
    if len(value) > limit:
        errors.add(name, f"At most {limit} characters.")
    return value.strip()


def _details(value: Any, *, name: str, errors: _Errors) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(name, "Must be a JSON object.")
        return {}
    if len(json.dumps(value, ensure_ascii=False)) > MAX_DETAILS_BYTES:
        errors.add(name, f"At most {MAX_DETAILS_BYTES} bytes of JSON.")
    return value


def generic_parse(body: Any, *, now: datetime) -> tuple[str, AlertInput]:
    """The generic body: {"source", "fingerprint", "title", "severity", "observed_at", "details"}."""
    errors = _Errors()
    if not isinstance(body, dict):
        raise ValidationFailed(
            "The body must be a JSON object.", fields={"body": ["Not an object."]}
        )
    for unknown in sorted(set(body) - GENERIC_FIELDS):
        errors.add(unknown, "Unknown field.")
    source = _text(
        body.get("source", MISSING), name="source", errors=errors, limit=60, required=True
    )
    fingerprint = _text(
        body.get("fingerprint", MISSING),
        name="fingerprint",
        errors=errors,
        limit=MAX_FINGERPRINT,
        required=True,
    )
    title = _text(
        body.get("title", MISSING), name="title", errors=errors, limit=MAX_TITLE, required=True
    )
    severity = body.get("severity", Severity.MEDIUM)
    if severity not in Severity.values:
        errors.add("severity", f"One of {', '.join(Severity.values)}.")
    observed = timestamp_parse(body.get("observed_at"), name="observed_at", errors=errors, now=now)
    group = _text(
        body.get("group", MISSING), name="group", errors=errors, limit=200, required=False
    )
    link = _text(body.get("link", MISSING), name="link", errors=errors, limit=500, required=False)
    if link and not link.startswith(("https://", "http://")):
        errors.add("link", "Must be an http(s) URL.")
    text = _text(
        body.get("text", MISSING), name="text", errors=errors, limit=10_000, required=False
    )
    details = _details(body.get("details"), name="details", errors=errors)
    errors.raise_if_any("Invalid alert.")
    assert observed is not None
    alert = AlertInput(fingerprint, title, str(severity), observed, group, link, text, details)
    return source, alert


def _labels_fingerprint(labels: dict[str, Any]) -> str:
    """Alertmanager's own fingerprint when sent; else a stable hash of the sorted labels."""
    encoded = json.dumps(labels, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]


def alertmanager_parse(body: Any, *, now: datetime) -> list[AlertInput]:
    """Alertmanager's webhook (version 4): one group, many alerts; resolved ones are ignored."""
    errors = _Errors()
    if not isinstance(body, dict):
        raise ValidationFailed(
            "The body must be a JSON object.", fields={"body": ["Not an object."]}
        )
    if str(body.get("version", "")) != "4":
        errors.add("version", 'Alertmanager webhook version "4" is expected.')
    alerts = body.get("alerts")
    if not isinstance(alerts, list) or not alerts:
        errors.add("alerts", "A non-empty list of alerts is required.")
        alerts = []
    group_key = body.get("groupKey") if isinstance(body.get("groupKey"), str) else ""
    common = (
        body.get("commonAnnotations") if isinstance(body.get("commonAnnotations"), dict) else {}
    )
    parsed: list[AlertInput] = []
    for index, item in enumerate(alerts):
        prefix = f"alerts[{index}]"
        if not isinstance(item, dict):
            errors.add(prefix, "Must be an object.")
            continue
        labels = item.get("labels")
        if not isinstance(labels, dict) or not labels:
            errors.add(f"{prefix}.labels", "A non-empty object of labels is required.")
            continue
        if item.get("status", "firing") != "firing":
            continue  # a resolved notice closes nothing here: people triage, monitoring doesn't
        observed = timestamp_parse(
            item.get("startsAt"), name=f"{prefix}.startsAt", errors=errors, now=now
        )
        annotations = item.get("annotations") if isinstance(item.get("annotations"), dict) else {}
        title = str(
            annotations.get("summary")
            or common.get("summary")
            or labels.get("alertname")
            or "Alertmanager alert"
        )[:MAX_TITLE]
        severity = ALERTMANAGER_SEVERITY.get(str(labels.get("severity", "")).lower(), "medium")
        fingerprint = item.get("fingerprint")
        if not isinstance(fingerprint, str) or not fingerprint:
            fingerprint = _labels_fingerprint(labels)
        link = item.get("generatorURL") if isinstance(item.get("generatorURL"), str) else ""
        if observed is None:
            continue
        parsed.append(
            AlertInput(
                fingerprint=fingerprint[:MAX_FINGERPRINT],
                title=title,
                severity=severity,
                observed_at=observed,
                group_key=str(group_key)[:200],
                link=link[:500] if link.startswith(("https://", "http://")) else "",
                text=str(annotations.get("description") or "")[:10_000],
                details={"labels": labels, "annotations": annotations},
            )
        )
    errors.raise_if_any("Invalid Alertmanager webhook body.")
    return parsed
