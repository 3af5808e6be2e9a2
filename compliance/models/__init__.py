"""The compliance app's models: obligations and the records around them, and report documents.

Django loads this one module per app; each model lives in the module named for its subject.
"""

from compliance.models.figures_version import FiguresVersion
from compliance.models.obligations import (
    ExfiltrationAnswer,
    Obligation,
    ObligationStatus,
    Regime,
    RegimeAction,
    RegimeOverride,
    ReportFacts,
    RiskAssessment,
    SubjectsInformed,
    Submission,
    SubmissionPhase,
)
from compliance.models.reports import (
    ReportDocument,
    ReportKind,
    ReportLanguage,
    ReportStatus,
    report_upload_to,
)

__all__ = [
    "ExfiltrationAnswer",
    "FiguresVersion",
    "Obligation",
    "ObligationStatus",
    "Regime",
    "RegimeAction",
    "RegimeOverride",
    "ReportDocument",
    "ReportFacts",
    "ReportKind",
    "ReportLanguage",
    "ReportStatus",
    "RiskAssessment",
    "SubjectsInformed",
    "Submission",
    "SubmissionPhase",
    "report_upload_to",
]
