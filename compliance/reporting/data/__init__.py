"""Frozen dataclasses that carry the facts of each report kind to the PDF renderer.

Selectors build these from the database; the renderer only reads them. Every datetime must be
timezone-aware (naive ones raise ``ValueError``); missing facts are ``None`` or empty.
"""

from __future__ import annotations

from compliance.reporting.data.notices import (
    CAC_GRADES,
    DUTY_STATES,
    LANGUAGES,
    PHASES,
    RISK_OUTCOMES,
    CacReport,
    Contact,
    CountryCount,
    GdprArt33Report,
    GdprArt34Notice,
    InvolvedParty,
    Measure,
    NoticeToBody,
    Organisation,
    PiplArt57Report,
    RansomDetails,
    RegisterReport,
    RegisterRow,
    ReportHeader,
)
from compliance.reporting.data.summaries import (
    CorrectiveActionLine,
    DrillSection,
    DrillTeamLine,
    ExecutiveSummaryReport,
    IncidentSummary,
    KeyDecision,
    NoticeResult,
    ObligationLine,
    ReviewReport,
    StatementResult,
    TaskCount,
)

Report = (
    GdprArt33Report
    | PiplArt57Report
    | CacReport
    | GdprArt34Notice
    | RegisterReport
    | ExecutiveSummaryReport
    | ReviewReport
)

REPORT_CLASSES: dict[str, type] = {
    cls.kind: cls
    for cls in (
        GdprArt33Report,
        PiplArt57Report,
        CacReport,
        GdprArt34Notice,
        RegisterReport,
        ExecutiveSummaryReport,
        ReviewReport,
    )
}
REPORT_KINDS = tuple(REPORT_CLASSES)

# Kinds whose wording exists in one language only.
KIND_LANGUAGES: dict[str, tuple[str, ...]] = {
    "gdpr-art33": ("en",),
    "pipl-art57": ("zh-hans",),
    "cac-report": ("zh-hans",),
    "gdpr-art34-notice": ("en", "zh-hans"),
    "register": ("en",),
    "executive-summary": ("en",),
    "review": ("en",),
}


__all__ = [
    "CAC_GRADES",
    "DUTY_STATES",
    "KIND_LANGUAGES",
    "LANGUAGES",
    "PHASES",
    "REPORT_CLASSES",
    "REPORT_KINDS",
    "RISK_OUTCOMES",
    "CacReport",
    "Contact",
    "CorrectiveActionLine",
    "CountryCount",
    "DrillSection",
    "DrillTeamLine",
    "ExecutiveSummaryReport",
    "GdprArt33Report",
    "GdprArt34Notice",
    "IncidentSummary",
    "InvolvedParty",
    "KeyDecision",
    "Measure",
    "NoticeResult",
    "NoticeToBody",
    "ObligationLine",
    "Organisation",
    "PiplArt57Report",
    "RansomDetails",
    "RegisterReport",
    "RegisterRow",
    "Report",
    "ReportHeader",
    "ReviewReport",
    "StatementResult",
    "TaskCount",
]
