"""The web forms' facts are checked by the API's own serializer: one set of rules for both."""

from __future__ import annotations

from typing import Any

from django import forms

from incidents.api.serializers import IncidentSerializer
from incidents.forms import form_add_errors


def api_validated(
    form: forms.Form, payload: dict[str, Any], *, instance: Any = None
) -> dict[str, Any] | None:
    """Check a form's payload with the API's own serializer; errors go onto the form."""
    serializer = IncidentSerializer(instance=instance, data=payload, partial=instance is not None)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    form_add_errors(form, serializer.errors)
    return None
