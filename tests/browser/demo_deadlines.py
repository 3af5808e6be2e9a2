"""Obligations, tasks, submissions and history for the demo incidents, so screenshots show a busy desk.

The compliance engine derives obligations in production; these rows stand in for its output only
where it has produced none, so the pages have something realistic to show.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from compliance.engine.regimes import RULES_BY_ID
from compliance.models import Obligation, RiskAssessment, Submission
from incidents.models import Incident, Task, Team
from incidents.services import incident_create, incident_transition, incident_update

HOUR = timedelta(hours=1)
SEVERITY_BY_TYPE = {
    "ransomware": "very_high",
    "phishing": "high",
    "insider": "high",
    "misconfiguration": "medium",
    "lost_device": "low",
}


def duty(rule_id: str, basis: str, recipient: str, explanation: str, **times: Any) -> dict:
    """One obligation row's terms; regime, clock and unit are the engine's rule's own."""
    rule = RULES_BY_ID[rule_id]
    return dict(
        rule_id=rule_id,
        regime=rule.regime,
        legal_basis=basis,
        recipient=recipient,
        explanation=explanation,
        clock_event=rule.clock_event,
        unit=rule.unit,
        duration=None if rule.duration is None else int(rule.duration),
        **times,
    )


def duties_for(incident: Incident) -> list[dict[str, Any]]:
    """The notification duties an incident of the demo group would carry."""
    aware = incident.aware_at or incident.detected_at
    entities = {entity.country: entity for entity in incident.entities.all()}
    dpc = "Data Protection Commission (Ireland)"
    cac = "上海市互联网信息办公室"
    candidates = [
        (
            "IE",
            incident.role != "processor",
            duty(
                "GDPR-SA",
                "GDPR Art. 33(1)",
                dpc,
                "Personal data of people in the EU were affected and a risk to them cannot be ruled "
                "out, so the lead supervisory authority must be told within 72 hours of awareness.",
                due_at=aware + 72 * HOUR,
            ),
        ),
        (
            "IE",
            incident.role != "processor" and incident.risk_level == "high",
            duty(
                "GDPR-DS",
                "GDPR Art. 34(1)",
                "People affected",
                "High risk to people: tell them without undue delay.",
                target_at=aware + 96 * HOUR,
            ),
        ),
        (
            "IE",
            incident.role == "processor",
            duty(
                "GDPR-PROC",
                "GDPR Art. 33(2)",
                "The controller (client)",
                "As processor we must tell the controller without undue delay.",
                target_at=aware + 24 * HOUR,
            ),
        ),
        (
            "GB",
            True,
            duty(
                "UK_GDPR-SA",
                "UK GDPR Art. 33(1)",
                "Information Commissioner's Office",
                "People in the UK were affected; the ICO must be told within 72 hours.",
                due_at=aware + 72 * HOUR,
            ),
        ),
        (
            "CN",
            True,
            duty(
                "CAC-4H",
                "CAC Measures Art. 5",
                cac,
                "A major network-security incident must be reported within 4 hours.",
                due_at=aware + 4 * HOUR,
            ),
        ),
        (
            "CN",
            True,
            duty(
                "PIPL-AUTH",
                "PIPL Art. 57",
                cac,
                "Personal information was leaked: take remedial measures and notify the authority "
                "and the individuals immediately.",
                target_at=aware + 24 * HOUR,
            ),
        ),
    ]
    return [
        {**terms, "entity": entities[country]}
        for country, applies, terms in candidates
        if applies and country in entities
    ]


TASKS = [
    ("it-security", "Contain the exposure and preserve evidence", 4),
    ("dpo", "Assess the risk to people (ENISA)", 24),
    ("legal", "Prepare the regulator notification", 48),
    ("pr-comms", "Draft a holding statement", 12),
    ("executive", "Approve external communication", 60),
]


