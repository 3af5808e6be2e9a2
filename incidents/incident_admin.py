"""The incident's admin page: its facts go through the incident services like any other change.

Saving here bumps the version, writes the audit entry and recomputes obligations and tasks in
one transaction (`incident_create` / `incident_update`), so an admin edit moves the legal
deadlines and makes earlier ETags stale exactly as an API or web-form edit does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils import timezone

from config.errors import ValidationFailed
from incidents.audit_admin import AuditedModelAdminMixin
from incidents.choices import BreachType, DataCategory, SubjectCategory
from incidents.forms.fields import CountryCountsField, checkbox_choices
from incidents.models import Incident
from incidents.services import (
    incident_create,
    incident_update,
    incident_validate_regions,
    incident_validate_times,
)

# Kept by the services and the lifecycle (incident_transition), never typed in.
DERIVED_FIELDS = [
    "reference",
    "version",
    "subjects_total",
    "status",
    "contained_at",
    "resolved_at",
    "closed_at",
    "created_by",
]
TIME_FIELDS = (
    "detected_at",
    "aware_at",
    "occurred_from",
    "occurred_to",
    "handling_ended_at",
    "classified_major_at",
    "materiality_determined_at",
    "assessment_completed_at",
)


class IncidentAdminForm(forms.ModelForm):
    """The web form's lists instead of raw JSON; refuses the times the services refuse."""

    breach_types = checkbox_choices(BreachType.choices, "Breach types")
    data_categories = checkbox_choices(DataCategory.choices, "Data categories")
    subject_categories = checkbox_choices(SubjectCategory.choices, "Subject categories")
    affected_subjects = CountryCountsField(required=False, help_text="e.g. DE 1200, FR 300")

    class Meta:
        model = Incident
        fields = [
            f.name
            for f in [*Incident._meta.concrete_fields, *Incident._meta.many_to_many]
            if f.editable and f.name not in DERIVED_FIELDS and not f.primary_key
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        times = {name: cleaned.get(name) for name in TIME_FIELDS if name in cleaned}
        if self.instance.pk is not None:
            times = {name: getattr(self.instance, name) for name in TIME_FIELDS} | times
        checks = (
            lambda: incident_validate_times(data=times, now=timezone.now()),
            lambda: incident_validate_regions(data=cleaned),
        )
        for check in checks:
            try:
                check()
            except ValidationFailed as error:
                for name, messages in error.fields.items():
                    # affected_subjects[1].region is shown at the field it came from.
                    name = name.split("[")[0]
                    for message in messages:
                        self.add_error(name if name in self.fields else None, message)
        return cleaned


class IncidentAdmin(AuditedModelAdminMixin, admin.ModelAdmin):
    form = IncidentAdminForm
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
    readonly_fields = DERIVED_FIELDS
    # incident_create / incident_update write the audit entry; the admin must not add a second.
    audited_by_service = True

    def save_model(self, request: Any, obj: Incident, form: Any, change: bool) -> None:
        names = form.changed_data if change else list(form.cleaned_data)
        data = {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
        if "entities" in data:
            data["entities"] = list(data["entities"])
        now = timezone.now()
        if change:
            saved = incident_update(actor=request.user, incident=obj, data=data, now=now)
        else:
            saved = incident_create(actor=request.user, data=data, now=now)
        # The admin goes on with `obj` (its message, redirect and log entry).
        obj.pk, obj.reference, obj.version = saved.pk, saved.reference, saved.version

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        # The entities were set by the service in the same transaction; no inlines here.
        return None
