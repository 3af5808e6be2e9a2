"""Writes of report documents: request a version, render it, store it with its SHA-256, audit it."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from compliance.models import ReportDocument, ReportFacts, ReportStatus
from compliance.register import register_can_view
from compliance.reporting.completeness import completeness
from compliance.reporting.data import KIND_LANGUAGES, REPORT_KINDS
from compliance.reporting.dispatch import REPORT_GENERATE_TASK as REPORT_GENERATE_TASK
from compliance.reporting.dispatch import report_dispatch
from compliance.reporting.pdf import render_pdf
from compliance.reporting.selectors import (
    CHINESE_KINDS,
    ENTITY_KINDS,
    report_build,
    report_entity_default,
)
from compliance.services.events import event_emit_if_available
from config.errors import NotPermitted, ValidationFailed, version_check
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.learning.models import Review
from incidents.models import Incident, LegalEntity, OrganisationProfile

logger = logging.getLogger(__name__)

# Shown as the author of documents made with `manage.py report`.
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class ReportSpec:
    """A validated request: which report, for what, in which language."""

    kind: str
    language: str
    incident: Incident | None
    entity: LegalEntity | None
    period_from: date | None
    period_to: date | None
    include_drills: bool


def report_spec_validate(
    *,
    kind: str,
    incident: Incident | None = None,
    language: str | None = None,
    entity: LegalEntity | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    include_drills: bool = False,
) -> ReportSpec:
    """Check a report request, naming each bad field; fill in the default language and entity."""
    if kind not in REPORT_KINDS:
        raise ValidationFailed(
            "Unknown report kind.",
            fields={"kind": [f"Unknown report kind {kind!r}; one of: {', '.join(REPORT_KINDS)}."]},
        )
    errors: dict[str, list[str]] = {}
    languages = KIND_LANGUAGES[kind]
    language = language or languages[0]
    if language not in languages:
        errors["language"] = [f"{kind} is written in {' or '.join(languages)}, not {language!r}."]
    if kind == "register":
        errors.update(_period_errors(incident, period_from, period_to))
    else:
        if incident is None:
            errors["incident"] = [f"A {kind} report is about one incident; name it."]
        if period_from is not None or period_to is not None:
            errors["period_from"] = ["Only the register covers a period."]
    if kind == "review" and incident is not None and not _has_review(incident):
        errors["incident"] = [
            f"{incident.reference} has no review yet; open it once the incident is closed "
            f"(/incidents/{incident.reference}/review/ or POST /api/v1/reviews/)."
        ]
    if entity is not None and incident is not None and kind in ENTITY_KINDS:
        if not incident.entities.filter(pk=entity.pk).exists():
            errors["entity"] = [f"{entity.legal_name} is not concerned by {incident.reference}."]
    if entity is not None and kind in CHINESE_KINDS and entity.country.upper() != "CN":
        # Its officer and authority would appear in a Chinese report that is not theirs.
        errors["entity"] = [f"A {kind} report speaks for a Chinese company, not {entity}."]
    if errors:
        raise ValidationFailed("Invalid report request.", fields=errors)
    if entity is None and incident is not None:
        entity = report_entity_default(incident=incident, kind=kind)
    return ReportSpec(
        kind=kind,
        language=language,
        incident=incident if kind != "register" else None,
        entity=entity if kind in (*ENTITY_KINDS, "register") else None,
        period_from=period_from,
        period_to=period_to,
        include_drills=include_drills and kind == "register",
    )


def _has_review(incident: Incident) -> bool:
    """Whether the incident's post-incident review has been opened."""
    return Review.objects.filter(incident=incident).exists()


def _period_errors(
    incident: Incident | None, period_from: date | None, period_to: date | None
) -> dict[str, list[str]]:
    """GDPR Art. 33(5): the register covers every incident of a period, not one incident."""
    errors: dict[str, list[str]] = {}
    if incident is not None:
        errors["incident"] = ["The register covers a period; give period_from and period_to."]
    if period_from is None:
        errors["period_from"] = ["The register needs the first day of its period."]
    if period_to is None:
        errors["period_to"] = ["The register needs the last day of its period."]
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = [
            f"The period ends ({period_to:%Y-%m-%d}) before it starts ({period_from:%Y-%m-%d})."
        ]
    return errors


def report_kind_authorize(*, actor: Any, kind: str) -> None:
    """Refuse (403) the register to a person whose role does not read it: it lists every
    incident, and Legal and PR/Comms see only those they are on (README, roles)."""
    if kind == "register" and getattr(actor, "pk", None) and not register_can_view(actor):
        raise NotPermitted("Your role does not read the breach register.")


def report_spec_gaps(*, spec: ReportSpec, actor: Any = None, now: datetime) -> list[str]:
    """The required facts the report would lack if it were generated now."""
    report = report_build(**_build_arguments(spec), actor=actor, now=now)
    return completeness(report)


def _build_arguments(spec: ReportSpec) -> dict[str, Any]:
    """The spec as keyword arguments of report_build (no deep copy of the model instances)."""
    return {field.name: getattr(spec, field.name) for field in fields(ReportSpec)}


def _version_next(spec: ReportSpec) -> int:
    """One more than the highest version of the same report, under a lock on its subject."""
    if spec.incident is not None:
        Incident.objects.select_for_update().filter(pk=spec.incident.pk).first()
    else:
        OrganisationProfile.objects.select_for_update().filter(
            pk=OrganisationProfile.current().pk
        ).first()
    same = ReportDocument.objects.filter(
        kind=spec.kind, language=spec.language, incident=spec.incident, entity=spec.entity
    )
    if spec.incident is None:
        same = same.filter(period_from=spec.period_from, period_to=spec.period_to)
    return (same.aggregate(Max("version"))["version__max"] or 0) + 1


