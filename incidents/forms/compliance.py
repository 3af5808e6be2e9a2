"""Forms of the room's compliance panels: a notice sent for an obligation, an ENISA assessment."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from compliance.engine import risk
from compliance.models import SubmissionPhase
from incidents.choices import DataCategory, RiskLevel
from incidents.forms.fields import (
    ReusedOptionsSelect,
    WallClockField,
    text_area,
    time_zone_choices,
    wall_clock_to_utc,
)

# Checkbox facts of the ENISA form, in the order the assessor weighs them.
DECISION_FACTS = (
    "malicious",
    "encrypted_key_intact",
    "backup_available",
    "logs_show_no_exfiltration",
    "vulnerable_people",
    "trusted_recipient_deleted",
    "data_already_public",
    "identity_theft_possible",
)


def level_choices(levels: Any) -> list[tuple[float, str]]:
    """An ENISA score table as select options: the value and its meaning."""
    return [
        (value, format_lazy("{} · {}", f"{value:g}", _(label))) for value, label in levels.items()
    ]


class SubmissionForm(forms.Form):
    """A notice actually sent for one obligation; the time is read in the chosen zone."""

    phase = forms.ChoiceField(label=_("Phase"), choices=SubmissionPhase.choices)
    submitted_at = WallClockField(label=_("Sent at"))
    time_zone = forms.ChoiceField(
        label=_("Time entered is in"),
        choices=time_zone_choices,
        widget=ReusedOptionsSelect,  # a board page has one of these per obligation
        help_text=_("Times are stored in UTC; nothing is guessed."),
    )
    channel = forms.CharField(
        label=_("Channel"),
        max_length=100,
        help_text=_("How it was sent: portal, e-mail, letter, phone."),
    )
    regulator_reference = forms.CharField(
        label=_("Regulator's reference"), max_length=100, required=False
    )
    delay_reasons = text_area(
        _("Reasons for the delay"),
        help_text=_("Required when the initial notice was sent after its deadline."),
    )

    def __init__(self, *args: Any, obligation: Any, zone_name: str, late: bool, **kwargs: Any):
        kwargs.setdefault("auto_id", f"id_o{obligation.pk}_%s")
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        self.late = late
        self.fields["time_zone"].initial = zone_name
        self.fields["submitted_at"].widget.attrs["step"] = "60"
        done = obligation.submitted_at is not None
        self.fields["phase"].initial = (
            SubmissionPhase.FOLLOW_UP if done else SubmissionPhase.INITIAL
        )
        if late:
            # The deadline has passed: an initial notice now needs its reasons (GDPR Art. 33(1)).
            self.fields["delay_reasons"].widget.attrs["required"] = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        value, zone_name = cleaned.get("submitted_at"), cleaned.get("time_zone")
        if value is not None and zone_name:
            try:
                cleaned["submitted_at"] = wall_clock_to_utc(value, zoneinfo.ZoneInfo(zone_name))
            except ValidationError as error:
                self.add_error("submitted_at", error)
        return cleaned


class RiskAssessmentForm(forms.Form):
    """The ENISA inputs (SE = DPC x EI + CB), the facts regulators weigh, and an optional override."""

    data_categories = forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    ease_of_identification = forms.TypedChoiceField(
        label=_("Ease of identification"),
        choices=[("", "—"), *level_choices(risk.EASE_OF_IDENTIFICATION)],
        coerce=float,
    )
    confidentiality = forms.TypedChoiceField(
        label=_("Loss of confidentiality"),
        choices=level_choices(risk.CONFIDENTIALITY_LOSS),
        coerce=float,
        initial=0.0,
    )
    integrity = forms.TypedChoiceField(
        label=_("Loss of integrity"),
        choices=level_choices(risk.INTEGRITY_LOSS),
        coerce=float,
        initial=0.0,
    )
    availability = forms.TypedChoiceField(
        label=_("Loss of availability"),
        choices=level_choices(risk.AVAILABILITY_LOSS),
        coerce=float,
        initial=0.0,
    )
    malicious = forms.BooleanField(label=_("Malicious intent"), required=False)
    encrypted_key_intact = forms.BooleanField(
        label=_("Encrypted or hashed, key or salt intact"), required=False
    )
    backup_available = forms.BooleanField(label=_("A working backup exists"), required=False)
    logs_show_no_exfiltration = forms.BooleanField(
        label=_("Logs show no exfiltration"), required=False
    )
    vulnerable_people = forms.BooleanField(
        label=_("Children or other vulnerable people"), required=False
    )
    trusted_recipient_deleted = forms.BooleanField(
        label=_("A trusted recipient bound by secrecy confirmed deletion"), required=False
    )
    data_already_public = forms.BooleanField(
        label=_("The data were already public"), required=False
    )
    identity_theft_possible = forms.BooleanField(
        label=_("The data enable identity theft or fraud"), required=False
    )
    override_tier = forms.ChoiceField(
        label=_("Override the tier"),
        choices=[("", _("— keep the computed tier —")), *RiskLevel.choices],
        required=False,
    )
    override_rationale = text_area(
        _("Rationale for the override"), help_text=_("Required when overriding the tier.")
    )
    consequences = text_area(_("Likely consequences for people"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("override_tier") and not (cleaned.get("override_rationale") or "").strip():
            self.add_error(
                "override_rationale", _("Give the written rationale for overriding the tier.")
            )
        return cleaned

    @property
    def fact_fields(self) -> list[Any]:
        return [self[name] for name in DECISION_FACTS]

    def inputs(self) -> dict[str, Any]:
        """The cleaned ENISA inputs, shaped as assessment_record takes them."""
        names = ("data_categories", "ease_of_identification", "confidentiality", "integrity")
        names += ("availability", *DECISION_FACTS)
        return {name: self.cleaned_data[name] for name in names}


def risk_initial(incident: Any, assessment: Any) -> dict[str, Any]:
    """The form's starting values: the latest assessment's inputs, else the incident's facts."""
    if assessment is not None:
        stored = assessment.inputs or {}
        initial = {k: v for k, v in stored.items() if k in RiskAssessmentForm.base_fields}
        initial["consequences"] = assessment.consequences
        return initial
    return {
        "data_categories": list(incident.data_categories or ()),
        "malicious": bool(incident.malicious),
        "encrypted_key_intact": bool(incident.data_encrypted),
        "consequences": incident.consequences,
    }
