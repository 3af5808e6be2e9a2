"""Admin for alert sources and feeds (alerts are triaged in the app, not edited here)."""

from django.contrib import admin

from intake.models import Alert, AlertSource, Feed


@admin.register(AlertSource)
class AlertSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active", "created_at"]
    readonly_fields = ["created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Tokens are made and shown once by POST /api/v1/intake/sources/.
        return False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "last_polled_at", "last_status"]
    readonly_fields = ["etag", "modified", "last_polled_at", "last_status", "last_error"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "severity", "status", "count", "last_seen_at"]
    list_filter = ["status", "severity", "is_drill"]
    search_fields = ["title", "text", "dismiss_reason", "fingerprint"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
