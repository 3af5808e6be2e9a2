"""/register/ as a DPO would print it: words not codes, grouped numbers, a row per regime
decision with the authority's reference, the reasoning folded, styled filters, the menu item lit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.services import submission_record
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>')


@pytest.fixture
def page(organisation: Any, personas: dict[str, Any], client: Any) -> str:
    """A UK and EU breach of a million and a quarter people, the authority's notice recorded."""
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Card data exposed",
        affected_subjects=[
            {"country": "DE", "count": 1_000_000},
            {"country": "GB", "count": 250_000},
        ],
        data_categories=["payment_card", "national_id"],
        breach_types=["confidentiality"],
        records_count=1_250_000,
        risk_level="high",
    )
    submission_record(
        actor=personas["dpo"],
        obligation=incident.obligations.get(rule_id="GDPR-SA"),
        phase="initial",
        submitted_at=NOW - timedelta(hours=1),
        channel="DPC web form",
        regulator_reference="BN-2026-118",
        now=NOW,
    )
    client.force_login(personas["dpo"])
    response = client.get("/register/")
    assert response.status_code == 200
    return response.content.decode()


def test_codes_are_shown_in_words_and_numbers_grouped(page: str) -> None:
    assert "1,250,000" in page and "1250000" not in page
    assert "Payment card data" in page or "Payment card" in page
    assert "payment_card" not in page and "national_id" not in page
    assert "Confidentiality" in page
    assert "High risk" in page
    assert "Risk recorded as a high risk" in page and "'high'" not in page


def test_each_regime_decision_has_its_own_row(page: str) -> None:
    table = page.split('class="table register-decisions"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]+)</th>", table)
    assert len(rows) >= 2 and {"EU GDPR", "UK GDPR"} <= set(rows) | {r.strip() for r in rows}
    assert "BN-2026-118" in table
    assert "2026-11-24 08:00" in table  # notified at, UTC


def test_the_reasoning_is_folded_one_sentence_per_line(page: str) -> None:
    folded = page.split('<details class="register-reasoning">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Reasoning</summary>" in folded
    assert folded.count("<li>") >= 3


def test_the_filters_use_the_filter_bar_and_the_menu_item_is_lit(page: str) -> None:
    assert '<form method="get" class="filters"' in page
    assert 'class="btn btn-small">Apply</button>' in page
    assert CURRENT.findall(page) == [("/register/", "Register")]


@pytest.mark.parametrize(
    ("persona", "url", "item"),
    [("dpo", "/", "Dashboard"), ("executive", "/", "Dashboard"), ("dpo", "/trends/", "Trends")],
)
def test_the_menu_lights_the_page_in_view(
    client: Any, personas: dict[str, Any], persona: str, url: str, item: str
) -> None:
    client.force_login(personas[persona])
    assert [name for _href, name in CURRENT.findall(client.get(url).content.decode())] == [item]


def test_the_notifications_link_is_lit_on_the_inbox(client: Any, personas: dict[str, Any]) -> None:
    client.force_login(personas["dpo"])
    body = client.get("/notifications/").content.decode()
    assert 'href="/notifications/" aria-current="page"' in body


@pytest.fixture
def assessed(organisation: Any, personas: dict[str, Any]) -> Any:
    """A malicious breach of card data, assessed with ENISA, the authority notified late."""
    from compliance.services import assessment_record

    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Card data exposed",
        affected_subjects=[{"country": "DE", "count": 40_000}],
        data_categories=["payment_card"],
        breach_types=["confidentiality"],
        malicious=True,
    )
    assessment_record(
        actor=personas["dpo"],
        incident=incident,
        inputs={"ease_of_identification": 1.0, "confidentiality": 0.5},
        now=NOW,
    )
    submission_record(
        actor=personas["dpo"],
        obligation=incident.obligations.get(rule_id="GDPR-SA"),
        phase="initial",
        submitted_at=NOW + timedelta(days=4),
        channel="DPC web form",
        regulator_reference="BN-2026-119",
        delay_reasons="The forensic report came late.",
        now=NOW + timedelta(days=4),
    )
    return incident


def _reasoning(page: str) -> str:
    return page.split('<details class="register-reasoning">', 1)[1].split("</details>", 1)[0]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "zh-hans",
            ["风险评估结论", "须向监管机构通报", "有人出于恶意获取了可读的数据", "晚于期限"],
        ),
        (
            "zh-hant",
            ["風險評估結論", "須向監管機構通報", "有人出於惡意獲取了可讀的資料", "晚於期限"],
        ),
    ],
)
def test_the_reasoning_is_in_the_readers_language(
    assessed: Any, personas: dict[str, Any], client: Any, language: str, words: list[str]
) -> None:
    from incidents.models import UserPreference

    UserPreference.objects.create(user=personas["dpo"], language=language)
    client.force_login(personas["dpo"])
    reasoning = _reasoning(client.get("/register/").content.decode())
    for word in words:
        assert word in reasoning
    for english in (
        "Risk assessed",
        "notifying the supervisory authority",
        "notified",
        "ENISA severity score is",
    ):
        assert english not in reasoning
    assert "BN-2026-119" in reasoning  # the authority's own reference, as given


def test_the_exported_reasoning_stays_english(assessed: Any) -> None:
    from django.utils import translation

    from compliance.register import RegisterFilters, register_entry, register_incidents

    with translation.override("zh-hans"):
        (incident,) = register_incidents(filters=RegisterFilters())
        entry = register_entry(incident, now=NOW + timedelta(days=5))
    assert entry.reasoning.startswith("Risk assessed as a high risk to people's rights")
    assert "notified 2026-11-28 09:00 UTC, reference BN-2026-119, after the deadline." in (
        entry.reasoning
    )
    assert entry.reasoning_lines[0].startswith("风险评估结论")


def test_within_a_regime_the_authoritys_notice_comes_before_the_peoples(
    organisation: Any, personas: dict[str, Any]
) -> None:
    """Art. 33 (the authority) is listed before Art. 34 (the people), as the GDPR orders them."""
    from compliance.register import RegisterFilters, register_entry, register_incidents

    incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        affected_subjects=[{"country": "DE", "count": 5_000}],
        risk_level="high",
    )
    (incident,) = register_incidents(filters=RegisterFilters())
    entry = register_entry(incident, now=NOW)
    gdpr = [d.rule_id for d in entry.decisions if d.regime == "GDPR"]
    assert gdpr.index("GDPR-SA") < gdpr.index("GDPR-DS")
