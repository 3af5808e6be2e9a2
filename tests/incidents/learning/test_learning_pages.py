"""Web pages: the review of an incident, drills (start, watch, end) and the trends charts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from incidents.learning.models import CorrectiveAction, Drill, Review
from incidents.models import Incident, UserPreference
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_review_page_opens_edits_and_completes_a_review(personas, closed_incident) -> None:
    dpo = client_for(personas["dpo"])
    url = f"/incidents/{closed_incident.reference}/review/"
    page = dpo.get(url)
    assert page.status_code == 200
    assert b"Open the review" in page.content and b"<svg" in page.content
    assert b"19 h 40 min" in page.content  # time to detect, measured
    assert dpo.post(url, {"step": "open"}).status_code == 302
    findings = {
        "step": "findings",
        "root_cause": "cyber_attack",
        "went_wrong_decisions": "Slow decision.",
        "went_wrong_communication": "Late letter.",
        "went_wrong_response": "No on-call rights.",
        "went_well": "Evidence kept.",
    }
    dpo.post(url, findings)
    action = {
        "step": "action",
        "title": "Enforce MFA",
        "category": "access_control",
        "team": "it-security",
        "due_at": "2027-01-31",
    }
    dpo.post(url, action)
    dpo.post(url, {"step": "complete"})
    review = Review.objects.get(incident=closed_incident)
    assert (review.status, review.went_well) == ("completed", "Evidence kept.")
    assert (
        CorrectiveAction.objects.get(review=review).due_at.isoformat()
        == "2027-01-31T23:59:00+00:00"
    )
    assert b"Completed" in dpo.get(url).content


def test_a_refused_step_shows_why_and_writes_nothing(personas, closed_incident) -> None:
    dpo = client_for(personas["dpo"])
    url = f"/incidents/{closed_incident.reference}/review/"
    dpo.post(url, {"step": "open"})
    response = dpo.post(url, {"step": "complete"}, follow=True)
    assert b"went_well" in response.content
    assert Review.objects.get().status == "draft"


def test_pages_need_a_role(personas, closed_incident, client) -> None:
    outsider = client_for(personas["outsider"])
    for url in (f"/incidents/{closed_incident.reference}/review/", "/drills/", "/trends/"):
        assert outsider.get(url).status_code == 403
        assert client.get(url).status_code == 302  # to the sign-in page


def test_start_watch_and_end_a_drill_from_the_pages(personas, teams) -> None:
    security = client_for(personas["security"])
    form = {"scenario": "misdirected-email", "clock_mode": "accelerated", "speed_factor": "12"}
    started = security.post("/drills/", form)
    drill = Drill.objects.get()
    assert started["Location"] == f"/drills/{drill.pk}/"
    page = security.get(f"/drills/{drill.pk}/")
    assert page.status_code == 200
    for text in (
        b"EXERCISE",
        b"Drill time",
        b"\xc3\x9712",
        b"Steps per team",
        b"Preserve evidence",
    ):
        assert text in page.content, text
    # Legal may watch but not end it.
    assert client_for(personas["legal"]).post(f"/drills/{drill.pk}/", {"step": "end"})
    assert Drill.objects.get().is_running
    security.post(f"/drills/{drill.pk}/", {"step": "end"})
    assert not Drill.objects.get().is_running
    review_page = security.get(f"/incidents/{drill.incident.reference}/review/")
    assert b"Drill results" in review_page.content and b"Missed steps" in review_page.content


def test_trends_page_draws_charts_and_leaves_drills_out_unless_asked(
    personas, closed_incident, teams
) -> None:
    dpo = client_for(personas["dpo"])
    dpo.post(
        "/drills/", {"scenario": "insider-exfiltration", "clock_mode": "real", "speed_factor": "12"}
    )
    assert Incident.objects.filter(is_drill=True).count() == 1
    query = {"period_from": "2026-01-01", "period_to": timezone.now().date().isoformat()}
    page = dpo.get("/trends/", query).content.decode()
    assert page.count("<figure") == 5 and page.count("<svg") >= 3
    assert "1 incident first detected" in page and "drills left out" in page
    with_drills = dpo.get("/trends/", {**query, "include_drills": "on"}).content.decode()
    assert "2 incidents first detected" in with_drills and "drills included" in with_drills


def test_user_text_in_charts_is_escaped(personas, teams) -> None:
    from django.template.loader import render_to_string

    from incidents.learning.charts import Bar, horizontal_bars

    chart = horizontal_bars(title="<b>t</b>", bars=[Bar("<script>alert(1)</script>", 1, "x")])
    html = render_to_string("incidents/learning/_chart.html", {"chart": chart})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_dashboard_shows_the_trend_panel(personas, teams) -> None:
    incident_create_for_test(actor=personas["security"], now=timezone.now(), root_cause="insider")
    page = client_for(personas["dpo"]).get("/")
    assert b"Trends, last twelve months" in page.content and b"<svg" in page.content


def test_scenarios_are_edited_in_the_admin_and_reviews_only_shown(closed_incident, client) -> None:
    from django.contrib.auth import get_user_model

    from incidents.learning.models import DrillScenario

    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-2026!")
    client.force_login(root)
    scenario = DrillScenario.objects.get(key="lost-unencrypted-laptop")
    assert client.get(f"/admin/incidents/drillscenario/{scenario.pk}/change/").status_code == 200
    assert client.get(f"/admin/incidents/drillscenario/{scenario.pk}/delete/").status_code == 403
    review = Review.objects.create(incident=closed_incident)
    page = client.get(f"/admin/incidents/review/{review.pk}/change/")
    assert page.status_code == 200 and b"Save" not in page.content


NAV = re.compile(r'<nav id="primary-nav".*?</nav>', re.S)


@pytest.mark.parametrize("persona", ["security", "dpo", "legal", "pr", "executive", "admin"])
def test_the_main_navigation_links_drills_and_trends_for_every_role(personas, persona) -> None:
    page = client_for(personas[persona]).get("/trends/")
    nav = NAV.search(page.content.decode()).group(0)
    assert '<a href="/drills/">Drills</a>' in nav
    assert '<a href="/trends/" aria-current="page">Trends</a>' in nav


def test_without_a_role_there_is_no_navigation_to_drills_or_trends(personas) -> None:
    outsider = client_for(personas["outsider"])
    assert outsider.get("/trends/").status_code == 403
    assert b'href="/drills/"' not in outsider.get("/").content


@pytest.fixture
def language_restored() -> Any:
    """The UI middleware leaves the person's language active in the thread: restore it after."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.mark.usefixtures("language_restored")
