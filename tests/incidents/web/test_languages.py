"""Three languages on every page: the header's switcher, the browser's choice, stored content.

English, 简体中文 and 繁體中文; pages in Chinese show the shipped content (teams, task titles,
drill scenarios, the engine's citations and explanations) in the reader's script.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from incidents.models import AuditEvent, UserPreference
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
SWITCH = "/language/"


def html_lang(body: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', body)
    assert match
    return match.group(1)


def test_the_sign_in_page_offers_each_language_in_its_own_name_and_script() -> None:
    body = Client().get(LOGIN).content.decode()
    switcher = body[body.index('class="lang-switch"') :]
    switcher = switcher[: switcher.index("</form>")]
    assert 'lang="en"' in switcher and ">English</button>" in switcher
    assert 'lang="zh-Hans"' in switcher and ">简体中文</button>" in switcher
    assert 'lang="zh-Hant"' in switcher and ">繁體中文</button>" in switcher
    assert 'value="en" class="linklike" lang="en" aria-current="true"' in switcher
    assert 'method="post"' in switcher and "csrfmiddlewaretoken" in switcher


def test_an_anonymous_reader_switches_to_traditional_chinese() -> None:
    client = Client()
    response = client.post(SWITCH, {"language": "zh-hant", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    body = client.get(LOGIN).content.decode()
    assert html_lang(body) == "zh-hant"
    assert "登入" in body and "登录" not in body
    assert ">English</button>" in body  # each language keeps its own name
    assert 'value="zh-hant" class="linklike" lang="zh-Hant" aria-current="true"' in body


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("zh-TW,zh;q=0.9", "zh-hant"),
        ("zh-HK", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("zh-Hant-TW", "zh-hant"),
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("zh", "zh-hans"),
        ("fr-FR,en;q=0.5", "en"),
    ],
)
def test_the_browser_language_picks_the_script(accept: str, language: str) -> None:
    body = Client(HTTP_ACCEPT_LANGUAGE=accept).get(LOGIN).content.decode()
    assert html_lang(body) == language


def test_a_signed_in_person_switches_and_the_choice_is_kept(
    client_for: Any, personas: dict[str, Any], organisation: Any
) -> None:
    client = client_for("dpo")
    assert "Dashboard" in client.get("/").content.decode()
    response = client.post(SWITCH, {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    preference = UserPreference.objects.get(user=personas["dpo"])
    assert preference.language == "zh-hant"
    assert AuditEvent.objects.filter(object_type="incidents.UserPreference").exists()
    body = client.get("/").content.decode()
    assert html_lang(body) == "zh-hant" and "儀表板" in body and "仪表板" not in body
    # A new session of the same person (no cookie) still reads Traditional Chinese.
    fresh = client_for("dpo")
    assert "儀表板" in fresh.get("/").content.decode()
    client.post(SWITCH, {"language": "zh-hans", "next": "/"})
    assert "仪表板" in client.get("/").content.decode()


def test_the_switcher_refuses_other_sites_and_unknown_languages(client_for: Any) -> None:
    client = Client()
    response = client.post(SWITCH, {"language": "zh-hant", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = client.post(SWITCH, {"language": "xx", "next": LOGIN})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get(SWITCH).status_code == 405


@pytest.fixture
def china_incident(personas: dict[str, Any], organisation: Any) -> Any:
    """A drill-free incident in China and Germany: PIPL, CAC and GDPR obligations and tasks."""
    now = timezone.now()
    return incident_create_for_test(
        actor=personas["security"],
        now=now,
        detected_at=now - timedelta(hours=2),
        aware_at=now - timedelta(hours=1),
        affected_subjects=[{"country": "CN", "count": 1_500_000}, {"country": "DE", "count": 20}],
    )


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "en",
            [
                "PIPL Art. 57",
                "immediately",
                "It applies because",
                "IT/Security",
                "Preserve evidence: forensic image and logs",
            ],
            ["不得无故拖延"],
        ),
        (
            "zh-hans",
            [
                "《个人信息保护法》第五十七条",
                "立即 · 目标",
                "适用原因",
                "IT/安全",
                "保全证据：取证镜像和日志",
                "《国家网络安全事件报告管理办法》第四条",
            ],
            ["It applies because", "PIPL Art. 57", "No data"],
        ),
        (
            "zh-hant",
            [
                "《個人信息保護法》第五十七條",
                "立即",
                "適用原因",
                "IT/安全",
                "保全證據：取證映象和日誌",
                "《國家網絡安全事件報告管理辦法》第四條",
            ],
            ["It applies because", "PIPL Art. 57", "个人信息"],
        ),
    ],
)
def test_the_incident_room_shows_stored_content_in_each_language(
    client_for: Any, china_incident: Any, language: str, expected: list[str], absent: list[str]
) -> None:
    client = client_for("dpo")
    client.post(SWITCH, {"language": language, "next": "/"})
    body = client.get(f"/incidents/{china_incident.reference}/").content.decode()
    for text in expected:
        assert text in body, text
    for text in absent:
        assert text not in body, text


def test_a_drill_scenario_in_traditional_chinese(client_for: Any, organisation: Any) -> None:
    client = client_for("dpo")
    client.post(SWITCH, {"language": "zh-hant", "next": "/"})
    body = client.get("/drills/").content.decode()
    assert "檔案伺服器遭勒索軟體攻擊" in body
    assert "Ransomware on a file server" not in body


def test_a_default_task_reads_in_traditional_chinese(client_for: Any, china_incident: Any) -> None:
    task = china_incident.tasks.get(title="Preserve evidence: forensic image and logs")
    client = client_for("dpo")
    client.post(SWITCH, {"language": "zh-hant", "next": "/"})
    body = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "保全證據：取證映象和日誌" in body
    assert "保持證據保管鏈" in body
    assert "IT/安全" in body
