"""Security headers Django does not send itself, and a request size limit the API honours too."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

# Django 5.2 has no built-in Content-Security-Policy; scripts come only from our own origin.
DEFAULT_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    # Swagger UI, ReDoc and the admin set style attributes; inline styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    # ReDoc renders in a web worker created from a blob.
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def content_security_policy() -> str:
    """The policy as a header value, from BREACHDESK_CSP (directive → sources) or the default."""
    directives = getattr(settings, "BREACHDESK_CSP", None) or DEFAULT_CSP
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy, Permissions-Policy and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE with 413 before anything reads them.

    Django applies the limit only when a form body is read; Django REST framework's JSON parser
    reads the stream directly, so without this check an API body would have no limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return too_large_response(request, limit)
        return self.get_response(request)


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """413 with the API's error body, or a short plain-text message for pages."""
    message = f"The request body is larger than the limit of {limit} bytes."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "request_too_large"}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
