"""GET /api/v1/: the API's entry point, listing its resources, schema and documentation."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

API_PREFIX = "api/v1/"
# A route with a parameter (<pk>, (?P<format>…)) names one thing, not a resource to start from.
PARAMETER = re.compile(r"[<(\[\\]")


def _routes(patterns: list[Any], prefix: str) -> list[str]:
    """The plain route of every URL pattern below these, joined to the prefix."""
    found = []
    for entry in patterns:
        route = prefix + entry.pattern.regex.pattern.removeprefix("^").removesuffix(
            "$"
        ).removesuffix(r"\Z")
        if isinstance(entry, URLResolver):
            found += _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


@lru_cache(maxsize=1)
def api_resources() -> dict[str, str]:
    """Every parameter-free API path by its name (incidents, reports/completeness, …).

    Read from the URL resolver, so a resource added by any app is listed without editing this.
    """
    routes = _routes(get_resolver().url_patterns, "")
    paths = {
        route.removeprefix(API_PREFIX).rstrip("/"): f"/{route}"
        for route in routes
        if route.startswith(API_PREFIX) and route != API_PREFIX and not PARAMETER.search(route)
    }
    return dict(sorted(paths.items()))


class ApiRootView(APIView):
    """The API's resources, OpenAPI schema and interactive documentation, as absolute URLs."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(
                "ApiRoot",
                {
                    "resources": serializers.DictField(child=serializers.URLField()),
                    "schema": serializers.URLField(),
                    "docs": serializers.URLField(),
                    "authentication": serializers.CharField(),
                },
            )
        }
    )
    def get(self, request: Request) -> Response:
        absolute = request.build_absolute_uri
        return Response(
            {
                "resources": {name: absolute(path) for name, path in api_resources().items()},
                "schema": absolute(reverse("api-schema")),
                "docs": absolute(reverse("api-docs")),
                "authentication": "POST username and password to "
                f"{absolute(reverse('api-token'))}, then send 'Authorization: Token <token>'.",
            }
        )
