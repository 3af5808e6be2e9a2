"""Writes for early warning: receive and deduplicate alerts, triage them, promote them to incidents."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q

from config.errors import Conflict, ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record
from incidents.models import Incident
from incidents.services import incident_create, incident_update
from intake.mapping import AlertInput
from intake.models import (
    OPEN_ALERT_STATUSES,
    SEVERITY_RANK,
    Alert,
    AlertSource,
    AlertStatus,
    Severity,
    SourceKind,
    source_token_generate,
    source_token_hash,
)
from notifications.services import event_emit

# One notification per source and window at most: a storm of 10,000 alerts tells the security
# team once per window (every alert is still stored and counted in the triage queue).
NOTIFY_WINDOW_SECONDS = 300
NOTIFY_SEVERITIES = (Severity.HIGH, Severity.CRITICAL)
SECURITY_ROLE = "security"


@dataclass(frozen=True)
class Received:
    """The outcome for one received signal."""

    alert_id: int
    created: bool
    count: int


@write_transaction
def alert_source_create(
    *, actor: Any, name: str, kind: str = SourceKind.MONITORING, now: datetime, signed: bool = False
) -> tuple[AlertSource, str]:
    """Register a sending system; returns it with its token (shown once, stored as a hash)."""
    if kind not in SourceKind.values:
        raise ValidationFailed("Unknown kind.", fields={"kind": [f"One of {SourceKind.values}."]})
    if AlertSource.objects.filter(name=name).exists():
        raise ValidationFailed("Name taken.", fields={"name": ["A source with this name exists."]})
    token = source_token_generate()
    source = AlertSource(
        name=name,
        kind=kind,
        token_hash=source_token_hash(token),
        hmac_secret=("whsec_" + secrets.token_urlsafe(32)) if signed else "",
        created_at=now,
    )
    source.full_clean()
    source.save()
    audit_record(
        now=now, actor=actor, action="create", obj=source, changes={"name": name, "kind": kind}
    )
    return source, token


_UPSERT = """
INSERT INTO intake_alert (
    source_id, fingerprint, open_key, group_key, title, severity, status, first_seen_at,
    last_seen_at, received_at, count, link, text, details, is_drill, dismiss_reason
) VALUES (%s, %s, %s, %s, %s, %s, 'new', %s, %s, %s, 1, %s, %s, %s, %s, '')
ON CONFLICT (source_id, open_key) DO UPDATE SET
    count = intake_alert.count + 1,
    last_seen_at = CASE WHEN excluded.last_seen_at > intake_alert.last_seen_at
        THEN excluded.last_seen_at ELSE intake_alert.last_seen_at END,
    first_seen_at = CASE WHEN excluded.first_seen_at < intake_alert.first_seen_at
        THEN excluded.first_seen_at ELSE intake_alert.first_seen_at END,
    severity = CASE WHEN {rank_new} > {rank_old} THEN excluded.severity
        ELSE intake_alert.severity END
RETURNING id, count
"""


def _rank(column: str) -> str:
    """SQL for a severity's rank, so a re-fired alert can only escalate its severity."""
    cases = " ".join(f"WHEN '{level}' THEN {rank}" for level, rank in SEVERITY_RANK.items())
    return f"CASE {column} {cases} END"


UPSERT_SQL = _UPSERT.format(
    rank_new=_rank("excluded.severity"), rank_old=_rank("intake_alert.severity")
)


def _upsert(
    cursor: Any, *, source: AlertSource, alert: AlertInput, now: datetime, drill: bool
) -> tuple[int, int]:
    """Insert one signal or fold it onto the open alert with its fingerprint: (id, count)."""
    ops = connection.ops
    observed = ops.adapt_datetimefield_value(alert.observed_at)
    params = [
        source.pk,
        alert.fingerprint,
        alert.fingerprint,
        alert.group_key,
        alert.title,
        alert.severity,
        observed,
        observed,
        ops.adapt_datetimefield_value(now),
        alert.link,
        alert.text,
        json.dumps(alert.details, ensure_ascii=False, sort_keys=True),
        drill,
    ]
    cursor.execute(UPSERT_SQL, params)
    alert_id, count = cursor.fetchone()
    return int(alert_id), int(count)


@write_transaction
def alerts_receive(
    *, source: AlertSource, alerts: Sequence[AlertInput], now: datetime, is_drill: bool = False
) -> list[Received]:
    """Store signals, folding each onto the open alert with its fingerprint (one statement each).

    INSERT … ON CONFLICT makes deduplication atomic in the database, so concurrent deliveries of
    one fingerprint never make two open alerts and never lose a count. Alerts are not audited one
    by one (they are the record themselves); people's triage decisions are.
    """
    results: list[Received] = []
    with connection.cursor() as cursor:
        for alert in alerts:
            alert_id, count = _upsert(cursor, source=source, alert=alert, now=now, drill=is_drill)
            results.append(Received(alert_id, count == 1, count))
    fresh = [r.alert_id for r, a in zip(results, alerts, strict=True) if r.created]
    urgent = [
        a
        for r, a in zip(results, alerts, strict=True)
        if r.created and a.severity in NOTIFY_SEVERITIES
    ]
    if urgent and not is_drill:
        _security_notify(source=source, alerts=urgent, alert_ids=fresh, now=now)
    return results


