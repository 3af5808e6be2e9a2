"""Incidents, the organisation they belong to, teams and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.versioned import VersionedModel
from incidents.choices import TASK_OPEN_STATUSES as TASK_OPEN_STATUSES
from incidents.choices import (
    CacGrade,
    DiscoveredBy,
    DueAnchor,
    IncidentType,
    ProcessingRole,
    RiskLevel,
    RootCause,
    Severity,
    Status,
    due_anchor_constraints,
)
from incidents.choices import TaskStatus as TaskStatus
from incidents.legal_entities import LegalEntity as LegalEntity
from incidents.work_items import WorkItem, work_item_constraints


class OrganisationProfile(models.Model):
    """The deployment's organisation: name, default zone and internal targets for ASAP duties."""

    name = models.CharField(max_length=200)
    default_time_zone = models.CharField(max_length=64, default="Europe/Berlin")
    # Internal targets (hours) for obligations the law only says "without undue delay" about.
    asap_target_hours = models.JSONField(default=dict, blank=True)
    # ENISA band → GDPR tier mapping; empty means the engine's default convention.
    tier_mapping = models.JSONField(default=dict, blank=True)
    # An administrator's record that the EU Digital Omnibus (COM(2025) 837) was adopted: its
    # 96-hour, high-risk-only rule then replaces GDPR Art. 33(1); until then it is a projection.
    omnibus_adopted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> OrganisationProfile:
        """Return the one profile, creating a placeholder on a fresh install."""
        profile = cls.objects.order_by("pk").first()
        return profile or cls.objects.create(name="My organisation")


# Reference prefixes: real incidents are numbered BD-2026-0001, drills DRILL-2026-0001, each
# series on its own counter so that exercises never take (and leave gaps in) the real numbers.
REFERENCE_PREFIX = "BD"
DRILL_REFERENCE_PREFIX = "DRILL"


class ReferenceCounter(models.Model):
    """The last incident number issued per series and year, locked when a reference is taken."""

    prefix = models.CharField(max_length=8, default=REFERENCE_PREFIX)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_series"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}: {self.last_number}"


class Incident(VersionedModel):
    """A personal-data breach (or suspected one) and the facts the engine needs."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # The account in Simplified Chinese for the PIPL Art. 57 and CAC reports of a Chinese entity.
    description_zh = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    contained_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    detected_at = models.DateTimeField(help_text=_("First signal of the incident."))
    aware_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Legal clock start: reasonable certainty of a breach.")
    )
    occurred_from = models.DateTimeField(null=True, blank=True)
    occurred_to = models.DateTimeField(null=True, blank=True)
    discovered_by = models.CharField(max_length=20, choices=DiscoveredBy.choices, blank=True)

    role = models.CharField(
        max_length=12, choices=ProcessingRole.choices, default=ProcessingRole.CONTROLLER
    )
    breach_types = models.JSONField(default=list, blank=True)
    incident_type = models.CharField(max_length=30, choices=IncidentType.choices, blank=True)
    root_cause = models.CharField(max_length=30, choices=RootCause.choices, blank=True)
    malicious = models.BooleanField(null=True, blank=True)
    data_categories = models.JSONField(default=list, blank=True)
    subject_categories = models.JSONField(default=list, blank=True)
    affected_subjects = models.JSONField(default=list, blank=True)
    subjects_total = models.PositiveBigIntegerField(default=0, editable=False)
    records_count = models.PositiveBigIntegerField(null=True, blank=True)
    data_encrypted = models.BooleanField(default=False)
    systems = models.TextField(blank=True)
    third_parties = models.TextField(blank=True)
    consequences = models.TextField(blank=True)
    measures_taken = models.TextField(blank=True)
    measures_proposed = models.TextField(blank=True)

    severity = models.CharField(max_length=12, choices=Severity.choices, blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    # GDPR Art. 34(3)(b) and (c), PIPL Art. 57 exemption, CAC grading and final-report clock.
    high_risk_mitigated = models.BooleanField(default=False)
    disproportionate_effort = models.BooleanField(default=False)
    pipl_harm_avoided = models.BooleanField(default=False)
    cac_grade = models.CharField(max_length=20, choices=CacGrade.choices, blank=True)
    cac_grade_reason = models.TextField(blank=True)
    # CAC grading guide criteria (compliance.engine.cac_grading); leaked people default to those in CN.
    cac_leaked_people = models.PositiveBigIntegerField(null=True, blank=True)
    cac_direct_loss_cny = models.PositiveBigIntegerField(null=True, blank=True)
    cac_cii_outage_hours = models.FloatField(null=True, blank=True)
    cac_cii_function_outage_hours = models.FloatField(null=True, blank=True)
    handling_ended_at = models.DateTimeField(null=True, blank=True)
    # Clock events of sector regimes: DORA classification as major, the SEC's materiality
    # determination, the end of the assessment (Singapore PDPA s. 26C, Australia's NDB scheme).
    classified_major_at = models.DateTimeField(null=True, blank=True)
    materiality_determined_at = models.DateTimeField(null=True, blank=True)
    assessment_completed_at = models.DateTimeField(null=True, blank=True)

    entities = models.ManyToManyField(LegalEntity, related_name="incidents", blank=True)
    is_drill = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        indexes = [
            # The list's own order (API and pages): the newest page is read from the index.
            models.Index(fields=["-detected_at", "-id"], name="incident_detected"),
            models.Index(fields=["status", "-detected_at"], name="incident_status_detected"),
            models.Index(fields=["is_drill", "-detected_at"], name="incident_drill_detected"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(aware_at__isnull=True)
                | models.Q(aware_at__gte=models.F("detected_at")),
                name="incident_aware_not_before_detected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def countries(self) -> list[str]:
        """ISO codes of the countries with affected people."""
        return [row["country"] for row in self.affected_subjects]


class Team(models.Model):
    """A response team (Legal, IT/Security, PR/Comms, DPO, Executive, or one an organisation adds)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        # A default team's name is a catalogue text (menus show it in the reader's language); a
        # name the organisation chose has no entry and shows as written.
        return gettext(self.name)


