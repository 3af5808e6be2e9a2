"""Playbooks (task templates), task comments and crisis-communication statements.

Imported at the end of incidents.models, so these models belong to the incidents app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.choices import DueAnchor, due_anchor_constraints
from incidents.response.rules import due_anchor_errors, playbook_criteria_errors


class Playbook(models.Model):
    """An editable template of response tasks for incidents of some types, roles or regimes."""

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text=_("Stable identifier; generated tasks remember it, so renaming it regenerates."),
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Each list narrows where the playbook applies; an empty list means "any".
    incident_types = models.JSONField(default=list, blank=True)
    processing_roles = models.JSONField(default=list, blank=True)
    regimes = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "Applies when the incident has an applying obligation of one of these regimes."
        ),
    )
    is_active = models.BooleanField(
        default=True, help_text=_("Switch a playbook off instead of deleting it.")
    )
    is_builtin = models.BooleanField(default=False, editable=False)
    # Bumped by every change: the counter in the ETag that PATCH needs in If-Match.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version."""
        return f'"{self.pk}-{self.version}"'

    def clean(self) -> None:
        errors = playbook_criteria_errors(
            incident_types=self.incident_types,
            processing_roles=self.processing_roles,
            regimes=self.regimes,
        )
        if errors:
            raise ValidationError(errors)


class PlaybookTask(models.Model):
    """One task a playbook creates: team, title, instructions and a due time relative to an anchor."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="tasks")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    team = models.ForeignKey(
        "incidents.Team", on_delete=models.PROTECT, related_name="playbook_tasks"
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    due_anchor = models.CharField(
        max_length=12,
        choices=DueAnchor.choices,
        blank=True,
        help_text=_("Empty: the task has no due time."),
    )
    due_anchor_rule_id = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "For an obligation anchor: the rule id, e.g. GDPR-SA. One task per obligation."
        ),
    )
    due_offset_minutes = models.IntegerField(
        null=True,
        blank=True,
        help_text=_("Minutes after the anchor; negative means before it (-360 = 6 h before)."),
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, related_name="dependents", blank=True
    )
    # Bumped by every change: the counter in the ETag that PATCH needs in If-Match.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["playbook", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "key"], name="playbook_task_unique_key"),
            *due_anchor_constraints("playbook_task"),
        ]

    def __str__(self) -> str:
        return f"{self.playbook.key}:{self.key}"

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version."""
        return f'"{self.pk}-{self.version}"'

    def clean(self) -> None:
        errors = due_anchor_errors(
            anchor=self.due_anchor,
            rule_id=self.due_anchor_rule_id,
            offset_minutes=self.due_offset_minutes,
        )
        if errors:
            raise ValidationError(errors)


class TaskComment(models.Model):
    """A note on a task by one of the people working on it."""

    task = models.ForeignKey("incidents.Task", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class Audience(models.TextChoices):
    REGULATOR = "regulator", _("Regulator")
    DATA_SUBJECTS = "data_subjects", _("Data subjects")
    MEDIA = "media", _("Media")
    STAFF = "staff", _("Staff")
    PARTNERS = "partners", _("Partners")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Statement(models.Model):
    """What the organisation says to one audience about an incident; its versions are kept."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="statements"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["incident", "audience"]
        constraints = [
            # One consistent message: one statement (and so one current version) per audience.
            models.UniqueConstraint(
                fields=["incident", "audience"], name="statement_unique_audience"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident.reference} → {self.get_audience_display()}"


class StatementVersion(models.Model):
    """One wording of a statement: drafted, then approved (becoming current), then published."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    spokesperson = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    is_current = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change (edit, approval, supersession, publication): the counter in the
    # ETag that edits and actions need in If-Match. Not the statement's version `number`.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="statement_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["statement"],
                condition=models.Q(is_current=True),
                name="statement_one_current_version",
            ),
            models.CheckConstraint(
                condition=models.Q(is_current=False)
                | models.Q(status__in=[StatementStatus.APPROVED, StatementStatus.PUBLISHED]),
                name="statement_current_is_approved",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[StatementStatus.APPROVED, StatementStatus.PUBLISHED]
                )
                | models.Q(approved_at__isnull=False),
                name="statement_approved_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=StatementStatus.PUBLISHED)
                | (models.Q(published_at__isnull=False) & ~models.Q(spokesperson="")),
                name="statement_published_has_time_and_spokesperson",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement} v{self.number} ({self.get_status_display()})"

    @property
    def etag(self) -> str:
        """The strong entity tag for the current version."""
        return f'"{self.pk}-{self.version}"'
