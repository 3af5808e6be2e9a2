"""Who may open a page: signed in, and a role that grants the page's capability.

Every web page checks access with these decorators (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from incidents.roles import has_capability

View = Callable[..., HttpResponse]
# Pages answer GET; form pages GET and POST; anything else is 405 before any other check.
page = require_http_methods(["GET"])
form_page = require_http_methods(["GET", "POST"])


def capability_required(capability: str, *, write: str | None = None) -> Callable[[View], View]:
    """Send anonymous visitors to sign in; answer 403 to people whose role lacks the capability.

    A page that reads with one capability and changes something with another names the second as
    `write`: a POST needs both (a read-only role gets 403, not a message).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capability(request.user, capability):
                raise PermissionDenied
            if write and request.method == "POST" and not has_capability(request.user, write):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
