"""Notifications API: webhook subscriptions, the delivery log, dead letters, inbox, calendar feed."""

from __future__ import annotations

from typing import Any

import django_filters
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import IdFilter, IntegerFilter
from config.etag import IF_MATCH, etag_header, etag_response, expected_version
from notifications import selectors, services
from notifications.api.serializers import (
    CalendarFeedSerializer,
    MarkedReadSerializer,
    NotificationSerializer,
    OutboxMessageSerializer,
    UnreadCountSerializer,
    WebhookDeliverySerializer,
    WebhookSubscriptionSecretSerializer,
    WebhookSubscriptionSerializer,
)
from notifications.content import absolute_url
from notifications.models import Event, Notification, OutboxMessage, WebhookDelivery

WEBHOOK_MANAGE = "webhook.manage"


class WebhookSubscriptionViewSet(viewsets.ModelViewSet):
    """Webhook subscriptions (administrators): the endpoint, the events, a signing secret."""

    serializer_class = WebhookSubscriptionSerializer
    read_capability = WEBHOOK_MANAGE
    write_capability = WEBHOOK_MANAGE
    filterset_fields = ["is_active"]
    ordering_fields = ["name", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.webhook_subscription_list()

    @extend_schema(responses={201: WebhookSubscriptionSecretSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = services.webhook_subscription_create(
            now=timezone.now(), actor=request.user, data=serializer.validated_data
        )
        body = WebhookSubscriptionSecretSerializer(subscription).data
        return etag_response(body, subscription, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        subscription = self.get_object()
        return etag_response(self.get_serializer(subscription).data, subscription)

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a subscription; send If-Match with the ETag of your last read."""
        subscription = self.get_object()
        version = expected_version(request, subscription)
        serializer = self.get_serializer(subscription, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "secret"}
        updated = services.webhook_subscription_update(
            now=timezone.now(),
            actor=request.user,
            subscription=subscription,
            data=data,
            expected_version=version,
        )
        return etag_response(self.get_serializer(updated).data, updated)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.webhook_subscription_delete(
            now=timezone.now(), actor=request.user, subscription=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        parameters=[etag_header(200)],
        responses={200: WebhookSubscriptionSecretSerializer},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Replace the signing secret and show the new one once."""
        subscription = services.webhook_subscription_rotate_secret(
            now=timezone.now(), actor=request.user, subscription=self.get_object()
        )
        return etag_response(WebhookSubscriptionSecretSerializer(subscription).data, subscription)


@extend_schema_field({"type": "integer", "minimum": 100, "maximum": 599})
class StatusCodeFilter(IntegerFilter):
    """An HTTP status code the receiver answered, 100 to 599."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 100)
        kwargs.setdefault("max_value", 599)
        super().__init__(*args, **kwargs)


class WebhookDeliveryFilter(django_filters.FilterSet):
    """Filters of the delivery log."""

    message_id = django_filters.UUIDFilter(field_name="message__uuid")
    subscription = IdFilter(field_name="subscription_id")
    status_code = StatusCodeFilter()

    class Meta:
        model = WebhookDelivery
        fields = ["subscription", "outcome", "status_code"]


class WebhookDeliveryViewSet(viewsets.ReadOnlyModelViewSet):
    """The webhook delivery log: every HTTP attempt with its status code (administrators)."""

    serializer_class = WebhookDeliverySerializer
    read_capability = WEBHOOK_MANAGE
    filterset_class = WebhookDeliveryFilter
    ordering_fields = ["attempted_at"]

    def get_queryset(self) -> Any:
        return selectors.webhook_delivery_list()


class DeadLetterFilter(django_filters.FilterSet):
    """Filters of the dead letters."""

    event = django_filters.ChoiceFilter(field_name="event__name", choices=Event.choices)
    subscription = IdFilter(field_name="subscription_id")

    class Meta:
        model = OutboxMessage
        fields = ["channel", "subscription"]


class DeadLetterViewSet(viewsets.ReadOnlyModelViewSet):
    """Messages that failed for good (administrators), and redelivery of one."""

    serializer_class = OutboxMessageSerializer
    read_capability = WEBHOOK_MANAGE
    write_capability = WEBHOOK_MANAGE
    filterset_class = DeadLetterFilter
    ordering_fields = ["updated_at", "created_at"]

    def get_queryset(self) -> Any:
        return selectors.dead_letter_list()

    @extend_schema(request=None, responses={202: OutboxMessageSerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Give the message fresh attempts and send it again."""
        message = self.get_object()
        services.outbox_redeliver(now=timezone.now(), message=message, actor=request.user)
        fresh = OutboxMessage.objects.select_related("event__incident").get(pk=message.pk)
        return Response(OutboxMessageSerializer(fresh).data, status=status.HTTP_202_ACCEPTED)


class NotificationFilter(django_filters.FilterSet):
    """Filters of the inbox."""

    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    incident = IdFilter(field_name="incident_id")

    class Meta:
        model = Notification
        fields = ["event", "incident"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in user's in-app notifications."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]
    # Any role may read and dismiss its own notifications.
    capability_by_action = {"read": None, "read_all": None}

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notification.objects.none()
        return selectors.notification_list(user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None, **kwargs: Any) -> Response:
        """Mark one notification read."""
        notification = self.get_object()
        services.notification_mark_read(
            now=timezone.now(), user=request.user, notification=notification
        )
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedReadSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request, **kwargs: Any) -> Response:
        """Mark every notification read."""
        return Response(
            {"marked": services.notifications_mark_all_read(now=timezone.now(), user=request.user)}
        )

    @extend_schema(responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request, **kwargs: Any) -> Response:
        """How many notifications are unread (the header badge)."""
        return Response({"unread": selectors.notification_unread_count(user=request.user)})


def _feed_body(token: Any) -> dict[str, Any]:
    path = reverse("calendar-feed", kwargs={"token": token.token})
    return {
        "url": absolute_url(path),
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
    }


class CalendarFeedApi(APIView):
    """The secret URL of my calendar feed (iCalendar): read it, rotate it, or switch it off."""

    # Any role may manage its own feed.
    write_capability = None

    @extend_schema(responses={200: CalendarFeedSerializer})
    def get(self, request: Request) -> Response:
        """Read the secret URL of my calendar feed."""
        token = services.calendar_feed_token_get(user=request.user)
        return Response(CalendarFeedSerializer(_feed_body(token)).data)

    @extend_schema(request=None, responses={201: CalendarFeedSerializer})
    def post(self, request: Request) -> Response:
        """Issue a new secret URL for my calendar feed; the old one stops working."""
        token = services.calendar_feed_token_rotate(user=request.user, now=timezone.now())
        body = CalendarFeedSerializer(_feed_body(token)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Feed switched off.")})
    def delete(self, request: Request) -> Response:
        """Switch my calendar feed off."""
        services.calendar_feed_token_revoke(now=timezone.now(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
