"""Demo data: a multinational organisation, one user per role, one incident per situation
(incidents.demo_situations), a statement and a report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from compliance.reporting.services import report_generate, report_request
from config.transactions import write_transaction
from incidents import roles
from incidents.demo_situations import situations_create, situations_play
from incidents.demo_users import DEMO_USERS, demo_password
from incidents.models import Incident, LegalEntity, OrganisationProfile, Team
from incidents.response.models import Audience
from incidents.response.statements import statement_create


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


def _communications(incident: Incident, users: dict[str, Any], now: datetime) -> None:
    """A media statement awaiting approval and a generated executive summary for one incident."""
    statement_create(
        now=now,
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
    """Create the demo organisation, users and current incidents unless they exist already."""
    _, entities = _organisation()
    users = _users()
    created = []
    if not Incident.objects.exists():
        created = situations_create(actor=users["security"], now=now, entities=entities)
        situations_play(incidents=created, dpo=users["dpo"], now=now)
        _communications(created[2], users, now)
    return {"users": users, "incidents": created}
