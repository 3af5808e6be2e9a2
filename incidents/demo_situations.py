"""The demo's current incidents: each shows one situation a DPO meets, with its assessment set."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from compliance.services import assessment_record, submission_record
from config.errors import ApplicationError
from incidents.models import TASK_OPEN_STATUSES, Incident, LegalEntity, Team
from incidents.response.services import task_complete
from incidents.services import incident_create

H = timedelta(hours=1)

# What each demo incident is there to show, by its title (the first-run page lists them).
SITUATIONS = {
    "Customer export bucket left public": "Due soon: the 72-hour notice to the Irish DPC falls "
    "due in about six hours (GDPR Art. 33(1)).",
    "Support tickets exposed through an API bug": "Overdue: the DPC and ICO notices are eight "
    "hours late, and its tasks show as overdue on the board.",
    "Phishing compromise of the customer-service mailbox": "Notified on time: the DPC notice "
    "went out 30 hours after awareness, with the regulator's reference.",
    "Payroll file e-mailed to the wrong customer": "Notified late: the notice went out 90 hours "
    "after awareness, with the reasons for the delay (GDPR Art. 33(1)).",
    "Encrypted laptop stolen from a sales manager's car": "Not notifiable: the assessment says "
    "unlikely to result in a risk and gives its reasoning (encryption, key not compromised).",
    "上海门店会员系统遭勒索软件攻击": "Chinese incident above the CAC threshold: 1.25 million "
    "people, so the 4-hour report to the Shanghai CAC office is due within the hour.",
}
# Situations from the past months (incidents.learning.demo): closed with a review, drills.
PAST_SITUATIONS = {
    "Customer database copied after phishing": "Closed, with its completed review: the timeline "
    "against each deadline, what went wrong and well, and corrective actions.",
}


def _spec(title: str, **facts: Any) -> dict[str, Any]:
    """An incident's facts, with the defaults most demo incidents share."""
    base = dict(
        title=title,
        discovered_by="own_detection",
        role="controller",
        breach_types=["confidentiality"],
        subject_categories=["customers"],
        malicious=False,
    )
    return {**base, **facts}


def situation_specs(now: datetime, entities: dict[str, LegalEntity]) -> list[dict[str, Any]]:
    """The facts of each current incident, relative to now."""
    ago = lambda hours: now - hours * H  # noqa: E731
    eu, uk, cn = entities["eu"], entities["uk"], entities["cn"]
    return [
        _spec(
            "Customer export bucket left public",
            description="A cloud storage bucket holding a customer export was publicly readable.",
            detected_at=ago(70),
            aware_at=ago(66),
            occurred_from=ago(24 * 9),
            occurred_to=ago(71),
            discovered_by="third_party",
            incident_type="misconfiguration",
            root_cause="human_error",
            data_categories=["contact", "identification", "financial"],
            affected_subjects=[{"country": "DE", "count": 8200}, {"country": "IE", "count": 950}],
            records_count=9150,
            risk_level="risk",
            entities=[eu],
        ),
        _spec(
            "Support tickets exposed through an API bug",
            description="A missing permission check let any signed-in customer read other "
            "customers' support tickets and their attachments.",
            detected_at=ago(84),
            aware_at=ago(80),
            occurred_from=ago(24 * 12),
            incident_type="misconfiguration",
            root_cause="system_vulnerability",
            data_categories=["contact", "identification", "official_documents"],
            affected_subjects=[{"country": "IE", "count": 2300}, {"country": "GB", "count": 1700}],
            records_count=4000,
            risk_level="risk",
            entities=[eu, uk],
        ),
        _spec(
            "Phishing compromise of the customer-service mailbox",
            description="An attacker read the shared customer-service mailbox for two days.",
            detected_at=ago(50),
            aware_at=ago(40),
            incident_type="phishing",
            root_cause="cyber_attack",
            malicious=True,
            data_categories=["contact", "identification", "payment_card"],
            affected_subjects=[{"country": "DE", "count": 3100}, {"country": "FR", "count": 900}],
            records_count=4000,
            risk_level="high",
            entities=[eu],
        ),
        _spec(
            "Payroll file e-mailed to the wrong customer",
            description="A payroll export for Irish staff was attached to an e-mail to a "
            "customer; the customer has not confirmed deletion.",
            detected_at=ago(122),
            aware_at=ago(120),
            incident_type="misdelivery",
            root_cause="human_error",
            subject_categories=["employees"],
            data_categories=["identification", "financial", "national_id"],
            affected_subjects=[{"country": "IE", "count": 212}],
            records_count=212,
            risk_level="risk",
            entities=[eu],
        ),
        _spec(
            "Encrypted laptop stolen from a sales manager's car",
            description="A fully encrypted laptop (BitLocker, key in escrow, not compromised) "
            "was stolen.",
            detected_at=ago(20),
            aware_at=ago(19),
            incident_type="lost_device",
            root_cause="physical_theft",
            malicious=True,
            data_categories=["contact", "identification"],
            affected_subjects=[{"country": "IT", "count": 300}],
            records_count=300,
            data_encrypted=True,
            risk_level="unlikely",
            entities=[eu],
        ),
        _spec(
            "上海门店会员系统遭勒索软件攻击",
            description="勒索软件加密了上海门店会员系统的服务器，攻击者声称已复制会员数据。",
            detected_at=ago(3),
            aware_at=ago(2),
            breach_types=["confidentiality", "availability"],
            incident_type="ransomware",
            root_cause="cyber_attack",
            malicious=True,
            data_categories=["contact", "identification", "national_id"],
            affected_subjects=[{"country": "CN", "count": 1_250_000}],
            records_count=1_400_000,
            risk_level="high",
            entities=[cn],
        ),
    ]


