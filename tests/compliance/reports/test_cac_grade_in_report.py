"""The CAC report states the grade the facts give, and why, instead of asking for it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.compliance.reports.conftest import document_text
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def leak(organisation: Any, personas: dict[str, Any], now: datetime) -> Any:
    """A leak of 1.2 million people's data in China, breach types not yet recorded."""
    return incident_create_for_test(
        actor=personas["security"],
        now=now,
        title="会员数据泄露",
        detected_at=now - timedelta(hours=2),
        aware_at=now - timedelta(hours=1),
        affected_subjects=[{"country": "CN", "count": 1_200_000}],
        data_categories=["contact", "identification"],
        risk_level="high",
    )


def test_a_leak_of_1_2_million_people_is_graded_relatively_major_with_its_basis(
    leak, generate
) -> None:
    text = document_text(generate("cac-report", incident=leak))
    assert "事件分级较大" in text
    assert "未分级" not in text
    assert "个人信息泄露涉及1,200,000人，达到较大事件标准（100万/1000万/1亿人，含本数）" in text
    cac = leak.obligations.get(rule_id="CAC-4H")
    assert cac.status != "not_required"
    assert "1,200,000 people whose personal information was affected in China reach" in (
        cac.explanation
    )


def test_an_economic_loss_can_grade_higher_than_the_people_count(leak, generate) -> None:
    leak.cac_direct_loss_cny = 60_000_000
    leak.save(update_fields=["cac_direct_loss_cny"])
    text = document_text(generate("cac-report", incident=leak))
    assert "事件分级重大" in text
    assert "直接经济损失60,000,000元，达到重大事件标准" in text


def test_a_dpo_grade_with_a_reason_replaces_the_derived_one(leak, generate) -> None:
    leak.cac_grade = "especially_major"
    leak.cac_grade_reason = "关键数据被窃取"
    leak.save(update_fields=["cac_grade", "cac_grade_reason"])
    text = document_text(generate("cac-report", incident=leak))
    assert "事件分级特别重大" in text
    assert "人工定级为特别重大：关键数据被窃取" in text
