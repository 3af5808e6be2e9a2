"""Query filters of the compliance API; every datetime must carry a UTC offset."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from config.fields import AwareDateTimeField

# An unencoded "+" in a query string arrives as a space: "10:00:00 01:00" meant "+01:00".
SPACE_FOR_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class AwareDateTimeFormField(forms.Field):
    """A form field that accepts only ISO 8601 timestamps with an offset (never guessed)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = SPACE_FOR_PLUS.sub(r"\1+\2", str(value).strip())
        try:
            return AwareDateTimeField().to_internal_value(text)
        except serializers.ValidationError as error:
            raise forms.ValidationError(error.detail[0]) from None


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeFilter(django_filters.Filter):
    """Filter on a datetime given with its UTC offset, e.g. 2026-11-24T10:00:00+01:00."""

    field_class = AwareDateTimeFormField


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
