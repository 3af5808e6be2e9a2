"""Routes of the incident API."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from incidents.api.audit_views import AuditVerifyApi, IncidentAuditExportApi, IncidentAuditListApi
from incidents.api.corrective_actions import CorrectiveActionViewSet
from incidents.api.drills import DrillScenarioViewSet, DrillViewSet
from incidents.api.learning import ReviewViewSet
from incidents.api.playbooks import PlaybookTaskViewSet, PlaybookViewSet
from incidents.api.statements import StatementVersionViewSet, StatementViewSet
from incidents.api.tasks import TaskViewSet
from incidents.api.trends import TrendsApi
from incidents.api.views import IncidentViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("incidents", IncidentViewSet, basename="incident")
router.register("tasks", TaskViewSet, basename="task")
router.register("statements", StatementViewSet, basename="statement")
router.register("statement-versions", StatementVersionViewSet, basename="statement-version")
router.register("playbooks", PlaybookViewSet, basename="playbook")
router.register("playbook-tasks", PlaybookTaskViewSet, basename="playbook-task")

router.register("reviews", ReviewViewSet, basename="review")
router.register("corrective-actions", CorrectiveActionViewSet, basename="corrective-action")
router.register("drills", DrillViewSet, basename="drill")
router.register("drill-scenarios", DrillScenarioViewSet, basename="drill-scenario")

urlpatterns = [
    path("incidents/<str:pk>/audit/", IncidentAuditListApi.as_view(), name="incident-audit"),
    path(
        "incidents/<str:pk>/audit/export/",
        IncidentAuditExportApi.as_view(),
        name="incident-audit-export",
    ),
    path("audit/verify/", AuditVerifyApi.as_view(), name="audit-verify"),
    path("trends/", TrendsApi.as_view(), name="trends"),
    *router.urls,
]
