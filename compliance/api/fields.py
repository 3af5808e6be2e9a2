"""API fields for obligations."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from compliance.models import Obligation, ObligationStatus


class ObligationStatusNowField(serializers.ChoiceField):
    """An obligation's status when the response is rendered: overdue as soon as its limit passed,
    even before the sweep records it.

    The API layer is an entry point: it reads the wall clock here, or takes the `now` its view
    put in the serializer context so that every row of one response is judged at one instant.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ObligationStatus.choices, source="*", read_only=True, **kwargs)

    def to_representation(self, value: Obligation) -> str:
        now = self.context["now"] if "now" in self.context else timezone.now()
        return value.status_at(now)
