"""The trends API: incidents, notices and team load per month over a period."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import ValidationFailed
from incidents.api.learning import SecondsField
from incidents.api.tasks import StrictSerializer
from incidents.learning.metrics import as_json
from incidents.learning.trends import default_period, labelled, period_errors, trends_compute
from incidents.permissions import RolePermission


class TrendsQuerySerializer(StrictSerializer):
    """The period (first-detection dates, UTC) and whether drills count."""

    period_from = serializers.DateField(required=False)
    period_to = serializers.DateField(required=False)
    include_drills = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = default_period(timezone.now().date())
        attrs.setdefault("period_from", start)
        attrs.setdefault("period_to", end)
        errors = period_errors(attrs["period_from"], attrs["period_to"])
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CountsSerializer(serializers.Serializer):
    """Counts per month for one key (a root cause or data category)."""

    key = serializers.CharField()
    label = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())


class RegimeTimesSerializer(serializers.Serializer):
    """Time to notify and punctuality of one regime's notices."""

    regime = serializers.CharField()
    notices = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    pending = serializers.IntegerField()
    share_on_time = serializers.FloatField(allow_null=True)
    mean_time = SecondsField(help_text="Mean first submission − clock start, in seconds.")
    worst_time = SecondsField()


class TeamLoadSerializer(serializers.Serializer):
    """A team's open and overdue tasks now."""

    team = serializers.CharField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class ResponseTimesSerializer(serializers.Serializer):
    """Mean hours per month from first signal to awareness and from awareness to first notice."""

    month = serializers.CharField()
    incidents = serializers.IntegerField()
    signal_to_awareness_hours = serializers.FloatField(allow_null=True)
    awareness_to_first_notice_hours = serializers.FloatField(allow_null=True)


class TrendsSerializer(serializers.Serializer):
    """Incidents by root cause and data category per month, notification times, open work."""

    period_from = serializers.DateField()
    period_to = serializers.DateField()
    include_drills = serializers.BooleanField()
    months = serializers.ListField(child=serializers.CharField())
    incidents = serializers.IntegerField()
    by_root_cause = CountsSerializer(many=True)
    by_data_category = CountsSerializer(many=True)
    notify_by_regime = RegimeTimesSerializer(many=True)
    tasks_by_team = TeamLoadSerializer(many=True)
    corrective_actions = serializers.DictField()
    response_times = ResponseTimesSerializer(many=True)


def trends_data(*, period_from: date, period_to: date, include_drills: bool) -> dict[str, Any]:
    """The trends as the API returns them."""
    trends = trends_compute(
        period_from=period_from,
        period_to=period_to,
        include_drills=include_drills,
        now=timezone.now(),
    )
    return {
        "period_from": trends.period_from.isoformat(),
        "period_to": trends.period_to.isoformat(),
        "include_drills": trends.include_drills,
        "months": trends.months,
        "incidents": trends.incidents,
        "by_root_cause": labelled(trends.by_root_cause),
        "by_data_category": labelled(trends.by_data_category),
        "notify_by_regime": [
            {**as_json(asdict(row)), "share_on_time": row.share_on_time}
            for row in trends.notify_by_regime
        ],
        "tasks_by_team": [asdict(row) for row in trends.tasks_by_team],
        "corrective_actions": trends.corrective_actions,
        "response_times": trends.response_times,
    }


class TrendsApi(APIView):
    """Trends across incidents; drills are left out unless include_drills=true."""

    permission_classes = [RolePermission]

    @extend_schema(
        parameters=[TrendsQuerySerializer],
        responses={200: TrendsSerializer, 400: OpenApiResponse()},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = TrendsQuerySerializer(data=request.query_params.dict())
        if not query.is_valid():
            raise ValidationFailed("Invalid trend query.", fields=query.errors)
        return Response(trends_data(**query.validated_data))