class AuditEvent(models.Model):
    """One append-only entry of the audit trail, chained to the previous one by SHA-256."""

    created_at = models.DateTimeField()
    # Entries outlive what they describe: deleting a user or an incident leaves them untouched
    # (no cascade, no SET NULL, which the append-only triggers would refuse anyway).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    incident = models.ForeignKey(
        Incident,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_events",
    )
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["incident", "id"], name="audit_incident_id")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.object_id}"
        )


class Task(WorkItem):
    """A response task owned by a team (and optionally a person), due at a fixed or anchored time."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tasks",
    )
    # Set when recomputation closed the task because its obligation stopped applying, so the
    # task reopens by itself if the obligation comes back; a person's decision is never undone.
    closed_automatically = models.BooleanField(default=False)
    due_anchor = models.CharField(
        max_length=12,
        choices=DueAnchor.choices,
        blank=True,
        help_text=_("Empty: the due time is fixed (or there is none)."),
    )
    due_anchor_rule_id = models.CharField(
        max_length=40, blank=True, help_text=_("The obligation's rule id, e.g. GDPR-SA.")
    )
    due_offset_minutes = models.IntegerField(
        null=True, blank=True, help_text=_("Minutes after the anchor; negative means before it.")
    )
    anchor_obligation = models.ForeignKey(
        "compliance.Obligation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    # A due time a person typed in stays put when its anchor moves.
    due_set_manually = models.BooleanField(default=False)
    # "<playbook>:<task>" (":<entity>" for obligation tasks): generation never creates it twice.
    origin_key = models.CharField(max_length=140, blank=True, editable=False)
    playbook_task = models.ForeignKey(
        "incidents.PlaybookTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="generated_tasks",
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, related_name="dependents", blank=True
    )

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="task_status_due"),
            # Unfinished tasks by due time: the dashboard's most overdue read in order, five rows.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=TASK_OPEN_STATUSES),
                name="task_open_due",
            ),
            models.Index(fields=["team", "status"], name="task_team_status"),
            models.Index(fields=["assignee", "status"], name="task_assignee_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "origin_key"],
                condition=~models.Q(origin_key=""),
                name="task_unique_origin_per_incident",
            ),
            *work_item_constraints("task"),
            *due_anchor_constraints("task"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.title}"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE_SIMPLIFIED = "zh-hans", "简体中文"
    CHINESE_TRADITIONAL = "zh-hant", "繁體中文"


class UserPreference(models.Model):
    """A person's display language and time zone for the web UI (storage stays UTC)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.ENGLISH)
    time_zone = models.CharField(max_length=64, default="UTC", help_text=_("IANA zone name."))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language}, {self.time_zone}"
