"""Report services: versions, stored files and hashes, audit, validation that stores nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from compliance.models import ReportDocument, ReportFacts
from compliance.reporting.services import report_generate, report_request
from compliance.tasks import report_generate_task
from config.errors import ValidationFailed
from incidents.models import AuditEvent, LegalEntity
from tests.compliance.reports.conftest import document_text, stored_files
from tests.reports.test_render_kinds import squash

pytestmark = pytest.mark.django_db


def test_regenerating_makes_a_new_version_and_keeps_the_old(eu_breach, generate, media_root):
    first = generate("gdpr-art33", incident=eu_breach)
    second = generate("gdpr-art33", incident=eu_breach)
    other_language = generate("gdpr-art34-notice", incident=eu_breach, language="zh-hans")
    english_letter = generate("gdpr-art34-notice", incident=eu_breach)
    assert (first.version, second.version) == (1, 2)
    assert (other_language.version, english_letter.version) == (1, 1)
    assert ReportDocument.objects.filter(incident=eu_breach, kind="gdpr-art33").count() == 2
    assert Path(first.file.path).is_file() and Path(second.file.path).is_file()
    assert first.file.name != second.file.name
    assert len(stored_files(media_root)) == 4


def test_stored_sha256_and_size_match_the_file(eu_breach, generate):
    document = generate("gdpr-art33", incident=eu_breach)
    content = Path(document.file.path).read_bytes()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.file.name.startswith(f"reports/{eu_breach.reference}/")
    assert document.filename == f"{eu_breach.reference}_gdpr-art33_en_v1.pdf"


def test_generation_is_audited_on_the_incident_timeline(eu_breach, generate, personas):
    document = generate("gdpr-art33", incident=eu_breach)
    event = AuditEvent.objects.get(action="report.generated", incident=eu_breach)
    assert event.actor == personas["dpo"]
    assert event.object_id == str(document.pk)
    assert event.changes["sha256"] == document.sha256
    assert event.changes["version"] == 1
    assert AuditEvent.objects.filter(action="report.requested", incident=eu_breach).exists()


def test_generated_event_is_emitted_when_notifications_provide_it(eu_breach, generate, monkeypatch):
    emitted = []
    # Compliance events reach the notifications app's event_emit (compliance/services/events.py).
    monkeypatch.setattr(
        "notifications.services.outbox.event_emit", lambda **kwargs: emitted.append(kwargs)
    )
    document = generate("gdpr-art33", incident=eu_breach)
    assert len(emitted) == 1
    assert emitted[0]["event"] == "report.generated"
    assert emitted[0]["incident"] == eu_breach and emitted[0]["obj"] == document
    assert emitted[0]["payload"]["report"]["sha256"] == document.sha256


def test_incomplete_report_is_a_draft_listing_its_gaps(eu_breach, generate):
    ReportFacts.objects.filter(incident=eu_breach).delete()
    eu_breach.description = ""
    eu_breach.save()
    document = generate("gdpr-art33", incident=eu_breach)
    assert document.status == "ready" and not document.is_final
    assert "Nature: description of the breach (Art. 33(3)(a))" in document.gaps
    assert document.filename.endswith("_draft.pdf")


def test_final_is_refused_while_facts_are_missing_and_nothing_is_stored(
    eu_breach, personas, media_root
):
    eu_breach.description = ""
    eu_breach.save()
    with pytest.raises(ValidationFailed) as error:
        report_request(actor=personas["dpo"], kind="gdpr-art33", incident=eu_breach, final=True)
    assert (
        "Missing: Nature: description of the breach (Art. 33(3)(a))" in error.value.fields["final"]
    )
    assert ReportDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_complete_report_can_be_final(eu_breach, generate):
    document = generate("gdpr-art33", incident=eu_breach, final=True)
    assert document.status == "ready" and document.is_final and document.gaps == []
    assert document.filename.endswith("_v1_final.pdf")


def test_final_fails_cleanly_when_facts_went_missing_before_rendering(
    eu_breach, personas, django_capture_on_commit_callbacks
):
    document = report_request(
        actor=personas["dpo"], kind="gdpr-art33", incident=eu_breach, final=True, enqueue=False
    )
    eu_breach.description = ""
    eu_breach.save()
    document = report_generate(document_id=document.pk)
    assert document.status == "failed" and not document.file
    assert "description of the breach" in document.error


@pytest.mark.parametrize(
    ("options", "field"),
    [
        pytest.param({"kind": "gdpr-art99"}, "kind", id="unknown-kind"),
        pytest.param({"kind": "gdpr-art33", "language": "zh-hans"}, "language", id="language"),
        pytest.param({"kind": "pipl-art57", "language": "fr"}, "language", id="unknown-language"),
        pytest.param({"kind": "gdpr-art33", "incident": None}, "incident", id="no-incident"),
        pytest.param(
            {"kind": "gdpr-art33", "period_from": date(2026, 1, 1)}, "period_from", id="period"
        ),
        pytest.param(
            {
                "kind": "register",
                "incident": None,
                "period_from": date(2026, 12, 31),
                "period_to": date(2026, 1, 1),
            },
            "period_to",
            id="period-ends-before-it-starts",
        ),
        pytest.param(
            {"kind": "register", "incident": None, "period_from": date(2026, 1, 1)},
            "period_to",
            id="register-without-end",
        ),
        pytest.param(
            {"kind": "register", "period_from": date(2026, 1, 1), "period_to": date(2026, 2, 1)},
            "incident",
            id="register-with-incident",
        ),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    eu_breach, personas, media_root, options, field
):
    arguments = {"incident": eu_breach, **options}
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as error:
        report_request(actor=personas["dpo"], **arguments)
    assert field in error.value.fields
    assert ReportDocument.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    assert stored_files(media_root) == []


def test_an_entity_not_concerned_by_the_incident_is_refused(eu_breach, personas):
    chinese = LegalEntity.objects.get(country="CN")
    with pytest.raises(ValidationFailed) as error:
        report_request(actor=personas["dpo"], kind="gdpr-art33", incident=eu_breach, entity=chinese)
    assert "entity" in error.value.fields
    assert ReportDocument.objects.count() == 0


def test_the_task_does_not_render_a_ready_document_again(eu_breach, generate):
    document = generate("gdpr-art33", incident=eu_breach)
    report_generate_task(document.pk)
    again = ReportDocument.objects.get(pk=document.pk)
    assert (again.sha256, again.file.name, again.generated_at) == (
        document.sha256,
        document.file.name,
        document.generated_at,
    )
    assert AuditEvent.objects.filter(action="report.generated").count() == 1


def test_register_excludes_drills_unless_asked(eu_breach, cn_breach, generate):
    cn_breach.is_drill = True
    cn_breach.save()
    period = {"period_from": date(2026, 11, 1), "period_to": date(2026, 11, 30)}
    without = generate("register", **period)
    with_drills = generate("register", include_drills=True, **period)
    assert (without.version, with_drills.version) == (1, 2)
    assert without.include_drills is False and with_drills.include_drills is True
    assert cn_breach.reference not in document_text(without)
    assert squash(f"{cn_breach.reference}") in document_text(with_drills)
    assert "(drill)" in document_text(with_drills)
