"""GET /api/v1/incidents/{id}/audit/, .../audit/export/ and /api/v1/audit/verify/."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.audit_pdf import AuditPdfUnavailable, font_path
from incidents.models import AuditEvent, Incident
from tests.conftest import CI
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
XSS_TITLE = '<img src="/etc/passwd"/> <b>bold</b> & <script>alert(1)</script>'


@pytest.fixture
def incident(personas: dict[str, Any], now: Any) -> Incident:
    created = incident_create_for_test(actor=personas["security"], title=XSS_TITLE)
    from incidents.services import incident_update

    incident_update(actor=personas["dpo"], incident=created, data={"records_count": 150}, now=now)
    return Incident.objects.get(pk=created.pk)


@pytest.fixture
def pdf_font() -> None:
    """The PDF needs its font; outside CI a checkout without it skips the PDF checks."""
    try:
        font_path()
    except AuditPdfUnavailable as exc:
        if not CI:
            pytest.skip(f"PDF font not installed here: {exc}")
        raise


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        pytest.param("dpo", 200, id="dpo"),
        pytest.param("legal", 200, id="legal"),
        pytest.param("executive", 200, id="executive"),
        pytest.param("admin", 200, id="admin"),
        pytest.param("security", 403, id="security"),
        pytest.param("pr", 403, id="pr"),
        pytest.param("outsider", 403, id="outsider"),
        pytest.param(None, 401, id="anonymous"),
    ],
)
def test_who_may_read_an_incidents_audit_trail(
    api_client_for: Any, incident: Incident, persona: str | None, status: int, put_on_incident: Any
) -> None:
    if persona in ("legal", "pr"):
        put_on_incident(persona, incident)
    response = api_client_for(persona).get(f"/api/v1/incidents/{incident.pk}/audit/")
    assert response.status_code == status


def test_the_trail_lists_each_change_with_before_and_after(
    api_client_for: Any, incident: Incident
) -> None:
    response = api_client_for("dpo").get(f"/api/v1/incidents/{incident.pk}/audit/")
    rows = response.json()["results"]
    own = [row for row in rows if row["object_type"] == "incidents.Incident"]
    assert [row["action"] for row in own] == ["create", "update"]
    update = own[1]
    assert update["actor_label"] == "dpo"
    assert update["changes"]["records_count"] == {"before": 100, "after": 150}
    # The playbook's tasks are logged between the two; the chain still links each entry.
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert later["prev_hash"] == earlier["hash"]


def test_the_trail_filters_by_action(api_client_for: Any, incident: Incident) -> None:
    response = api_client_for("dpo").get(
        f"/api/v1/incidents/{incident.pk}/audit/", {"action": "update"}
    )
    rows = response.json()["results"]
    assert rows and {row["action"] for row in rows} == {"update"}
    assert [r["object_type"] for r in rows].count("incidents.Incident") == 1


def test_the_trail_of_an_unknown_incident_is_404(api_client_for: Any) -> None:
    response = api_client_for("dpo").get("/api/v1/incidents/999999/audit/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_trail_query_count_does_not_grow(
    api_client_for: Any, incident: Incident, personas: dict[str, Any], now: Any
) -> None:
    from incidents.services import incident_update

    client = api_client_for("dpo")
    client.get(f"/api/v1/incidents/{incident.pk}/audit/")  # the user's roles are read once
    counts = []
    for records in (200, 300, 400):
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/api/v1/incidents/{incident.pk}/audit/").status_code == 200
        counts.append(len(context.captured_queries))
        incident_update(
            actor=personas["dpo"], incident=incident, data={"records_count": records}, now=now
        )
    assert len(set(counts)) == 1


def test_the_json_export_carries_the_chain_state(
    api_client_for: Any, incident: Incident, put_on_incident: Any
) -> None:
    put_on_incident("legal", incident)
    response = api_client_for("legal").get(f"/api/v1/incidents/{incident.pk}/audit/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{incident.reference}-audit.json"'
    )
    body = response.json()
    assert body["chain_intact"] is True
    assert body["chain_head"] == AuditEvent.objects.order_by("-pk").first().hash
    entries = AuditEvent.objects.filter(incident=incident)
    assert [e["id"] for e in body["entries"]] == list(
        entries.order_by("pk").values_list("pk", flat=True)
    )
    assert body["incident_title"] == XSS_TITLE


# The PDF has its own path (one media type per operation); `?format=pdf` stays for older clients.
PDF_EXPORTS = [
    pytest.param("audit/export/pdf/", {}, id="pdf-path"),
    pytest.param("audit/export/", {"format": "pdf"}, id="legacy-format-pdf"),
]


@pytest.mark.parametrize(("suffix", "query"), PDF_EXPORTS)
def test_the_pdf_export_shows_user_text_literally_with_an_embedded_font(
    api_client_for: Any,
    incident: Incident,
    pdf_font: None,
    tmp_path: Any,
    suffix: str,
    query: dict[str, str],
) -> None:
    response = api_client_for("dpo").get(f"/api/v1/incidents/{incident.pk}/{suffix}", query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "audit.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert incident.reference in text
    assert "records_count: 100 → 150" in text
    # Markup typed by a user is shown, not interpreted (no image pulled from the disk).
    assert '<img src="/etc/passwd"/>' in text and "<script>alert(1)</script>" in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)


def test_the_pdf_export_without_its_font_is_a_clear_503(
    api_client_for: Any, incident: Incident, settings: Any, tmp_path: Any
) -> None:
    from reportlab.pdfbase import pdfmetrics

    from incidents import audit_pdf

    settings.BREACHDESK_PDF_FONT = str(tmp_path / "missing.ttf")
    registered = pdfmetrics._fonts.pop(audit_pdf.FONT_NAME, None)
    try:
        response = api_client_for("dpo").get(f"/api/v1/incidents/{incident.pk}/audit/export/pdf/")
    finally:
        if registered is not None:
            pdfmetrics._fonts[audit_pdf.FONT_NAME] = registered
    assert response.status_code == 503
    assert response.json()["code"] == "pdf_unavailable"
    assert "missing.ttf" in response.json()["detail"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        pytest.param("admin", 200, id="admin"),
        pytest.param("dpo", 403, id="dpo"),
        pytest.param("executive", 403, id="executive"),
        pytest.param(None, 401, id="anonymous"),
    ],
)
def test_only_admins_verify_the_chain(
    api_client_for: Any, incident: Incident, persona: str | None, status: int
) -> None:
    response = api_client_for(persona).get("/api/v1/audit/verify/")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (
            body["intact"] is True
            and body["checked"] == AuditEvent.objects.count()
            and body["broken_entry_id"] is None
        )
