"""Filters of the web lists: incidents, the deadline board and task queues (django-filter)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import ObligationStatus
from compliance.vocabulary import regime_label
from compliance.wording import recipient_text
from incidents.choices import Severity, Status
from incidents.models import Incident, TaskStatus, Team
from incidents.selectors import OPEN_INCIDENT_STATUSES, OPEN_OBLIGATION_STATUSES
from incidents.work_items import TASK_OPEN_STATUSES, overdue_q

ACTIVE = "active"
UNRATED = "unrated"
ALL = "all"


def month_bounds(value: str) -> tuple[datetime, datetime] | None:
    """The first instant of a 'YYYY-MM' month in the active zone and of the month after."""
    try:
        start = datetime.strptime(value, "%Y-%m")
    except ValueError:
        return None
    following = (start + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return start.replace(tzinfo=zone), following.replace(tzinfo=zone)


class IncidentListFilter(django_filters.FilterSet):
    """Incidents by status (or all still open), severity, month of detection, drill flag, text."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Not closed"))] + list(Status.choices),
        method="filter_status",
        empty_label=_("Any status"),
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"),
        choices=list(Severity.choices) + [(UNRATED, _("Not rated"))],
        method="filter_severity",
        empty_label=_("Any severity"),
    )
    month = django_filters.CharFilter(label=_("Detected in (YYYY-MM)"), method="filter_month")
    # Real incidents and drills alike until the reader picks one ("true"/"false" in links).
    is_drill = django_filters.ChoiceFilter(
        label=_("Drills"),
        choices=[("false", _("Real incidents only")), ("true", _("Drills only"))],
        method="filter_drill",
        empty_label=_("Real incidents and drills"),
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ACTIVE:
            return queryset.filter(status__in=OPEN_INCIDENT_STATUSES)
        return queryset.filter(status=value)

    def filter_severity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(severity="" if value == UNRATED else value)

    def filter_drill(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_drill=value == "true")

    def filter_month(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        bounds = month_bounds(value)
        if bounds is None:
            return queryset.none()
        return queryset.filter(detected_at__gte=bounds[0], detected_at__lt=bounds[1])

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))


class DeadlineBoardFilter(django_filters.FilterSet):
    """Obligations by regime, recipient, status, time left and whether the incident is open."""

    regime = django_filters.ChoiceFilter(label=_("Regime"), empty_label=_("All regimes"))
    recipient = django_filters.ChoiceFilter(label=_("Recipient"), empty_label=_("All recipients"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Pending or overdue"))]
        + list(ObligationStatus.choices)
        + [(ALL, _("Any status"))],
        method="filter_status",
        empty_label=None,
    )
    when = django_filters.ChoiceFilter(
        label=_("Time left"),
        choices=[
            ("overdue", _("Past due")),
            ("24h", _("Due within 24 hours")),
            ("7d", _("Due within 7 days")),
        ],
        method="filter_when",
        empty_label=_("Any time"),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Incidents"),
        choices=[(ACTIVE, _("Open incidents")), (ALL, _("All incidents"))],
        method="filter_scope",
        empty_label=None,
    )

    class Meta:
        fields: list[str] = []

    def __init__(
        self,
        data: Any = None,
        *args: Any,
        values: dict[str, list[str]],
        now: datetime,
        **kwargs: Any,
    ):
        data = data.copy() if data is not None else {}
        data.setdefault("status", ACTIVE)
        data.setdefault("scope", ACTIVE)
        super().__init__(data, *args, **kwargs)
        self.now = now
        self.filters["regime"].extra["choices"] = [(v, regime_label(v)) for v in values["regimes"]]
        self.filters["recipient"].extra["choices"] = [
            (v, recipient_text(v)) for v in values["recipients"]
        ]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ACTIVE:
            return queryset.filter(status__in=OPEN_OBLIGATION_STATUSES)
        return queryset if value == ALL else queryset.filter(status=value)

    def filter_when(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = self.now
        if value == "overdue":
            return queryset.filter(deadline__lt=now)
        span = timedelta(hours=24) if value == "24h" else timedelta(days=7)
        return queryset.filter(deadline__gte=now, deadline__lt=now + span)

    def filter_scope(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ACTIVE:
            return queryset.filter(incident__status__in=OPEN_INCIDENT_STATUSES)
        return queryset


class TaskQueueFilter(django_filters.FilterSet):
    """Tasks by status (unfinished by default), team and whether they are past due."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Unfinished"))] + list(TaskStatus.choices) + [(ALL, _("Any status"))],
        method="filter_status",
        empty_label=None,
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All teams"),
    )
    when = django_filters.ChoiceFilter(
        label=_("Due"),
        choices=[("overdue", _("Past due"))],
        method="filter_when",
        empty_label=_("Any time"),
    )
    # The same choice and words as the incident list's: the dashboard counts real incidents'
    # tasks only and links here with is_drill=false, so its number is the rows shown.
    is_drill = django_filters.ChoiceFilter(
        label=_("Drills"),
        choices=[("false", _("Real incidents only")), ("true", _("Drills only"))],
        method="filter_drill",
        empty_label=_("Real incidents and drills"),
    )

    class Meta:
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, now: datetime, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        data.setdefault("status", ACTIVE)
        super().__init__(data, *args, **kwargs)
        self.now = now

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ACTIVE:
            return queryset.filter(status__in=TASK_OPEN_STATUSES)
        return queryset if value == ALL else queryset.filter(status=value)

    def filter_when(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(overdue_q(self.now))

    def filter_drill(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(incident__is_drill=value == "true")
