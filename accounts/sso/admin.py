"""Admin for the group → role mapping and the single sign-on identities (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from accounts.sso.models import GroupRoleMapping, SsoIdentity


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(admin.ModelAdmin):
    list_display = ["group", "role"]
    list_filter = ["role"]
    search_fields = ["group"]


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "subject", "issuer", "groups", "last_sign_in_at"]
    search_fields = ["user__username", "subject"]
    readonly_fields = [f.name for f in SsoIdentity._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
