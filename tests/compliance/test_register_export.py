"""Register export: CSV and XLSX with proper filenames, parsed back, formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from tests.factories import incident_create_for_test

URL = "/api/v1/register/export/"
pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def incidents(organisation: Any, personas: dict[str, Any]) -> None:
    """A normal breach and one whose title would run as a spreadsheet formula."""
    incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Mailbox read by an attacker",
        affected_subjects=[{"country": "DE", "count": 100}, {"country": "FR", "count": 5}],
        measures_taken="Reset passwords",
    )
    incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title='=HYPERLINK("http://evil.example","click")',
        detected_at=NOW - timedelta(days=2),
        aware_at=NOW - timedelta(days=2),
        risk_level="unlikely",
    )


def download(client: Any, **params: Any) -> Any:
    with time_machine.travel(NOW, tick=False):
        return client.get(URL, params)


def test_csv_is_streamed_as_an_attachment_and_parses_back(api_client_for, incidents) -> None:
    response = download(api_client_for("dpo"), format="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="breach-register-20261124T0900Z.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Reference"] for row in rows] == ["BD-2026-0002", "BD-2026-0001"]
    injected, mailbox = rows
    assert injected["Title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert injected["Authority notified"] == "no"
    assert "not notified" in injected["Reasoning for notifying or not (Art. 33(5))"]
    assert mailbox["Aware (UTC)"] == "2026-11-24T05:00:00Z"
    assert mailbox["Data subjects by country"] == "DE 100; FR 5"
    assert mailbox["Remedial action taken"] == "Reset passwords"


def test_xlsx_is_a_workbook_with_the_same_rows(api_client_for, incidents) -> None:
    response = download(api_client_for("executive"), format="xlsx", notified="false")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="breach-register-20261124T0900Z.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Breach register"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:2] == ["Reference", "Title"]
    assert len(rows) == 2
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    injected = by_reference["BD-2026-0002"]
    assert injected["Title"].startswith("'=")  # stored as text, never as a formula
    assert injected["Aware (UTC)"] == datetime(2026, 11, 22, 9, 0)
    assert by_reference["BD-2026-0001"]["Risk tier"] == "risk"


def test_unknown_format_is_a_400_in_json(api_client_for, incidents) -> None:
    response = download(api_client_for("dpo"), format="pdf")
    assert response.status_code == 400
    assert response.json() == {"format": ["Choose csv or xlsx."]}
    response = download(api_client_for("dpo"), format="csv", tier="severe")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["tier"]
