"""Settings: the playbooks (task templates) new incidents get, listed and edited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from compliance.wording import text
from config.errors import ValidationFailed
from incidents.forms import PlaybookForm, PlaybookTaskForm, form_run
from incidents.response import selectors as response_selectors
from incidents.response.playbooks import (
    playbook_task_create,
    playbook_task_delete,
    playbook_task_update,
    playbook_update,
)
from incidents.views.access import capability_required, form_page, page

TEMPLATE_FIELDS = list(PlaybookTaskForm.base_fields)  # version included
# Texts a shipped playbook brings in English (incidents/response/defaults.py): the editor shows
# them in the reader's language.
PLAYBOOK_TEXTS = ("name", "description")
TEMPLATE_TEXTS = ("title", "instructions")


def texts_shown(stored: Any, names: tuple[str, ...]) -> dict[str, str]:
    """The stored texts as the editor shows them: a shipped text in the reader's language, text
    the organisation wrote as written."""
    return {name: text(getattr(stored, name)) for name in names}


def texts_kept(data: dict[str, Any], stored: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The submitted data with each shipped text sent back as shown kept as stored (English), so
    it goes on following each reader's language; a text someone changed is saved as written."""
    shown = texts_shown(stored, names)
    unchanged = {name: getattr(stored, name) for name in names if data.get(name) == shown[name]}
    return {**data, **unchanged}


@page
@capability_required("playbook.manage")
def playbook_list(request: HttpRequest) -> HttpResponse:
    """Every playbook with how many tasks it creates and whether it is active."""
    playbooks = response_selectors.playbook_list()
    return render(request, "incidents/settings/playbooks.html", {"playbooks": playbooks})


def template_data(data: dict[str, Any]) -> dict[str, Any]:
    """A task template's fields as the services take them (empty text for no anchor)."""
    fields = {name: value for name, value in data.items() if name != "version"}
    return {**fields, "due_anchor_rule_id": data.get("due_anchor_rule_id") or ""}


def version_required(version: int | None) -> int:
    """The version an edit form was read at; an edit without one could overwrite blindly."""
    if version is None:
        raise ValidationFailed(
            "The form is missing the version it was read at.",
            fields={"version": [gettext("Reload the page and make your change again.")]},
        )
    return version


@form_page
@capability_required("playbook.manage")
def playbook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A playbook's name and switch, and its task templates: edit, add, remove."""
    playbook = get_object_or_404(response_selectors.playbook_list(), pk=pk)
    templates = list(playbook.tasks.all())
    user = request.user
    playbook_form = PlaybookForm(
        initial={
            "is_active": playbook.is_active,
            "version": playbook.version,
            **texts_shown(playbook, PLAYBOOK_TEXTS),
        }
    )
    task_forms = {
        t.pk: PlaybookTaskForm(
            initial={
                **{name: getattr(t, name) for name in TEMPLATE_FIELDS},
                **texts_shown(t, TEMPLATE_TEXTS),
            },
            prefix=f"t{t.pk}",
        )
        for t in templates
    }
    new_form = PlaybookTaskForm(prefix="new")
    done = False
    if request.method == "POST":
        action = request.POST.get("action", "")
        by_pk = {str(t.pk): t for t in templates}
        template = by_pk.get(request.POST.get("template", ""))
        if action == "playbook":
            playbook_form = PlaybookForm(request.POST)
            done = form_run(
                playbook_form,
                lambda d: playbook_update(
                    now=timezone.now(),
                    actor=user,
                    playbook=playbook,
                    expected_version=d.pop("version"),
                    data=texts_kept(d, playbook, PLAYBOOK_TEXTS),
                ),
            )
        elif action == "task" and template is not None:
            form = task_forms[template.pk] = PlaybookTaskForm(
                request.POST, prefix=f"t{template.pk}"
            )
            done = form_run(
                form,
                lambda d: playbook_task_update(
                    now=timezone.now(),
                    actor=user,
                    template=template,
                    expected_version=version_required(d.pop("version")),
                    data=texts_kept(template_data(d), template, TEMPLATE_TEXTS),
                ),
            )
        elif action == "add":
            new_form = PlaybookTaskForm(request.POST, prefix="new")
            done = form_run(
                new_form,
                lambda d: playbook_task_create(
                    now=timezone.now(), actor=user, playbook=playbook, data=template_data(d)
                ),
            )
        elif action == "remove" and template is not None:
            playbook_task_delete(now=timezone.now(), actor=user, template=template)
            done = True
        if done:
            messages.success(request, _("Playbook saved."))
            return redirect("settings-playbook", pk=playbook.pk)
    context = {
        "playbook": playbook,
        "playbook_form": playbook_form,
        "task_rows": [(t, task_forms[t.pk]) for t in templates],
        "new_form": new_form,
    }
    return render(request, "incidents/settings/playbook_edit.html", context)
