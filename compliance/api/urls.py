"""Routes of this app's API."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from compliance.api.reports import ReportDocumentViewSet, ReportFactsView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reports", ReportDocumentViewSet, basename="report")

urlpatterns = [
    *router.urls,
    path(
        "incidents/<int:pk>/report-facts/", ReportFactsView.as_view(), name="incident-report-facts"
    ),
]
