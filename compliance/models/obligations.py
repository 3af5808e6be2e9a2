"""Obligations derived by the engine, risk assessments, submissions, report facts, regime decisions."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from compliance.vocabulary import (
    CLOCK_EVENT_CHOICES,
    REGIME_NAMES,
    RULE_CHOICES,
    UNIT_CHOICES,
    vocabulary_constraints,
)
from config.versioned import VersionedModel
from incidents.models import Incident, LegalEntity


class ObligationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    NOT_REQUIRED = "not_required", _("Not required")
    SUBMITTED = "submitted", _("Submitted")
    SUBMITTED_LATE = "submitted_late", _("Submitted late")
    OVERDUE = "overdue", _("Overdue")
    TO_DOCUMENT = "to_document", _("To document")  # Art. 33(5) register entries: records
    DOCUMENTED = "documented", _("Documented")


REGIME_LABELS = {
    "GDPR": _("EU GDPR"),
    "UK_GDPR": _("UK GDPR"),
    "PIPL": _("China PIPL"),
    "CAC": _("CAC Incident Reporting Measures"),
}
# One choice per regime of the engine's table (codes such as "US-CA" are not identifiers, so
# the member names replace the hyphen); the first four keep their translated labels.
Regime = models.TextChoices(  # type: ignore[misc]
    "Regime",
    [
        (code.replace("-", "_"), (code, REGIME_LABELS.get(code, name)))
        for code, name in REGIME_NAMES.items()
    ],
)


class Obligation(models.Model):
    """A duty to notify someone, derived from an incident's facts, with its legal terms snapshotted."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="obligations")
    entity = models.ForeignKey(
        LegalEntity, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    rule_id = models.CharField(max_length=40, choices=RULE_CHOICES)
    regime = models.CharField(max_length=20, choices=Regime.choices)
    legal_basis = models.CharField(max_length=120)
    recipient = models.CharField(max_length=300)
    trigger = models.TextField(blank=True)
    clock_event = models.CharField(max_length=40, choices=CLOCK_EVENT_CHOICES)
    clock_start = models.DateTimeField(null=True, blank=True)
    unit = models.CharField(max_length=8, choices=UNIT_CHOICES)
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
    # What a proposed law would ask instead (label, legal_basis, due_at, duty, note); never owed.
    projection = models.JSONField(null=True, blank=True)
    # Kept when recomputation finds the duty no longer applies, so nothing recorded is lost.
    applies = models.BooleanField(default=True)
    # Copied from the initial submission: when the notice went out and whether after due_at.
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "target_at", "pk"]
        # One row per (rule, entity); NULL entities are distinct in SQL, so they get their own.
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "rule_id", "entity"],
                condition=models.Q(entity__isnull=False),
                name="obligation_unique_rule_entity",
            ),
            models.UniqueConstraint(
                fields=["incident", "rule_id"],
                condition=models.Q(entity__isnull=True),
                name="obligation_unique_rule_no_entity",
            ),
            # Only what the engine writes (compliance.vocabulary takes it from its tables).
            *vocabulary_constraints("obligation", statuses=ObligationStatus.values),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="obligation_status_due"),
            models.Index(fields=["status", "target_at"], name="obligation_status_target"),
            # The sweep's "what slipped" (obligations_refresh_overdue): only pending duties, by
            # their limit, so the minute's UPDATE reads what has just passed and nothing else.
            models.Index(
                Coalesce("due_at", "target_at"),
                condition=models.Q(status="pending", applies=True),
                name="obligation_pending_limit",
            ),
            # The deadline board's default view: open duties, soonest limit first (its order).
            models.Index(
                Coalesce("due_at", "target_at"),
                "id",
                condition=models.Q(status__in=["pending", "overdue"], applies=True),
                name="obligation_open_limit",
            ),
            # The board's filter menus skip through it, one probe per distinct pair.
            models.Index(
                fields=["regime", "recipient"],
                condition=models.Q(applies=True),
                name="obligation_regime_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_basis} → {self.recipient}"

    @property
    def limit_at(self) -> datetime | None:
        """The statutory due time, or the internal target of an ASAP duty."""
        return self.due_at if self.due_at is not None else self.target_at

    def status_at(self, now: datetime) -> str:
        """The status at `now`: a pending duty whose limit has passed reads as overdue."""
        limit = self.limit_at
        if self.status == ObligationStatus.PENDING and self.applies and limit and now > limit:
            return ObligationStatus.OVERDUE
        return self.status


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
    # The inputs that produced the score, largest contribution first, as the explanation names them.
    deciding_factors = models.JSONField(default=list, blank=True)
    decision = models.JSONField(default=dict, blank=True)  # Art. 33/34 verdicts (decision.py)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A DPO override keeps its written rationale (docs/regulations.md, "Risk tier").
            models.CheckConstraint(
                condition=models.Q(override_tier="") | ~models.Q(override_rationale=""),
                name="assessment_override_has_rationale",
            ),
        ]

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
    # The generated report that was sent; its stored SHA-256 shows it was not altered since.
    document = models.ForeignKey(
        "compliance.ReportDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.submitted_at:%Y-%m-%d %H:%M} via {self.channel}"


class ExfiltrationAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    LIKELY = "likely", _("Likely")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Cannot tell yet")


class SubjectsInformed(models.TextChoices):
    # The renderer's codes for GDPR Art. 34 (compliance.reporting.pdf.kinds.gdpr_art33).
    YES = "yes", _("Yes")
    PLANNED = "planned", _("Planned")
    NOT_HIGH_RISK = "no-not-high-risk", _("No — not likely to result in a high risk")
    EXEMPTION = "no-exemption", _("No — an Art. 34(3) exemption applies")


class ReportFacts(VersionedModel):
    """Facts only regulators' forms ask for, kept beside the incident and filled in by the DPO.

    Free text with one item per line where a report lists several (impacts, protections, advice).
    """

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, primary_key=True, related_name="report_facts"
    )
    # GDPR Art. 33 forms: the person reporting (defaults to the one generating the report).
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_role = models.CharField(max_length=200, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_phone = models.CharField(max_length=50, blank=True)
    discovery_details = models.TextField(blank=True)
    ongoing = models.BooleanField(default=False)
    exfiltrated = models.CharField(max_length=8, choices=ExfiltrationAnswer.choices, blank=True)
    exfiltration_evidence = models.TextField(blank=True)
    protection_in_place = models.TextField(blank=True)
    likely_impacts = models.TextField(blank=True)
    # GDPR Art. 33(1): a notice after 72 hours gives the reasons for the delay.
    delay_reasons = models.TextField(blank=True)
    subjects_informed = models.CharField(
        max_length=20, choices=SubjectsInformed.choices, blank=True
    )
    subjects_informed_at = models.DateTimeField(null=True, blank=True)
    subjects_informed_details = models.TextField(blank=True)
    # [{"body": "Police", "notified_at": "2026-…Z", "reference": "…"}]
    other_bodies = models.JSONField(default=list, blank=True)
    # UK ICO form only: data-protection training of the staff involved in the last two years.
    staff_training = models.TextField(blank=True)
    # GDPR Art. 34 letter: what happened, in plain words (default: the incident's description).
    notice_what_happened = models.TextField(blank=True)
    # GDPR Art. 34 letter and PIPL Art. 57(1)(2): what people can do to protect themselves.
    advice_to_individuals = models.TextField(blank=True)
    # Simplified Chinese wording for the PIPL and CAC reports and the Chinese letter; the
    # incident's own text is used only when it is written in Chinese.
    notice_what_happened_zh = models.TextField(blank=True)
    advice_to_individuals_zh = models.TextField(blank=True)
    consequences_zh = models.TextField(blank=True)
    measures_taken_zh = models.TextField(blank=True)
    measures_proposed_zh = models.TextField(blank=True)
    notice_signatory_name = models.CharField(max_length=200, blank=True)
    notice_signatory_role = models.CharField(max_length=200, blank=True)
    # CAC report items 2-8 (Measures for Reporting National Cybersecurity Incidents, Art. 5).
    location = models.CharField(max_length=300, blank=True)
    event_type = models.CharField(max_length=200, blank=True)
    harm_so_far = models.TextField(blank=True)
    measures_effect = models.TextField(blank=True)
    ransom_amount = models.CharField(max_length=100, blank=True)
    ransom_payment_method = models.CharField(max_length=200, blank=True)
    ransom_demanded_at = models.DateTimeField(null=True, blank=True)
    likely_trend = models.TextField(blank=True)
    preliminary_cause = models.TextField(blank=True)
    tracing_leads = models.TextField(blank=True)
    support_requested = models.TextField(blank=True)
    scene_preservation = models.TextField(blank=True)
    other_matters = models.TextField(blank=True)
    # GDPR Art. 33(5) register: the DPO's own words on notifying or not, when given.
    register_reasoning = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "report facts"

    def __str__(self) -> str:
        return f"Report facts of {self.incident_id}"


class RegimeAction(models.TextChoices):
    INCLUDE = "include", _("Include")
    EXCLUDE = "exclude", _("Exclude")


class RegimeOverride(models.Model):
    """A DPO's decision to include or exclude a regime for an incident, with the reason kept."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="regime_overrides"
    )
    regime = models.CharField(max_length=20, choices=Regime.choices)
    action = models.CharField(max_length=8, choices=RegimeAction.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    # Revoked decisions stay for the record; only the active one counts.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "regime"],
                condition=models.Q(revoked_at__isnull=True),
                name="regime_override_one_active",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="regime_override_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.action} {self.regime}"

    @property
    def is_active(self) -> bool:
        """Whether the decision is still in force."""
        return self.revoked_at is None
