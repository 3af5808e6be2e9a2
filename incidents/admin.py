"""Admin for incidents, the organisation, teams and the (read-only) audit trail."""

from django.contrib import admin

from incidents.models import AuditEvent, Incident, LegalEntity, OrganisationProfile, Team


class LegalEntityInline(admin.StackedInline):
    model = LegalEntity
    extra = 0


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    inlines = [LegalEntityInline]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "status",
        "detected_at",
        "aware_at",
        "risk_level",
        "is_drill",
    ]
    list_filter = ["status", "risk_level", "is_drill", "role"]
    search_fields = ["reference", "title"]
    readonly_fields = ["reference", "version", "subjects_total"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lead"]
    filter_horizontal = ["members"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "incident"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
