"""Web forms for response work: task status, assignment and comments; statements; playbooks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms.fields import ContentChoiceField
from incidents.models import DueAnchor, Task, TaskStatus, Team
from incidents.response.models import Audience

# The quick buttons on a task card: the status each one moves the task to.
QUICK_ACTIONS = {
    "start": TaskStatus.IN_PROGRESS,
    "block": TaskStatus.BLOCKED,
    "complete": TaskStatus.DONE,
    "reopen": TaskStatus.OPEN,
}


class TaskStatusForm(forms.Form):
    """A new status for a task, the reason when it does not apply, and the version read."""

    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    not_applicable_reason = forms.CharField(
        label=_("Reason it does not apply"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("status") == TaskStatus.NOT_APPLICABLE
            and not data.get("not_applicable_reason", "").strip()
        ):
            self.add_error("not_applicable_reason", _("Say why the task does not apply."))
        return data


class TaskAssignForm(forms.Form):
    """Give the task to a member of its team, or back to the team's queue."""

    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=None, required=False, empty_label=_("Team queue (nobody)")
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = task.team.members.filter(is_active=True).order_by("username")
        self.fields["assignee"].queryset = members
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class TaskCommentForm(forms.Form):
    """A note on a task."""

    body = forms.CharField(
        label=_("Comment"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatementDraftForm(forms.Form):
    """A new wording for one audience's statement."""

    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    body = forms.CharField(
        label=_("Statement"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    spokesperson = forms.CharField(label=_("Spokesperson"), max_length=200, required=False)
    channel = forms.CharField(label=_("Channel"), max_length=200, required=False)


class StatementPublishForm(forms.Form):
    """Who gave the approved statement, and where."""

    version_id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    spokesperson = forms.CharField(label=_("Spokesperson"), max_length=200)
    channel = forms.CharField(label=_("Channel"), max_length=200, required=False)


class PlaybookForm(forms.Form):
    """A playbook's name, description and whether it is used."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PlaybookTaskForm(forms.Form):
    """One task template: key, team, title, instructions and minutes after detection."""

    key = forms.SlugField(label=_("Key"), max_length=60)
    team = ContentChoiceField(label=_("Team"), queryset=Team.objects.order_by("name"))
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    due_anchor = forms.ChoiceField(
        label=_("Due relative to"),
        required=False,
        choices=[("", _("No due time")), *DueAnchor.choices],
    )
    due_anchor_rule_id = forms.CharField(
        label=_("Obligation rule id"), max_length=40, required=False
    )
    due_offset_minutes = forms.IntegerField(
        label=_("Minutes after (negative: before)"), required=False
    )
    # The version read, for an edit (a new template has none).
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
