"""Screenshots of the main pages at desktop and phone width, in English and Chinese.

Run on purpose (not part of the suite): pytest tests/browser/screenshots.py -p no:cacheprovider
The PNGs land in /tmp/bd-shots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.demo_deadlines import demo_deadlines

SHOTS = Path("/tmp/bd-shots")


@pytest.mark.browser
def test_screenshots(transactional_db: Any, open_browser: Any) -> None:
    from incidents.demo import demo_password, demo_seed
    from incidents.models import Incident, UserPreference

    now = timezone.now()
    users = demo_seed(now=now)["users"]
    demo_deadlines(users=users, now=now)
    room = Incident.objects.filter(incident_type="phishing").values_list("reference", flat=True)[0]
    pages = {
        "dashboard": "/",
        "board": "/board/",
        "room": f"/incidents/{room}/",
        "intake": "/incidents/new/",
        "facts": f"/incidents/{room}/facts/",
        "tasks": "/tasks/mine/",
        "task": f"/tasks/{Incident.objects.get(reference=room).tasks.order_by('pk')[0].pk}/",
        "playbooks": "/settings/playbooks/",
    }
    SHOTS.mkdir(exist_ok=True)
    for language in ("en", "zh-hans"):
        UserPreference.objects.update_or_create(
            user=users["dpo"], defaults={"language": language, "time_zone": "Europe/Dublin"}
        )
        for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = open_browser(viewport=viewport)
            page.goto("/accounts/login/")
            page.fill("#id_username", "dpo")
            page.fill("#id_password", demo_password("dpo"))
            page.click("main button[type=submit]")
            page.wait_for_url("**/")
            for name, url in pages.items():
                page.goto(url)
                page.screenshot(path=SHOTS / f"{name}-{width_name}-{language}.png", full_page=True)
            page.context.close()


@pytest.mark.browser
def test_learning_screenshots(transactional_db: Any, open_browser: Any) -> None:
    """The review, a drill in progress, the drills list and the trends, as the DPO sees them."""
    from incidents.demo import demo_password
    from incidents.learning.demo import learning_demo_seed
    from incidents.learning.models import Drill, Review
    from incidents.models import UserPreference

    learning_demo_seed(now=timezone.now())
    review = Review.objects.filter(status="completed").select_related("incident").get()
    running = Drill.objects.filter(ended_at__isnull=True).get()
    ended = Drill.objects.filter(ended_at__isnull=False).select_related("incident").get()
    pages = {
        "review": f"/incidents/{review.incident.reference}/review/",
        "drill-running": f"/drills/{running.pk}/",
        "drill-review": f"/incidents/{ended.incident.reference}/review/",
        "drills": "/drills/",
        "trends": "/trends/",
    }
    SHOTS.mkdir(exist_ok=True)
    dpo = review.completed_by
    for language in ("en", "zh-hans"):
        UserPreference.objects.update_or_create(
            user=dpo, defaults={"language": language, "time_zone": "Europe/Dublin"}
        )
        for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = open_browser(viewport=viewport)
            page.goto("/accounts/login/")
            page.fill("#id_username", dpo.get_username())
            page.fill("#id_password", demo_password(dpo.get_username()))
            page.click("main button[type=submit]")
            page.wait_for_url("**/")
            for name, url in pages.items():
                page.goto(url)
                page.screenshot(path=SHOTS / f"{name}-{width_name}-{language}.png", full_page=True)
            page.context.close()


@pytest.mark.browser
def test_coverage_screenshots(transactional_db: Any, open_browser: Any) -> None:
    """The coverage page and a room with the Omnibus projection, at desktop width, en and zh."""
    from compliance.models import Obligation
    from incidents.demo import demo_password, demo_seed
    from incidents.models import UserPreference

    users = demo_seed(now=timezone.now())["users"]
    projected = Obligation.objects.filter(projection__isnull=False).select_related("incident")
    # A room whose projection has a due time, if the demo has one (a high-risk breach).
    room = max(projected, key=lambda o: bool(o.projection.get("due_at"))).incident
    pages = {"coverage": "/coverage/", "room-projection": f"/incidents/{room.reference}/"}
    SHOTS.mkdir(exist_ok=True)
    for language in ("en", "zh-hans"):
        UserPreference.objects.update_or_create(
            user=users["dpo"], defaults={"language": language, "time_zone": "Europe/Dublin"}
        )
        page = open_browser(viewport=DESKTOP)
        page.goto("/accounts/login/")
        page.fill("#id_username", "dpo")
        page.fill("#id_password", demo_password("dpo"))
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        for name, url in pages.items():
            page.goto(url)
            page.screenshot(path=SHOTS / f"{name}-desktop-{language}.png", full_page=True)


def test_finished_pages_screenshots(transactional_db: Any, open_browser: Any) -> None:
    """The pages of issue #18's finishing pass at 1280 px, as the administrator sees them."""
    from incidents.demo import demo_password
    from incidents.models import UserPreference
    from tests.browser.all_pages import site_pages, site_seed

    users = site_seed(now=timezone.now())
    wanted = (
        "board", "incident list", "room", "reports", "notifications", "webhooks", "new webhook",
        "two-factor", "API reference",
    )  # fmt: skip
    pages = [page for page in site_pages() if page.name in wanted]
    SHOTS.mkdir(exist_ok=True)
    for language in ("en", "zh-hans"):
        UserPreference.objects.update_or_create(
            user=users["admin"], defaults={"language": language, "time_zone": "Europe/Dublin"}
        )
        page = open_browser(viewport=DESKTOP)
        page.goto("/accounts/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", demo_password("admin"))
        page.press("#id_password", "Enter")
        page.wait_for_url("**/")
        for spec in pages:
            page.goto(spec.path)
            if spec.name == "API reference":
                page.wait_for_selector(".api-content", timeout=60_000)
            name = spec.name.replace(" ", "-")
            page.screenshot(
                path=SHOTS / f"pages-{name}-{language}.png", full_page=spec.name != "API reference"
            )
        page.context.close()
