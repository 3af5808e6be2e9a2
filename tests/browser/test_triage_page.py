"""The triage page in a real browser: a storm's alerts, acknowledge, dismiss, promote; in Chinese too.

Set BREACHDESK_SHOTS to a folder to keep screenshots of each step.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from incidents.models import UserPreference
from intake.mapping import AlertInput
from intake.models import Alert, AlertStatus
from intake.services import alert_source_create, alerts_receive

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("BREACHDESK_SHOTS", "")


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _seed(people: dict[str, Any]) -> None:
    now = timezone.now()
    siem, _ = alert_source_create(actor=people["admin"], name="siem-eu", now=now)
    signals = [
        ("exfil-db-07", "Outbound transfer of 4 GB from the customer database", "critical", 50),
        ("login-burst", "Failed sign-ins from 300 addresses on the customer portal", "high", 35),
        ("backup-egress", "Nightly backup traffic to the disaster-recovery site", "low", 20),
    ]
    for fingerprint, title, severity, minutes in signals:
        for repeat in range(3 if fingerprint == "exfil-db-07" else 1):
            alerts_receive(
                source=siem,
                alerts=[
                    AlertInput(
                        fingerprint=fingerprint,
                        title=title,
                        severity=severity,
                        observed_at=now - timedelta(minutes=minutes - repeat),
                    )
                ],
                now=now,
            )


def test_the_security_team_triages_in_english(sign_in, people) -> None:
    _seed(people)
    page = sign_in("security")
    page.get_by_role("link", name="Triage").click()
    assert page.get_by_role("heading", name="Triage").is_visible()
    row = page.locator("tr", has_text="Outbound transfer of 4 GB")
    assert (
        row.get_by_text("Critical").is_visible() and row.get_by_text("3", exact=True).is_visible()
    )
    _shot(page, "triage-en")
    backup = page.locator("tr", has_text="Nightly backup")
    backup.get_by_text("Dismiss").first.click()
    backup.get_by_label("Reason").fill("Scheduled disaster-recovery copy")
    backup.get_by_role("button", name="Dismiss").click()
    assert page.get_by_text("Alert dismissed.").is_visible()
    page.locator("tr", has_text="Outbound transfer").get_by_role("checkbox").check()
    page.locator("tr", has_text="Failed sign-ins").get_by_role("checkbox").check()
    page.get_by_role("button", name="Open an incident from the selected alerts").click()
    page.wait_for_url("**/incidents/BD-*/")
    assert page.get_by_text("awareness not confirmed yet").is_visible()
    _shot(page, "room-signals-en")
    statuses = dict(Alert.objects.values_list("fingerprint", "status"))
    assert statuses == {
        "exfil-db-07": AlertStatus.PROMOTED,
        "login-burst": AlertStatus.PROMOTED,
        "backup-egress": AlertStatus.DISMISSED,
    }


def test_the_triage_page_reads_in_chinese(sign_in, people) -> None:
    _seed(people)
    UserPreference.objects.create(user=people["dpo"], language="zh-hans", time_zone="Asia/Shanghai")
    page = sign_in("dpo")
    page.goto("/triage/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="分诊").is_visible()
    text = page.locator("main").inner_text()
    for english in ("Acknowledge", "Dismiss", "First seen", "Critical", "No alerts here"):
        assert english not in text
    assert "将所选告警立为事件" in text and "严重" in text
    _shot(page, "triage-zh-hans")
