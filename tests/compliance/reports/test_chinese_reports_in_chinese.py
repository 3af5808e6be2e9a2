"""The PIPL and CAC reports of a Chinese incident stand on their own in Chinese.

No English prose (only names, references and codes are in Latin script), the Chinese account of
what happened, the Chinese entity's own officer and authority, and the same reading of the duties
as the incident room.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from compliance.models import ReportDocument, ReportFacts
from compliance.reporting.pdf import render_pdf
from compliance.reporting.selectors import report_kind_duties
from incidents.models import Incident, LegalEntity
from tests.compliance.reports.conftest import document_text
from tests.factories import incident_create_for_test
from tests.reports.samples import sample_pipl_art57
from tests.reports.test_render_pdf import require_poppler

pytestmark = pytest.mark.django_db

ACCOUNT_ZH = "勒索软件加密了上海门店会员系统的服务器，攻击者声称已复制会员数据并索要赎金。"
OFFICER = "王丽"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+")
# Codes: a run of capitals and digits with at least one digit (registration numbers, IPs).
CODE = re.compile(r"\b(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,}\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def pdf_plain_text(pdf: bytes, folder: Path) -> str:
    """The PDF's text as poppler's pdftotext extracts it (layout kept)."""
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [require_poppler("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout


def latin_words(text: str, known: Iterable[str]) -> list[str]:
    """Latin words of two letters or more left once names, references and codes are removed."""
    for value in sorted((k for k in known if k), key=len, reverse=True):
        text = text.replace(value, " ")
    text = CODE.sub(" ", URL.sub(" ", EMAIL.sub(" ", text)))
    return LATIN_WORD.findall(text)


def stored_pdf(document: ReportDocument) -> bytes:
    assert document.status == "ready", document.error
    with document.file.open("rb") as stored:
        return stored.read()


@pytest.fixture
def shanghai(organisation: Any) -> LegalEntity:
    """The Chinese handler with its own officer and no authority configured."""
    entity = LegalEntity.objects.get(country="CN")
    entity.supervisory_authority = ""
    entity.registration_number = "91310000MA1FL0000X"
    entity.address = "上海市浦东新区世纪大道100号"
    entity.sector = "零售"
    entity.dpo_name, entity.dpo_email = OFFICER, "pipo@example.cn"
    entity.dpo_phone = "+86 21 5555 0100"
    entity.save()
    return entity


def _ransomware(personas: dict[str, Any], now: datetime, people: int, **extra: Any) -> Incident:
    """Ransomware at the Shanghai handler that also touches the Irish controller's customers."""
    entities = list(LegalEntity.objects.filter(country__in=["CN", "IE"]))
    incident = incident_create_for_test(
        actor=personas["security"],
        now=now,
        title="Ransomware on the Shanghai loyalty system",
        description="Ransomware encrypted the loyalty servers; the attackers claim a copy.",
        detected_at=now - timedelta(hours=2),
        aware_at=now - timedelta(hours=1),
        occurred_from=now - timedelta(hours=14),
        discovered_by="own_detection",
        breach_types=["availability", "confidentiality"],
        incident_type="ransomware",
        root_cause="cyber_attack",
        malicious=True,
        data_categories=["contact", "identification", "national_id"],
        subject_categories=["customers"],
        affected_subjects=[{"country": "CN", "count": people}, {"country": "IE", "count": 40}],
        records_count=people + 100,
        systems="会员管理系统",
        consequences="Members may receive fraud calls.",
        measures_taken="Isolated the servers",
        risk_level="high",
        entities=entities,
        **extra,
    )
    ReportFacts.objects.create(
        incident=incident,
        consequences_zh="会员可能遭受诈骗电话和短信骚扰。",
        measures_taken_zh="隔离受感染服务器\n重置全部管理员口令",
        measures_proposed_zh="部署终端检测与响应系统",
        advice_to_individuals_zh="警惕冒充客服的电话",
        location="上海市浦东新区数据中心",
        harm_so_far="会员系统停止服务，会员数据可能被复制。",
        measures_effect="系统已从备份恢复。",
        ransom_amount="约五十万元等值的虚拟货币",
        ransom_payment_method="虚拟货币",
        likely_trend="数据可能在暗网出售。",
        preliminary_cause="远程桌面服务口令被暴力破解。",
        tracing_leads="攻击来源地址 203.0.113.7。",
        support_requested="请求协助追踪境外来源。",
        scene_preservation="已对服务器磁盘制作镜像并计算哈希值。",
    )
    return incident


@pytest.fixture
def leak(shanghai: LegalEntity, personas: dict[str, Any], now: datetime) -> Incident:
    """1.25 million members in China: the CAC report is owed within 4 hours."""
    return _ransomware(personas, now, 1_250_000, description_zh=ACCOUNT_ZH)


def _known(incident: Incident, personas: dict[str, Any]) -> list[str]:
    """Names, references and codes a Chinese report may print in Latin script."""
    users = [p.get_username() for p in personas.values()]
    entities = [e.legal_name for e in LegalEntity.objects.all()]
    return [incident.reference, *users, *entities]


