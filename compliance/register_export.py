"""The breach register as CSV (streamed row by row) and XLSX (spooled, then streamed)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from compliance.register import RegisterEntry, register_entry
from incidents.models import Incident

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500

COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "Reference"),
    ("title", "Title"),
    ("is_drill", "Drill"),
    ("status", "Status"),
    ("detected_at", "Detected (UTC)"),
    ("aware_at", "Aware (UTC)"),
    ("occurred_from", "Occurred from (UTC)"),
    ("occurred_to", "Occurred to (UTC)"),
    ("nature", "Nature (breach types)"),
    ("incident_type", "Incident type"),
    ("root_cause", "Root cause"),
    ("data_categories", "Data categories"),
    ("subjects_total", "Data subjects"),
    ("subjects_by_country", "Data subjects by country"),
    ("records_count", "Records"),
    ("effects", "Effects (likely consequences)"),
    ("remedial_action", "Remedial action taken"),
    ("measures_proposed", "Measures proposed"),
    ("tier", "Risk tier"),
    ("tier_source", "Tier source"),
    ("assessment_score", "ENISA score"),
    ("assessment_band", "ENISA band"),
    ("regimes", "Regimes"),
    ("notified", "Authority notified"),
    ("notified_at", "First notified (UTC)"),
    ("late", "Notified late"),
    ("delay_reasons", "Reasons for delay"),
    ("subjects_notified", "Data subjects notified"),
    ("reasoning", "Reasoning for notifying or not (Art. 33(5))"),
)


def export_filename(extension: str, now: datetime) -> str:
    """breach-register-20261124T0900Z.csv: sortable and free of characters that need quoting."""
    return f"breach-register-{now.astimezone(UTC):%Y%m%dT%H%MZ}.{extension}"


def cell_safe(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula by quoting its first character."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _text(name: str, value: Any) -> Any:
    """Flatten one register value into a cell: lists joined, countries paired with counts."""
    if name == "subjects_by_country":
        return "; ".join(
            f"{row.get('region') or row['country']} {row.get('count') or 0}" for row in value
        )
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def entries(queryset: QuerySet[Incident], *, now: datetime) -> Iterator[RegisterEntry]:
    """Register entries in chunks, with their related rows prefetched per chunk."""
    for incident in queryset.iterator(chunk_size=CHUNK):
        yield register_entry(incident, now=now)


def csv_rows(items: Iterable[RegisterEntry]) -> Iterator[list[str]]:
    """The header and one row per incident, as text; datetimes in ISO 8601 UTC."""
    yield [label for _, label in COLUMNS]
    for entry in items:
        row = []
        for name, _ in COLUMNS:
            value = _text(name, getattr(entry, name))
            if isinstance(value, datetime):
                value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            row.append(cell_safe("" if value is None else str(value)))
        yield row


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a generator."""

    def write(self, value: str) -> str:
        return value


def register_csv_response(queryset: QuerySet[Incident], *, now: datetime) -> StreamingHttpResponse:
    """Stream the register as CSV, one line at a time (UTF-8 with a BOM for spreadsheets)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in csv_rows(entries(queryset, now=now)):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename("csv", now)}"'
    return response


def _xlsx_value(value: Any) -> Any:
    """A cell value openpyxl accepts: naive UTC datetimes, safe text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        return cell_safe(value)
    return value


def register_xlsx_response(queryset: QuerySet[Incident], *, now: datetime) -> FileResponse:
    """Write the register to a spooled workbook and stream the file back in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Breach register")
    bold = Font(bold=True)
    header = []
    for _, label in COLUMNS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for entry in entries(queryset, now=now):
        row = []
        for name, _ in COLUMNS:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(_text(name, getattr(entry, name))))
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            row.append(cell)
        sheet.append(row)
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=export_filename("xlsx", now),
        content_type=XLSX_TYPE,
    )
