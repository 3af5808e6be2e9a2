"""Reads of stored report documents and of the incident a report request names."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from compliance.models import ReportDocument
from config.api import row_id
from incidents.models import Incident, LegalEntity
from incidents.roles import has_capability, user_roles
from incidents.selectors import incident_list


def report_document_list(*, user: Any) -> QuerySet[ReportDocument]:
    """Documents of incidents the user may see; registers only for roles that see the register."""
    queryset = ReportDocument.objects.select_related("incident", "entity", "generated_by")
    if not user_roles(user):
        return queryset.none()
    visible = Q(incident__in=incident_list(user=user))
    if has_capability(user, "register.view"):
        visible |= Q(incident__isnull=True)
    return queryset.filter(visible)


def incident_by_id_or_reference(value: Any, *, user: Any = None) -> Incident | None:
    """The incident with this numeric id or reference (BD-2026-0001), among those the user sees."""
    text = str(value).strip()
    queryset = incident_list(user=user) if user is not None else Incident.objects.all()
    number = row_id(text)
    if number is not None:
        return queryset.filter(pk=number).first()
    return queryset.filter(reference__iexact=text).first() if text else None


def legal_entity_by_id_or_country(value: str) -> LegalEntity | None:
    """The legal entity with this id, or the only one in this ISO country (e.g. 'GB')."""
    text = value.strip()
    number = row_id(text)
    if number is not None:
        return LegalEntity.objects.filter(pk=number).first()
    matches = list(LegalEntity.objects.filter(country__iexact=text)[:2])
    return matches[0] if len(matches) == 1 else None
