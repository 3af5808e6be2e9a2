"""Reads of obligations, assessments, submissions and regime decisions, ready for the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When

from compliance.models import (
    Obligation,
    ObligationStatus,
    RegimeOverride,
    RiskAssessment,
    Submission,
)
from incidents.roles import user_roles
from incidents.selectors import incident_scope


def limit_passed(now: datetime) -> Q:
    """The duty's due time (or, for ASAP duties, its internal target) lies before `now`."""
    return Q(due_at__lt=now) | Q(due_at__isnull=True, target_at__lt=now)


def status_now(now: datetime) -> Case:
    """The status at `now` in SQL: pending with its limit passed reads as overdue."""
    overdue = Q(status=ObligationStatus.PENDING, applies=True) & limit_passed(now)
    return Case(
        When(overdue, then=Value(ObligationStatus.OVERDUE)),
        default=F("status"),
        output_field=CharField(),
    )


def _visible(queryset: QuerySet[Any], user: Any, field: str = "incident") -> QuerySet[Any]:
    """Compliance data of the incidents the user sees; a user without a role sees nothing."""
    if not user_roles(user):
        return queryset.none()
    return queryset.filter(incident_scope(user=user, field=field))


def obligation_list(*, user: Any, now: datetime) -> QuerySet[Obligation]:
    """Obligations with their incident, entity and submissions, and their status at `now`."""
    queryset = (
        Obligation.objects.select_related("incident", "entity")
        .prefetch_related(
            Prefetch("submissions", queryset=Submission.objects.order_by("submitted_at", "pk"))
        )
        .annotate(status_now=status_now(now))
        .order_by("due_at", "target_at", "pk")
    )
    return _visible(queryset, user)


def submission_list(*, user: Any) -> QuerySet[Submission]:
    """Submissions with the obligation and incident they belong to."""
    queryset = Submission.objects.select_related(
        "obligation", "obligation__incident", "recorded_by"
    ).order_by("submitted_at", "pk")
    return _visible(queryset, user, field="obligation__incident")


def assessment_list(*, user: Any) -> QuerySet[RiskAssessment]:
    """Risk assessments, newest first, with incident and assessor."""
    queryset = RiskAssessment.objects.select_related("incident", "assessor").order_by(
        "-created_at", "-pk"
    )
    return _visible(queryset, user)


def regime_override_list(*, user: Any) -> QuerySet[RegimeOverride]:
    """Regime decisions, newest first, with who made and revoked them."""
    queryset = RegimeOverride.objects.select_related(
        "incident", "decided_by", "revoked_by"
    ).order_by("-decided_at", "-pk")
    return _visible(queryset, user)
