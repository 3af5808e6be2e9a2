"""Reads for early warning: the triage queue, one alert, and signal-to-awareness figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from intake.models import Alert, AlertSource, Feed


def alert_list(*, status: str | None = None, search: str = "") -> QuerySet[Alert]:
    """Alerts newest activity first, with their source and incident; dismissed ones stay searchable."""
    queryset = Alert.objects.select_related("source", "incident", "acknowledged_by", "closed_by")
    if status:
        queryset = queryset.filter(status=status)
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search)
            | Q(text__icontains=search)
            | Q(dismiss_reason__icontains=search)
            | Q(fingerprint__icontains=search)
            | Q(source__name__icontains=search)
        )
    return queryset


def alert_counts() -> dict[str, int]:
    """How many alerts wait in each status."""
    from django.db.models import Count

    rows = Alert.objects.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def source_list() -> QuerySet[AlertSource]:
    """Registered alert sources."""
    return AlertSource.objects.all()


def feed_list(*, active_only: bool = False) -> QuerySet[Feed]:
    """Watched feeds."""
    queryset = Feed.objects.select_related("source")
    return queryset.filter(is_active=True) if active_only else queryset


def alerts_of_incident(incident: Any) -> QuerySet[Alert]:
    """The signals an incident was opened from, earliest first."""
    return (
        Alert.objects.filter(incident=incident).select_related("source").order_by("first_seen_at")
    )
