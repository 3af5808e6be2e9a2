"""Query filters of the compliance API; every datetime must carry a UTC offset."""

from __future__ import annotations

import django_filters

from compliance.models import (
    Obligation,
    ObligationStatus,
    Regime,
    RegimeOverride,
    RiskAssessment,
    Submission,
    SubmissionPhase,
)
from config.api import IdFilter
from config.filters import AwareDateTimeFilter


class ObligationFilter(django_filters.FilterSet):
    """Filters for the obligation list; status is the status now (overdue once a limit passed)."""

    regime = django_filters.ChoiceFilter(choices=Regime.choices)
    status = django_filters.ChoiceFilter(choices=ObligationStatus.choices, field_name="status_now")
    # Free text as before the model had choices: an unknown rule id simply matches nothing.
    rule_id = django_filters.CharFilter()
    incident = IdFilter(field_name="incident_id")
    due_before = AwareDateTimeFilter(field_name="due_at", lookup_expr="lt")
    due_after = AwareDateTimeFilter(field_name="due_at", lookup_expr="gte")
    applies = django_filters.BooleanFilter()
    statutory = django_filters.BooleanFilter()

    class Meta:
        model = Obligation
        fields = ["regime", "status", "incident", "applies", "statutory", "rule_id", "entity"]


class SubmissionFilter(django_filters.FilterSet):
    """Filters for the submission list."""

    incident = IdFilter(field_name="obligation__incident_id")
    obligation = IdFilter(field_name="obligation_id")
    phase = django_filters.ChoiceFilter(choices=SubmissionPhase.choices)
    submitted_after = AwareDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_before = AwareDateTimeFilter(field_name="submitted_at", lookup_expr="lt")

    class Meta:
        model = Submission
        fields = ["incident", "obligation", "phase", "late"]


class AssessmentFilter(django_filters.FilterSet):
    """Filters for the assessment list."""

    incident = IdFilter(field_name="incident_id")

    class Meta:
        model = RiskAssessment
        fields = ["incident", "band", "tier"]


class RegimeOverrideFilter(django_filters.FilterSet):
    """Filters for regime decisions; active=true keeps the ones in force."""

    incident = IdFilter(field_name="incident_id")
    regime = django_filters.ChoiceFilter(choices=Regime.choices)
    active = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull")

    class Meta:
        model = RegimeOverride
        fields = ["incident", "regime", "action", "active"]
