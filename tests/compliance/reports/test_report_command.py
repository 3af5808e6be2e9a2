"""manage.py report: writes the PDF, keeps a version, refuses bad input storing nothing."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from compliance.models import ReportDocument
from incidents.models import AuditEvent
from tests.compliance.reports.conftest import stored_files

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_writes_the_pdf_and_stores_a_version_without_a_user(eu_breach, tmp_path):
    target = tmp_path / "art33.pdf"
    output = run("gdpr-art33", eu_breach.reference, "-o", str(target))
    document = ReportDocument.objects.get()
    content = target.read_bytes()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.generated_by is None and document.version == 1
    assert document.sha256 in output
    event = AuditEvent.objects.get(action="report.generated")
    assert event.actor_label == "command line" and event.incident_id == eu_breach.pk
    run("gdpr-art33", eu_breach.reference, "-o", str(target))
    assert (
        ReportDocument.objects.get(version=2).sha256
        == hashlib.sha256(target.read_bytes()).hexdigest()
    )


def test_language_and_final_options(eu_breach, cn_breach, tmp_path):
    output = run(
        "gdpr-art34-notice",
        eu_breach.reference,
        "--language",
        "zh-hans",
        "-o",
        str(tmp_path / "a.pdf"),
    )
    assert "missing: 发生了什么" in output
    run("cac-report", cn_breach.reference.lower(), "--final", "-o", str(tmp_path / "cac.pdf"))
    assert ReportDocument.objects.get(kind="cac-report").is_final


def test_register_takes_from_and_to(eu_breach, cn_breach, tmp_path):
    target = tmp_path / "register.pdf"
    run("register", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(target))
    document = ReportDocument.objects.get(kind="register")
    assert (str(document.period_from), str(document.period_to)) == ("2026-11-01", "2026-11-30")
    assert target.stat().st_size == document.size


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("gdpr-art99", "{ref}"), "KIND: Unknown report kind", id="unknown-kind"),
        pytest.param(
            ("gdpr-art33", "BD-1999-0042"), "No incident with reference", id="unknown-ref"
        ),
        pytest.param(("gdpr-art33",), "INCIDENT_REFERENCE: A gdpr-art33 report", id="no-ref"),
        pytest.param(
            ("register", "--from", "2026-12-31", "--to", "2026-01-01"),
            "--to: The period ends (2026-01-01) before it starts (2026-12-31).",
            id="period-ends-before-it-starts",
        ),
        pytest.param(("register", "--from", "2026-01-01"), "--to:", id="register-without-end"),
        pytest.param(
            ("register", "{ref}", "--from", "2026-01-01", "--to", "2026-02-01"),
            "INCIDENT_REFERENCE: The register covers a period",
            id="register-with-reference",
        ),
        pytest.param(("register", "--from", "31/12/2026"), "not a date", id="bad-date"),
        pytest.param(("gdpr-art33", "{ref}", "--language", "zh-hans"), "--language:", id="lang"),
        pytest.param(("gdpr-art33", "{ref}", "--entity", "ZZ"), "No single legal entity", id="ent"),
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(
    eu_breach, tmp_path, media_root, args, message
):
    target = tmp_path / "out.pdf"
    arguments = [arg.replace("{ref}", eu_breach.reference) for arg in args]
    with pytest.raises(CommandError) as error:
        run(*arguments, "-o", str(target))
    assert message in str(error.value)
    assert ReportDocument.objects.count() == 0
    assert stored_files(media_root) == [] and not target.exists()


def test_final_with_gaps_is_refused(eu_breach, tmp_path, media_root):
    eu_breach.description = ""
    eu_breach.save()
    with pytest.raises(CommandError) as error:
        run("gdpr-art33", eu_breach.reference, "--final", "-o", str(tmp_path / "x.pdf"))
    assert "--final: Missing: Nature: description of the breach" in str(error.value)
    assert ReportDocument.objects.count() == 0 and stored_files(media_root) == []


def test_a_missing_output_folder_is_refused_before_anything_is_stored(eu_breach, tmp_path):
    target = Path(tmp_path / "no" / "such" / "folder" / "x.pdf")
    with pytest.raises(CommandError, match="does not exist"):
        run("gdpr-art33", eu_breach.reference, "-o", str(target))
    assert ReportDocument.objects.count() == 0
