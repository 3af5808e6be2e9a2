"""Demo mode's pages: sign-ins on the sign-in page, the first-run page and the outbox."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.mail import send_mail
from django.test import Client

from incidents.demo_situations import SITUATIONS
from incidents.demo_story import demo_story_seed
from incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mode(settings: Any) -> Any:
    settings.BREACHDESK = {**settings.BREACHDESK, "DEMO": True}
    return settings


def test_the_sign_in_page_lists_the_demo_users_in_demo_mode_only(client, settings) -> None:
    assert "breachdesk-dpo" not in client.get("/accounts/login/").content.decode()
    settings.BREACHDESK = {**settings.BREACHDESK, "DEMO": True}
    page = client.get("/accounts/login/").content.decode()
    for username in ("security", "dpo", "legal", "pr", "executive", "admin"):
        assert f"<code>breachdesk-{username}</code>" in page
    assert 'href="/welcome/"' in page


def test_the_demo_sign_ins_name_each_role_in_the_readers_language(client, demo_mode) -> None:
    english = client.get("/accounts/login/").content.decode()
    assert "<td>Data protection officer</td>" in english and "<td>dpo</td>" not in english
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<td>数据保护官</td>" in chinese and "<td>Data protection officer</td>" not in chinese


@pytest.mark.parametrize("path", ["/welcome/", "/outbox/"])
def test_the_demo_pages_are_absent_outside_demo_mode(path: str, personas) -> None:
    client = Client()
    client.force_login(personas["dpo"])
    assert client.get(path).status_code == 404


def test_the_welcome_page_links_each_situation_to_its_incident(client, demo_mode) -> None:
    demo_story_seed(now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    page = client.get("/welcome/").content.decode()
    for title in SITUATIONS:
        reference = Incident.objects.get(title=title).reference
        assert f'href="/incidents/{reference}/"' in page
    assert 'href="/incidents/DRILL-2026-0001/"' in page
    assert "Due soon" in page and "Not notifiable" in page


def test_the_outbox_shows_the_mail_written_to_the_mail_folder(
    demo_mode, personas, tmp_path
) -> None:
    demo_mode.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    demo_mode.EMAIL_FILE_PATH = str(tmp_path / "mail")
    send_mail("BD-2026-0001: notice due in 4 hours", "Open the room.", None, ["dpo@example.org"])
    send_mail("BD-2026-0002: <script>overdue</script>", "Late.", None, ["legal@example.org"])
    client = Client()
    assert client.get("/outbox/").status_code == 302  # signed-in people only
    client.force_login(personas["executive"])
    page = client.get("/outbox/").content.decode()
    assert "BD-2026-0001: notice due in 4 hours" in page
    assert "dpo@example.org" in page and "Open the room." in page
    assert "&lt;script&gt;overdue&lt;/script&gt;" in page
    # Newest first.
    assert page.index("BD-2026-0002") < page.index("BD-2026-0001")
