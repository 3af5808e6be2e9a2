"""Demo data: a multinational organisation, one user per role, five realistic incidents, a
statement and a report."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from compliance.report_services import report_generate, report_request
from config.transactions import write_transaction
from incidents import roles
from incidents.models import Audience, Incident, LegalEntity, OrganisationProfile, Team
from incidents.response.statements import statement_create
from incidents.services import incident_create

DEMO_USERS = [
    ("security", roles.SECURITY, "Sam", "Okafor", "it-security"),
    ("dpo", roles.DPO, "Dana", "Weber", "dpo"),
    ("legal", roles.LEGAL, "Lena", "Moreau", "legal"),
    ("pr", roles.PR, "Priya", "Shah", "pr-comms"),
    ("executive", roles.EXECUTIVE, "Erik", "Lindqvist", "executive"),
    ("admin", roles.ADMIN, "Ada", "Admin", None),
]


def demo_password(username: str) -> str:
    """The demo password of a demo user (printed by seed_demo; change it on a real install)."""
    return f"breachdesk-{username}"


def _organisation() -> tuple[OrganisationProfile, dict[str, LegalEntity]]:
    """Create the demo group with an EU controller, a UK company and a Chinese PI handler."""
    profile = OrganisationProfile.current()
    profile.name = "Northwind Retail Group"
    profile.default_time_zone = "Europe/Dublin"
    profile.save()
    specs = {
        "eu": dict(
            legal_name="Northwind Retail Europe Ltd",
            country="IE",
            registration_number="IE 654321",
            address="1 Harbour Square, Dublin 2, Ireland",
            sector="Retail and e-commerce",
            dpo_name="Dana Weber",
            dpo_email="dpo@northwind.example",
            dpo_phone="+353 1 555 0100",
            supervisory_authority="Data Protection Commission (Ireland)",
            authority_time_zone="Europe/Dublin",
        ),
        "uk": dict(
            legal_name="Northwind Retail UK Ltd",
            country="GB",
            registration_number="09876543",
            address="20 King Street, Manchester M2 4LQ",
            sector="Retail and e-commerce",
            dpo_name="Dana Weber",
            dpo_email="dpo@northwind.example",
            dpo_phone="+44 161 555 0100",
            supervisory_authority="Information Commissioner's Office",
            authority_time_zone="Europe/London",
        ),
        "cn": dict(
            legal_name="诺斯温德（上海）商贸有限公司",
            country="CN",
            registration_number="91310000MA1FL0000X",
            address="上海市浦东新区世纪大道100号",
            sector="零售",
            dpo_name="王丽",
            dpo_email="pipo@northwind.example.cn",
            dpo_phone="+86 21 5555 0100",
            supervisory_authority="上海市互联网信息办公室",
            authority_time_zone="Asia/Shanghai",
        ),
    }
    entities = {}
    for key, spec in specs.items():
        entity, _ = LegalEntity.objects.update_or_create(
            profile=profile, legal_name=spec["legal_name"], defaults=spec
        )
        entities[key] = entity
    return profile, entities


def _users() -> dict[str, Any]:
    """Create one user per role and put them in their team."""
    user_model = get_user_model()
    users = {}
    for username, role, first, last, team_code in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@northwind.example",
            },
        )
        if created:
            user.set_password(demo_password(username))
            user.is_staff = role == roles.ADMIN
            user.is_superuser = role == roles.ADMIN
            user.save()
        user.groups.add(Group.objects.get(name=role))
        if team_code:
            Team.objects.get(code=team_code).members.add(user)
        users[username] = user
    for team in Team.objects.filter(lead__isnull=True):
        team.lead = team.members.order_by("pk").first()
        team.save(update_fields=["lead"])
    return users


def _incident_specs(now: datetime, entities: dict[str, LegalEntity]) -> list[dict[str, Any]]:
    """Five incidents at different stages, relative to now."""
    hours = lambda n: now - timedelta(hours=n)  # noqa: E731
    return [
        dict(
            title="Customer database exposed through misconfigured storage bucket",
            description="A cloud storage bucket holding a customer export was publicly readable.",
            detected_at=hours(30),
            aware_at=hours(26),
            occurred_from=hours(24 * 9),
            occurred_to=hours(31),
            discovered_by="third_party",
            role="controller",
            breach_types=["confidentiality"],
            incident_type="misconfiguration",
            root_cause="human_error",
            malicious=False,
            data_categories=["contact", "identification", "financial"],
            subject_categories=["customers"],
            affected_subjects=[
                {"country": "DE", "count": 8200},
                {"country": "FR", "count": 4100},
                {"country": "IE", "count": 950},
            ],
            records_count=13250,
            risk_level="risk",
            entities=[entities["eu"]],
        ),
        dict(
            title="上海门店会员系统遭勒索软件攻击",
            description="Ransomware encrypted the loyalty-programme servers of the Shanghai stores; "
            "attackers claim to have copied member data.",
            detected_at=hours(3),
            aware_at=hours(2),
            discovered_by="own_detection",
            role="controller",
            breach_types=["confidentiality", "availability"],
            incident_type="ransomware",
            root_cause="cyber_attack",
            malicious=True,
            data_categories=["contact", "identification", "national_id"],
            subject_categories=["customers"],
            affected_subjects=[{"country": "CN", "count": 1_250_000}],
            records_count=1_400_000,
            risk_level="high",
            entities=[entities["cn"]],
        ),
        dict(
            title="Phishing compromise of the customer-service mailbox",
            description="An attacker read the shared customer-service mailbox for two days.",
            detected_at=hours(50),
            aware_at=hours(40),
            discovered_by="own_detection",
            role="controller",
            breach_types=["confidentiality"],
            incident_type="phishing",
            root_cause="cyber_attack",
            malicious=True,
            data_categories=["contact", "identification", "payment_card"],
            subject_categories=["customers"],
            affected_subjects=[
                {"country": "DE", "count": 3100},
                {"country": "GB", "count": 1200},
                {"country": "CN", "count": 640},
            ],
            records_count=6000,
            risk_level="high",
            entities=[entities["eu"], entities["uk"], entities["cn"]],
        ),
        dict(
            title="Payroll processor reports unauthorised access to client files",
            description="Our payroll processor found that a former employee downloaded client files.",
            detected_at=hours(6),
            aware_at=hours(5),
            discovered_by="processor",
            role="processor",
            breach_types=["confidentiality"],
            incident_type="insider",
            root_cause="insider",
            malicious=True,
            data_categories=["identification", "financial", "national_id"],
            subject_categories=["employees"],
            affected_subjects=[{"country": "NL", "count": 420}],
            records_count=420,
            risk_level="high",
            entities=[entities["eu"]],
        ),
        dict(
            title="Encrypted laptop stolen from a sales manager's car",
            description="A fully encrypted laptop (BitLocker, key in escrow, not compromised) "
            "was stolen.",
            detected_at=hours(20),
            aware_at=hours(19),
            discovered_by="own_detection",
            role="controller",
            breach_types=["confidentiality"],
            incident_type="lost_device",
            root_cause="physical_theft",
            malicious=True,
            data_categories=["contact", "identification"],
            subject_categories=["customers"],
            affected_subjects=[{"country": "IT", "count": 300}],
            records_count=300,
            data_encrypted=True,
            risk_level="unlikely",
            entities=[entities["eu"]],
        ),
    ]


def _communications(incident: Incident, users: dict[str, Any], now: datetime) -> None:
    """A media statement awaiting approval and a generated executive summary for one incident."""
    statement_create(
        actor=users["pr"],
        incident=incident,
        audience=Audience.MEDIA,
        data={
            "body": "We are investigating a security incident affecting some customer records "
            "and have informed the Data Protection Commission.",
            "spokesperson": "Priya Shah",
        },
    )
    # Rendered here rather than by a worker, so the demo has a document to download at once.
    document = report_request(
        actor=users["dpo"], kind="executive-summary", incident=incident, enqueue=False, now=now
    )
    report_generate(document_id=document.pk, now=now)


@write_transaction
def demo_seed(*, now: datetime) -> dict[str, Any]:
    """Create the demo organisation, users and incidents unless they exist already."""
    _, entities = _organisation()
    users = _users()
    created = []
    if not Incident.objects.exists():
        for spec in _incident_specs(now, entities):
            created.append(incident_create(actor=users["security"], data=spec, now=now))
        _compliance_history(created[2], dpo=users["dpo"], now=now)
        _communications(created[0], users, now)
    return {"users": users, "incidents": created}


def _compliance_history(phishing: Incident, *, dpo: Any, now: datetime) -> None:
    """The DPO assessed the phishing breach and notified the Irish DPC in time."""
    from compliance.services import assessment_record, submission_record

    assessment_record(
        actor=dpo,
        incident=phishing,
        inputs={
            "ease_of_identification": 0.75,
            "confidentiality": 0.5,
            "logs_show_no_exfiltration": False,
        },
        consequences="Targeted phishing and card fraud against the customers in the mailbox.",
        now=now,
    )
    notice = phishing.obligations.get(rule_id="GDPR-SA", applies=True)
    submission_record(
        actor=dpo,
        obligation=notice,
        phase="initial",
        submitted_at=now - timedelta(hours=10),
        channel="DPC breach notification web form",
        regulator_reference="BN-IE-2026-0142",
        now=now,
    )
