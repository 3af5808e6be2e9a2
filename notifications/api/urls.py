"""Routes of the notifications API."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from notifications.api.views import (
    CalendarFeedApi,
    DeadLetterViewSet,
    NotificationViewSet,
    WebhookDeliveryViewSet,
    WebhookSubscriptionViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
router.register("webhook-deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")
router.register("dead-letters", DeadLetterViewSet, basename="dead-letter")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("calendar-feed/", CalendarFeedApi.as_view(), name="api-calendar-feed"),
    *router.urls,
]
