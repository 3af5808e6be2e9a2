"""Web UI routes of the notifications app."""

from django.urls import path

from notifications import outbox_views, views

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed_view, name="calendar-feed"),
    path("notifications/", views.notification_list_view, name="notification-list"),
    path("outbox/", outbox_views.demo_outbox_view, name="demo-outbox"),
    path("settings/webhooks/", views.webhook_settings_view, name="webhook-settings"),
    path("settings/webhooks/new/", views.webhook_edit_view, name="webhook-new"),
    path("settings/webhooks/<int:pk>/", views.webhook_edit_view, name="webhook-edit"),
    path(
        "settings/webhooks/<int:pk>/rotate-secret/",
        views.webhook_rotate_secret_view,
        name="webhook-rotate-secret",
    ),
    path("settings/webhooks/<int:pk>/delete/", views.webhook_delete_view, name="webhook-delete"),
    path(
        "settings/webhooks/dead-letters/<int:pk>/redeliver/",
        views.dead_letter_redeliver_view,
        name="dead-letter-redeliver",
    ),
]
