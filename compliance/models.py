"""Obligations derived by the engine, risk assessments and regulator submissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, LegalEntity


class ObligationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    NOT_REQUIRED = "not_required", _("Not required")
    SUBMITTED = "submitted", _("Submitted")
    SUBMITTED_LATE = "submitted_late", _("Submitted late")
    OVERDUE = "overdue", _("Overdue")


class Obligation(models.Model):
    """A duty to notify someone, derived from an incident's facts, with its legal terms snapshotted."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="obligations")
    entity = models.ForeignKey(
        LegalEntity, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    rule_id = models.CharField(max_length=40)
    regime = models.CharField(max_length=20)
    legal_basis = models.CharField(max_length=120)
    recipient = models.CharField(max_length=300)
    trigger = models.TextField(blank=True)
    clock_event = models.CharField(max_length=40)
    clock_start = models.DateTimeField(null=True, blank=True)
    unit = models.CharField(max_length=8)
    duration = models.PositiveIntegerField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    target_at = models.DateTimeField(null=True, blank=True)
    statutory = models.BooleanField(default=True)
    status = models.CharField(
        max_length=16, choices=ObligationStatus.choices, default=ObligationStatus.PENDING
    )
    exemption = models.CharField(max_length=200, blank=True)
    explanation = models.TextField(blank=True)
    content_checklist = models.JSONField(default=list, blank=True)
    # Kept when recomputation finds the duty no longer applies, so nothing recorded is lost.
    applies = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "target_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "rule_id", "entity"], name="obligation_unique_rule_entity"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="obligation_status_due"),
            models.Index(fields=["status", "target_at"], name="obligation_status_target"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_basis} → {self.recipient}"


class RiskAssessment(models.Model):
    """An ENISA severity assessment of an incident, with the tier it yields and who made it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assessments")
    inputs = models.JSONField(default=dict)
    score = models.DecimalField(max_digits=5, decimal_places=2)
    band = models.CharField(max_length=12)
    tier = models.CharField(max_length=10)
    override_tier = models.CharField(max_length=10, blank=True)
    override_rationale = models.TextField(blank=True)
    consequences = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.effective_tier} ({self.band}, {self.score})"

    @property
    def effective_tier(self) -> str:
        """The tier that drives notifiability: the override when one is given."""
        return self.override_tier or self.tier


class SubmissionPhase(models.TextChoices):
    INITIAL = "initial", _("Initial")
    FOLLOW_UP = "follow_up", _("Follow-up")
    FINAL = "final", _("Final")


class Submission(models.Model):
    """A notice actually sent for an obligation (GDPR Art. 33(4) allows it in phases)."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="submissions")
    phase = models.CharField(max_length=10, choices=SubmissionPhase.choices)
    submitted_at = models.DateTimeField()
    channel = models.CharField(max_length=100)
    regulator_reference = models.CharField(max_length=100, blank=True)
    delay_reasons = models.TextField(blank=True)
    late = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.submitted_at:%Y-%m-%d %H:%M} via {self.channel}"
