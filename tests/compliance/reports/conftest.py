"""Two breaches built from models (an Irish one and a Shanghai one) and helpers to generate PDFs.

Obligations, submissions and assessments are created directly: the engine that derives them is
wired in elsewhere, and these tests are about what the reports make of the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from compliance.models import (
    Obligation,
    ReportDocument,
    ReportFacts,
    RiskAssessment,
    Submission,
)
from compliance.reporting.services import report_request
from incidents.models import Incident, LegalEntity, Task, Team
from tests.factories import incident_create_for_test
from tests.reports.test_render_kinds import pdf_text


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Stored PDFs go to a fresh folder per test, so tests can count the files on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root: Path) -> list[Path]:
    """Every file under MEDIA_ROOT."""
    return [path for path in media_root.rglob("*") if path.is_file()]


def document_text(document: ReportDocument) -> str:
    """The stored PDF's text without whitespace (pypdf), for a ready document."""
    assert document.status == "ready", document.error
    with document.file.open("rb") as stored:
        return pdf_text(stored.read())


@pytest.fixture(autouse=True)
def frozen_clock(now: datetime) -> Any:
    """The API views and the report task read the wall clock (they are entry points); pin it to
    the fixtures' `now`, so deadlines relative to these breaches do not pass as the calendar does."""
    with time_machine.travel(now, tick=False):
        yield


@pytest.fixture
def generate(
    django_capture_on_commit_callbacks: Any, personas: dict[str, Any]
) -> Callable[..., ReportDocument]:
    """Request a report as a persona and run the queued task, as a commit would."""

    def run(kind: str, *, as_user: str = "dpo", **options: Any) -> ReportDocument:
        with django_capture_on_commit_callbacks(execute=True):
            document = report_request(
                actor=personas[as_user], kind=kind, now=timezone.now(), **options
            )
        document.refresh_from_db()
        return document

    return run


def _entity(country: str, **fields: Any) -> LegalEntity:
    entity = LegalEntity.objects.get(country=country)
    for name, value in fields.items():
        setattr(entity, name, value)
    entity.save()
    return entity


@pytest.fixture
def eu_breach(organisation: Any, personas: dict[str, Any], now: datetime) -> Incident:
    """A misconfigured storage bucket at the Irish controller: risk, not yet notified."""
    entity = _entity(
        "IE",
        registration_number="IE 654321",
        address="1 Harbour Square, Dublin 2, Ireland",
        sector="Retail and e-commerce",
        dpo_phone="+353 1 555 0100",
    )
    aware = now - timedelta(hours=26)
    incident = incident_create_for_test(
        actor=personas["security"],
        now=now,
        title="Customer export readable in a public storage bucket",
        description="A storage bucket holding a customer export was publicly readable for 8 days.",
        detected_at=now - timedelta(hours=30),
        aware_at=aware,
        occurred_from=now - timedelta(days=9),
        occurred_to=now - timedelta(hours=31),
        discovered_by="third_party",
        breach_types=["availability", "confidentiality"],
        incident_type="misconfiguration",
        root_cause="human_error",
        malicious=False,
        data_categories=["contact", "financial", "identification"],
        subject_categories=["customers"],
        affected_subjects=[{"country": "DE", "count": 8200}, {"country": "IE", "count": 950}],
        records_count=13250,
        systems="Customer export bucket (object storage, Frankfurt)",
        third_parties="Cloudwise GmbH — processor hosting the bucket",
        consequences="Contact and bank details could be used for targeted fraud.",
        measures_taken="Closed public access to the bucket\nDeleted the export file",
        measures_proposed="Alert on public buckets",
        severity="high",
        risk_level="risk",
        entities=[entity],
    )
    # The engine stored GDPR-SA already; pin the terms this fixture's reports are checked against.
    Obligation.objects.update_or_create(
        incident=incident,
        entity=entity,
        rule_id="GDPR-SA",
        defaults=dict(
            regime="GDPR",
            legal_basis="GDPR Art. 33(1)",
            recipient="Data Protection Commission (Ireland)",
            clock_event="aware_at",
            clock_start=aware,
            unit="H",
            duration=72,
            due_at=aware + timedelta(hours=72),
            explanation="Likely to result in a risk to people: notify within 72 hours of awareness.",
        ),
    )
    RiskAssessment.objects.create(
        incident=incident,
        score=Decimal("2.75"),
        band="medium",
        tier="risk",
        consequences="Targeted phishing and bank fraud against the customers listed.",
        explanation="DPC 3 (financial) × EI 0.75 + CB 0.5 = 2.75: medium.",
        assessor=personas["dpo"],
    )
    ReportFacts.objects.create(
        incident=incident,
        exfiltrated="likely",
        exfiltration_evidence="Access logs show 3 downloads from unknown addresses",
        protection_in_place="Access control on the bucket (misconfigured)\nDaily backups",
        likely_impacts="Fraud\nPhishing",
        advice_to_individuals="Be wary of e-mails asking for payment details",
        other_bodies=[{"body": "An Garda Síochána", "notified_at": None, "reference": "G-17"}],
    )
    dpo_team = Team.objects.get(code="dpo")
    Task.objects.create(incident=incident, team=dpo_team, title="Notify the DPC", due_at=now)
    Task.objects.create(
        incident=incident,
        team=Team.objects.get(code="it-security"),
        title="Close the bucket",
        status="done",
        completed_at=now - timedelta(hours=20),
    )
    return incident


