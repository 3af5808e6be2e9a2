"""The header's language switcher: every page, signed in or not."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from incidents.selectors import display_preferences
from incidents.services import user_preference_set


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the pages' language: a cookie for everyone, the person's preference when signed in.

    Signed-in people's stored preference wins over the cookie (incidents.middleware), so it is
    the preference that changes; the time zone stays as it was.
    """
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in dict(settings.LANGUAGES):
        return response
    user = request.user
    if user.is_authenticated:
        current, zone = display_preferences(user=user)
        if current != language:
            user_preference_set(actor=user, language=language, time_zone=zone, now=timezone.now())
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
