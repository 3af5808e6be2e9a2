"""Admin for incidents, the organisation, teams, playbooks; read-only audit trail, tasks, statements."""

from typing import Any

from django import forms
from django.contrib import admin

# Reviews, drills and the scenario library register their own pages.
import incidents.learning.admin  # noqa: F401
from config.admin import ReadOnlyMixin
from incidents.audit import audit_record
from incidents.choices import IncidentType, ProcessingRole
from incidents.models import AuditEvent, Incident, LegalEntity, OrganisationProfile, Task, Team
from incidents.response.models import Playbook, PlaybookTask, Statement, StatementVersion
from incidents.response.playbooks import PLAYBOOK_FIELDS, template_waits_for_itself


class LegalEntityInline(admin.StackedInline):
    model = LegalEntity
    extra = 0


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    inlines = [LegalEntityInline]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "status",
        "detected_at",
        "aware_at",
        "risk_level",
        "is_drill",
    ]
    list_filter = ["status", "risk_level", "is_drill", "role"]
    search_fields = ["reference", "title"]
    readonly_fields = ["reference", "version", "subjects_total"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lead"]
    filter_horizontal = ["members"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "incident"]
    list_filter = ["action", "object_type"]


class PlaybookForm(forms.ModelForm):
    """Criteria as checkboxes and a comma-separated list of regimes instead of raw JSON."""

    incident_types = forms.MultipleChoiceField(
        choices=IncidentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any incident type.",
    )
    processing_roles = forms.MultipleChoiceField(
        choices=ProcessingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any role.",
    )
    regimes = forms.CharField(
        required=False,
        help_text="Comma-separated, e.g. GDPR, UK_GDPR. Empty: regardless of regime.",
    )

    class Meta:
        model = Playbook
        fields = list(PLAYBOOK_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["regimes"] = ", ".join(self.instance.regimes or [])

    def clean_regimes(self) -> list[str]:
        text = self.cleaned_data.get("regimes") or ""
        return [part.strip().upper() for part in text.split(",") if part.strip()]


class PlaybookTaskFormSet(forms.BaseInlineFormSet):
    """Refuse dependencies that would make a task wait for itself."""

    def clean(self) -> None:
        super().clean()
        pending = {
            form.instance.pk: [d.pk for d in form.cleaned_data.get("depends_on") or []]
            for form in self.forms
            if form.instance.pk and getattr(form, "cleaned_data", None)
        }
        for form in self.forms:
            if form.instance.pk in pending and template_waits_for_itself(
                template_id=form.instance.pk,
                dependency_ids=pending[form.instance.pk],
                pending=pending,
            ):
                form.add_error(
                    "depends_on", "These dependencies would make the task wait for itself."
                )


class PlaybookTaskInline(admin.StackedInline):
    model = PlaybookTask
    formset = PlaybookTaskFormSet
    extra = 0
    fields = [
        ("key", "position", "team"),
        "title",
        "instructions",
        ("due_anchor", "due_anchor_rule_id", "due_offset_minutes"),
        "depends_on",
    ]


@admin.register(Playbook)
class PlaybookAdmin(admin.ModelAdmin):
    form = PlaybookForm
    inlines = [PlaybookTaskInline]
    list_display = ["name", "key", "is_active", "is_builtin"]
    list_filter = ["is_active", "is_builtin"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A built-in playbook keeps its key, or the next migrate would create it again.
        return ["key"] if obj is not None and obj.is_builtin else []

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            obj.version += 1  # an API client holding the old ETag must not overwrite this edit
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="update" if change else "create",
            obj=obj,
            changes={"fields": form.changed_data, "via": "admin"},
        )

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        for template_form in formset.forms:
            if template_form.instance.pk and template_form.has_changed():
                template_form.instance.version += 1
        super().save_formset(request, form, formset, change)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A built-in playbook is switched off, not deleted (it would come back on migrate).
        return super().has_delete_permission(request, obj) and not (obj and obj.is_builtin)


@admin.register(Task)
class TaskAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "incident", "team", "assignee", "status", "due_at", "completed_at"]
    list_filter = ["status", "team"]
    search_fields = ["title", "incident__reference"]


class StatementVersionInline(ReadOnlyMixin, admin.StackedInline):
    model = StatementVersion
    extra = 0


@admin.register(Statement)
class StatementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["incident", "audience", "created_at"]
    list_filter = ["audience"]
    inlines = [StatementVersionInline]
