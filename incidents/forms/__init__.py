"""Web forms: incident facts and intake (times entered with an explicit zone), settings."""

from incidents.forms.facts import (
    IncidentFactsForm,
    IncidentIntakeForm,
    facts_initial,
    form_add_errors,
    form_run,
)
from incidents.forms.fields import (
    CountryCountsField,
    WallClockField,
    time_zone_choices,
    utc_to_wall_clock,
    wall_clock_to_utc,
)
from incidents.forms.response import (
    QUICK_ACTIONS,
    PlaybookForm,
    PlaybookTaskForm,
    StatementDraftForm,
    StatementPublishForm,
    TaskAssignForm,
    TaskCommentForm,
    TaskStatusForm,
)
from incidents.forms.settings import (
    LegalEntityForm,
    LegalEntityFormSet,
    OrganisationProfileForm,
    PreferenceForm,
    TransitionForm,
)

__all__ = [
    "QUICK_ACTIONS",
    "PlaybookForm",
    "PlaybookTaskForm",
    "StatementDraftForm",
    "StatementPublishForm",
    "TaskAssignForm",
    "TaskCommentForm",
    "TaskStatusForm",
    "CountryCountsField",
    "IncidentFactsForm",
    "IncidentIntakeForm",
    "LegalEntityForm",
    "LegalEntityFormSet",
    "OrganisationProfileForm",
    "PreferenceForm",
    "TransitionForm",
    "WallClockField",
    "facts_initial",
    "form_add_errors",
    "form_run",
    "time_zone_choices",
    "utc_to_wall_clock",
    "wall_clock_to_utc",
]
