"""Every change made through the Django admin goes into the audit trail, with before and after.

The admin site registered as Django's default (config.apps.BreachdeskAdminConfig) mixes
`AuditedModelAdminMixin` into every ModelAdmin, whichever app registers it: users, groups,
the organisation profile and its legal entities, teams, the second-factor policy, and any
model another app exposes in the admin.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import admin
from django.db import models
from django.utils import timezone

from incidents.audit import audit_record, diff_snapshots, model_snapshot, to_json_safe
from incidents.models import Incident

# Values that must never appear in the trail; a short digest still shows that they changed.
REDACTED_FIELDS = frozenset({"password", "key", "key_hash", "secret"})
VIA_ADMIN = {"_via": "admin"}


def _redact(name: str, value: Any) -> Any:
    if name not in REDACTED_FIELDS or value in (None, ""):
        return value
    return f"[redacted {hashlib.sha256(str(value).encode()).hexdigest()[:8]}]"


def admin_snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's field values and many-to-many ids, with secrets redacted."""
    values = {name: _redact(name, value) for name, value in model_snapshot(obj).items()}
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return values


def incident_of(obj: models.Model) -> Incident | None:
    """The incident an object belongs to, following up to two foreign keys (e.g. submission)."""
    if isinstance(obj, Incident):
        return obj
    for field in obj._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        if field.related_model is Incident:
            return getattr(obj, field.name)
        for inner in field.related_model._meta.concrete_fields:
            if inner.is_relation and inner.related_model is Incident:
                parent = getattr(obj, field.name)
                return getattr(parent, inner.name) if parent is not None else None
    return None


class AuditedModelAdminMixin:
    """Record admin additions, changes, inline edits and deletions in the audit trail."""

    # Set by an admin whose saves go through a service that audits them, so no save is recorded
    # twice; deletions are still recorded here.
    audited_by_service = False

    def get_object(self, request: Any, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is not None:
            _before_store(request)[(obj._meta.label, obj.pk)] = admin_snapshot(obj)
        return obj

    def log_addition(self, request: Any, obj: models.Model, message: Any) -> Any:
        self._audit(request, "create", obj, {"after": admin_snapshot(obj)})
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: Any, obj: models.Model, message: Any) -> Any:
        before = _before_store(request).get((obj._meta.label, obj.pk), {})
        changes = diff_snapshots(before, admin_snapshot(obj))
        if changes:
            self._audit(request, "update", obj, changes)
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: Any, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, "delete", obj, {"before": admin_snapshot(obj)})
        return super().log_deletions(request, queryset)  # type: ignore[misc]

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        # Deleted rows lose their primary key when deleted, so they are recorded first.
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None:
                before = admin_snapshot(inline_form.instance)
                self._audit(request, "delete", inline_form.instance, {"before": before})
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            self._audit(request, "create", obj, {"after": admin_snapshot(obj)})
        for obj, _fields in formset.changed_objects:
            inline_form = next(f for f in formset.forms if f.instance is obj)
            names = inline_form.changed_data
            before = to_json_safe({name: inline_form.initial.get(name) for name in names})
            after = to_json_safe({name: inline_form.cleaned_data.get(name) for name in names})
            self._audit(request, "update", obj, diff_snapshots(before, after))

    def _audit(self, request: Any, action: str, obj: Any, changes: dict[str, Any]) -> None:
        if self.audited_by_service and action in ("create", "update"):
            return
        audit_record(
            now=timezone.now(),
            actor=request.user,
            action=action,
            obj=obj,
            incident=incident_of(obj),
            changes={**VIA_ADMIN, **changes},
        )


def _before_store(request: Any) -> dict[tuple[str, Any], dict[str, Any]]:
    """Snapshots taken when the admin loaded objects in this request, by (model, pk)."""
    if not hasattr(request, "_audit_before"):
        request._audit_before = {}
    return request._audit_before


class AuditedAdminSite(admin.AdminSite):
    """The admin site, with every registered ModelAdmin recording its writes in the audit trail."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedModelAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
