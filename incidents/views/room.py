"""The incident room: every panel of one incident, its facts form and its lifecycle steps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance.reporting.selectors import report_document_list
from compliance.views import report_form_for
from config.errors import Conflict, PreconditionFailed, ValidationFailed
from incidents import selectors
from incidents.choices import STATUS_ORDER, Status
from incidents.forms import (
    IncidentFactsForm,
    StatementDraftForm,
    StatementPublishForm,
    TransitionForm,
    facts_initial,
    form_add_errors,
)
from incidents.models import Incident
from incidents.roles import has_capability
from incidents.services import incident_transition, incident_update
from incidents.views.access import capability_required, form_page, page
from incidents.views.compliance import risk_form_for, submission_forms_attach
from incidents.views.statements import incident_statements_panel
from incidents.views.validation import api_validated

# Audit entries that change what the facts form shows (not those of obligations or tasks).
FACT_CHANGING_ACTIONS = ("update", "transition")
INCIDENT_LABEL = Incident._meta.label
# The room lists the newest report versions; the reports page has them all.
REPORTS_SHOWN = 10


def next_statuses(incident: Incident) -> list[Status]:
    """The lifecycle steps still ahead of the incident."""
    return STATUS_ORDER[STATUS_ORDER.index(Status(incident.status)) + 1 :]


# Open duties first, soonest deadline first; then what was sent; what is not owed comes last.
STATUS_RANK = {"overdue": 0, "pending": 0, "submitted_late": 1, "submitted": 1, "not_required": 2}
FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


def obligation_room_order(obligation: Any) -> tuple[int, datetime]:
    """Sort key of the room's obligations: open ones by deadline, then sent, then not owed."""
    deadline = obligation.due_at or obligation.target_at or FAR_FUTURE
    return STATUS_RANK.get(obligation.status, 1), deadline


@page
@capability_required("incident.view")
def incident_room(request: HttpRequest, reference: str) -> HttpResponse:
    """Facts, obligations, risk, tasks per team, submissions, statements, reports and audit trail."""
    incident = selectors.incident_room(user=request.user, reference=reference)
    if incident is None:
        raise Http404
    obligations = list(incident.obligations.all())
    now = timezone.now()
    submission_forms_attach(request.user, obligations, now=now)
    assessment = selectors.incident_latest_assessment(incident=incident)
    can_audit = has_capability(request.user, "audit.view")
    context = {
        "incident": incident,
        "now": now,
        "obligations": sorted((o for o in obligations if o.applies), key=obligation_room_order),
        "obligations_lapsed": [o for o in obligations if not o.applies],
        "team_columns": selectors.incident_tasks_by_team(incident=incident),
        "assessment": assessment,
        "risk_form": risk_form_for(request.user, incident, assessment),
        "submissions": list(selectors.incident_submissions(incident=incident)),
        "events": selectors.incident_audit_events(incident=incident) if can_audit else None,
        "next_statuses": next_statuses(incident),
        "statements": incident_statements_panel(user=request.user, incident=incident),
        "draft_form": StatementDraftForm(),
        "publish_form": StatementPublishForm(),
        "reports": (
            report_document_list(user=request.user)
            .filter(incident=incident)
            .order_by("-pk")[:REPORTS_SHOWN]
        ),
        "report_form": report_form_for(incident, now=now),
    }
    return render(request, "incidents/room.html", context)


