"""Signals before an incident: alerts from monitoring and public mentions, and their sources."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Keywords a new feed watches when the admin gives none: breach words in English and Chinese.
DEFAULT_FEED_KEYWORDS = ["data leak", "data breach", "breach", "泄露", "外洩", "個資", "数据泄露"]


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


class AlertStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISMISSED = "dismissed", _("Dismissed")
    PROMOTED = "promoted", _("Promoted")


OPEN_ALERT_STATUSES = (AlertStatus.NEW, AlertStatus.ACKNOWLEDGED)


class SourceKind(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring (generic JSON)")
    ALERTMANAGER = "alertmanager", _("Prometheus Alertmanager")
    FEED = "feed", _("Public mentions (RSS / Atom)")


def source_token_hash(token: str) -> str:
    """Tokens are stored as SHA-256 hashes, like API tokens: the secret is shown once."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def source_token_generate() -> str:
    """A fresh random source token."""
    return "bds_" + secrets.token_urlsafe(32)


class AlertSource(models.Model):
    """A system that sends alerts, with the token or signing secret that proves it is that system."""

    name = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(
        max_length=20, choices=SourceKind.choices, default=SourceKind.MONITORING
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hmac_secret = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    """One signal from a source, deduplicated by its fingerprint while it is open."""

    source = models.ForeignKey(AlertSource, on_delete=models.PROTECT, related_name="alerts")
    fingerprint = models.CharField(max_length=200)
    # The fingerprint while the alert is open, NULL once dismissed or promoted: a unique key over
    # it lets one INSERT … ON CONFLICT deduplicate concurrent arrivals, and a signal that comes
    # back after triage opens a new alert instead of vanishing into a closed one.
    open_key = models.CharField(  # noqa: DJ001 (NULL is what lets closed alerts share a key)
        max_length=200, null=True, blank=True, editable=False
    )
    group_key = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(max_length=14, choices=AlertStatus.choices, default=AlertStatus.NEW)
    first_seen_at = models.DateTimeField(help_text=_("When the source first observed the signal."))
    last_seen_at = models.DateTimeField()
    received_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)
    link = models.URLField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    is_drill = models.BooleanField(default=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )

    class Meta:
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "open_key"], name="alert_open_fingerprint"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in AlertStatus]),
                name="alert_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=[s.value for s in Severity]),
                name="alert_severity_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "-last_seen_at"], name="alert_queue")]

    def __str__(self) -> str:
        return f"{self.source.name}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ALERT_STATUSES


class Feed(models.Model):
    """An RSS or Atom feed watched for public mentions of a breach."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500, unique=True)
    keywords = models.JSONField(default=list, blank=True)
    source = models.ForeignKey(AlertSource, on_delete=models.PROTECT, related_name="feeds")
    is_active = models.BooleanField(default=True)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
