"""Stored report documents: what was asked for, its status, and the PDF with its SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, LegalEntity


class ReportKind(models.TextChoices):
    # The values are the pure renderer's kinds (compliance.reporting.data.REPORT_KINDS).
    GDPR_ART33 = "gdpr-art33", _("GDPR Art. 33 notification to the supervisory authority")
    PIPL_ART57 = "pipl-art57", _("PIPL Art. 57 report (Chinese)")
    CAC_REPORT = "cac-report", _("CAC cybersecurity incident report (Chinese)")
    GDPR_ART34_NOTICE = "gdpr-art34-notice", _("GDPR Art. 34 notice to data subjects")
    REGISTER = "register", _("GDPR Art. 33(5) breach register")
    EXECUTIVE_SUMMARY = "executive-summary", _("Executive summary")
    REVIEW = "review", _("Post-incident review")


class ReportLanguage(models.TextChoices):
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def report_upload_to(document: ReportDocument, filename: str) -> str:
    """Store documents under MEDIA_ROOT/reports/<incident reference or 'register'>/."""
    folder = document.incident.reference if document.incident_id else "register"
    return f"reports/{folder}/{filename}"


class ReportDocument(models.Model):
    """One generated version of a report: what was asked, the stored PDF and its SHA-256."""

    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    # The company the document speaks for (controller, PI handler); reports are per entity.
    entity = models.ForeignKey(
        LegalEntity, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(max_length=24, choices=ReportKind.choices)
    language = models.CharField(max_length=8, choices=ReportLanguage.choices)
    # Counts up per incident, kind, language and entity (per period for the register).
    version = models.PositiveIntegerField()
    is_final = models.BooleanField(default=False)
    gaps = models.JSONField(default=list, blank=True)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    include_drills = models.BooleanField(default=False)
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    # When the render was last handed to the broker (empty while the broker was down), and how
    # many times: the recovery sweep hands it again when it waits too long (docs/concurrency.md).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatches = models.PositiveSmallIntegerField(default=0)
    generated_at = models.DateTimeField(null=True, blank=True)
    # Empty when generated from the command line.
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sha256 = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "kind", "language", "entity", "version"],
                name="report_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(period_from__isnull=True)
                | models.Q(period_to__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="report_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="register") | models.Q(incident__isnull=False),
                name="report_incident_unless_register",
            ),
        ]
        indexes = [
            models.Index(fields=["incident", "kind", "-requested_at"], name="report_incident_kind"),
        ]

    def __str__(self) -> str:
        subject = self.incident.reference if self.incident_id else self.period_label
        return f"{subject} {self.kind} {self.language} v{self.version}"

    @property
    def period_label(self) -> str:
        """The register period as text, empty for incident reports."""
        if self.period_from and self.period_to:
            return f"{self.period_from:%Y-%m-%d}_{self.period_to:%Y-%m-%d}"
        return ""

    @property
    def filename(self) -> str:
        """The download name, e.g. BD-2026-0001_gdpr-art33_en_v2_final.pdf."""
        if self.incident_id:
            stem = f"{self.incident.reference}_{self.kind}"
        else:
            stem = f"{self.kind}_{self.period_label}"
        # Only a document with gaps carries the DRAFT mark, so only its name says so.
        state = "_final" if self.is_final else ("_draft" if self.gaps else "")
        return f"{stem}_{self.language}_v{self.version}{state}.pdf"
