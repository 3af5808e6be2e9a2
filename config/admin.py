"""Admin helpers shared by the apps."""

from __future__ import annotations


class ReadOnlyMixin:
    """Shown for reference; changes go through the app so each one is audited."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