@write_transaction
def report_request(
    *,
    actor: Any,
    kind: str,
    incident: Incident | None = None,
    language: str | None = None,
    entity: LegalEntity | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    include_drills: bool = False,
    final: bool = False,
    enqueue: bool = True,
    now: datetime,
) -> ReportDocument:
    """Queue a new version of a report; refuse bad input and a final report with gaps."""
    report_kind_authorize(actor=actor, kind=kind)
    spec = report_spec_validate(
        kind=kind,
        incident=incident,
        language=language,
        entity=entity,
        period_from=period_from,
        period_to=period_to,
        include_drills=include_drills,
    )
    if final:
        gaps = report_spec_gaps(spec=spec, actor=actor, now=now)
        if gaps:
            raise ValidationFailed(
                "The report is incomplete and cannot be final.",
                fields={"final": [f"Missing: {gap}" for gap in gaps]},
            )
    document = ReportDocument.objects.create(
        incident=spec.incident,
        entity=spec.entity,
        kind=spec.kind,
        language=spec.language,
        version=_version_next(spec),
        is_final=final,
        period_from=spec.period_from,
        period_to=spec.period_to,
        include_drills=spec.include_drills,
        generated_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        now=now,
        actor=actor or COMMAND_LINE,
        action="report.requested",
        obj=document,
        incident=spec.incident,
        changes={"after": model_snapshot(document)},
    )
    if enqueue:
        # After the commit, so the worker finds the row; with the broker down the row waits for
        # the recovery sweep (compliance.reporting.dispatch) and the request still succeeds.
        transaction.on_commit(lambda: report_dispatch(document_id=document.pk, now=now))
    return document


@write_transaction
def report_generate(*, document_id: int, now: datetime) -> ReportDocument:
    """Render a queued document, store the PDF with its SHA-256, audit and announce it.

    A document that is already ready is returned as it is, so a retried task does no harm.
    """
    document = (
        ReportDocument.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("incident", "entity", "generated_by")
        .filter(pk=document_id)
        .first()
    )
    if document is None:  # another worker holds it: that render is running
        return ReportDocument.objects.get(pk=document_id)
    if document.status == ReportStatus.READY:
        return document
    actor = document.generated_by
    try:
        report = report_build(**_build_arguments(_spec_of(document)), actor=actor, now=now)
        gaps = completeness(report)
        # Facts may have changed since the request was accepted.
        if document.is_final and gaps:
            return _fail(document, f"Incomplete, cannot be final: {'; '.join(gaps)}", gaps, now=now)
        pdf = render_pdf(report, final=document.is_final)
    except Exception as exc:  # a failed render is recorded for the client that polls
        logger.exception("Rendering report document %s failed", document.pk)
        return _fail(document, f"{type(exc).__name__}: {exc}", [], now=now)
    document.gaps = gaps
    document.file.save(document.filename, ContentFile(pdf), save=False)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.size = len(pdf)
    document.generated_at = now
    document.status = ReportStatus.READY
    document.error = ""
    document.save()
    audit_record(
        now=now,
        actor=actor or COMMAND_LINE,
        action="report.generated",
        obj=document,
        incident=document.incident,
        changes=_summary(document),
    )
    _event_emit(document, now=now)
    return document


def _spec_of(document: ReportDocument) -> ReportSpec:
    return ReportSpec(**{field.name: getattr(document, field.name) for field in fields(ReportSpec)})


def _summary(document: ReportDocument) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "language": document.language,
        "version": document.version,
        "is_final": document.is_final,
        "gaps": document.gaps,
        "sha256": document.sha256,
        "size": document.size,
        "file": document.file.name,
    }


def _fail(
    document: ReportDocument, error: str, gaps: list[str], *, now: datetime
) -> ReportDocument:
    document.status = ReportStatus.FAILED
    document.error = error[:2000]
    document.gaps = gaps
    document.save(update_fields=["status", "error", "gaps"])
    audit_record(
        now=now,
        actor=document.generated_by or COMMAND_LINE,
        action="report.failed",
        obj=document,
        incident=document.incident,
        changes={"error": document.error},
    )
    return document


def _event_emit(document: ReportDocument, *, now: datetime) -> None:
    """Announce the document to subscribers (the notifications app, when installed)."""
    event_emit_if_available(
        now=now,
        event="report.generated",
        incident=document.incident,
        obj=document,
        payload={
            "report": {
                "id": document.pk,
                **_summary(document),
                "download_url": f"/api/v1/reports/{document.pk}/download/",
            }
        },
        actor=document.generated_by,
    )


@write_transaction
def report_facts_update(
    *,
    actor: Any,
    incident: Incident,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> ReportFacts:
    """Record the report-only facts of an incident (created on first write), audited.

    Blank facts that were never saved read as version 1, so the first write checks against it.
    """
    facts, _ = ReportFacts.objects.select_for_update().get_or_create(incident=incident)
    version_check(current=facts.version, expected=expected_version, what="report facts")
    before = model_snapshot(facts)
    for name, value in data.items():
        setattr(facts, name, value)
    facts.updated_by = actor if getattr(actor, "pk", None) else None
    facts.full_clean(exclude=["incident"])
    facts.version_bump()
    facts.save()
    changes = diff_snapshots(before, model_snapshot(facts))
    changes.pop("updated_at", None)
    changes.pop("updated_by_id", None)
    changes.pop("version", None)
    audit_record(
        now=now,
        actor=actor,
        action="report_facts.update",
        obj=facts,
        incident=incident,
        changes=changes,
    )
    return facts