def describe_value(value: Any) -> str:
    """A short text for a value recorded in the audit trail."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(
            f"{v.get('country')} {v.get('count')}" if isinstance(v, dict) else str(v) for v in value
        )
    return str(value)


def others_changes(incident: Incident, form: IncidentFactsForm, seen: int) -> list[dict[str, Any]]:
    """What other people changed since this person opened the form, from the audit trail."""
    events = selectors.incident_audit_events(incident=incident, after_id=seen)
    changes = []
    for event in reversed(events):
        if event.action not in FACT_CHANGING_ACTIONS or event.object_type != INCIDENT_LABEL:
            continue
        fields = [
            {
                "name": name,
                "label": form.fields[name].label if name in form.fields else name,
                "after": describe_value(diff.get("after")),
            }
            for name, diff in event.changes.items()
            if isinstance(diff, dict) and name not in ("version", "updated_at", "subjects_total")
        ]
        changes.append({"event": event, "fields": fields})
    return changes


def conflict_form(incident: Incident, form: IncidentFactsForm, zone_name: str) -> IncidentFactsForm:
    """The form again on the current version: this person's edits kept, the rest refreshed."""
    current = facts_initial(incident, form.cleaned_data.get("time_zone") or zone_name)
    mine = set(form.changed_facts())
    data: dict[str, Any] = {}
    for name, value in current.items():
        data[f"initial-{name}"] = value
        if name in mine:
            multiple = getattr(form.fields[name].widget, "allow_multiple_selected", False)
            data[name] = form.data.getlist(name) if multiple else form.data.get(name)
        else:
            data[name] = value
    data["version"] = incident.version
    data["seen_event"] = selectors.incident_last_event_id(incident=incident)
    return IncidentFactsForm(data, zone_name=zone_name)


@form_page
@capability_required("incident.update")
def incident_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Edit the facts; a save based on an older version is refused and shown side by side."""
    incident = get_object_or_404(Incident.objects.prefetch_related("entities"), reference=reference)
    zone_name = timezone.get_current_timezone_name()
    conflict: list[dict[str, Any]] | None = None
    clashes: set[str] = set()
    if request.method == "POST":
        form = IncidentFactsForm(request.POST, zone_name=zone_name)
        if form.is_valid():
            names = form.changed_facts()
            if not names:
                messages.info(request, _("Nothing changed."))
                return redirect("incident-detail", reference=reference)
            data = api_validated(form, form.payload(names), instance=incident)
            try:
                if data is not None:
                    incident_update(
                        now=timezone.now(),
                        actor=request.user,
                        incident=incident,
                        data=data,
                        expected_version=form.cleaned_data["version"],
                    )
                    messages.success(request, _("Facts saved."))
                    return redirect("incident-detail", reference=reference)
            except PreconditionFailed:
                incident = Incident.objects.prefetch_related("entities").get(pk=incident.pk)
                conflict = others_changes(incident, form, form.cleaned_data["seen_event"])
                theirs = {field["name"] for change in conflict for field in change["fields"]}
                clashes = theirs & set(names)
                form = conflict_form(incident, form, zone_name)
            except ValidationFailed as error:
                form_add_errors(form, error.fields)
    else:
        initial = facts_initial(incident, zone_name)
        initial["version"] = incident.version
        initial["seen_event"] = selectors.incident_last_event_id(incident=incident)
        form = IncidentFactsForm(initial=initial, zone_name=zone_name)
    context = {"incident": incident, "form": form, "conflict": conflict, "clashes": clashes}
    return render(request, "incidents/facts_edit.html", context)


@require_POST
@capability_required("incident.transition")
def incident_transition_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Move the incident one or more steps forward (contained, resolved, closed)."""
    incident = get_object_or_404(Incident, reference=reference)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That lifecycle step was not understood."))
        return redirect("incident-detail", reference=reference)
    try:
        updated = incident_transition(
            now=timezone.now(),
            actor=request.user,
            incident=incident,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        )
    except PreconditionFailed:
        messages.error(
            request,
            _(
                "Someone changed this incident while you were looking at it. Check it and try again."
            ),
        )
    except (Conflict, ValidationFailed):
        messages.error(request, _("The incident cannot move to that status from where it is."))
    else:
        messages.success(
            request,
            _("%(reference)s is now %(status)s.")
            % {"reference": reference, "status": updated.get_status_display()},
        )
    return redirect("incident-detail", reference=reference)
