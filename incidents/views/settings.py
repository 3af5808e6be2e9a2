"""Settings: the organisation and its companies (admins), and each person's preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents import selectors
from incidents.forms import (
    LegalEntityForm,
    LegalEntityFormSet,
    OrganisationProfileForm,
    PreferenceForm,
)
from incidents.models import LegalEntity, OrganisationProfile
from incidents.services import (
    legal_entity_save,
    organisation_profile_update,
    user_preference_set,
)
from incidents.views.access import capability_required, form_page


@form_page
@capability_required("settings.manage")
def organisation_settings(request: HttpRequest) -> HttpResponse:
    """Edit the organisation profile and its legal entities."""
    profile = OrganisationProfile.current()
    entities = LegalEntity.objects.filter(profile=profile).order_by("pk")
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, instance=profile, prefix="profile")
        formset = LegalEntityFormSet(request.POST, queryset=entities, prefix="entities")
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                if form.has_changed():
                    organisation_profile_update(
                        now=timezone.now(),
                        actor=request.user,
                        profile=profile,
                        data=form.cleaned_data,
                    )
                for entity_form in formset.forms:
                    if entity_form.has_changed():
                        legal_entity_save(
                            now=timezone.now(),
                            actor=request.user,
                            profile=profile,
                            entity=entity_form.instance if entity_form.instance.pk else None,
                            data={
                                name: entity_form.cleaned_data[name]
                                for name in LegalEntityForm.Meta.fields
                            },
                        )
            messages.success(request, _("Organisation settings saved."))
            return redirect("settings-organisation")
    else:
        form = OrganisationProfileForm(instance=profile, prefix="profile")
        formset = LegalEntityFormSet(queryset=entities, prefix="entities")
    return render(
        request, "incidents/settings/organisation.html", {"form": form, "formset": formset}
    )


@form_page
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Choose the language and time zone the pages use."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            user_preference_set(actor=request.user, now=timezone.now(), **form.cleaned_data)
            translation.activate(form.cleaned_data["language"])
            messages.success(request, _("Preferences saved."))
            return redirect("preferences")
    else:
        language, zone = selectors.display_preferences(user=request.user)
        current = language or translation.get_language()
        form = PreferenceForm(initial={"language": current, "time_zone": zone})
    return render(request, "incidents/settings/preferences.html", {"form": form})