@pytest.mark.parametrize("kind", ["pipl-art57", "cac-report"])
def test_a_chinese_report_has_no_latin_prose(
    kind, leak, generate, personas, tmp_path: Path
) -> None:
    text = pdf_plain_text(stored_pdf(generate(kind, incident=leak)), tmp_path)
    assert "上海门店会员系统" in text  # pdftotext reads the Chinese, so the check means something
    assert latin_words(text, _known(leak, personas)) == []


def test_the_check_catches_an_english_sentence(tmp_path: Path) -> None:
    import dataclasses

    report = dataclasses.replace(
        sample_pipl_art57(), cause="The storage bucket was left public by mistake."
    )
    text = pdf_plain_text(render_pdf(report), tmp_path)
    found = latin_words(text, ["INC-2025-0207", "member-export", "privacy@yunzhan.example.cn"])
    assert {"The", "storage", "bucket", "public", "mistake"} <= set(found)


@pytest.mark.parametrize("kind", ["pipl-art57", "cac-report"])
def test_the_chinese_account_is_printed_and_missing_until_given(
    kind, shanghai, personas, now, generate
) -> None:
    with_account = _ransomware(personas, now, 1_250_000, description_zh=ACCOUNT_ZH)
    assert ACCOUNT_ZH in document_text(generate(kind, incident=with_account))
    assert "事件经过（中文）" not in generate(kind, incident=with_account).gaps
    without = _ransomware(personas, now, 1_250_000)
    document = generate(kind, incident=without)
    assert any("事件经过（中文）" in gap for gap in document.gaps)
    assert "Ransomware encrypted" not in document_text(document)


def test_officer_and_authority_are_the_chinese_entitys(leak, generate) -> None:
    for kind in ("pipl-art57", "cac-report"):
        text = document_text(generate(kind, incident=leak))
        assert re.search(f"{OFFICER}(报告人)?职务个人信息保护负责人", text), kind
        assert "DanaWeber" not in text, kind  # the Irish controller's DPO
        assert "the provincial" not in text and "departments with" not in text, kind
    assert "向属地省级网信部门报告" in document_text(generate("cac-report", incident=leak))
    pipl = document_text(generate("pipl-art57", incident=leak))
    assert "向履行个人信息保护职责的部门报告" in pipl


def test_a_cac_report_not_owed_says_so_as_the_room_does(
    shanghai, personas, now, generate, client
) -> None:
    small = _ransomware(personas, now, 5_000, description_zh=ACCOUNT_ZH)
    row = small.obligations.get(rule_id="CAC-4H", entity=shanghai)
    assert row.status == "not_required" and row.due_at is not None
    assert report_kind_duties(incident=small, now=now)["cac-report"] == "not-required"
    client.force_login(personas["dpo"])
    room = client.get(f"/incidents/{small.reference}/", HTTP_ACCEPT_LANGUAGE="en").content
    assert "CAC cybersecurity incident report (Chinese) — not required for this incident" in (
        room.decode()
    )
    text = document_text(generate("cac-report", incident=small))
    assert "报告义务无须报告" in text
    assert "未达到较大网络安全事件标准" in text
    assert "报告时限不适用" in text
    assert "4小时" not in text and "最迟" not in text


def test_a_cac_report_owed_gives_the_deadline_of_the_room(leak, generate, now) -> None:
    row = leak.obligations.get(rule_id="CAC-4H", entity__country="CN")
    assert row.status == "pending"
    assert report_kind_duties(incident=leak, now=now) == {
        "pipl-art57": "required",
        "cac-report": "required",
    }
    text = document_text(generate("cac-report", incident=leak))
    local = row.due_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    expected = f"{local.year}年{local.month}月{local.day}日{local:%H:%M}（北京时间）"
    assert f"报告时限{expected}" in text
    assert "报告义务须报告" in text


def test_a_chinese_report_for_a_company_outside_china_is_refused(leak, api_client_for) -> None:
    irish = LegalEntity.objects.get(country="IE")
    response = api_client_for("dpo").post(
        "/api/v1/reports/",
        {"kind": "pipl-art57", "incident": leak.pk, "entity": irish.pk},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"entity"}
    assert "Chinese company" in response.json()["entity"][0]


def test_a_pipl_report_without_a_pipl_duty_says_there_is_none(
    organisation, personas, now, generate
) -> None:
    irish = LegalEntity.objects.get(country="IE")
    incident = incident_create_for_test(
        actor=personas["security"],
        now=now,
        description_zh=ACCOUNT_ZH,
        affected_subjects=[{"country": "IE", "count": 40}],
        entities=[irish],
    )
    assert not incident.obligations.filter(regime="PIPL").exists()
    assert report_kind_duties(incident=incident, now=now)["pipl-art57"] == "none"
    text = document_text(generate("pipl-art57", incident=incident))
    assert "本事件未产生《中华人民共和国个人信息保护法》第五十七条规定的报告义务" in text
    assert "报告义务无此项义务" in text
    assert "DanaWeber" not in text and "DataProtectionCommission" not in text