def demo_tasks(incident: Incident, users: dict[str, Any], now: datetime) -> None:
    """One task per team, the containment one done on older incidents."""
    teams = {team.code: team for team in Team.objects.all()}
    owner = {"it-security": "security", "dpo": "dpo", "legal": "legal", "pr-comms": "pr"}
    for code, title, hours in TASKS:
        due = incident.detected_at + hours * HOUR
        done = code == "it-security" and due < now
        Task.objects.create(
            incident=incident,
            team=teams[code],
            title=title,
            assignee=users.get(owner.get(code, "")),
            due_at=due,
            status="done" if done else ("in_progress" if code == "dpo" else "open"),
            completed_at=due - HOUR if done else None,
        )


def history(users: dict[str, Any], now: datetime) -> None:
    """Closed incidents of past months, notified after different delays, for the trend charts."""
    delays = [20, 41, 66, 80, 30, 55, 70, 18]
    for index, delay in enumerate(delays):
        detected = now - timedelta(days=30 * (index + 1) + 3)
        incident = incident_create(
            actor=users["security"],
            data=dict(
                title=f"Past incident {index + 1}",
                description="Handled and closed.",
                detected_at=detected,
                aware_at=detected + 2 * HOUR,
                severity=["low", "medium", "high"][index % 3],
                affected_subjects=[{"country": "DE", "count": 100 + index}],
            ),
            now=now,
        )
        late = delay > 72
        obligation = Obligation.objects.create(
            incident=incident,
            rule_id="GDPR-SA",
            regime="GDPR",
            legal_basis="GDPR Art. 33(1)",
            recipient="Data Protection Commission (Ireland)",
            clock_event="aware_at",
            clock_start=incident.aware_at,
            unit="H",
            duration=72,
            due_at=incident.aware_at + 72 * HOUR,
            status="submitted_late" if late else "submitted",
            explanation="Notified.",
        )
        Submission.objects.create(
            obligation=obligation,
            phase="initial",
            submitted_at=incident.aware_at + delay * HOUR,
            channel="DPC web form",
            regulator_reference=f"DPC-{2026}-{1000 + index}",
            late=late,
            delay_reasons="Forensic analysis took longer than planned." if late else "",
            recorded_by=users["dpo"],
        )
        incident_transition(actor=users["security"], incident=incident, status="closed", now=now)


def demo_deadlines(*, users: dict[str, Any], now: datetime) -> None:
    """Fill in obligations, tasks, one assessment, one submission and history (idempotent)."""
    if Task.objects.exists():
        return
    current = list(Incident.objects.all())
    for index, incident in enumerate(current):
        severity = SEVERITY_BY_TYPE.get(incident.incident_type, "")
        if severity and not incident.severity:
            incident_update(
                actor=users["dpo"],
                incident=incident,
                data={"severity": severity},
                now=timezone.now(),
            )
            current[index] = incident = Incident.objects.get(pk=incident.pk)
        if not incident.obligations.exists():
            for duty in duties_for(incident):
                duty.setdefault("clock_start", incident.aware_at)
                Obligation.objects.create(incident=incident, **duty)
        demo_tasks(incident, users, now)
    phishing = next((i for i in current if i.incident_type == "phishing"), None)
    if phishing:
        first = phishing.obligations.order_by("pk").first()
        Submission.objects.create(
            obligation=first,
            phase="initial",
            submitted_at=phishing.aware_at + 30 * HOUR,
            channel="DPC web form",
            regulator_reference="DPC-2026-1187",
            recorded_by=users["dpo"],
        )
        first.status = "submitted"
        first.save(update_fields=["status"])
        RiskAssessment.objects.create(
            incident=phishing,
            inputs={"dpc": 3, "ei": 1.0, "cb": 0.5},
            score=Decimal("3.50"),
            band="high",
            tier="high",
            consequences="Card data and contact details may be used for fraud and phishing.",
            explanation="Payment card data (context 3), fully identifiable, malicious intent.",
            assessor=users["dpo"],
        )
    history(users, now)
