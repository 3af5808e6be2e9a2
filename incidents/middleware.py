"""Per-person language and time zone for the web UI."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.utils import timezone, translation

from incidents.selectors import display_preferences

# The API speaks UTC and follows Accept-Language; the UI follows the person's own settings.
API_PREFIX = "/api/"


class UserPreferenceMiddleware:
    """Activate the signed-in person's language and time zone (after authentication)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        if request.path.startswith(API_PREFIX) or user is None or not user.is_authenticated:
            return self.get_response(request)
        language, zone_name = display_preferences(user=user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone_name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
