"""DRF permission classes driven by roles (incidents.roles)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from incidents.roles import has_capability, user_roles


class RolePermission(BasePermission):
    """Reads need any role; writes need the view's `write_capability` (default: incident.update).

    A view may set `read_capability` and `write_capability`, or `capability_by_action`
    mapping viewset actions to capabilities.
    """

    message = "Your role does not allow this action."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not user_roles(user):
            return False
        capability = self._capability(request, view)
        return capability is None or has_capability(user, capability)

    def _capability(self, request: Any, view: Any) -> str | None:
        action = getattr(view, "action", None)
        by_action = getattr(view, "capability_by_action", {}) or {}
        if action in by_action:
            return by_action[action]
        if request.method in SAFE_METHODS:
            return getattr(view, "read_capability", None)
        return getattr(view, "write_capability", "incident.update")
