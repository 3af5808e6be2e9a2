"""Reads that turn incidents and their rows into report dataclasses, and list stored reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from compliance.reporting.data import Report
from compliance.reporting.selectors.china import cac_report_build, pipl_art57_build
from compliance.reporting.selectors.documents import (
    incident_by_id_or_reference,
    report_document_list,
)
from compliance.reporting.selectors.duties import duty_state, report_duty
from compliance.reporting.selectors.gdpr import gdpr_art33_build, gdpr_art34_build
from compliance.reporting.selectors.overview import executive_summary_build, register_build
from compliance.reporting.selectors.sources import (
    ReportSources,
    is_authority_notice,
    is_subject_notice,
    report_sources_load,
)
from incidents.learning.report import review_report_build
from incidents.models import Incident, LegalEntity


def review_build(sources: ReportSources) -> Report:
    """The incident's post-incident review (a drill's carries its drill report)."""
    return review_report_build(review=sources.incident.review, now=sources.now, actor=sources.actor)


INCIDENT_BUILDERS: dict[str, Callable[[ReportSources], Report]] = {
    "gdpr-art33": gdpr_art33_build,
    "gdpr-art34-notice": gdpr_art34_build,
    "pipl-art57": pipl_art57_build,
    "cac-report": cac_report_build,
    "executive-summary": executive_summary_build,
    "review": review_build,
}
CHINESE_KINDS = ("pipl-art57", "cac-report")
# Kinds that speak for one company; the executive summary and register speak for the group.
ENTITY_KINDS = ("gdpr-art33", "gdpr-art34-notice", *CHINESE_KINDS)

__all__ = [
    "CHINESE_KINDS",
    "ENTITY_KINDS",
    "incident_by_id_or_reference",
    "report_build",
    "report_document_list",
    "report_entity_default",
    "report_kind_duties",
]


def report_entity_default(*, incident: Incident, kind: str) -> LegalEntity | None:
    """The company a report speaks for when none is named.

    Chinese kinds take the incident's Chinese entity (none when it has none); GDPR kinds the
    entity of the obligation to notify (or tell people), else the first entity outside China.
    """
    if kind not in ENTITY_KINDS:
        return None
    entities = list(incident.entities.all())
    if kind in CHINESE_KINDS:
        # Never a company outside China: its officer and authority have no place in these.
        return next((e for e in entities if e.country == "CN"), None)
    match = is_authority_notice if kind == "gdpr-art33" else is_subject_notice
    for obligation in incident.obligations.filter(applies=True).order_by("due_at", "pk"):
        if match(obligation) and obligation.entity_id in {e.pk for e in entities}:
            return next(e for e in entities if e.pk == obligation.entity_id)
    outside = [e for e in entities if e.country != "CN"]
    return (outside or entities or [None])[0]


def report_kind_duties(*, incident: Incident, now: datetime) -> dict[str, str]:
    """For each Chinese kind, whether its duty is owed ('required', 'not-required', 'none'):
    the same reading of the same rows as the PDF, so the room and the report agree."""
    states = {}
    for kind in CHINESE_KINDS:
        entity = report_entity_default(incident=incident, kind=kind)
        sources = report_sources_load(
            incident=incident, entity=entity, actor=None, now=now, language="zh-hans"
        )
        states[kind] = duty_state(report_duty(sources, kind))
    return states


def report_build(
    *,
    kind: str,
    language: str,
    now: datetime,
    incident: Incident | None = None,
    entity: LegalEntity | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    include_drills: bool = False,
    actor: Any = None,
) -> Report:
    """The report dataclass of a kind, built from the database as it is now."""
    if kind == "register":
        assert period_from is not None and period_to is not None
        return register_build(
            period_from=period_from,
            period_to=period_to,
            entity=entity,
            include_drills=include_drills,
            actor=actor,
            now=now,
        )
    assert incident is not None
    sources = report_sources_load(
        incident=incident, entity=entity, actor=actor, now=now, language=language
    )
    return INCIDENT_BUILDERS[kind](sources)
