"""The review as a report kind: POST /api/v1/reports/, manage.py report and the incident room."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from compliance.models import ReportDocument
from incidents.learning.models import Review
from incidents.learning.services import corrective_action_create, review_complete, review_create
from incidents.models import Incident, Team
from tests.incidents.learning.conftest import CLOSED
from tests.reports.test_render_pdf import require_poppler

URL = "/api/v1/reports/"
pytestmark = pytest.mark.django_db
ROOT_CAUSE_DETAILS = "A phished service-account password without multi-factor authentication."
ACTION_TITLE = "Enforce MFA on every service account"
# The conftest's timeline measured to the minute, as the PDF prints it.
TIMELINE = ("19 h 40 min", "14 h 55 min", "8 h 14 min")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Stored PDFs go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reviewed(closed_incident: Incident, personas: dict[str, Any]) -> Incident:
    """The closed incident with a completed review and one corrective action."""
    dpo = personas["dpo"]
    review = review_create(
        now=timezone.now(),
        actor=dpo,
        incident=closed_incident,
        data={
            "root_cause": "cyber_attack",
            "root_cause_details": ROOT_CAUSE_DETAILS,
            "went_wrong_decisions": "The high-risk decision waited a day for the export log.",
            "went_wrong_communication": "The customer letter went through four rounds of review.",
            "went_wrong_response": "Nobody on call could disable service accounts.",
            "went_well": "Evidence was preserved before containment.",
        },
    )
    corrective_action_create(
        now=timezone.now(),
        actor=dpo,
        review=review,
        data={
            "title": ACTION_TITLE,
            "category": "access_control",
            "team": Team.objects.get(code="it-security"),
            "due_at": CLOSED + timedelta(days=30),
        },
    )
    review_complete(actor=dpo, review=review, now=CLOSED + timedelta(days=2))
    return closed_incident


def pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext reads it, runs of whitespace made one space."""
    pdftotext = require_poppler("pdftotext")
    result = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return re.sub(r"\s+", " ", result.stdout)


def assert_review_content(text: str) -> None:
    """The measured timeline, the root cause and the corrective action are in the document."""
    assert "Post-incident review" in text
    for duration in TIMELINE:
        assert duration in text
    assert "Time to detect 19 h 40 min" in text
    assert "Notices on time 1 of 2" in text
    assert "Cyber attack" in text
    assert ROOT_CAUSE_DETAILS in text
    assert ACTION_TITLE in text
    assert "Access control and MFA" in text


def test_the_api_generates_the_review_with_its_content(
    reviewed: Incident, api_client_for: Any, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    client = api_client_for("dpo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"kind": "review", "incident": reviewed.reference}, format="json"
        )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["kind"], body["language"], body["incident_reference"]) == (
        "review",
        "en",
        reviewed.reference,
    )
    polled = client.get(response["Location"]).json()
    assert polled["status"] == "ready", polled
    download = client.get(polled["download_url"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'"{reviewed.reference}_review_en_v1.pdf"')
    target = tmp_path / "review.pdf"
    target.write_bytes(b"".join(download.streaming_content))
    assert_review_content(pdf_text(target))


def test_manage_py_report_writes_the_review(reviewed: Incident, tmp_path: Path) -> None:
    target = tmp_path / "review.pdf"
    out = io.StringIO()
    call_command("report", "review", reviewed.reference, "-o", str(target), stdout=out)
    document = ReportDocument.objects.get(kind="review")
    assert document.status == "ready" and document.incident_id == reviewed.pk
    assert document.sha256 in out.getvalue()
    assert_review_content(pdf_text(target))


def test_without_a_review_the_api_refuses_naming_the_incident(
    closed_incident: Incident, api_client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for("dpo").post(
            URL, {"kind": "review", "incident": closed_incident.reference}, format="json"
        )
    assert response.status_code == 400
    assert "has no review yet" in " ".join(response.json()["incident"])
    assert not ReportDocument.objects.exists()


def test_without_a_review_manage_py_refuses_naming_the_reference(
    closed_incident: Incident, tmp_path: Path
) -> None:
    target = tmp_path / "review.pdf"
    with pytest.raises(CommandError, match="INCIDENT_REFERENCE: .* has no review yet"):
        call_command("report", "review", closed_incident.reference, "-o", str(target))
    assert not target.exists()
    assert not ReportDocument.objects.exists()


def test_the_room_offers_the_review_once_there_is_one(
    closed_incident: Incident, client: Any, personas: dict[str, Any]
) -> None:
    client.force_login(personas["dpo"])
    room = f"/incidents/{closed_incident.reference}/"
    assert 'value="review"' not in client.get(room).content.decode()
    review_create(actor=personas["dpo"], incident=closed_incident, now=timezone.now())
    assert 'value="review"' in client.get(room).content.decode()
    assert Review.objects.count() == 1


def test_the_room_generates_the_review(
    reviewed: Incident,
    client: Any,
    personas: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(personas["legal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/incidents/{reviewed.reference}/reports/", {"kind": "review", "language": ""}
        )
    assert response.status_code == 302
    document = ReportDocument.objects.get()
    assert (document.kind, document.status) == ("review", "ready")
    page = client.get(f"/incidents/{reviewed.reference}/").content.decode()
    assert "Post-incident review" in page and f"/reports/{document.pk}/download/" in page
