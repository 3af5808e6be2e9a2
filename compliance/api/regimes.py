"""GET /api/v1/regimes/: the laws the engine applies, every version with its dates and rules."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from compliance.coverage import RegimeVersion, regime_codes, regime_versions
from config.api import query_params_strict
from config.fields import QueryBooleanField
from config.input_policy import UNKNOWN_PARAMETER

PAGING_PARAMETERS = ("page", "page_size")


class RegimeRuleSerializer(serializers.Serializer):
    """One notification duty of a regime version."""

    id = serializers.CharField(help_text="The rule id obligations carry as rule_id.")
    legal_basis = serializers.CharField()
    recipient = serializers.CharField()
    duty = serializers.CharField()
    clock_event = serializers.CharField(help_text="The incident fact that starts the clock.")
    duration = serializers.FloatField(allow_null=True, help_text="Null for a duty without a limit.")
    unit = serializers.CharField(
        help_text="H (hours), CD (calendar days), BD (business days), M (months) or ASAP."
    )
    calendar = serializers.CharField(
        allow_null=True, help_text="Holiday calendar (ISO country) of business-day clocks."
    )
    valid_from = serializers.DateField(allow_null=True, help_text="In force from (inclusive).")
    valid_to = serializers.DateField(allow_null=True, help_text="In force until (exclusive).")
    verify = serializers.BooleanField(help_text="The figure is the engine's reading; check it.")
    verify_note = serializers.CharField()


class RegimeSerializer(serializers.Serializer):
    """One version of a regime: its dates, source, the facts it reads and its rules."""

    code = serializers.CharField(source="regime.code", help_text="e.g. GDPR, US-CA, CA-QC.")
    name = serializers.CharField(source="regime.name")
    version = serializers.CharField(source="regime.version")
    valid_from = serializers.DateField(
        source="regime.valid_from", allow_null=True, help_text="In force from (inclusive)."
    )
    valid_to = serializers.DateField(
        source="regime.valid_to",
        allow_null=True,
        help_text="In force until (exclusive); null while no later version is known.",
    )
    in_force = serializers.BooleanField(help_text="In force on the day of the request (UTC).")
    source = serializers.CharField(source="regime.source", help_text="The text and its address.")
    facts_needed = serializers.ListField(
        source="regime.facts_needed",
        child=serializers.CharField(),
        help_text="Incident and entity facts the regime reads, e.g. affected_subjects.region.",
    )
    verify = serializers.BooleanField(help_text="Some rule of this version is marked verify.")
    rules = RegimeRuleSerializer(source="regime.rules", many=True)


class RegimeFilterSerializer(serializers.Serializer):
    """Which regime versions to list."""

    code = serializers.ChoiceField(choices=[], required=False, help_text="One regime's versions.")
    in_force = QueryBooleanField(
        required=False, default=None, help_text="Only versions in force today (true) or not."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = regime_codes()  # type: ignore[attr-defined]


def regime_filters_from(request: Request) -> dict[str, Any]:
    """The validated query; an unknown, repeated or bad parameter is a 400 naming it."""
    params = query_params_strict(request, RegimeFilterSerializer())
    query = {k: v for k, v in params.items() if k not in PAGING_PARAMETERS}
    allowed = RegimeFilterSerializer().fields
    unknown = {name: [UNKNOWN_PARAMETER] for name in query if name not in allowed}
    if unknown:
        raise exceptions.ValidationError(unknown)
    serializer = RegimeFilterSerializer(data=query)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class RegimeListView(generics.GenericAPIView):
    """Every regime the engine applies, each version with its dates in force, past and future."""

    serializer_class = RegimeSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> list[RegimeVersion]:
        filters = regime_filters_from(self.request)
        on = timezone.now().astimezone(UTC).date()
        return regime_versions(on=on, **filters)

    @extend_schema(
        parameters=[RegimeFilterSerializer],
        responses={
            200: RegimeSerializer(many=True),
            400: OpenApiResponse(description="A query parameter is unknown or invalid."),
        },
    )
    def get(self, request: Request) -> Response:
        """The regimes, in the engine's order, each code's versions oldest first; paginated."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RegimeSerializer(page, many=True).data)
