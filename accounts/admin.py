"""Admin for API tokens (read and revoke) and the second-factor policy (roles as checkboxes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils import timezone

from accounts.models import ApiToken, SecondFactorPolicy
from accounts.services import api_token_revoke
from accounts.sso import admin as sso_admin  # noqa: F401  (registers the mapping)
from incidents.roles import ALL_ROLES, ROLE_LABELS


class SecondFactorPolicyForm(forms.ModelForm):
    """Pick the roles that must use a second factor."""

    required_roles = forms.MultipleChoiceField(
        choices=[(role, ROLE_LABELS[role]) for role in ALL_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SecondFactorPolicy
        fields = ["required_roles"]


@admin.register(SecondFactorPolicy)
class SecondFactorPolicyAdmin(admin.ModelAdmin):
    form = SecondFactorPolicyForm
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request: Any) -> bool:
        return not SecondFactorPolicy.objects.exists()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["delete"])
    def revoke(self, request: Any, queryset: Any) -> None:
        now = timezone.now()
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, actor=request.user, now=now)