# ENISA inputs of each incident's assessment (compliance.risk), by title.
ASSESSMENTS: dict[str, dict[str, Any]] = {
    "Customer export bucket left public": dict(
        inputs={"ease_of_identification": 0.75, "confidentiality": 0.5},
        consequences="Targeted phishing and fraud with the exported contact and bank details.",
    ),
    "Support tickets exposed through an API bug": dict(
        inputs={"ease_of_identification": 1.0, "confidentiality": 0.25},
        consequences="Identity documents attached to tickets could be misused.",
    ),
    "Phishing compromise of the customer-service mailbox": dict(
        inputs={
            "ease_of_identification": 0.75,
            "confidentiality": 0.5,
            "logs_show_no_exfiltration": False,
        },
        consequences="Targeted phishing and card fraud against the customers in the mailbox.",
    ),
    "Payroll file e-mailed to the wrong customer": dict(
        inputs={"ease_of_identification": 1.0, "confidentiality": 0.25},
        consequences="Salaries and PPS numbers of staff known to one outside company.",
    ),
    "Encrypted laptop stolen from a sales manager's car": dict(
        inputs={"ease_of_identification": 0.25, "confidentiality": 0.0},
        override_tier="unlikely",
        override_rationale="The disk is encrypted with BitLocker (XTS-AES 256) and the key is "
        "held in escrow, not on the device: the data are unintelligible to the thief (GDPR "
        "Art. 34(3)(a); EDPB Guidelines 9/2022, case 6).",
        consequences="None expected while the key stays uncompromised.",
    ),
    "上海门店会员系统遭勒索软件攻击": dict(
        inputs={"ease_of_identification": 1.0, "confidentiality": 0.5, "availability": 0.25},
        consequences="会员身份证号码和联系方式可能被公开或用于诈骗。",
    ),
}
# Notices sent: title → (rule, hours after awareness, regulator's reference, reasons if late).
# GDPR-REG is the Art. 33(5) register entry; GDPR-DS the letter to data subjects (Art. 34(1)).
NOTICES: dict[str, list[tuple[str, int, str, str]]] = {
    "Customer export bucket left public": [("GDPR-REG", 8, "", "")],
    "Phishing compromise of the customer-service mailbox": [
        ("GDPR-REG", 6, "", ""),
        ("GDPR-DS", 20, "", ""),
        ("GDPR-SA", 30, "BN-IE-2026-0142", ""),
    ],
    "Payroll file e-mailed to the wrong customer": [
        ("GDPR-REG", 10, "", ""),
        ("GDPR-DS", 22, "", ""),
        (
            "GDPR-SA",
            90,
            "BN-IE-2026-0117",
            "The recipient's confirmation of what was opened came only on the third day, and "
            "the payroll team needed a further day to list the staff concerned.",
        ),
    ],
}


def situations_create(*, actor: Any, now: datetime, entities: dict[str, LegalEntity]) -> list:
    """Log each current incident through the service, as the security team would."""
    return [
        incident_create(actor=actor, data=spec, now=now) for spec in situation_specs(now, entities)
    ]


def situations_play(*, incidents: list[Incident], dpo: Any, now: datetime) -> None:
    """Assess every incident, send the notices that were sent, do the work that was done."""
    for incident in incidents:
        assessment = ASSESSMENTS[incident.title]
        assessment_record(actor=dpo, incident=incident, now=now, **assessment)
        for rule_id, hours, reference, reasons in NOTICES.get(incident.title, []):
            submission_record(
                actor=dpo,
                obligation=incident.obligations.get(rule_id=rule_id, applies=True),
                phase="initial",
                submitted_at=incident.aware_at + hours * H,
                channel="DPC breach notification web form" if reference else "Letter and e-mail",
                regulator_reference=reference,
                delay_reasons=reasons,
                now=now,
            )
        if not incident.title.startswith("Support tickets"):
            _tasks_done_until(incident, now=now)


def _tasks_done_until(incident: Incident, *, now: datetime) -> None:
    """Complete the tasks that fell due before now, as their teams did, an hour early."""
    members = {team.pk: team.members.order_by("pk").first() for team in Team.objects.all()}
    dpo = Team.objects.get(code="dpo").members.order_by("pk").first()
    due = incident.tasks.filter(status__in=TASK_OPEN_STATUSES, due_at__lt=now).order_by("due_at")
    for task in due:
        for person in (members.get(task.team_id), dpo):
            try:
                task_complete(
                    actor=person, task=task, now=max(task.due_at - H, incident.detected_at)
                )
                break
            except ApplicationError:  # a task waiting on another step stays open
                continue
