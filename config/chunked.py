"""Request bodies sent with Transfer-Encoding: chunked reach Django (which reads CONTENT_LENGTH).

Without a Content-Length, Django reads an empty body: a chunked JSON request would arrive
without its fields. The server (gunicorn) decodes the chunks; this WSGI wrapper reads the body
up to one byte past the size limit and hands Django the bytes with their length, so the request
size limit (config.middleware) still answers 413 for a body that is too large.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings


class ChunkedBodyMiddleware:
    """WSGI middleware: give a chunked request body a Content-Length."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            stream = environ["wsgi.input"]
            body = stream.read() if limit is None else stream.read(limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.application(environ, start_response)
