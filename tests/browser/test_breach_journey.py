"""One breach end to end in a browser: intake, tasks, the Art. 33 notice, its report, read-only."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from incidents.models import Incident

pytestmark = pytest.mark.browser


def test_from_intake_to_the_art33_notice_and_its_report(sign_in, people) -> None:
    detected = (timezone.now() - timedelta(hours=2)).astimezone(UTC)
    page = sign_in("security")
    page.goto("/incidents/new/")
    page.get_by_label("Title").fill("Customer database copied by an intruder")
    page.locator("#id_detected_at").fill(detected.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_aware_at").fill(detected.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Times entered are in").select_option("UTC")
    page.locator("#id_description").fill("An intruder copied the customer table.")
    page.locator("main details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    page.locator("#id_data_categories input[value=contact]").check()
    page.locator("#id_breach_types input[value=confidentiality]").check()
    page.locator("#id_affected_subjects").fill("DE 1200")
    page.get_by_role("button", name="Log incident").click()
    page.wait_for_url("**/incidents/BD-*/")
    incident = Incident.objects.get(title="Customer database copied by an intruder")
    rows = list(incident.obligations.values_list("rule_id", "legal_basis", "applies"))
    obligation = incident.obligations.filter(applies=True, legal_basis__startswith="GDPR Art. 33")
    assert obligation.exists(), rows
    obligation = obligation.first()
    assert page.locator(f"#obligation-{obligation.pk}").is_visible()
    task = incident.tasks.filter(team__code="dpo").order_by("pk").first()
    assert page.locator(f"#task-{task.pk}").is_visible()

    page = sign_in("dpo")
    page.goto(f"/incidents/{incident.reference}/")
    page.locator(f"#task-{task.pk}").get_by_role("button", name="Complete").click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.status == "done"
    row = page.locator(f"#obligation-{obligation.pk}")
    row.get_by_text("Record submission").first.click()
    sent = timezone.now().astimezone(UTC) - timedelta(minutes=5)
    row.get_by_label("Sent at").fill(sent.strftime("%Y-%m-%dT%H:%M"))
    row.get_by_label("Time entered is in").select_option("UTC")
    row.get_by_label("Channel").fill("Portal")
    row.get_by_label("Regulator's reference").fill("DPC-1")
    row.get_by_role("button", name="Record submission").click()
    page.wait_for_load_state()
    assert page.get_by_text("Submission recorded").is_visible()
    obligation.refresh_from_db()
    assert obligation.status == "submitted"

    page.goto(f"/incidents/{incident.reference}/reports/")
    page.get_by_label("Kind").select_option("gdpr-art33")
    page.get_by_role("button", name="Generate", exact=True).click()
    page.wait_for_load_state()
    document = incident.reports.order_by("-pk").first()
    response = page.request.get(f"/reports/{document.pk}/download/")
    assert response.headers["content-type"] == "application/pdf"

    page = sign_in("executive")
    page.goto(f"/incidents/{incident.reference}/")
    assert page.locator("main form").count() == 0
    assert page.goto(f"/incidents/{incident.reference}/facts/").status == 403
