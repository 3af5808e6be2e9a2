"""A Python client generated from the live schema (openapi-python-client) runs the main flow as is.

No raw HTTP: every call below is a generated function, every body a generated model, and an
undocumented status would raise (`raise_on_unexpected_status`).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from tests.clients.conftest import ROOT, run

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "breachdesk_client"


@pytest.fixture
def generated(live_schema: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Generate the client package from the live schema; fail on any generator warning."""
    generator = Path(sys.executable).parent / "openapi-python-client"
    output = run(
        [generator, "generate", "--path", live_schema, "--output-path", tmp_path / PACKAGE]
        + ["--meta", "none", "--config", ROOT / "clients/openapi-python-client.yaml"]
    )
    assert "warning" not in output.lower(), output
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_the_generated_client_runs_the_main_flow(
    generated: Any,
    live_server: Any,
    personas: dict[str, Any],
    organisation: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # where the report is stored
    models = module("models")
    now = timezone.now()

    # A token for a username and password, sent as the schema's bearer scheme says.
    anonymous = generated.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = module("api.auth.auth_token_create").sync(
        client=anonymous, body=models.TokenRequestRequest(username="dpo", password="pw-dpo-2026!")
    )
    api = generated.AuthenticatedClient(
        base_url=live_server.url, token=token.token, raise_on_unexpected_status=True
    )

    # A breach affecting people in Germany: GDPR obligations follow.
    created = module("api.incidents.incidents_create").sync(
        client=api,
        body=models.IncidentRequest(
            title="Customer list e-mailed to the wrong recipient",
            detected_at=now - timedelta(hours=3),
            aware_at=now - timedelta(hours=2),
            role=models.RoleEnum.CONTROLLER,
            affected_subjects=[models.AffectedSubjectsRequest(country="DE", count=1200)],
            data_categories=[models.DataCategoriesEnum.CONTACT],
            records_count=1200,
            risk_level=models.RiskLevelEnum.RISK,
        ),
    )

    # The incident by its reference, with typed obligations and its ETag.
    read = module("api.incidents.incidents_retrieve").sync_detailed(
        id=created.reference, client=api
    )
    incident = read.parsed
    assert isinstance(incident, models.Incident) and incident.id == created.id
    assert {o.regime for o in incident.obligations} == {models.RegimeEnum.GDPR}
    etag = read.headers["ETag"]
    unchanged = module("api.incidents.incidents_retrieve").sync_detailed(
        id=incident.id, client=api, if_none_match=etag
    )
    assert unchanged.status_code == 304

    # Its GDPR obligations, and the Art. 33 notice recorded as sent.
    obligations = module("api.obligations.obligations_list").sync(
        client=api, incident=incident.id, regime=models.ObligationsListRegime.GDPR
    )
    notice = next(o for o in obligations.results if o.rule_id == "GDPR-SA")
    assert notice.legal_basis == "GDPR Art. 33(1)" and notice.due_at is not None
    submission = module("api.submissions.submissions_create").sync(
        client=api,
        body=models.SubmissionCreateRequest(
            obligation=notice.id,
            phase=models.PhaseEnum.INITIAL,
            submitted_at=now - timedelta(minutes=5),
            channel="DPC portal",
        ),
    )
    assert submission.obligation == notice.id and submission.late is False

    # The Art. 33 report: requested, polled until ready, downloaded with its SHA-256 checked.
    requested = module("api.reports.reports_create").sync(
        client=api,
        body=models.ReportRequestRequest(
            kind=models.KindEnum.GDPR_ART33, incident=incident.reference
        ),
    )
    retrieve = module("api.reports.reports_retrieve")
    document = retrieve.sync(id=requested.id, client=api)
    for _ in range(20):
        if document.status != models.ReportStatusEnum.QUEUED:
            break
        document = retrieve.sync(id=requested.id, client=api)
    assert document.status == models.ReportStatusEnum.READY, document.error
    download = module("api.reports.reports_download_retrieve").sync_detailed(
        id=document.id, client=api
    )
    pdf = download.parsed.payload.read()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert download.headers["X-Content-SHA256"] == document.sha256

    # A write with a stale ETag: 412, parsed into the error model; nothing changed.
    conflict = module("api.incidents.incidents_partial_update").sync_detailed(
        id=incident.reference,
        client=api,
        body=models.PatchedIncidentRequest(records_count=1300),
        if_match=f'"{incident.id}-0"',
    )
    assert conflict.status_code == 412
    assert isinstance(conflict.parsed, models.Error)
    assert conflict.parsed.code == "precondition_failed"

    # The breach register as a workbook.
    export = module("api.register.register_export_retrieve").sync_detailed(
        client=api, format_=models.RegisterExportRetrieveFormat.XLSX
    )
    workbook = openpyxl.load_workbook(BytesIO(export.parsed.payload.read()))
    cells = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
    assert incident.reference in cells
