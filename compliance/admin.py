"""Admin for obligations, assessments, submissions, regime decisions and report documents."""

from typing import Any

from django.contrib import admin

from compliance.models import (
    Obligation,
    RegimeOverride,
    ReportDocument,
    ReportFacts,
    RiskAssessment,
    Submission,
)


class ServiceWrittenAdmin(admin.ModelAdmin):
    """Shown for reference: these rows feed or come from the engine, so only their services write
    them (audited, under the incident's lock, with obligations and tasks recomputed)."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Obligation)
class ObligationAdmin(ServiceWrittenAdmin):
    list_display = ["incident", "regime", "legal_basis", "recipient", "due_at", "status", "applies"]
    list_filter = ["regime", "status", "applies"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ServiceWrittenAdmin):
    list_display = ["incident", "score", "band", "tier", "override_tier", "created_at"]


@admin.register(Submission)
class SubmissionAdmin(ServiceWrittenAdmin):
    list_display = ["obligation", "phase", "submitted_at", "channel", "late"]


@admin.register(ReportDocument)
class ReportDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "is_final", "generated_at", "generated_by", "sha256"]
    list_filter = ["kind", "language", "status", "is_final"]
    list_select_related = ["incident", "generated_by"]
    # Generated documents are evidence: they are made by the report service, never edited.
    readonly_fields = [field.name for field in ReportDocument._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ReportFacts)
class ReportFactsAdmin(ServiceWrittenAdmin):
    list_display = ["incident", "updated_at", "updated_by"]
    list_select_related = ["incident", "updated_by"]


@admin.register(RegimeOverride)
class RegimeOverrideAdmin(ServiceWrittenAdmin):
    list_display = ["incident", "regime", "action", "decided_by", "decided_at", "revoked_at"]
    list_filter = ["regime", "action"]
    list_select_related = ["incident", "decided_by"]
