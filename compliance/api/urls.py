"""Routes of this app's API."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from compliance.api.regimes import RegimeListView
from compliance.api.register import RegisterExportView, RegisterView
from compliance.api.reports import ReportDocumentViewSet, ReportFactsView
from compliance.api.views import (
    AssessmentViewSet,
    ObligationViewSet,
    RegimeOverrideViewSet,
    SubmissionViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reports", ReportDocumentViewSet, basename="report")
router.register("obligations", ObligationViewSet, basename="obligation")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("regime-overrides", RegimeOverrideViewSet, basename="regime-override")

urlpatterns = [
    *router.urls,
    path(
        "incidents/<str:pk>/report-facts/", ReportFactsView.as_view(), name="incident-report-facts"
    ),
    path("register/", RegisterView.as_view(), name="register"),
    path("regimes/", RegimeListView.as_view(), name="regime-list"),
    path("register/export/", RegisterExportView.as_view(), name="register-export"),
]
