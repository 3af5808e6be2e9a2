"""The app's URLs plus /bench/bare/: a plain Django JSON view of the same incident page."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from incidents.models import Incident

FIELDS = ("id", "reference", "title", "status", "detected_at", "aware_at", "role", "risk_level")


def bare_incident_list(request: HttpRequest) -> JsonResponse:
    """The first page of incidents as JSON without DRF, auth or serializers (a floor to compare)."""
    rows = list(Incident.objects.order_by("-detected_at", "-pk").values(*FIELDS)[:50])
    return JsonResponse({"count": len(rows), "results": rows})


urlpatterns = [
    path("bench/bare/", bare_incident_list),
    path("", include("config.urls")),
]