# The Shanghai ransomware's facts, shared by the fixtures of the Chinese reports' tests.
CN_RANSOMWARE: dict[str, Any] = dict(
    discovered_by="own_detection",
    breach_types=["availability", "confidentiality"],
    incident_type="ransomware",
    root_cause="cyber_attack",
    malicious=True,
    data_categories=["contact", "identification", "national_id"],
    subject_categories=["customers"],
    systems="会员管理系统",
    consequences="Members may receive fraud calls.",
    measures_taken="Isolated the servers",
    risk_level="high",
)
CN_RANSOMWARE_ZH: dict[str, Any] = dict(
    consequences_zh="会员可能遭受诈骗电话和短信骚扰。",
    measures_taken_zh="隔离受感染服务器\n重置全部管理员口令",
    measures_proposed_zh="部署终端检测与响应系统",
    advice_to_individuals_zh="警惕冒充客服的电话",
    location="上海市浦东新区数据中心",
)


@pytest.fixture
def cn_breach(organisation: Any, personas: dict[str, Any], now: datetime) -> Incident:
    """Ransomware at the Shanghai handler: 1.25 million members, reported once to the CAC."""
    entity = _entity(
        "CN",
        registration_number="91310000MA1FL0000X",
        address="上海市浦东新区世纪大道100号",
        sector="零售",
        dpo_name="王丽",
        dpo_email="pipo@example.cn",
        dpo_phone="+86 21 5555 0100",
    )
    detected = now - timedelta(hours=6)
    incident = incident_create_for_test(
        actor=personas["security"],
        now=now,
        title="上海门店会员系统遭勒索软件攻击",
        description="勒索软件加密了上海门店会员系统的服务器，攻击者声称已复制会员数据。",
        detected_at=detected,
        aware_at=detected + timedelta(hours=1),
        occurred_from=detected - timedelta(hours=12),
        affected_subjects=[{"country": "CN", "count": 1_250_000}],
        records_count=1_400_000,
        entities=[entity],
        **CN_RANSOMWARE,
    )
    cac, _ = Obligation.objects.update_or_create(
        incident=incident,
        entity=entity,
        rule_id="CAC-4H",
        defaults=dict(
            regime="CAC",
            legal_basis="CAC Measures (2025)",
            recipient="上海市互联网信息办公室",
            clock_event="detected_at",
            clock_start=detected,
            unit="H",
            duration=4,
            due_at=detected + timedelta(hours=4),
        ),
    )
    Submission.objects.create(
        obligation=cac,
        phase="initial",
        submitted_at=detected + timedelta(hours=3),
        channel="电话及电子邮件",
        regulator_reference="SH-2026-0042",
        recorded_by=personas["dpo"],
    )
    ReportFacts.objects.create(
        incident=incident,
        **CN_RANSOMWARE_ZH,
        harm_so_far="会员系统停止服务 6 小时，约 125 万名会员的数据可能被复制。",
        measures_effect="系统已从备份恢复。",
        ransom_amount="50 BTC",
        ransom_payment_method="比特币",
        likely_trend="数据可能在暗网出售。",
        preliminary_cause="远程桌面服务口令被暴力破解。",
        tracing_leads="攻击来源 IP 203.0.113.7；勒索软件家族 LockBit。",
        support_requested="请求协助追踪境外 IP。",
        scene_preservation="已对服务器磁盘制作镜像并计算哈希。",
    )
    return incident
