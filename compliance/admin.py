"""Admin for obligations, assessments and submissions."""

from django.contrib import admin

from compliance.models import Obligation, RiskAssessment, Submission


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["incident", "regime", "legal_basis", "recipient", "due_at", "status", "applies"]
    list_filter = ["regime", "status", "applies"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    list_display = ["incident", "score", "band", "tier", "override_tier", "created_at"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["obligation", "phase", "submitted_at", "channel", "late"]
