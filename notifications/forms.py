"""Web form of a webhook subscription (the API serializer's twin for the settings page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Event


class WebhookSubscriptionForm(forms.Form):
    """Name, endpoint, events and the active switch of a subscription."""

    name = forms.CharField(max_length=100, label=_("Name"))
    url = forms.URLField(max_length=500, assume_scheme="https", label=_("URL"))
    events = forms.MultipleChoiceField(
        choices=Event.choices, widget=forms.CheckboxSelectMultiple, label=_("Events")
    )
    is_active = forms.BooleanField(required=False, initial=True, label=_("Active"))
