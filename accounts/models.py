"""API tokens (stored hashed) and the second-factor policy per role."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """An API token of one user: only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The first characters of the token, kept in clear to tell tokens apart (rows are found by
    # their hash).
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime) -> bool:
        """Tell whether the token is neither revoked nor expired at `now`."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class SecondFactorPolicy(models.Model):
    """Which roles must confirm every sign-in with a second factor (one row per deployment)."""

    required_roles = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "second-factor policy"
        verbose_name_plural = "second-factor policy"

    def __str__(self) -> str:
        roles = ", ".join(self.required_roles) or "no role"
        return f"Second factor required for: {roles}"

    @classmethod
    def current(cls) -> SecondFactorPolicy:
        """Return the one policy row, creating the empty default on first use."""
        policy = cls.objects.order_by("pk").first()
        return policy or cls.objects.create()


# Single sign-on lives in its own module; importing it registers its models.
from accounts.sso.models import GroupRoleMapping as GroupRoleMapping  # noqa: E402
from accounts.sso.models import SsoIdentity as SsoIdentity  # noqa: E402
