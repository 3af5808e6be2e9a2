"""Admin for the drill scenario library (editable); reviews and drills read-only.

Imported at the end of incidents.admin, so these pages belong to the incidents app.
"""

from typing import Any

from django.contrib import admin

from config.admin import ReadOnlyMixin
from incidents.learning.models import CorrectiveAction, Drill, DrillScenario, Review


@admin.register(DrillScenario)
class DrillScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "is_active", "is_builtin"]
    list_filter = ["is_active", "is_builtin"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        # A built-in scenario keeps its key, or the next migrate would create it again.
        return ["key"] if obj is not None and obj.is_builtin else []

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        # A built-in scenario is switched off, not deleted (it would come back on migrate).
        return super().has_delete_permission(request, obj) and not (obj and obj.is_builtin)


class CorrectiveActionInline(ReadOnlyMixin, admin.TabularInline):
    model = CorrectiveAction
    extra = 0
    fields = ["title", "category", "team", "owner", "due_at", "status"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["incident", "status", "root_cause", "completed_at"]
    list_filter = ["status", "root_cause"]
    search_fields = ["incident__reference", "incident__title"]
    inlines = [CorrectiveActionInline]


@admin.register(Drill)
class DrillAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["incident", "scenario", "clock_mode", "speed_factor", "started_at", "ended_at"]
    list_filter = ["clock_mode", "scenario"]
