"""Web routes of early warning."""

from django.urls import path

from intake import views

urlpatterns = [path("triage/", views.triage, name="triage")]
