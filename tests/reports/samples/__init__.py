"""Realistic, complete example reports of every kind, for tests and benchmarks (never imported at run time)."""

from __future__ import annotations

from compliance.reporting.data import Report

from .china import sample_cac_report, sample_pipl_art57
from .ireland import sample_gdpr_art33, sample_gdpr_art34_notice
from .overview import sample_executive_summary, sample_register
from .review import sample_drill_review, sample_review

__all__ = [
    "sample_cac_report",
    "sample_drill_review",
    "sample_executive_summary",
    "sample_gdpr_art33",
    "sample_gdpr_art34_notice",
    "sample_pipl_art57",
    "sample_register",
    "sample_reports",
    "sample_review",
]


def sample_reports(register_rows: int = 24) -> dict[str, Report]:
    """One complete report per kind, keyed by kind, plus 'gdpr-art34-notice-zh' and 'review-drill'."""
    return {
        "gdpr-art33": sample_gdpr_art33(),
        "pipl-art57": sample_pipl_art57(),
        "cac-report": sample_cac_report(),
        "gdpr-art34-notice": sample_gdpr_art34_notice("en"),
        "gdpr-art34-notice-zh": sample_gdpr_art34_notice("zh-hans"),
        "register": sample_register(register_rows),
        "executive-summary": sample_executive_summary(),
        "review": sample_review(),
        "review-drill": sample_drill_review(),
    }
