"""Alert API: sources post signals; the security team and the DPO triage them."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, UnsupportedMediaType
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from config.errors import ValidationFailed
from config.schema import VALIDATION_ERROR, ErrorSerializer
from incidents.api.serializers import IncidentSerializer
from incidents.roles import has_capability
from incidents.selectors import incident_detail_queryset
from intake import selectors, services
from intake.mapping import alertmanager_parse, generic_parse
from intake.models import Alert, AlertSource, AlertStatus, Feed, SourceKind
from intake.sources import source_authenticate

from .serializers import (
    RECEIPT_FIELDS,
    AlertmanagerReceivedSerializer,
    AlertReceiptSerializer,
    AlertSerializer,
    AlertSourceCreatedSerializer,
    AlertSourceSerializer,
    DismissSerializer,
    DrillAlertSerializer,
    FeedSerializer,
    GenericAlertSerializer,
    PromoteSerializer,
)

# What a source's POST can answer besides success: sources authenticate in the view.
SOURCE_ERRORS = {
    400: OpenApiResponse(VALIDATION_ERROR, description="Invalid alert; each bad field is named."),
    401: OpenApiResponse(ErrorSerializer, description="No valid source token or signature."),
    413: OpenApiResponse(ErrorSerializer, description="The request body is too large."),
    415: OpenApiResponse(ErrorSerializer, description="The body is not application/json."),
}


def _parsed(request: Request, raw: bytes) -> Any:
    """The body's JSON: 415 for another media type, a 400 naming `body` when it isn't JSON."""
    content_type = request.content_type.split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType(content_type or "none")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationFailed("Malformed JSON.", fields={"body": ["Not valid JSON."]}) from None


def _from_source(request: Request, now: Any) -> tuple[AlertSource, Any]:
    """Who sent it (checked first: a refused caller learns nothing about the input rules), then
    what it sent. The raw body is what a signature covers."""
    raw = request._request.body
    source = source_authenticate(headers=dict(request.headers), body=raw, now=now)
    return source, _parsed(request, raw)


class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Alerts from monitoring and public mentions, and their triage (new → acknowledged →
    dismissed with a reason, or promoted to an incident)."""

    serializer_class = AlertSerializer
    read_capability = "alert.triage"
    write_capability = "alert.triage"
    filterset_fields = ["status", "severity", "is_drill"]
    extra_query_parameters = ("q",)  # the search, read by get_queryset
    ordering_fields = ["last_seen_at", "first_seen_at", "count"]
    http_method_names = ["get", "post", "head", "options"]

    def get_authenticators(self) -> list[Any]:
        # Sources prove themselves with their own token or signature, checked in the view.
        if self._is_source_post():
            return []
        return super().get_authenticators()

    def get_permissions(self) -> list[Any]:
        if self._is_source_post():
            return [AllowAny()]
        return super().get_permissions()

    def get_throttles(self) -> list[Any]:
        # A storm is accepted whole (each signal is one upsert); notifications are what is
        # rate-limited, per source and window, so no alert is ever refused for volume.
        if self._is_source_post():
            return []
        return super().get_throttles()

    def _is_source_post(self) -> bool:
        request = getattr(self, "request", None)
        path = request.path if request is not None else ""
        return (
            request is not None
            and request.method == "POST"
            and (path.endswith("/intake/alerts/") or path.endswith("/intake/alerts/alertmanager/"))
        )

    def get_queryset(self) -> Any:
        search = self.request.query_params.get("q", "") if self.action == "list" else ""
        return selectors.alert_list(search=search)

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Search title, text, reason, source.")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=GenericAlertSerializer,
        responses={201: AlertReceiptSerializer, 200: AlertReceiptSerializer, **SOURCE_ERRORS},
        auth=[],
        description=(
            "A source posts one signal, authenticated by `Authorization: Bearer <source token>` "
            "or by an HMAC signature (`Breachdesk-Source`, `Breachdesk-Timestamp`, "
            "`Breachdesk-Signature: sha256=…` over `timestamp.body`). 201 when it opens a new "
            "alert, 200 when it folds onto the open alert with the same fingerprint."
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        now = timezone.now()
        source, body = _from_source(request, now)
        name, alert = generic_parse(body, now=now)
        if name != source.name:
            raise ValidationFailed(
                "Wrong source.", fields={"source": ["Does not match the authenticated source."]}
            )
        (received,) = services.alerts_receive(source=source, alerts=[alert], now=now)
        # A lean receipt read in one statement: a storm's cost is the upsert, not the answer.
        stored = Alert.objects.filter(pk=received.alert_id).values(*RECEIPT_FIELDS).get()
        code = status.HTTP_201_CREATED if received.created else status.HTTP_200_OK
        return Response(AlertReceiptSerializer(stored).data, status=code)

    @extend_schema(
        request=dict,
        responses={200: AlertmanagerReceivedSerializer, **SOURCE_ERRORS},
        auth=[],
        description="Prometheus Alertmanager's webhook body (version 4); resolved alerts are skipped.",
    )
    @action(detail=False, methods=["post"], url_path="alertmanager")
    def alertmanager(self, request: Request) -> Response:
        now = timezone.now()
        source, body = _from_source(request, now)
        alerts = alertmanager_parse(body, now=now)
        results = services.alerts_receive(source=source, alerts=alerts, now=now)
        payload = {
            "received": len(results),
            "created": sum(1 for r in results if r.created),
            "alerts": [r.alert_id for r in results],
        }
        return Response(payload)

    @extend_schema(
        request=DrillAlertSerializer,
        responses={201: AlertSerializer, 415: SOURCE_ERRORS[415]},
    )
    @action(detail=False, methods=["post"], url_path="drill")
    def drill(self, request: Request) -> Response:
        """Inject a synthetic alert for a drill: marked as a drill, it never notifies anyone."""

        if not has_capability(request.user, "drill.run"):
            raise PermissionDenied("Your role does not allow running drills.")
        now = timezone.now()
        body = _parsed(request, request._request.body)
        if isinstance(body, dict):
            body.setdefault("source", "drill")
        name, alert = generic_parse(body, now=now)
        source = _drill_source(name, now)
        (received,) = services.alerts_receive(source=source, alerts=[alert], now=now, is_drill=True)
        stored = selectors.alert_list().get(pk=received.alert_id)
        return Response(AlertSerializer(stored).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: AlertSerializer, 409: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        alert = services.alert_acknowledge(
            actor=request.user, alert=self.get_object(), now=timezone.now()
        )
        return Response(AlertSerializer(selectors.alert_list().get(pk=alert.pk)).data)

    @extend_schema(
        request=DismissSerializer, responses={200: AlertSerializer, 409: OpenApiResponse()}
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = services.alert_dismiss(
            actor=request.user,
            alert=self.get_object(),
            reason=serializer.validated_data["reason"],
            now=timezone.now(),
        )
        return Response(AlertSerializer(selectors.alert_list().get(pk=alert.pk)).data)

    @extend_schema(
        request=PromoteSerializer,
        responses={201: IncidentSerializer, 200: IncidentSerializer},
        operation_id="intake_alerts_promote_one",
    )
    @action(detail=True, methods=["post"], url_path="promote")
    def promote_one(self, request: Request, pk: str | None = None) -> Response:
        """Open an incident from this alert (or attach it to `incident`)."""
        return self._promote(request, [self.get_object()])

    @extend_schema(
        request=PromoteSerializer,
        responses={201: IncidentSerializer, 200: IncidentSerializer},
        operation_id="intake_alerts_promote_many",
    )
    @action(detail=False, methods=["post"], url_path="promote")
    def promote(self, request: Request) -> Response:
        """Open one incident from several alerts (or attach them to `incident`)."""
        serializer = PromoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data.get("alerts") or []
        if not ids:
            raise ValidationFailed("No alerts.", fields={"alerts": ["Choose at least one alert."]})
        alerts = list(self.get_queryset().filter(pk__in=ids))
        missing = sorted(set(ids) - {a.pk for a in alerts})
        if missing:
            raise ValidationFailed("Unknown alerts.", fields={"alerts": [f"Unknown: {missing}."]})
        return self._promote(request, alerts)

    def _promote(self, request: Request, alerts: list[Alert]) -> Response:
        serializer = PromoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = None
        if "incident" in serializer.validated_data:
            target = get_object_or_404(
                incident_detail_queryset(user=request.user),
                pk=serializer.validated_data["incident"],
            )
        incident = services.alerts_promote(
            actor=request.user,
            alerts=alerts,
            incident=target,
            title=serializer.validated_data.get("title", ""),
            now=timezone.now(),
        )
        fresh = incident_detail_queryset(user=request.user).get(pk=incident.pk)
        response = Response(
            IncidentSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if target else status.HTTP_201_CREATED,
        )
        response["ETag"] = fresh.etag
        return response


def _drill_source(name: str, now: Any) -> AlertSource:
    """The source drill alerts are filed under (made on first use, with no usable token)."""
    with transaction.atomic():
        source = AlertSource.objects.filter(name=name).first()
        if source is None:
            source = AlertSource.objects.create(
                name=name[:60],
                kind=SourceKind.MONITORING,
                token_hash=f"drill-{name}"[:64],
                is_active=False,
                created_at=now,
            )
        return source


class AlertSourceViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Systems allowed to send alerts (administrators)."""

    serializer_class = AlertSourceSerializer
    read_capability = "settings.manage"
    write_capability = "settings.manage"
    queryset = AlertSource.objects.all()
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(responses={201: AlertSourceCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        source, token = services.alert_source_create(
            actor=request.user,
            name=data["name"],
            kind=data["kind"],
            signed=data.get("signed", False),
            now=timezone.now(),
        )
        source.token = token
        body = AlertSourceCreatedSerializer(source).data
        return Response(body, status=status.HTTP_201_CREATED)


class FeedViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """RSS and Atom feeds watched for public mentions (administrators)."""

    serializer_class = FeedSerializer
    read_capability = "settings.manage"
    write_capability = "settings.manage"
    queryset = Feed.objects.select_related("source")
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from intake.feeds import feed_create

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feed = feed_create(actor=request.user, data=serializer.validated_data, now=timezone.now())
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED)


__all__ = ["AlertStatus", "AlertViewSet", "AlertSourceViewSet", "FeedViewSet"]
