"""Which duty a Chinese report answers, and whether it is owed: read from the same obligation rows
the incident room shows, so the PDF never says more (or less) than the room."""

from __future__ import annotations

from compliance.models import Obligation, ObligationStatus
from compliance.reporting.labels import (
    AUTHORITY_ZH,
    CAC_AUTHORITY_BY_FLAG_ZH,
    EXEMPTION_OTHER_ZH,
    EXEMPTION_ZH,
    NO_DUTY_ZH,
)
from compliance.reporting.selectors.sources import (
    ReportSources,
    first_submission,
    is_cac_final,
    is_cac_initial,
    is_pipl_authority,
)
from incidents.choices import Status

PIPL_KIND, CAC_KIND = "pipl-art57", "cac-report"


def cac_phase(sources: ReportSources) -> str:
    """Initial until a report went; the summary report once handling ended (CAC Measures Art. 8)."""
    incident = sources.incident
    if incident.handling_ended_at is not None or incident.status == Status.CLOSED:
        return "final"
    return "follow-up" if first_submission(sources.obligation(is_cac_initial)) else "initial"


def report_duty(sources: ReportSources, kind: str) -> Obligation | None:
    """The obligation a Chinese report of this kind answers, if the incident has one."""
    if kind == PIPL_KIND:
        return sources.obligation(is_pipl_authority)
    return sources.obligation(is_cac_final if cac_phase(sources) == "final" else is_cac_initial)


def duty_state(obligation: Obligation | None) -> str:
    """'required', 'not-required' or 'none' (compliance.reporting.data.DUTY_STATES)."""
    if obligation is None:
        return "none"
    if obligation.status == ObligationStatus.NOT_REQUIRED:
        return "not-required"
    return "required"


def duty_reason_zh(kind: str, obligation: Obligation | None) -> str:
    """Why the report is not owed, in Chinese; empty when it is."""
    if obligation is None:
        return NO_DUTY_ZH[kind]
    if obligation.status != ObligationStatus.NOT_REQUIRED:
        return ""
    return EXEMPTION_ZH.get(obligation.exemption, EXEMPTION_OTHER_ZH)


def authority_zh(sources: ReportSources, regime: str) -> str:
    """The report's recipient: the entity's own authority, else the law's, named in Chinese.

    A CAC report of a critical-information-infrastructure operator or a state organ goes where
    CAC Measures Art. 4 sends it, whatever cyberspace office the entity names.
    """
    entity = sources.entity
    if entity is not None and regime == "CAC":
        for flag, name in CAC_AUTHORITY_BY_FLAG_ZH.items():
            if getattr(entity, flag, False):
                return name
    configured = entity.supervisory_authority.strip() if entity is not None else ""
    return configured or AUTHORITY_ZH[regime]