def _security_team() -> list[Any]:
    """People who triage: the security role and team, and the DPO."""
    users = get_user_model().objects.filter(is_active=True)
    query = Q(groups__name__in=[SECURITY_ROLE, "dpo"]) | Q(teams__code=SECURITY_ROLE)
    return list(users.filter(query).distinct().order_by("pk"))


def _security_notify(
    *, source: AlertSource, alerts: list[AlertInput], alert_ids: list[int], now: datetime
) -> None:
    """Tell the security team once per source and window (the event key settles repeats)."""
    window = int(now.timestamp()) // NOTIFY_WINDOW_SECONDS
    worst = max(alerts, key=lambda a: SEVERITY_RANK[Severity(a.severity)])
    event_emit(
        event="alert.received",
        payload={
            "alert": {
                "source": source.name,
                "title": worst.title,
                "severity": worst.severity,
                "observed_at": worst.observed_at.isoformat(),
                "new_alerts": len(alerts),
                "url": "/triage/",
            }
        },
        recipients=_security_team(),
        key=f"alert.received:{source.pk}:{window}",
        now=now,
    )


def _lock_open(alert: Alert) -> Alert:
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if not locked.is_open:
        raise Conflict(f"This alert was already {locked.get_status_display().lower()}.")
    return locked


@write_transaction
def alert_acknowledge(*, actor: Any, alert: Alert, now: datetime) -> Alert:
    """Someone owns the signal now: new → acknowledged."""
    locked = _lock_open(alert)
    if locked.status == AlertStatus.ACKNOWLEDGED:
        raise Conflict("This alert was already acknowledged.")
    locked.status, locked.acknowledged_by, locked.acknowledged_at = (
        AlertStatus.ACKNOWLEDGED,
        actor,
        now,
    )
    locked.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    audit_record(
        now=now, actor=actor, action="acknowledge", obj=locked, changes={"status": locked.status}
    )
    return locked


@write_transaction
def alert_dismiss(*, actor: Any, alert: Alert, reason: str, now: datetime) -> Alert:
    """Close a signal that is not a breach, with the reason (kept and searchable)."""
    if not reason or not reason.strip():
        raise ValidationFailed(
            "A reason is required.", fields={"reason": ["Say why it is dismissed."]}
        )
    locked = _lock_open(alert)
    locked.status, locked.open_key = AlertStatus.DISMISSED, None
    locked.closed_by, locked.closed_at, locked.dismiss_reason = actor, now, reason.strip()
    locked.save(update_fields=["status", "open_key", "closed_by", "closed_at", "dismiss_reason"])
    audit_record(
        now=now,
        actor=actor,
        action="dismiss",
        obj=locked,
        changes={"reason": locked.dismiss_reason},
    )
    return locked


def _description(alerts: Iterable[Alert]) -> str:
    lines = ["Opened from these signals:"]
    for alert in alerts:
        seen = alert.first_seen_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines.append(f"- {alert.source.name}: {alert.title} (first seen {seen}, ×{alert.count})")
    return "\n".join(lines)


@write_transaction
def alerts_promote(
    *,
    actor: Any,
    alerts: Sequence[Alert],
    now: datetime,
    incident: Incident | None = None,
    title: str = "",
) -> Incident:
    """Open an incident from signals (or attach them to one); its first signal is `detected_at`.

    Awareness (`aware_at`, the GDPR Art. 33 clock start) is left to a person who confirms that
    personal data were affected, so the gap between first signal and awareness stays visible.
    """
    if not alerts:
        raise ValidationFailed("No alerts.", fields={"alerts": ["Choose at least one alert."]})
    locked = [_lock_open(a) for a in sorted(alerts, key=lambda a: a.pk)]
    drills = {a.is_drill for a in locked}
    if len(drills) > 1:
        raise ValidationFailed(
            "Drill and real alerts can't be mixed.", fields={"alerts": ["Mixes drill and real."]}
        )
    first_signal = min(a.first_seen_at for a in locked)
    if incident is None:
        worst = max(locked, key=lambda a: (SEVERITY_RANK[Severity(a.severity)], -a.pk))
        incident = incident_create(
            actor=actor,
            data={
                "title": (title or worst.title)[:200],
                "description": _description(locked),
                "detected_at": first_signal,
                "is_drill": locked[0].is_drill,
            },
            now=now,
        )
    elif first_signal < incident.detected_at:
        # The incident's first signal is the earliest of its alerts, through the one write path.
        incident = incident_update(
            actor=actor, incident=incident, data={"detected_at": first_signal}, now=now
        )
    for alert in locked:
        alert.status, alert.open_key, alert.incident = AlertStatus.PROMOTED, None, incident
        alert.closed_by, alert.closed_at = actor, now
        alert.save(update_fields=["status", "open_key", "incident", "closed_by", "closed_at"])
        audit_record(
            now=now,
            actor=actor,
            action="promote",
            obj=alert,
            incident=incident,
            changes={"incident": incident.reference},
        )
    return incident


def alerts_open_statuses() -> tuple[str, ...]:
    """The statuses of alerts still waiting for a decision."""
    return tuple(str(s) for s in OPEN_ALERT_STATUSES)
