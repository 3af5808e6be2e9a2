"""Which provider groups give which role, and which provider identity is which user."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from incidents.roles import ALL_ROLES, ROLE_LABELS


class GroupRoleMapping(models.Model):
    """One identity-provider group that gives one Breachdesk role (edited in the admin)."""

    group = models.CharField(
        max_length=255,
        help_text="The group exactly as the provider sends it in the groups claim "
        "(a name, a path such as /security, or an object ID for Entra ID).",
    )
    role = models.CharField(max_length=20, choices=[(r, ROLE_LABELS[r]) for r in ALL_ROLES])

    class Meta:
        app_label = "accounts"
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(fields=["group", "role"], name="unique_group_role_mapping")
        ]
        verbose_name = "group → role mapping"

    def __str__(self) -> str:
        return f"{self.group} → {self.role}"


class SsoIdentity(models.Model):
    """The provider's stable subject for a user: sign-ins find the user by it, never by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    # The groups the provider sent at the last sign-in, shown to the user and to admins.
    groups = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    last_sign_in_at = models.DateTimeField()

    class Meta:
        app_label = "accounts"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_sso_subject")
        ]
        verbose_name = "single sign-on identity"
        verbose_name_plural = "single sign-on identities"

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
