"""Conditional GET: a read naming the current ETag in If-None-Match gets 304 and no body."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response


class ConditionalGetMiddleware:
    """Answer 304 to a GET or HEAD whose If-None-Match names the ETag the view answered with.

    Django's own middleware would also hash every other response to give it an ETag; here only
    the resources that carry a version (or a stored file's SHA-256) have one (RFC 9110 §13.1.2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        if not response.has_header("ETag") or "If-None-Match" not in request.headers:
            return response
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        stream = getattr(response, "file_to_stream", None)
        if conditional is not response and stream is not None:
            # The download's open file is not sent. (Not response.close(): that would signal the
            # end of the request while it still runs, closing its database connection.)
            stream.close()
        return conditional
