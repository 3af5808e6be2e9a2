"""Compliance API: obligations, risk assessments, submissions and regime decisions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from compliance import selectors, services
from compliance.api.assessment_serializers import (
    AssessmentCreateSerializer,
    AssessmentPreviewSerializer,
    RiskAssessmentSerializer,
)
from compliance.api.filters import (
    AssessmentFilter,
    ObligationFilter,
    RegimeOverrideFilter,
    SubmissionFilter,
)
from compliance.api.serializers import (
    ObligationSerializer,
    RegimeOverrideCreateSerializer,
    RegimeOverrideSerializer,
    RevokeSerializer,
    SubmissionCreateSerializer,
    SubmissionSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="A field is invalid; the body names each one."),
    403: OpenApiResponse(description="Your role does not allow this."),
}


def _created(serializer: Any, path: str) -> Response:
    """201 with the new resource and its Location."""
    response = Response(serializer.data, status=status.HTTP_201_CREATED)
    response["Location"] = f"/api/v1/{path}/{serializer.instance.pk}/"
    return response


class ObligationViewSet(viewsets.ReadOnlyModelViewSet):
    """Obligations derived from incidents' facts, with their status now and the notices sent."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    ordering_fields = ["due_at", "target_at", "created_at", "regime"]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        return selectors.obligation_list(user=self.request.user, now=timezone.now())


class SubmissionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Notices sent to authorities and people; append-only, as evidence."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["submitted_at", "created_at"]
    lookup_value_regex = r"\d+"
    capability_by_action = {"create": "submission.write"}

    def get_queryset(self) -> Any:
        return selectors.submission_list(user=self.request.user)

    def get_serializer_class(self) -> Any:
        return SubmissionCreateSerializer if self.action == "create" else SubmissionSerializer

    @extend_schema(
        request=SubmissionCreateSerializer, responses={201: SubmissionSerializer, **ERRORS}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a notice; a late initial notice must give the reasons for the delay."""
        serializer = SubmissionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = services.submission_record(actor=request.user, **serializer.validated_data)
        return _created(SubmissionSerializer(submission), "submissions")


class AssessmentViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """ENISA risk assessments; the latest one's tier (or override) drives notifiability."""

    serializer_class = RiskAssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["created_at", "score"]
    lookup_value_regex = r"\d+"
    capability_by_action = {"create": "assessment.write", "preview": "assessment.write"}

    def get_queryset(self) -> Any:
        return selectors.assessment_list(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "preview"):
            return AssessmentCreateSerializer
        return RiskAssessmentSerializer

    @extend_schema(
        request=AssessmentCreateSerializer, responses={201: RiskAssessmentSerializer, **ERRORS}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Score the breach, keep the assessment and recompute the incident's obligations."""
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_record(
            actor=request.user, **serializer.service_arguments()
        )
        return _created(RiskAssessmentSerializer(assessment), "assessments")

    @extend_schema(
        request=AssessmentCreateSerializer,
        responses={200: AssessmentPreviewSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def preview(self, request: Request, **kwargs: Any) -> Response:
        """What the assessment would give; nothing is stored."""
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arguments = serializer.service_arguments()
        incident = arguments["incident"]
        inputs, decision = services.assessment_compute(
            incident=incident,
            inputs=arguments["inputs"],
            override_tier=arguments["override_tier"],
            override_rationale=arguments["override_rationale"],
        )
        result = decision.assessment
        body = {
            "inputs": inputs,
            "score": result.score,
            "band": result.band,
            "tier": result.computed_tier,
            "effective_tier": result.tier,
            "explanation": result.explanation,
            "deciding_factors": list(result.deciding_factors),
            "decision": services.decision_record(decision),
            "what_if": [
                asdict(change)
                for change in services.assessment_what_if(incident=incident, decision=decision)
            ],
        }
        return Response(AssessmentPreviewSerializer(body).data)


class RegimeOverrideViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A DPO's decisions to include or exclude a regime for an incident, with the reasons."""

    serializer_class = RegimeOverrideSerializer
    filterset_class = RegimeOverrideFilter
    ordering_fields = ["decided_at"]
    lookup_value_regex = r"\d+"
    capability_by_action = {"create": "obligation.decide", "revoke": "obligation.decide"}

    def get_queryset(self) -> Any:
        return selectors.regime_override_list(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return RegimeOverrideCreateSerializer
        if self.action == "revoke":
            return RevokeSerializer
        return RegimeOverrideSerializer

    @extend_schema(
        request=RegimeOverrideCreateSerializer,
        responses={201: RegimeOverrideSerializer, **ERRORS},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Include or exclude a regime (replacing an earlier decision) and recompute."""
        serializer = RegimeOverrideCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        override = services.regime_override_set(actor=request.user, **serializer.validated_data)
        return _created(RegimeOverrideSerializer(override), "regime-overrides")

    @extend_schema(
        request=RevokeSerializer,
        responses={200: RegimeOverrideSerializer, 409: OpenApiResponse(), **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Withdraw the decision (kept for the record) and recompute without it."""
        override = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revoked = services.regime_override_revoke(
            actor=request.user, override=override, reason=serializer.validated_data["reason"]
        )
        return Response(RegimeOverrideSerializer(revoked).data)
