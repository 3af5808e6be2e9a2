"""Web UI routes of this app."""

from django.urls import path

from compliance import views

urlpatterns = [
    path("incidents/<str:reference>/reports/", views.incident_reports, name="incident-reports"),
    path("reports/<int:pk>/download/", views.report_download, name="report-download"),
    path("register/", views.register_page, name="register-page"),
    path("coverage/", views.coverage_page, name="coverage-page"),
]
