"""Post-incident reviews, corrective actions, the drill scenario library and drills.

Imported at the end of incidents.models, so these models belong to the incidents app.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.choices import TASK_OPEN_STATUSES, RootCause, TaskStatus


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Review(models.Model):
    """The lessons learned from one closed incident (or ended drill): findings and what went well."""

    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    # The review's finding, which may differ from the first guess recorded on the incident.
    root_cause = models.CharField(max_length=30, choices=RootCause.choices, blank=True)
    root_cause_details = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    went_wrong_decisions = models.TextField(blank=True)
    went_wrong_communication = models.TextField(blank=True)
    went_wrong_response = models.TextField(blank=True)
    went_well = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ReviewStatus.COMPLETED)
                | (models.Q(completed_at__isnull=False) & ~models.Q(root_cause="")),
                name="review_completed_has_time_and_root_cause",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.incident.reference}"

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version."""
        return f'"{self.pk}-{self.version}"'


# What a person writes in a review; the rest is measured.
REVIEW_FINDINGS = (
    "root_cause",
    "root_cause_details",
    "summary",
    "went_wrong_decisions",
    "went_wrong_communication",
    "went_wrong_response",
    "went_well",
)


class CorrectiveActionCategory(models.TextChoices):
    ACCESS_CONTROL = "access_control", _("Access control and MFA")
    ENCRYPTION = "encryption", _("Encryption")
    PATCHING = "patching", _("Patching and hardening")
    MONITORING = "monitoring", _("Monitoring and detection")
    VENDOR = "vendor", _("Vendor and processor review")
    TRAINING = "training", _("Staff training")
    PROCESS = "process", _("Process and playbooks")
    OTHER = "other", _("Other")


class CorrectiveAction(models.Model):
    """A change the organisation commits to after a review, tracked like a task."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(
        max_length=20, choices=CorrectiveActionCategory.choices, default="other"
    )
    team = models.ForeignKey("incidents.Team", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_actions",
    )
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    not_applicable_reason = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="corrective_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=TaskStatus.DONE) | models.Q(completed_at__isnull=False),
                name="corrective_done_has_completion_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=TaskStatus.NOT_APPLICABLE)
                | ~models.Q(not_applicable_reason=""),
                name="corrective_not_applicable_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version."""
        return f'"{self.pk}-{self.version}"'

    @property
    def is_open(self) -> bool:
        """Whether the action still needs work."""
        return self.status in TASK_OPEN_STATUSES


# Facts a drill copies from a past incident; what the response did (measures, lifecycle) is
# left for the participants to do again.
DRILL_FACTS = (
    "description",
    "role",
    "breach_types",
    "incident_type",
    "root_cause",
    "malicious",
    "data_categories",
    "subject_categories",
    "affected_subjects",
    "records_count",
    "data_encrypted",
    "systems",
    "third_parties",
    "consequences",
    "severity",
    "risk_level",
    "discovered_by",
    "high_risk_mitigated",
    "disproportionate_effort",
    "pipl_harm_avoided",
    "cac_grade",
    "cac_grade_reason",
)
# A scenario may also give the title and the countries of the legal entities concerned.
SCENARIO_FACTS = ("title", "entity_countries", *DRILL_FACTS)


class DrillScenario(models.Model):
    """A rehearsable breach: the facts a drill's incident starts with and the injects read out."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    brief = models.TextField(help_text=_("What the participants are told when the drill starts."))
    # Incident fields for incidents.services.incident_create (no timestamps: see the offsets).
    facts = models.JSONField(default=dict)
    # How long before the drill starts the breach began and was first detected; awareness (the
    # legal clock) starts with the drill itself.
    occurred_minutes_before = models.PositiveIntegerField(default=0)
    detected_minutes_before = models.PositiveIntegerField(default=0)
    # [{"after_minutes": 120, "text": "A journalist calls the press office."}], in drill time.
    injects = models.JSONField(default=list, blank=True)
    is_builtin = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.facts, dict):
            raise ValidationError({"facts": ["Give the facts as an object of incident fields."]})
        unknown = sorted(set(self.facts) - set(SCENARIO_FACTS))
        if unknown:
            raise ValidationError({"facts": [f"Unknown incident facts: {', '.join(unknown)}."]})


class ClockMode(models.TextChoices):
    REAL = "real", _("Real time")
    ACCELERATED = "accelerated", _("Accelerated")


class Drill(models.Model):
    """A tabletop exercise: an is_drill copy of a scenario or past incident, on its own clock."""

    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.CASCADE, related_name="drill"
    )
    scenario = models.ForeignKey(
        DrillScenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="drills"
    )
    source_incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drills_from",
    )
    clock_mode = models.CharField(max_length=12, choices=ClockMode.choices, default=ClockMode.REAL)
    # Drill minutes per real minute: 12 plays a 72-hour deadline in 6 hours.
    speed_factor = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The drill report as it stood when the drill ended (response times, missed steps).
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(clock_mode="real") & models.Q(speed_factor=1))
                | (models.Q(clock_mode="accelerated") & models.Q(speed_factor__gt=1)),
                name="drill_speed_fits_clock_mode",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="drill_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Drill {self.incident.reference}"

    @property
    def is_running(self) -> bool:
        """Whether the drill has not ended yet."""
        return self.ended_at is None

    def drill_time(self, moment: datetime) -> datetime:
        """Map a real moment to drill time: started_at + (moment − started_at) × speed factor.

        Moments before the start (the facts a drill begins with) are drill time already, and
        the clock stops when the drill ends.
        """
        if moment <= self.started_at:
            return moment
        if self.ended_at is not None:
            moment = min(moment, self.ended_at)
        return self.started_at + (moment - self.started_at) * self.speed_factor

    def recorded_time(self, moment: datetime) -> datetime | None:
        """Drill time of something people recorded; None once the drill had ended (not played)."""
        if self.ended_at is not None and moment >= self.ended_at:
            return None
        return self.drill_time(moment)
