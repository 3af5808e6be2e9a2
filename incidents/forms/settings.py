"""Forms of the settings pages and the lifecycle buttons."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.choices import Nis2Entity
from incidents.forms.fields import country_choices, time_zone_choices
from incidents.models import Language, LegalEntity, OrganisationProfile


class TransitionForm(forms.Form):
    """A lifecycle step and the version it was decided on."""

    status = forms.CharField(max_length=12)
    version = forms.IntegerField(min_value=1)


class PreferenceForm(forms.Form):
    """A person's display language and time zone."""

    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Times are shown in this zone; hover over a time to see it in UTC."),
    )


class OrganisationProfileForm(forms.ModelForm):
    """The organisation's name and default time zone."""

    default_time_zone = forms.ChoiceField(label=_("Default time zone"), choices=time_zone_choices)

    class Meta:
        model = OrganisationProfile
        fields = ["name", "default_time_zone", "omnibus_adopted"]
        labels = {
            "name": _("Organisation name"),
            "omnibus_adopted": _("The EU Digital Omnibus is adopted (GDPR Art. 33: 96 hours)"),
        }


class LegalEntityForm(forms.ModelForm):
    """One company of the group and its data-protection contact and regulator."""

    # A blank first entry, so the empty "add a company" form is left alone when nothing is typed.
    country = forms.ChoiceField(label=_("Country"), choices=lambda: [("", "—")] + country_choices())
    authority_time_zone = forms.ChoiceField(
        label=_("Regulator's time zone"),
        choices=[("", _("— same as the organisation —"))] + time_zone_choices(),
        required=False,
    )
    nis2_entity = forms.ChoiceField(
        label=_("NIS2 entity (Directive 2022/2555)"),
        choices=[("", _("Neither essential nor important"))] + list(Nis2Entity.choices),
        required=False,
    )

    class Meta:
        model = LegalEntity
        fields = [
            "legal_name",
            "country",
            "registration_number",
            "address",
            "sector",
            "dpo_name",
            "dpo_email",
            "dpo_phone",
            "supervisory_authority",
            "authority_time_zone",
            "is_cii_operator",
            "is_state_organ",
            # The flags that bring further regimes in (docs/decision.md).
            "nis2_entity",
            "dora_financial_entity",
            "dora_art_5_5",
            "hipaa_covered",
            "sec_registrant",
        ]
        labels = {
            "legal_name": _("Legal name"),
            "registration_number": _("Registration number"),
            "address": _("Address"),
            "sector": _("Sector"),
            "dpo_name": _("DPO / PI-protection officer"),
            "dpo_email": _("Their e-mail"),
            "dpo_phone": _("Their phone"),
            "supervisory_authority": _("Lead supervisory authority or regulator"),
            "is_cii_operator": _("Operates critical information infrastructure in China"),
            "is_state_organ": _("State organ"),
            "dora_financial_entity": _("Financial entity under DORA (Regulation 2022/2554)"),
            "dora_art_5_5": _(
                "Entity of Art. 5(5) of Delegated Regulation 2025/301 (no weekend roll-over)"
            ),
            "hipaa_covered": _("HIPAA covered entity or business associate"),
            "sec_registrant": _("Files with the US SEC (Form 8-K Item 1.05)"),
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


LegalEntityFormSet = forms.modelformset_factory(
    LegalEntity, form=LegalEntityForm, extra=1, can_delete=False
)
