"""The incident room in Chinese: the risk reasoning, the ENISA options, the Omnibus projection
and the audit trail's changed fields read in the reader's language; the API keeps English."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from compliance.services.assessments import assessment_record
from compliance.services.submissions import submission_record
from incidents.models import AuditEvent, UserPreference
from incidents.services import incident_update
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


def _room(client_for: Any, personas: Any, language: str, **inputs: Any) -> tuple[Any, str]:
    now = timezone.now()
    incident = incident_create_for_test(
        actor=personas["security"],
        now=now,
        title="Original",
        detected_at=now - timedelta(hours=5),
        aware_at=now - timedelta(hours=4),
    )
    assessment_record(
        actor=personas["dpo"],
        incident=incident,
        inputs={
            "data_categories": ["health", "contact"],
            "ease_of_identification": 1.0,
            "confidentiality": 0.5,
            "malicious": True,
            **inputs,
        },
        now=now,
    )
    incident_update(
        actor=personas["dpo"],
        incident=incident,
        data={"title": "Renamed", "discovered_by": "press", "contained_at": now},
        now=now,
    )
    UserPreference.objects.create(user=personas["dpo"], language=language, time_zone="UTC")
    try:
        body = client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode()
    finally:
        translation.activate("en")
    return incident, body


def _section(body: str, ident: str) -> str:
    return body.split(f'id="{ident}"', 1)[1].split("</section>", 1)[0]


def test_the_tier_reasoning_reads_in_chinese(client_for, personas, organisation) -> None:
    _incident, body = _room(client_for, personas, "zh-hans")
    risk = _section(body, "risk")
    assert "ENISA 严重程度 SE = DPC × EI + CB = 4 × 1 + 1 = 5：严重程度为极高" in risk
    assert "决定因素：数据类型：健康数据（DPC 4）；可识别程度：最高（EI 1）" in risk
    assert "提高风险的事实：特殊类别数据（GDPR 第 9 条）；出于恶意而非意外" in risk
    assert "规模：100 人，100 条记录。第 33 条第 1 款：须向监管机构通报。" in risk
    assert "Decided by" not in risk and "Facts raising" not in risk and "Art." not in risk


def test_the_enisa_options_are_labelled_in_chinese(client_for, personas, organisation) -> None:
    _incident, body = _room(client_for, personas, "zh-hant")
    risk = _section(body, "risk")
    assert "0.25 · 可忽略" in risk and "0.5 · 未知接收方" in risk
    assert "negligible" not in risk and "unknown recipients" not in risk


def test_the_omnibus_projection_reads_in_chinese(client_for, personas, organisation) -> None:
    _incident, body = _room(client_for, personas, "zh-hans")
    projection = body.split('class="projection"', 1)[1].split("</aside>", 1)[0]
    assert "欧盟《数字综合法案》提案（COM(2025) 837），尚未成为法律" in projection
    assert "GDPR 第 33 条第 1 款（经《数字综合法案》（COM(2025) 837）修订）" in projection
    assert "96 小时内" in projection
    assert "这是预测，不是义务" in projection
    assert "无需通知。</p>" in projection and not re.search(r"\.</p>", projection)
    assert not re.search(r"\b(the|would|proposal|not yet law)\b", projection)


def test_the_audit_trail_names_changed_fields_in_chinese(client_for, personas, organisation):
    _incident, body = _room(client_for, personas, "zh-hans")
    trail = _section(body, "timeline")
    assert "标题: Original → Renamed" in trail
    assert "发现者: — → 媒体" in trail
    # A time recorded as ISO 8601 text reads as the UTC time shown on hover elsewhere.
    assert re.search(r"<li>[^<]*: [^<]*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</li>", trail)
    assert "discovered_by" not in trail and "press" not in trail and "title:" not in trail


def test_english_and_the_api_keep_the_engines_english(client_for, personas, organisation):
    incident, body = _room(client_for, personas, "en")
    assert "Decided by: data types: health data (DPC 4)" in body
    assert "Title: Original → Renamed" in body
    api = client_for("dpo").get(f"/api/v1/incidents/{incident.reference}/assessments/")
    assert api.status_code in (200, 404)
    if api.status_code == 200:
        assert "Decided by:" in api.content.decode()


def test_report_actions_are_named_in_chinese() -> None:
    from incidents.templatetags.breachdesk import action_label

    with translation.override("zh-hans"):
        assert action_label("report.generated") == "生成了报告"
        assert action_label("report.requested") == "请求生成报告"


def test_a_notice_sent_and_an_assessment_read_in_the_readers_language(
    client_for, personas, organisation
) -> None:
    """The trail records one form whatever the writer reads; the room words it anew."""
    incident, _body = _room(client_for, personas, "en")
    obligation = incident.obligations.filter(applies=True).order_by("pk").first()
    sent = obligation.clock_start + timedelta(hours=1)
    translation.activate("zh-hans")  # the DPO who records it reads Chinese
    try:
        submission_record(
            actor=personas["dpo"],
            obligation=obligation,
            phase="initial",
            submitted_at=sent,
            channel="Letter",
            now=timezone.now(),
        )
    finally:
        translation.activate("en")
    recorded = AuditEvent.objects.get(object_type="compliance.Submission")
    assert recorded.object_repr == f"Initial {sent:%Y-%m-%d %H:%M} via Letter"
    english = _section(
        client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode(), "timeline"
    )
    assert f"Initial notice sent {sent:%Y-%m-%d %H:%M} via Letter" in english
    assert re.search(r"result: High risk \(ENISA band very high, score [0-9.]+\)", english)
    UserPreference.objects.filter(user=personas["dpo"]).update(language="zh-hans")
    try:
        chinese = _section(
            client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode(),
            "timeline",
        )
    finally:
        translation.activate("en")
    assert f"初次报告：{sent:%Y-%m-%d %H:%M} 通过Letter发送" in chinese
    assert re.search(r"结果：高风险（ENISA 等级：极高，得分 [0-9.]+）", chinese)
    assert "via Letter" not in chinese and "Initial" not in chinese
