"""Reads of incidents, with the related rows each view needs fetched up front."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from compliance.models import Obligation
from incidents.models import Incident
from incidents.roles import user_roles


def incident_list(*, user: Any) -> QuerySet[Incident]:
    """Incidents the user may see, ready for the list serializer."""
    queryset = Incident.objects.all()
    if not user_roles(user):
        return queryset.none()
    return queryset.prefetch_related("entities")


def incident_detail_queryset(*, user: Any) -> QuerySet[Incident]:
    """Incidents with their entities and obligations prefetched for the detail view."""
    return incident_list(user=user).prefetch_related(
        Prefetch("obligations", queryset=Obligation.objects.order_by("due_at", "target_at", "pk"))
    )
