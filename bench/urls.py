"""The app's URLs plus /bench/bare/: a plain Django JSON view of the same incident page."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from incidents.api.serializers import LIST_FIELDS
from incidents.models import Incident


def bare_incident_list(request: HttpRequest) -> JsonResponse:
    """The API's first page (same rows, same columns) without DRF, auth, count or serializers.

    A floor to compare the API with: what plain Django costs to read and write the same data.
    """
    rows = list(Incident.objects.order_by("-detected_at", "-pk").values(*LIST_FIELDS)[:50])
    return JsonResponse({"count": len(rows), "results": rows})


urlpatterns = [
    path("bench/bare/", bare_incident_list),
    path("", include("config.urls")),
]
