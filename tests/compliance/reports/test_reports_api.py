"""/api/v1/reports/: request (202), list, read, download with its hash, completeness, roles."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from compliance.models import ReportDocument
from incidents.models import AuditEvent
from tests.compliance.reports.conftest import stored_files

URL = "/api/v1/reports/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def post_report(api_client_for, django_capture_on_commit_callbacks) -> Any:
    """POST a report request as a persona, running the queued task as the commit would."""

    def post(name: str | None, body: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return api_client_for(name).post(URL, body, format="json")

    return post


def test_dpo_requests_a_report_and_gets_202_then_it_is_ready(
    eu_breach, post_report, api_client_for
):
    response = post_report("dpo", {"kind": "gdpr-art33", "incident": eu_breach.reference})
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["kind"] == "gdpr-art33" and body["language"] == "en" and body["version"] == 1
    assert body["incident"] == eu_breach.pk
    assert body["incident_reference"] == eu_breach.reference
    assert body["generated_by"] == "dpo"
    assert response["Location"] == f"{URL}{body['id']}/"
    polled = api_client_for("dpo").get(f"{URL}{body['id']}/").json()
    assert polled["status"] == "ready"
    assert polled["download_url"] == f"{URL}{body['id']}/download/"
    assert len(polled["sha256"]) == 64 and polled["size"] > 1000
    assert polled["generated_at"].endswith("Z")


def test_the_incident_may_be_named_by_id(eu_breach, post_report, put_on_incident):
    put_on_incident("legal", eu_breach)
    response = post_report("legal", {"kind": "executive-summary", "incident": eu_breach.pk})
    assert response.status_code == 202, response.json()


def test_register_takes_a_period(eu_breach, post_report):
    body = {"kind": "register", "period_from": "2026-11-01", "period_to": "2026-11-30"}
    response = post_report("admin", body)
    assert response.status_code == 202, response.json()
    assert response.json()["incident"] is None
    assert response.json()["period_to"] == "2026-11-30"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"kind": "gdpr-art99"}, "kind", id="unknown-kind"),
        pytest.param(
            {"kind": "gdpr-art33", "incident": "BD-1999-0001"}, "incident", id="unknown-ref"
        ),
        pytest.param({"kind": "gdpr-art33", "language": "zh-hans"}, "language", id="language"),
        pytest.param(
            {"kind": "register", "period_from": "2026-12-01", "period_to": "2026-11-01"},
            "period_to",
            id="period-ends-before-it-starts",
        ),
        pytest.param({"kind": "register", "period_from": "1 Dec"}, "period_from", id="bad-date"),
        pytest.param({"kind": "gdpr-art33", "colour": "red"}, "colour", id="unknown-field"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_stores_nothing(
    eu_breach, post_report, media_root, body, field
):
    payload = {"incident": eu_breach.reference, **body} if body["kind"] != "register" else body
    response = post_report("dpo", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert ReportDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_final_with_gaps_is_400_listing_them(eu_breach, post_report, media_root):
    eu_breach.description = ""
    eu_breach.save()
    response = post_report("dpo", {"kind": "gdpr-art33", "incident": eu_breach.pk, "final": True})
    assert response.status_code == 400
    assert "Missing: Nature: description of the breach (Art. 33(3)(a))" in response.json()["final"]
    assert ReportDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_download_is_the_pdf_with_its_hash(eu_breach, post_report, api_client_for):
    created = post_report("dpo", {"kind": "gdpr-art33", "incident": eu_breach.pk}).json()
    response = api_client_for("executive").get(
        f"{URL}{created['id']}/download/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    digest = hashlib.sha256(content)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{eu_breach.reference}_gdpr-art33_en_v1.pdf"'
    )
    assert response["X-Content-SHA256"] == digest.hexdigest()
    assert response["Digest"] == "sha-256=" + base64.b64encode(digest.digest()).decode()
    assert content.startswith(b"%PDF-")


def test_download_of_a_queued_document_is_409_in_json(eu_breach, api_client_for):
    client = api_client_for("dpo")
    created = client.post(URL, {"kind": "gdpr-art33", "incident": eu_breach.pk}, format="json")
    assert created.json()["status"] == "queued"  # no commit yet, so no worker ran
    response = client.get(f"{URL}{created.json()['id']}/download/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert "queued" in response.json()["detail"]


def test_list_filters_by_incident_and_kind_with_constant_queries(
    eu_breach, cn_breach, generate, api_client_for, django_assert_num_queries, put_on_incident
):
    put_on_incident("pr", eu_breach, cn_breach)
    for _ in range(3):
        generate("gdpr-art33", incident=eu_breach)
    generate("pipl-art57", incident=cn_breach)
    generate("executive-summary", incident=eu_breach)
    client = api_client_for("pr")
    client.get(URL)  # warm the role cache of the persona
    with django_assert_num_queries(2):
        response = client.get(URL, {"incident": eu_breach.reference, "kind": "gdpr-art33"})
    body = response.json()
    assert body["count"] == 3
    assert [row["version"] for row in body["results"]] == [3, 2, 1]
    with django_assert_num_queries(2):
        everything = client.get(URL)
    assert everything.json()["count"] == 5
    by_id = client.get(URL, {"incident": cn_breach.pk}).json()
    assert [row["kind"] for row in by_id["results"]] == ["pipl-art57"]


def test_register_documents_are_hidden_from_roles_that_do_not_see_the_register(
    eu_breach, generate, api_client_for
):
    from datetime import date

    document = generate("register", period_from=date(2026, 11, 1), period_to=date(2026, 11, 30))
    assert api_client_for("pr").get(f"{URL}{document.pk}/").status_code == 404
    assert api_client_for("executive").get(f"{URL}{document.pk}/").status_code == 200


def test_completeness_lists_gaps_and_stores_nothing(eu_breach, api_client_for, media_root):
    eu_breach.description = ""
    eu_breach.save()
    response = api_client_for("executive").get(
        f"{URL}completeness/", {"kind": "gdpr-art33", "incident": eu_breach.reference}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["complete"] is False
    assert "Nature: description of the breach (Art. 33(3)(a))" in body["gaps"]
    assert body["incident"] == eu_breach.pk and body["language"] == "en"
    assert ReportDocument.objects.count() == 0 and stored_files(media_root) == []
    bad = api_client_for("dpo").get(f"{URL}completeness/", {"kind": "nope"})
    assert bad.status_code == 400 and "kind" in bad.json()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("executive", 403, id="executive-cannot-generate"),
        pytest.param("security", 403, id="security-cannot-generate"),
        pytest.param("pr", 403, id="pr-cannot-generate"),
        pytest.param("outsider", 403, id="outsider"),
        pytest.param(None, 401, id="anonymous"),
    ],
)
def test_only_dpo_legal_and_admin_generate(eu_breach, post_report, name, expected):
    response = post_report(name, {"kind": "gdpr-art33", "incident": eu_breach.pk})
    assert response.status_code == expected
    assert ReportDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("executive", 200, id="executive"),
        pytest.param("security", 200, id="security"),
        pytest.param("outsider", 403, id="outsider"),
        pytest.param(None, 401, id="anonymous"),
    ],
)
def test_readers_download_outsiders_do_not(eu_breach, generate, api_client_for, name, expected):
    document = generate("gdpr-art33", incident=eu_breach)
    client = api_client_for(name)
    assert client.get(f"{URL}{document.pk}/download/").status_code == expected
    assert client.get(f"{URL}{document.pk}/").status_code == expected
    assert client.get(URL).status_code == expected


def facts_if_match(client: Any, url: str) -> dict[str, str]:
    """If-Match with the ETag the client reads for the report facts, as a client does."""
    response = client.get(url)
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {}


def test_report_facts_are_read_and_patched_by_the_dpo(eu_breach, api_client_for):
    url = f"/api/v1/incidents/{eu_breach.pk}/report-facts/"
    assert api_client_for("executive").get(url).json()["exfiltrated"] == "likely"
    dpo = api_client_for("dpo")
    response = dpo.patch(
        url,
        {
            "likely_trend": "数据可能被出售",
            "ransom_demanded_at": "2026-11-24T08:00:00+08:00",
            "other_bodies": [{"body": "CSIRT", "notified_at": "2026-11-24T09:00:00+01:00"}],
        },
        format="json",
        **facts_if_match(dpo, url),
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["likely_trend"] == "数据可能被出售"
    assert body["ransom_demanded_at"] == "2026-11-24T00:00:00Z"
    assert body["other_bodies"] == [
        {"body": "CSIRT", "notified_at": "2026-11-24T08:00:00Z", "reference": ""}
    ]
    assert body["updated_by"] == "dpo"
    event = AuditEvent.objects.get(action="report_facts.update")
    assert event.incident_id == eu_breach.pk and "likely_trend" in event.changes


def test_report_facts_validation_and_roles(cn_breach, api_client_for):
    url = f"/api/v1/incidents/{cn_breach.pk}/report-facts/"
    dpo = api_client_for("dpo")
    naive = dpo.patch(url, {"ransom_demanded_at": "2026-11-24T08:00"}, **facts_if_match(dpo, url))
    assert naive.status_code == 400 and "ransom_demanded_at" in naive.json()
    unknown = dpo.patch(url, {"colour": "red"}, format="json", **facts_if_match(dpo, url))
    assert unknown.status_code == 400 and "colour" in unknown.json()
    executive = api_client_for("executive")
    refused = executive.patch(url, {"location": "x"}, **facts_if_match(executive, url))
    assert refused.status_code == 403
    assert api_client_for("outsider").get(url).status_code == 403
    assert api_client_for(None).get(url).status_code == 401
    assert api_client_for("dpo").get("/api/v1/incidents/999999/report-facts/").status_code == 404


def test_report_facts_writes_need_the_etag_read(eu_breach, api_client_for, put_on_incident):
    put_on_incident("legal", eu_breach)
    from compliance.models import ReportFacts

    ReportFacts.objects.all().delete()
    url = f"/api/v1/incidents/{eu_breach.pk}/report-facts/"
    dpo, legal = api_client_for("dpo"), api_client_for("legal")
    missing = dpo.patch(url, {"location": "Shanghai"}, format="json")
    assert missing.status_code == 428 and ReportFacts.objects.count() == 0
    blank = dpo.get(url)["ETag"]  # facts never recorded still have an ETag to send back
    first = legal.patch(url, {"location": "Shanghai"}, format="json", HTTP_IF_MATCH=blank)
    assert first.status_code == 200 and first["ETag"] != blank
    stale = dpo.patch(url, {"location": "Beijing"}, format="json", HTTP_IF_MATCH=blank)
    assert stale.status_code == 412
    assert ReportFacts.objects.get().location == "Shanghai"
    events = AuditEvent.objects.filter(action="report_facts.update").count()
    assert events == 1


def test_blank_report_facts_are_served_without_writing(eu_breach, api_client_for, put_on_incident):
    put_on_incident("pr", eu_breach)
    from compliance.models import ReportFacts

    ReportFacts.objects.all().delete()
    body = api_client_for("pr").get(f"/api/v1/incidents/{eu_breach.pk}/report-facts/").json()
    assert body["reporter_name"] == "" and body["other_bodies"] == []
    assert ReportFacts.objects.count() == 0


def test_schema_documents_the_report_endpoints(client):
    schema = client.get("/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/reports/:",
        "/api/v1/reports/{id}/:",
        "/api/v1/reports/{id}/download/:",
        "/api/v1/reports/completeness/:",
        "/api/v1/incidents/{id}/report-facts/:",
    ):
        assert path in schema
    assert "application/pdf" in schema and "ReportStatusEnum" in schema
