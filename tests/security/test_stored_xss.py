"""Text people type is shown, never run: every page escapes a script-laden incident."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from incidents.models import Incident
from tests.factories import incident_create_for_test
from tests.security.url_inventory import all_routes, concrete_path

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert("bd-xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;bd-xss&quot;)&lt;/script&gt;"
TEXT_FIELDS = ("description", "systems", "third_parties", "consequences", "measures_taken")


@pytest.fixture
def hostile_incident(personas: dict[str, Any]) -> Incident:
    return incident_create_for_test(
        actor=personas["security"],
        title=PAYLOAD,
        **{name: f"{name}: {PAYLOAD}" for name in TEXT_FIELDS},
    )


def test_the_incident_page_shows_the_title_escaped(
    personas: dict[str, Any], hostile_incident: Incident
) -> None:
    client = Client()
    client.force_login(personas["dpo"])
    page = client.get(f"/incidents/{hostile_incident.reference}/")
    assert page.status_code == 200
    assert PAYLOAD.encode() not in page.content
    assert ESCAPED.encode() in page.content


def hostile_response_work(personas: dict[str, Any], incident: Incident) -> Any:
    """A task with a comment, a statement, a playbook and a report, all carrying the payload."""
    from compliance.reporting.services import report_request
    from incidents.response.models import Playbook
    from incidents.response.services import task_comment_add
    from incidents.response.statements import statement_create
    from tests.factories import task_create_for_test

    task = task_create_for_test(incident=incident, team_code="legal", title=PAYLOAD)
    task_comment_add(actor=personas["dpo"], task=task, body=PAYLOAD)
    statement_create(
        actor=personas["dpo"],
        incident=incident,
        audience="media",
        data={"body": PAYLOAD, "spokesperson": PAYLOAD},
    )
    Playbook.objects.create(key="hostile", name=PAYLOAD, description=PAYLOAD)
    report_request(
        actor=personas["dpo"], kind="executive-summary", incident=incident, enqueue=False
    )
    return task


@pytest.fixture
def hostile_report(personas: dict[str, Any], hostile_incident: Incident, settings, tmp_path):
    """A generated report of the script-laden incident, for the pages that list and serve it."""
    from compliance.reporting.services import report_generate, report_request

    settings.MEDIA_ROOT = tmp_path / "media"
    document = report_request(
        actor=personas["dpo"], kind="executive-summary", incident=hostile_incident, enqueue=False
    )
    return report_generate(document_id=document.pk)


def page_routes() -> list[Any]:
    """Every route that answers GET with a page (not the API)."""
    return [route for route in all_routes() if not route.is_api]


def test_no_page_renders_the_payload_raw(
    personas: dict[str, Any], hostile_incident: Incident, hostile_report: Any
) -> None:
    """Signed in as a superuser (who sees every page, admin included), nothing echoes raw markup."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "pw-x-2026!")
    TOTPDevice.objects.create(user=personas["dpo"], name=PAYLOAD, confirmed=False)
    client = Client()
    client.force_login(superuser)
    task = hostile_response_work(personas, hostile_incident)
    from types import SimpleNamespace

    from notifications.models import WebhookSubscription

    WebhookSubscription.objects.create(name=PAYLOAD, url="https://example.org/hook")
    from incidents.learning.drills import drill_start
    from incidents.learning.models import DrillScenario

    drill = drill_start(actor=personas["dpo"], source_incident=hostile_incident, clock_mode="real")
    assert DrillScenario.objects.exists()
    world = {
        "drill": drill,
        "incident": hostile_incident,
        "task": task,
        "tokens": {},
        "reportdocument": hostile_report,
        # Redelivery is POST-only: a GET answers 405 whichever dead letter it names.
        "outboxmessage": SimpleNamespace(pk=0),
    }
    leaks = []
    for route in page_routes():
        if route.name in {"logout", "admin:logout"}:
            continue
        response = client.get(concrete_path(route, world, "admin"))
        assert response.status_code < 500, f"{route.key} answered {response.status_code}"
        # Downloads (the report PDF) stream their body; reading it to the end closes the file.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if b"bd-xss" in body and PAYLOAD.encode() in body:
            leaks.append(route.key)
    assert leaks == []
