"""Reads of incidents, tasks, deadlines and the audit trail, with related rows fetched up front."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from compliance.models import Obligation, ObligationStatus, RiskAssessment, Submission
from incidents import roles
from incidents.choices import Status
from incidents.models import (
    AuditEvent,
    Incident,
    OrganisationProfile,
    Task,
    Team,
    UserPreference,
)
from incidents.roles import user_roles
from incidents.work_items import TASK_OPEN_STATUSES, overdue_q

OPEN_INCIDENT_STATUSES = (Status.OPEN, Status.CONTAINED, Status.RESOLVED)
OPEN_OBLIGATION_STATUSES = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)
# ASAP duties have no statutory due time; their internal target stands in for sorting.
DEADLINE = Coalesce("due_at", "target_at")
# Real incidents, not drills. Written as an IN: `is_drill=False` becomes `NOT is_drill`, which
# SQLite cannot answer from the (is_drill, detected_at) index.
NOT_DRILL = Q(is_drill__in=[False])


# The roles (incidents/roles.py): the DPO, admins, executives and the security team see every incident; Legal and
# PR/Comms see the incidents they are on (they logged it, or they or their team have a task).
SEES_EVERY_INCIDENT = frozenset({roles.DPO, roles.ADMIN, roles.EXECUTIVE, roles.SECURITY})


def incident_list(*, user: Any) -> QuerySet[Incident]:
    """Incidents the user may see, ready for the list serializer."""
    held = user_roles(user)
    queryset = Incident.objects.all()
    if not held:
        return queryset.none()
    if not held & SEES_EVERY_INCIDENT:
        on_it = Task.objects.filter(incident=OuterRef("pk")).filter(
            Q(assignee=user) | Q(team__members=user)
        )
        queryset = queryset.filter(Q(created_by=user) | Exists(on_it))
    return queryset.prefetch_related("entities")


def sees_every_incident(user: Any) -> bool:
    """Whether the user's role shows every incident (their figures are everyone's)."""
    return bool(user_roles(user) & SEES_EVERY_INCIDENT)


def incident_scope(*, user: Any, field: str = "incident") -> Q:
    """A filter keeping rows of incidents the user may see (nothing extra for those who see all)."""
    if sees_every_incident(user):
        return Q()
    return Q(**{f"{field}__in": incident_list(user=user).values("pk")})


def incident_list_rows(*, user: Any) -> QuerySet[Incident]:
    """Incidents for the API list, without related rows (the view reads the summary columns)."""
    return incident_list(user=user).prefetch_related(None)


def incident_detail_queryset(*, user: Any) -> QuerySet[Incident]:
    """Incidents with their entities and obligations prefetched for the detail view."""
    return incident_list(user=user).prefetch_related(
        Prefetch("obligations", queryset=Obligation.objects.order_by("due_at", "target_at", "pk"))
    )


def incident_rows(*, user: Any) -> QuerySet[Incident]:
    """Incidents for the web list, each with its next open deadline and open task count."""
    open_obligations = Q(
        obligations__applies=True, obligations__status__in=OPEN_OBLIGATION_STATUSES
    )
    return (
        incident_list(user=user)
        .annotate(
            next_deadline=Min(
                Coalesce("obligations__due_at", "obligations__target_at"), filter=open_obligations
            )
        )
        .order_by("-detected_at", "-pk")
    )


def incident_room(*, user: Any, reference: str) -> Incident | None:
    """One incident with what its room shows: entities, obligations with their entity."""
    obligations = Obligation.objects.select_related("entity").order_by(DEADLINE.asc(), "pk")
    return (
        incident_list(user=user)
        .select_related("created_by")
        .prefetch_related(Prefetch("obligations", queryset=obligations))
        .filter(reference=reference)
        .first()
    )


def incident_tasks_by_team(*, incident: Incident) -> list[tuple[Team, list[Task]]]:
    """The incident's tasks grouped into one column per team (teams without tasks included)."""
    tasks = (
        Task.objects.filter(incident=incident)
        .select_related("assignee")
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )
    by_team: dict[int, list[Task]] = {}
    for task in tasks:
        by_team.setdefault(task.team_id, []).append(task)
    return [(team, by_team.get(team.pk, [])) for team in Team.objects.order_by("name")]


