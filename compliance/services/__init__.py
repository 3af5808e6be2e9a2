"""Writes of the compliance side (split by concern; import from here)."""

from compliance.services.assessments import (
    assessment_compute,
    assessment_record,
    assessment_what_if,
    decision_record,
)
from compliance.services.obligations import (
    RecomputeResult,
    obligations_evaluate,
    obligations_recompute,
    obligations_refresh_overdue,
)
from compliance.services.overrides import regime_override_revoke, regime_override_set
from compliance.services.submissions import submission_is_late, submission_record

__all__ = [
    "RecomputeResult",
    "assessment_compute",
    "assessment_record",
    "assessment_what_if",
    "decision_record",
    "obligations_evaluate",
    "obligations_recompute",
    "obligations_refresh_overdue",
    "regime_override_revoke",
    "regime_override_set",
    "submission_is_late",
    "submission_record",
]