def test_the_learning_pages_speak_chinese(personas, closed_incident) -> None:
    UserPreference.objects.create(user=personas["dpo"], language="zh-hans")
    dpo = client_for(personas["dpo"])
    review = dpo.get(f"/incidents/{closed_incident.reference}/review/").content.decode()
    nav = NAV.search(review).group(0)
    assert ">演练</a>" in nav and ">趋势</a>" in nav
    assert "实测时间线" in review and "发现用时" in review
    assert "19 小时 40 分钟" in review and "19 h 40 min" not in review
    # The notices' bars in the timeline chart name the legal basis as the catalogue writes it.
    chart = re.search(r"<svg class=\"chart-svg\".*?</svg>", review, re.S).group(0)
    assert "GDPR 第 33 条第 1 款" in chart and "GDPR Art. 33(1)" not in chart
    trends = dpo.get("/trends/").content.decode()
    assert "按根本原因统计的事件" in trends and "Incidents by root cause" not in trends
    assert "演练" in dpo.get("/drills/").content.decode()


def test_review_times_are_shown_in_the_readers_zone(personas, closed_incident) -> None:
    UserPreference.objects.create(user=personas["dpo"], time_zone="Asia/Shanghai")
    page = client_for(personas["dpo"]).get(f"/incidents/{closed_incident.reference}/review/")
    # The authority's deadline, 72 hours after awareness (09:15:30 UTC), in Shanghai time.
    assert "2026-03-06 17:15 CST" in page.content.decode()


def test_chart_labels_that_are_too_wide_are_shortened_counting_chinese_as_wide() -> None:
    from incidents.learning.charts import LABEL_CHAR, Bar, horizontal_bars, text_units

    assert text_units("MFA 认证") == 8
    long_label = "访问控制与多因素认证" * 3
    chart = horizontal_bars(title="t", bars=[Bar(long_label, 1, "未完成 1 项，逾期 0 项")])
    label, value = (text.text for text in chart.texts)
    assert label.endswith("…") and label.startswith("访问控制")
    assert text_units(label) * LABEL_CHAR <= chart.width * 0.35
    assert value == "未完成 1 项，逾期 0 项"
