"""The review, drill and trends pages in a real browser: phone width, Chinese, navigation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from incidents.learning.drills import drill_start
from incidents.learning.models import DrillScenario
from incidents.learning.scenarios import drill_scenarios_ensure
from incidents.learning.services import corrective_action_create, review_create
from incidents.models import Team, UserPreference
from incidents.services import incident_transition
from tests.browser.conftest import PHONE
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.browser


@pytest.fixture
def learning_pages(people: dict[str, Any]) -> list[str]:
    """A closed incident with a review and an action, and a drill in progress: their pages."""
    dpo, now = people["dpo"], timezone.now()
    incident = incident_create_for_test(
        actor=people["security"],
        now=now,
        title="Customer database copied after a phishing e-mail to the service desk " * 2,
        detected_at=now - timedelta(days=3),
        aware_at=now - timedelta(days=2, hours=20),
    )
    incident = incident_transition(
        actor=dpo, incident=incident, status="closed", now=timezone.now()
    )
    review = review_create(actor=dpo, incident=incident, now=timezone.now())
    corrective_action_create(
        now=timezone.now(),
        actor=dpo,
        review=review,
        data={"title": "Enforce MFA on every service account", "team": Team.objects.first()},
    )
    drill_scenarios_ensure()
    scenario = DrillScenario.objects.get(key="public-cloud-bucket-eu-cn")
    drill = drill_start(
        actor=dpo, scenario=scenario, clock_mode="accelerated", speed_factor=12, now=timezone.now()
    )
    return [
        f"/incidents/{incident.reference}/review/",
        f"/drills/{drill.pk}/",
        "/drills/",
        "/trends/",
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_learning_pages_fit_a_phone(sign_in, people, learning_pages, language) -> None:
    UserPreference.objects.create(user=people["dpo"], language=language)
    page = sign_in("dpo", viewport=PHONE)
    for url in learning_pages:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url


def test_the_menu_leads_to_drills_and_trends_in_chinese(sign_in, people, learning_pages) -> None:
    UserPreference.objects.create(user=people["legal"], language="zh-hans")
    page = sign_in("legal", viewport=PHONE)
    page.get_by_role("button", name="菜单").click()
    page.locator("#primary-nav").get_by_role("link", name="趋势").click()
    page.wait_for_url("**/trends/")
    assert page.locator("h1").inner_text() == "趋势"
    page.get_by_role("button", name="菜单").click()
    page.locator("#primary-nav").get_by_role("link", name="演练").click()
    page.wait_for_url("**/drills/")
    assert page.locator("h1").inner_text() == "演练"
    # The dates of the trends filter stay ISO dates, which a date field can show.
    page.goto("/trends/")
    assert page.locator("input[name=period_from]").input_value() != ""
