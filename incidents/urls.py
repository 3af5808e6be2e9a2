"""Web UI routes of the incidents app."""

from django.urls import include, path

from incidents import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("incidents/<str:reference>/", views.incident_detail, name="incident-detail"),
    path("", include("incidents.learning.urls")),
]
