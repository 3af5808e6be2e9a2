"""Main journeys in a real browser: intake → room, read-only executives, editing, conflicts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from incidents.models import Incident, UserPreference
from incidents.services import incident_update
from tests.browser.conftest import PHONE
from tests.factories import (
    incident_create_for_test,
    obligation_create_for_test,
    task_create_for_test,
)

pytestmark = pytest.mark.browser


def logged_incident(people: dict[str, Any], **data: Any) -> Incident:
    """An incident logged an hour ago by the security persona."""
    now = timezone.now()
    data.setdefault("detected_at", now - timedelta(hours=2))
    data.setdefault("aware_at", now - timedelta(hours=1))
    return incident_create_for_test(actor=people["security"], now=now, **data)


def test_security_logs_an_incident_and_finds_obligations_and_tasks(sign_in) -> None:
    page = sign_in("security")
    page.get_by_role("link", name="Log incident").first.click()
    page.get_by_label("Title").fill("Payroll export sent to the wrong supplier")
    page.locator("#id_detected_at").fill("2026-01-15T09:30")
    page.get_by_label("Times entered are in").select_option("Europe/Berlin")
    page.locator("#id_description").fill("A payroll CSV went to a supplier by mistake.")
    page.get_by_role("button", name="Log incident").click()
    page.wait_for_url("**/incidents/BD-2026-*/")
    assert page.get_by_text("Payroll export sent to the wrong supplier").first.is_visible()
    incident = Incident.objects.get()
    assert incident.detected_at.isoformat() == "2026-01-15T08:30:00+00:00"

    # The engine's GDPR Art. 33 notice, pinned five hours from its deadline so it reads urgent.
    obligation = obligation_create_for_test(
        incident=incident,
        rule_id="GDPR-SA",
        due_at=timezone.now() + timedelta(hours=5),
    )
    task_create_for_test(incident=incident, title="Ask the supplier to delete the file")
    page.reload()
    row = page.locator(f"#obligation-{obligation.pk}")
    assert "GDPR Art. 33(1)" in row.inner_text()
    countdown = row.locator(".countdown")
    first = countdown.inner_text()
    page.wait_for_timeout(1100)
    assert countdown.inner_text() != first  # it ticks every second
    assert "tone-urgent" in (countdown.get_attribute("class") or "")
    column = page.locator(".board-column", has=page.get_by_role("link", name="IT/Security"))
    assert "Ask the supplier to delete the file" in column.inner_text()


def test_the_form_explains_what_is_missing_next_to_the_field(sign_in) -> None:
    page = sign_in("security")
    page.goto("/incidents/new/")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Log incident").click()
    error = page.locator("#id_title_error")
    assert "This field is required." in error.inner_text()
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert not Incident.objects.exists()


def test_executives_see_no_edit_controls_and_are_refused_edit_urls(sign_in, people) -> None:
    incident = logged_incident(people)
    page = sign_in("executive")
    page.goto(f"/incidents/{incident.reference}/")
    main = page.locator("main")
    assert main.locator("form").count() == 0
    assert page.get_by_role("link", name="Edit facts").count() == 0
    assert page.get_by_role("link", name="Log incident").count() == 0
    assert page.goto("/incidents/new/").status == 403
    assert page.goto(f"/incidents/{incident.reference}/facts/").status == 403


def test_the_dpo_edits_facts(sign_in, people) -> None:
    incident = logged_incident(people, title="Draft title")
    page = sign_in("dpo")
    page.goto(f"/incidents/{incident.reference}/")
    page.get_by_role("link", name="Edit facts").click()
    page.get_by_label("Title").fill("Supplier received the payroll file")
    page.get_by_label("Severity").select_option("high")
    page.get_by_role("button", name="Save facts").click()
    page.wait_for_url(f"**/incidents/{incident.reference}/")
    assert page.get_by_text("Facts saved.").is_visible()
    incident.refresh_from_db()
    assert (incident.title, incident.severity, incident.version) == (
        "Supplier received the payroll file",
        "high",
        2,
    )


def test_a_stale_concurrent_edit_shows_the_conflict(sign_in, people) -> None:
    incident = logged_incident(people, description="As logged.")
    page = sign_in("dpo")
    page.goto(f"/incidents/{incident.reference}/facts/")
    incident_update(
        now=timezone.now(),
        actor=people["security"],
        incident=incident,
        data={"description": "Forensics found more."},
    )
    page.get_by_label("Title").fill("The DPO's wording")
    page.get_by_role("button", name="Save facts").click()
    alert = page.locator("#conflict")
    assert "Someone else saved changes while you were editing" in alert.inner_text()
    assert "Forensics found more." in alert.inner_text()
    assert page.get_by_label("Title").input_value() == "The DPO's wording"
    page.get_by_role("button", name="Save facts").click()
    page.wait_for_url(f"**/incidents/{incident.reference}/")
    incident.refresh_from_db()
    assert (incident.title, incident.description) == ("The DPO's wording", "Forensics found more.")


def test_pages_fit_a_phone_and_the_menu_collapses(sign_in, people) -> None:
    incident = logged_incident(people, title="Customer-service mailbox read by an attacker " * 2)
    obligation_create_for_test(incident=incident, due_at=timezone.now() + timedelta(hours=30))
    task_create_for_test(incident=incident, assignee=people["dpo"])
    page = sign_in("dpo", viewport=PHONE)
    nav = page.locator("#primary-nav")
    assert not nav.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert nav.is_visible()
    room = f"/incidents/{incident.reference}/"
    for url in (
        "/",
        "/board/",
        "/incidents/",
        "/incidents/new/",
        "/tasks/mine/",
        room,
        room + "facts/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url


def test_controls_are_labelled_and_the_skip_link_comes_first(sign_in, people) -> None:
    incident = logged_incident(people)
    page = sign_in("dpo")
    for url in (
        "/incidents/new/",
        f"/incidents/{incident.reference}/facts/",
        "/board/",
        "/settings/preferences/",
    ):
        page.goto(url)
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                .map(el => el.name)"""
        )
        assert unlabelled == [], url
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


def test_chinese_pages_for_a_person_who_chose_chinese(sign_in, people) -> None:
    UserPreference.objects.create(
        user=people["legal"], language="zh-hans", time_zone="Asia/Shanghai"
    )
    page = sign_in("legal")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="仪表板").is_visible()
