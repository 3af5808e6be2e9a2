"""One visibility rule per role: every route, web and API, shows a role the same incidents.

The rule is the incident list's (GET /api/v1/incidents/): the DPO, executives, admins and the
security team see every incident; Legal and PR/Comms see those they are on. Over the same data,
this test collects the incident references each route shows each role (pages, JSON, CSV, XLSX,
the iCal feed, register PDFs, dashboard charts) and compares the sets with that rule.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from compliance.models import ReportDocument
from compliance.reporting.services import report_generate, report_request
from compliance.services import submission_record
from incidents.models import Incident
from notifications.services import calendar_feed_token_get
from tests.factories import incident_create_for_test, task_create_for_test
from tests.reports.test_render_kinds import pdf_text

pytestmark = pytest.mark.django_db
ROLES = ("security", "dpo", "legal", "pr", "executive", "admin")
REFERENCE = re.compile(r"BD-\d{4}-\d{4}")
TEAM_QUEUES = ("legal", "dpo", "pr-comms", "it-security", "executive")
WEB_PAGES = ("/", "/incidents/", "/board/", "/tasks/", "/tasks/mine/", "/register/") + tuple(
    f"/teams/{team}/tasks/" for team in TEAM_QUEUES
)
API_LISTS = (
    "/api/v1/incidents/",
    "/api/v1/tasks/",
    "/api/v1/obligations/",
    "/api/v1/assessments/",
    "/api/v1/submissions/",
    "/api/v1/register/",
    "/api/v1/register/export/?format=csv",
    "/api/v1/reports/",
)


@pytest.fixture
def world(organisation: Any, personas: dict[str, Any], put_on_incident: Any) -> dict[str, Any]:
    """Two notified incidents: Legal and PR/Comms are on the first, nobody put them on the other.

    Each has a task in every team's queue except Legal's and PR's, an overdue one included, so
    queues, dashboards and boards have rows of both; a register PDF covers both.
    """
    now = timezone.now()
    worked = incident_create_for_test(actor=personas["security"], now=now, title="Worked")
    other = incident_create_for_test(actor=personas["security"], now=now, title="Unassigned")
    for incident in (worked, other):
        incident.tasks.all().delete()  # only the tasks placed here decide who is on it
        for team in ("dpo", "it-security", "executive"):
            task_create_for_test(incident=incident, team_code=team, due_at=now - timedelta(hours=1))
        obligation = incident.obligations.filter(statutory=True).order_by("pk").first()
        submission_record(
            actor=personas["dpo"],
            obligation=obligation,
            phase="initial",
            submitted_at=now - timedelta(minutes=30),
            channel="Portal",
            now=now,
        )
    put_on_incident("legal", worked)
    put_on_incident("pr", worked)
    register = report_request(
        actor=personas["dpo"],
        kind="register",
        period_from=(now - timedelta(days=2)).date(),
        period_to=now.date(),
        now=now,
    )
    report_generate(document_id=register.pk, now=now)  # the test's transaction never commits
    return {"worked": worked, "other": other, "register": register}


def content(response: Any) -> bytes:
    """The body of a plain or a streamed response."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def references(text: str, ids: dict[int, str], body: Any = None) -> set[str]:
    """The references a response shows: written out, or as incident ids in JSON rows."""
    found = set(REFERENCE.findall(text))
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("incident"), int):
                found.add(ids[item["incident"]])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def seen_through_api(client: APIClient, ids: dict[int, str]) -> dict[str, set[str]]:
    seen = {}
    for url in API_LISTS:
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        if response.status_code == 403:
            seen[url] = set()
            continue
        body = response.json() if response["Content-Type"].startswith("application/json") else None
        seen[url] = references(content(response).decode(), ids, body)
    xlsx = client.get("/api/v1/register/export/?format=xlsx")
    text = ""
    if xlsx.status_code == 200:
        sheet = load_workbook(io.BytesIO(content(xlsx))).active
        text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    seen["register xlsx"] = references(text, ids)
    seen["register pdfs"] = set()
    for document in ReportDocument.objects.filter(kind="register"):
        download = client.get(f"/api/v1/reports/{document.pk}/download/")
        assert download.status_code in (200, 404)
        if download.status_code == 200:
            seen["register pdfs"] |= references(pdf_text(content(download)), ids)
    feed = client.get("/api/v1/calendar-feed/")
    assert feed.status_code == 200
    return seen


def seen_through_web(client: Client, user: Any, ids: dict[int, str]) -> dict[str, set[str]]:
    seen = {}
    for url in WEB_PAGES:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        seen[url] = (
            references(response.content.decode(), ids) if response.status_code == 200 else set()
        )
    token = calendar_feed_token_get(user=user).token
    seen["calendar feed"] = references(client.get(f"/calendar/{token}.ics").content.decode(), ids)
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_every_route_shows_a_role_the_incidents_its_rule_gives(role, world, personas) -> None:
    ids = dict(Incident.objects.values_list("pk", "reference"))
    api = APIClient()
    api.force_authenticate(personas[role])
    rule = {row["reference"] for row in api.get("/api/v1/incidents/").json()["results"]}
    worked, other = world["worked"].reference, world["other"].reference
    assert rule == ({worked} if role in ("legal", "pr") else {worked, other})
    web = Client()
    web.force_login(personas[role])
    seen = {**seen_through_api(api, ids), **seen_through_web(web, personas[role], ids)}
    beyond = {route: refs - rule for route, refs in seen.items() if refs - rule}
    assert not beyond, f"{role} sees incidents outside its rule through {beyond}"
    # The test has teeth: the routes together show everything the rule gives.
    assert set().union(*seen.values()) == rule


@pytest.mark.parametrize("role", ["legal", "pr"])
def test_legal_and_pr_cannot_have_the_register_made_for_them(role, organisation, personas):
    api = APIClient()
    api.force_authenticate(personas[role])
    period = {"kind": "register", "period_from": "2026-01-01", "period_to": "2026-12-31"}
    assert api.post("/api/v1/reports/", period, format="json").status_code == 403
    assert api.get("/api/v1/reports/completeness/", period).status_code == 403
    assert not ReportDocument.objects.exists()
