"""Web pages: an incident's reports with download links, and generating one from the browser."""

from __future__ import annotations

import pytest
from django.test import Client

from compliance.models import ReportDocument

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dpo_generates_from_the_page_and_downloads(
    eu_breach, personas, django_capture_on_commit_callbacks
):
    client = client_for(personas["dpo"])
    page = f"/incidents/{eu_breach.reference}/reports/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"kind": "gdpr-art33", "language": "", "final": ""})
    assert response.status_code == 302
    document = ReportDocument.objects.get()
    listing = client.get(page).content.decode()
    assert f"/reports/{document.pk}/download/" in listing and "v1" in listing
    download = client_for(personas["executive"]).get(f"/reports/{document.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-SHA256"] == document.sha256


def test_page_shows_errors_and_refuses_readers(eu_breach, personas):
    page = f"/incidents/{eu_breach.reference}/reports/"
    refused = client_for(personas["dpo"]).post(page, {"kind": "gdpr-art33", "language": "zh-hans"})
    assert refused.status_code == 200 and "is written in en" in refused.content.decode()
    assert client_for(personas["executive"]).post(page, {"kind": "gdpr-art33"}).status_code == 403
    assert "Generate a report" not in client_for(personas["executive"]).get(page).content.decode()
    # Like every page: no role that may view incidents, no page (incidents/views/access.py).
    assert client_for(personas["outsider"]).get(page).status_code == 403
    assert ReportDocument.objects.count() == 0
