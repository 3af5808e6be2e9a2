"""The incident facts form (incident room) and the short intake form, checked by the API's rules."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from config.errors import Conflict, NotPermitted, PreconditionFailed, ValidationFailed
from incidents.choices import (
    BreachType,
    DataCategory,
    DiscoveredBy,
    IncidentType,
    ProcessingRole,
    RiskLevel,
    RootCause,
    Severity,
    SubjectCategory,
)
from incidents.forms.fields import (
    CountryCountsField,
    WallClockField,
    checkbox_choices,
    optional_choice,
    text_area,
    time_zone_choices,
    utc_to_wall_clock,
    wall_clock_to_utc,
)
from incidents.models import LegalEntity

TIME_FIELDS = ("detected_at", "aware_at", "occurred_from", "occurred_to")
# The intake asks for what is known in the first minutes; the rest follows in the room.
INTAKE_FIELDS = (
    "title",
    "detected_at",
    "time_zone",
    "description",
    "description_zh",
    "aware_at",
    "is_drill",
    "role",
    "incident_type",
    "discovered_by",
    "breach_types",
    "data_categories",
    "affected_subjects",
    "records_count",
    "data_encrypted",
    "severity",
    "entities",
)
LOCKING_FIELDS = ("version", "seen_event")
# How the facts form groups its fields on the page (the intake shows "more" folded away).
SECTIONS = {
    "when": (
        "detected_at",
        "aware_at",
        "occurred_from",
        "occurred_to",
        "time_zone",
        "discovered_by",
    ),
    "what": (
        "role",
        "incident_type",
        "root_cause",
        "malicious",
        "affected_subjects",
        "records_count",
        "breach_types",
        "data_categories",
        "subject_categories",
        "data_encrypted",
        "systems",
        "third_parties",
    ),
    "impact": (
        "severity",
        "risk_level",
        "consequences",
        "measures_taken",
        "measures_proposed",
        "entities",
        "is_drill",
    ),
    "more": (
        "role",
        "incident_type",
        "discovered_by",
        "severity",
        "affected_subjects",
        "records_count",
        "breach_types",
        "data_categories",
        "data_encrypted",
        "entities",
    ),
}


class IncidentFactsForm(forms.Form):
    """Every fact of an incident the room lets people edit; times are read in `time_zone`."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = text_area(_("What happened"), rows=5)
    description_zh = text_area(
        _("What happened, in Chinese"),
        rows=4,
        help_text=_(
            "The account the PIPL and CAC reports give, in Simplified Chinese: they never "
            "print the English description."
        ),
    )
    detected_at = WallClockField(
        label=_("Detected at"), help_text=_("The first signal that something was wrong.")
    )
    aware_at = WallClockField(
        label=_("Aware at"),
        required=False,
        help_text=_(
            "When you became reasonably certain that personal data were affected: "
            "the legal clocks start here."
        ),
    )
    occurred_from = WallClockField(label=_("Occurred from"), required=False)
    occurred_to = WallClockField(label=_("Occurred until"), required=False)
    time_zone = forms.ChoiceField(
        label=_("Times entered are in"),
        choices=time_zone_choices,
        help_text=_("Times are stored in UTC; nothing is guessed."),
    )
    discovered_by = optional_choice(DiscoveredBy.choices, _("Discovered by"))
    role = forms.ChoiceField(
        label=_("Our role"), choices=ProcessingRole.choices, initial=ProcessingRole.CONTROLLER
    )
    incident_type = optional_choice(IncidentType.choices, _("Incident type"))
    root_cause = optional_choice(RootCause.choices, _("Root cause"))
    malicious = forms.NullBooleanField(
        label=_("Malicious"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    breach_types = checkbox_choices(BreachType.choices, _("Breach type"))
    data_categories = checkbox_choices(DataCategory.choices, _("Data categories"))
    subject_categories = checkbox_choices(SubjectCategory.choices, _("People affected"))
    affected_subjects = CountryCountsField(
        label=_("People affected per country"),
        required=False,
        help_text=_(
            "Country code and count, e.g. DE 1200, FR 300; for a state or province, its "
            "ISO 3166-2 code in place of the country, e.g. US-CA 600."
        ),
    )
    records_count = forms.IntegerField(
        label=_("Approximate number of records"), required=False, min_value=0
    )
    data_encrypted = forms.BooleanField(
        label=_("Data unintelligible to outsiders (encrypted, key not compromised)"),
        required=False,
    )
    systems = text_area(_("Systems affected"))
    third_parties = text_area(_("Processors or third parties involved"))
    consequences = text_area(_("Likely consequences for people"))
    measures_taken = text_area(_("Measures taken"))
    measures_proposed = text_area(_("Measures proposed"))
    severity = optional_choice(Severity.choices, _("Severity"))
    risk_level = optional_choice(RiskLevel.choices, _("Risk to people"))
    entities = forms.ModelMultipleChoiceField(
        label=_("Companies concerned"),
        queryset=LegalEntity.objects.order_by("pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_drill = forms.BooleanField(
        label=_("This is a drill (nobody outside is notified)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_event = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, zone_name: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = zone_name
        if not LegalEntity.objects.filter(country="CN").exists():
            # Only the reports of a Chinese company read the Chinese account.
            del self.fields["description_zh"]
        for name, field in self.fields.items():
            # The hidden copy of each value lets a save send only what this person changed.
            field.show_hidden_initial = name not in LOCKING_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in TIME_FIELDS:
            value = cleaned.get(name)
            if name in self.fields and value is not None:
                try:
                    cleaned[name] = wall_clock_to_utc(value, zone)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def section(self, name: str) -> list[Any]:
        """The bound fields of one section of the page, in order."""
        return [self[field] for field in SECTIONS[name] if field in self.fields]

    @property
    def when_fields(self) -> list[Any]:
        return self.section("when")

    @property
    def what_fields(self) -> list[Any]:
        return self.section("what")

    @property
    def impact_fields(self) -> list[Any]:
        return self.section("impact")

    @property
    def more_fields(self) -> list[Any]:
        return self.section("more")

    def fact_names(self) -> list[str]:
        """The names of the incident facts this form carries."""
        return [n for n in self.fields if n not in LOCKING_FIELDS and n != "time_zone"]

    def changed_facts(self) -> list[str]:
        """The facts this person changed (every time when the zone changed: they mean new instants)."""
        changed = set(self.changed_data)
        if "time_zone" in changed:
            changed.update(name for name in TIME_FIELDS if name in self.fields)
        return [name for name in self.fact_names() if name in changed]

    def payload(self, names: list[str]) -> dict[str, Any]:
        """Cleaned values of the named facts, shaped like the API's input."""
        data: dict[str, Any] = {}
        for name in names:
            value = self.cleaned_data.get(name)
            if name == "entities":
                value = [entity.pk for entity in value or []]
            data[name] = value
        return data


class IncidentIntakeForm(IncidentFactsForm):
    """The short form that starts an incident: title, detection time and description."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in INTAKE_FIELDS:
                del self.fields[name]
            else:
                self.fields[name].show_hidden_initial = False
        self.fields["description"].required = True
        self.fields["title"].widget.attrs["autofocus"] = True
        for name in ("detected_at", "aware_at"):
            # Minutes are precise enough in the first minutes of an incident.
            self.fields[name].widget.attrs["step"] = "60"

    def filled_facts(self) -> list[str]:
        """The facts given (empty optional answers are left to the defaults)."""
        return [
            name
            for name in self.fact_names()
            if self.cleaned_data.get(name) not in (None, "", [])
            and not (name == "entities" and not self.cleaned_data[name])
        ]


def form_add_errors(form: forms.Form, fields: dict[str, Any]) -> None:
    """Put errors from the API's rules (serializer or service) next to the fields they name."""
    for name, problems in fields.items():
        messages = flatten_messages(problems)
        # An item of a list field (affected_subjects[1].region) belongs to that field.
        field_name = name if name in form.fields else re.split(r"[\[.]", name, maxsplit=1)[0]
        field = form.fields.get(field_name)
        if field is not None and field.widget.is_hidden:
            # Nobody sees a hidden field's errors: they belong at the top of the form.
            for message in messages:
                form.add_error(None, message)
            continue
        target = field_name if field is not None else None
        for message in messages:
            form.add_error(target, message if target else f"{name}: {message}")


def form_run(form: forms.Form, change: Any, stale_message: str = "") -> bool:
    """Call a service for a valid form; its refusals go next to the fields. True on success.

    `stale_message` (untranslated) replaces the general one when the record changed meanwhile.
    """
    if not form.is_valid():
        return False
    try:
        change(dict(form.cleaned_data))
    except PreconditionFailed:
        form.add_error(None, gettext(stale_message or STALE_FORM_MESSAGE))
    except (Conflict, NotPermitted) as error:
        form.add_error(None, str(error))
    except ValidationFailed as error:
        form_add_errors(form, error.fields)
    else:
        return True
    return False


STALE_FORM_MESSAGE = gettext_noop(
    "Someone else changed this while you were editing it. Reload the page to see their change, "
    "then make yours again."
)


def flatten_messages(problems: Any) -> list[str]:
    """Collect the message strings of a (possibly nested) DRF error structure."""
    if isinstance(problems, dict):
        return [m for value in problems.values() for m in flatten_messages(value)]
    if isinstance(problems, list | tuple):
        return [m for value in problems for m in flatten_messages(value)]
    return [str(problems)]


def facts_initial(incident: Any, zone_name: str) -> dict[str, Any]:
    """An incident's facts as the facts form shows them, times as wall clock in a zone."""
    zone = zoneinfo.ZoneInfo(zone_name)
    names = [n for n in IncidentFactsForm.base_fields if n not in LOCKING_FIELDS]
    initial: dict[str, Any] = {}
    for name in names:
        if name == "time_zone":
            initial[name] = zone_name
        elif name == "entities":
            initial[name] = [entity.pk for entity in incident.entities.all()]
        elif name in TIME_FIELDS:
            initial[name] = utc_to_wall_clock(getattr(incident, name), zone)
        else:
            initial[name] = getattr(incident, name)
    return initial
