"""An incident's statements: draft a version per audience, approve it, publish it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from config.errors import Conflict, PreconditionFailed
from incidents.forms import StatementDraftForm, StatementPublishForm, form_run
from incidents.forms.facts import STALE_FORM_MESSAGE
from incidents.models import Incident
from incidents.response import selectors as response_selectors
from incidents.response.models import Statement, StatementVersion
from incidents.response.statements import (
    statement_create,
    statement_version_approve,
    statement_version_draft,
    statement_version_publish,
)
from incidents.roles import has_capability
from incidents.views.access import capability_required, form_page


def incident_statements_panel(*, user: Any, incident: Incident) -> list[dict[str, Any]]:
    """Each audience's statement with its current approved version and its versions, newest first."""
    statements = response_selectors.statement_list(user=user).filter(incident=incident)
    rows = []
    for statement in statements:
        versions = sorted(statement.versions.all(), key=lambda v: v.number, reverse=True)
        current = next((v for v in versions if v.is_current), None)
        rows.append({"statement": statement, "current": current, "versions": versions})
    return rows


def statement_draft_save(*, user: Any, incident: Incident, data: dict[str, Any]) -> None:
    """Add a draft to the audience's statement, starting the statement if it is the first."""
    audience = data.pop("audience")
    statement = Statement.objects.filter(incident=incident, audience=audience).first()
    if statement is None:
        statement_create(actor=user, incident=incident, audience=audience, data=data)
    else:
        statement_version_draft(actor=user, statement=statement, data=data)


@form_page
@capability_required("statement.draft")
def incident_statements(request: HttpRequest, reference: str) -> HttpResponse:
    """The statements of an incident with the forms that draft, approve and publish them."""
    user = request.user
    incident = response_selectors.incidents_visible(user=user).filter(reference=reference).first()
    if incident is None:
        raise Http404
    draft_form = StatementDraftForm(initial={"audience": request.GET.get("audience")})
    publish_form = StatementPublishForm()
    if request.method == "POST":
        action = request.POST.get("action")
        done = False
        if action == "draft":
            draft_form = StatementDraftForm(request.POST)
            done = form_run(
                draft_form, lambda d: statement_draft_save(user=user, incident=incident, data=d)
            )
        elif action in ("approve", "publish"):
            version = version_of(request, incident)
            if action == "approve":
                if not has_capability(user, "statement.approve"):
                    raise PermissionDenied
                try:
                    statement_version_approve(
                        actor=user, version=version, expected_version=version_read(request)
                    )
                    done = True
                except PreconditionFailed:
                    messages.error(request, gettext(STALE_FORM_MESSAGE))
                except Conflict as error:
                    messages.error(request, str(error))
            else:
                publish_form = StatementPublishForm(request.POST)
                done = form_run(
                    publish_form,
                    lambda d: statement_version_publish(
                        actor=user,
                        version=version,
                        data={"spokesperson": d["spokesperson"], "channel": d["channel"]},
                        expected_version=d["version"],
                    ),
                )
        if done:
            messages.success(request, _("Statement saved."))
            return redirect(reverse("incident-detail", args=[reference]) + "#statements")
    context = {
        "incident": incident,
        "statements": incident_statements_panel(user=user, incident=incident),
        "draft_form": draft_form,
        "publish_form": publish_form,
    }
    return render(request, "incidents/statements.html", context)


def version_read(request: HttpRequest) -> int:
    """The statement version's version number the form was read at (400 without one)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise SuspiciousOperation("The form lacks the version it was read at.") from None


def version_of(request: HttpRequest, incident: Incident) -> StatementVersion:
    """The statement version named in the form, if it belongs to this incident (404 otherwise)."""
    try:
        pk = int(request.POST.get("version_id", ""))
    except ValueError:
        raise Http404 from None
    version = StatementVersion.objects.filter(pk=pk, statement__incident=incident).first()
    if version is None:
        raise Http404
    return version
