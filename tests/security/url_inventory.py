"""Every URL the resolver knows, with real values for its parameters, for the security sweeps.

Nothing here is a hand-kept list of URLs: routes come from `get_resolver()`, so a view added by
any app is swept automatically. What a route's parameters are filled with is decided by
`fill_parameter`, which fails loudly for a parameter it cannot fill.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

FORMAT_SUFFIX = re.compile(r"\.<format>")
# Plain Django views name no model; these say which one their <pk> refers to.
ROUTE_MODELS = {
    "task-detail": "incidents.Task",
    "drill-page": "incidents.Drill",
    "obligation-submission": "compliance.Obligation",
    "settings-playbook": "incidents.Playbook",
    "report-download": "compliance.ReportDocument",
    "webhook-edit": "notifications.WebhookSubscription",
    "webhook-rotate-secret": "notifications.WebhookSubscription",
    "webhook-delete": "notifications.WebhookSubscription",
    "dead-letter-redeliver": "notifications.OutboxMessage",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern: its readable key, URL name and how to build a concrete path."""

    key: str
    name: str
    template: str
    params: tuple[str, ...]
    callback: Callable[..., Any]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def is_api(self) -> bool:
        return self.key.startswith("api/")


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        regex = entry.pattern.regex.pattern.removeprefix("^")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + regex, inner)
        elif isinstance(entry, URLPattern):
            yield prefix + regex, f"{namespace}{entry.name or ''}", entry.callback


def all_routes() -> list[Route]:
    """Every endpoint pattern of the project, in resolver order."""
    routes = []
    for regex, name, callback in _walk(get_resolver().url_patterns):
        template, params = normalize(regex)[0]
        readable = re.sub(r"%\((\w+)\)s", r"<\1>", template)
        key = FORMAT_SUFFIX.sub("", readable)
        if "format" in params and not key.endswith("/"):
            key += "/"  # incidents.json answers like incidents/: one entry covers both
        routes.append(
            Route(
                key=key,
                name=name,
                template=template,
                params=tuple(params),
                callback=callback,
            )
        )
    return routes


def view_model(route: Route) -> Any:
    """The model a view works on, when it says (DRF `queryset` or the serializer's model,
    Django's `model`) or ROUTE_MODELS names it."""
    if route.name in ROUTE_MODELS:
        return apps.get_model(ROUTE_MODELS[route.name])
    view_class = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer_meta = getattr(getattr(view_class, "serializer_class", None), "Meta", None)
    if getattr(serializer_meta, "model", None) is not None:
        return serializer_meta.model
    return getattr(view_class, "model", None)


def admin_model(route: Route) -> Any:
    """The model behind an admin URL name such as admin:incidents_incident_change."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix):
            return model
    return None


def fill_parameter(route: Route, param: str, world: dict[str, Any], persona: str) -> str:
    """A real value for one path parameter, from the objects of the world fixture."""
    segments = route.key.split("/")
    before = segments[segments.index(f"<{param}>") - 1] if f"<{param}>" in segments else ""
    if param == "format":
        return "json"
    if param == "code":
        return "legal"
    if param == "reference":
        return world["incident"].reference
    if param == "token":
        # A calendar feed's secret; without one in the world, a wrong token (a missing feed).
        return world.get("calendar_token", "no-such-feed-token")
    if param == "app_label":
        return "incidents"
    if param == "content_type_id":
        return str(ContentType.objects.get_for_model(world["incident"]).pk)
    if route.is_admin:
        model = admin_model(route)
        obj = model.objects.order_by("pk").first() if model is not None else None
        return str(obj.pk) if obj is not None else "0"
    if before == "tokens":
        return str(world["tokens"][persona].pk)
    if before == "incidents":
        return str(world["incident"].pk)
    model = view_model(route)
    if model is None:
        raise LookupError(
            f"Cannot fill <{param}> of {route.key} ({route.name}): teach "
            "tests/security/url_inventory.fill_parameter what it refers to."
        )
    # The world may choose the object of a model (by model name); otherwise the first one.
    obj = world.get(model._meta.model_name) or model.objects.order_by("pk").first()
    if obj is None:
        raise LookupError(
            f"Cannot fill <{param}> of {route.key}: the world has no {model._meta.label}; "
            "create one in the world fixture (or in the demo data it loads)."
        )
    return str(getattr(obj, param, obj.pk))


def concrete_path(route: Route, world: dict[str, Any], persona: str) -> str:
    """The route with its parameters filled in, as an absolute path."""
    values = {param: fill_parameter(route, param, world, persona) for param in route.params}
    return "/" + route.template % values