def incident_latest_assessment(*, incident: Incident) -> RiskAssessment | None:
    """The most recent risk assessment of the incident, with its assessor."""
    return (
        RiskAssessment.objects.filter(incident=incident)
        .select_related("assessor")
        .order_by("-created_at", "-pk")
        .first()
    )


def incident_submissions(*, incident: Incident) -> QuerySet[Submission]:
    """Submissions recorded for any of the incident's obligations, oldest first."""
    return (
        Submission.objects.filter(obligation__incident=incident)
        .select_related("obligation", "obligation__entity", "recorded_by")
        .order_by("submitted_at", "pk")
    )


def incident_audit_events(
    *, incident: Incident, after_id: int = 0, limit: int = 200
) -> list[AuditEvent]:
    """The incident's audit trail, newest first (optionally only entries after `after_id`)."""
    events = AuditEvent.objects.filter(incident=incident, pk__gt=after_id).order_by("-pk")
    return list(events[:limit])


def incident_last_event_id(*, incident: Incident) -> int:
    """The id of the incident's newest audit entry (0 when none), to spot later changes."""
    last = AuditEvent.objects.filter(incident=incident).order_by("-pk").values_list("pk").first()
    return last[0] if last else 0


def obligations_open(*, user: Any) -> QuerySet[Obligation]:
    """Obligations the user may see, with incident and entity, sorted by deadline."""
    if not user_roles(user):
        return Obligation.objects.none()
    return (
        Obligation.objects.filter(incident_scope(user=user), applies=True)
        .select_related("incident", "entity")
        .annotate(deadline=DEADLINE)
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def obligation_filter_values(*, user: Any) -> dict[str, list[str]]:
    """The regimes and recipients that occur on the user's board, for its filter menus."""
    if user_roles(user) & SEES_EVERY_INCIDENT:
        rows = _regime_recipient_pairs()
    else:
        rows = list(
            Obligation.objects.filter(incident_scope(user=user), applies=True)
            .values_list("regime", "recipient")
            .distinct()
        )
    regimes = sorted({regime for regime, _ in rows})
    recipients = sorted({recipient for _, recipient in rows})
    return {"regimes": regimes, "recipients": recipients}


def _regime_recipient_pairs() -> list[tuple[str, str]]:
    """Every distinct (regime, recipient) of the obligations that apply, by skipping through the
    index `obligation_regime_recipient`: one index probe per pair, however many rows share it
    (a DISTINCT would read every obligation ever stored)."""
    table = connection.ops.quote_name(Obligation._meta.db_table)
    after = (
        f"FROM {table} WHERE applies AND (regime, recipient) > (t.regime, t.recipient)"
        " ORDER BY regime, recipient LIMIT 1"
    )
    sql = (
        "WITH RECURSIVE t(regime, recipient) AS ("
        f" SELECT * FROM (SELECT regime, recipient FROM {table} WHERE applies"
        "  ORDER BY regime, recipient LIMIT 1) AS first"
        f" UNION ALL SELECT (SELECT regime {after}), (SELECT recipient {after})"
        " FROM t WHERE t.regime IS NOT NULL"
        ") SELECT regime, recipient FROM t WHERE regime IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(regime, recipient) for regime, recipient in cursor.fetchall()]


def display_preferences(*, user: Any) -> tuple[str | None, str]:
    """The user's language (None: follow the browser) and time zone (default: the organisation's)."""
    row = UserPreference.objects.filter(user=user).values_list("language", "time_zone").first()
    if row:
        return row[0], row[1]
    zone = (
        OrganisationProfile.objects.order_by("pk")
        .values_list("default_time_zone", flat=True)
        .first()
    )
    return None, zone or "UTC"


def dashboard_incident_counts(*, user: Any) -> list[dict[str, Any]]:
    """Open incidents the user sees counted per severity, status and drill flag (one query)."""
    return list(
        Incident.objects.filter(incident_scope(user=user, field="pk"))
        .filter(status__in=OPEN_INCIDENT_STATUSES)
        .values("severity", "status", "is_drill")
        .annotate(count=Count("pk"))
        .order_by()
    )


def dashboard_upcoming_obligations(*, now: datetime, user: Any, limit: int = 8) -> list[Obligation]:
    """The next open deadlines of open incidents the user may see, soonest first."""
    return list(
        Obligation.objects.filter(
            incident_scope(user=user),
            applies=True,
            status__in=OPEN_OBLIGATION_STATUSES,
            incident__status__in=OPEN_INCIDENT_STATUSES,
            incident__is_drill=False,
        )
        .annotate(deadline=DEADLINE)
        .filter(deadline__gte=now)
        .select_related("incident", "entity")
        .order_by("deadline", "pk")[:limit]
    )


def tasks_overdue(*, now: datetime) -> QuerySet[Task]:
    """Unfinished tasks whose due time has passed."""
    return Task.objects.filter(overdue_q(now))


def dashboard_overdue_tasks(*, now: datetime, user: Any, limit: int = 5) -> list[Task]:
    """Unfinished tasks of real incidents the user may see (no drill's) past their due time, most
    overdue first."""
    return list(
        tasks_overdue(now=now)
        .filter(incident_scope(user=user), incident__is_drill=False)
        .select_related("incident", "team", "assignee")
        .order_by("due_at", "pk")[:limit]
    )


def dashboard_incidents_per_month(*, month_starts: list[datetime], user: Any) -> list[int]:
    """Real incidents the user sees detected in each month from the month starts to now."""
    bounds = list(zip(month_starts, [*month_starts[1:], None], strict=True))
    # Plain range counts, not TruncMonth: they use the detected_at index and no per-row function.
    scoped = Incident.objects.filter(incident_scope(user=user, field="pk"))
    counts = scoped.filter(NOT_DRILL, detected_at__gte=month_starts[0]).aggregate(
        **{
            f"m{index}": Count(
                "pk",
                filter=Q(detected_at__gte=start)
                & (Q(detected_at__lt=end) if end else Q(pk__isnull=False)),
            )
            for index, (start, end) in enumerate(bounds)
        }
    )
    return [counts[f"m{index}"] for index in range(len(bounds))]


def dashboard_open_incidents(*, user: Any, limit: int = 10) -> list[Incident]:
    """Open real incidents the user sees, the one with the nearest open deadline first."""
    return list(
        incident_rows(user=user)
        .filter(NOT_DRILL, status__in=OPEN_INCIDENT_STATUSES)
        .order_by(F("next_deadline").asc(nulls_last=True), "-detected_at", "-pk")[:limit]
    )


def dashboard_open_incident_ids(*, user: Any, limit: int = 10) -> list[int]:
    """The keys of `dashboard_open_incidents`, in its order."""
    return [incident.pk for incident in dashboard_open_incidents(user=user, limit=limit)]


def incidents_in_order(*, user: Any, pks: list[int]) -> list[Incident]:
    """These incidents as the list shows them (next deadline, open tasks), in the given order."""
    rows = {incident.pk: incident for incident in incident_rows(user=user).filter(pk__in=pks)}
    return [rows[pk] for pk in pks if pk in rows]


def tasks_overdue_count(*, now: datetime, user: Any) -> tuple[int, datetime | None]:
    """Unfinished tasks of real incidents the user sees (no drill's) past their due time, and the
    last instant the count holds for (the next due time `now` will pass), in one query."""
    row = (
        Task.objects.filter(
            incident_scope(user=user), status__in=TASK_OPEN_STATUSES, incident__is_drill=False
        )
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            next_due=Min("due_at", filter=Q(due_at__gte=now)),
        )
    )
    return row["overdue"], row["next_due"]
