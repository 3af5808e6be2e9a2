"""A body sent with Transfer-Encoding: chunked is read, and still limited (issue 17.9)."""

from __future__ import annotations

import io
import json
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from config.wsgi import application

# Called like a server calls it, the application opens and closes its own database connections
# (Django's test client would not): the data must be committed for it to see.
pytestmark = pytest.mark.django_db(transaction=True)


def chunked_post(path: str, body: bytes) -> tuple[str, bytes]:
    """POST through the WSGI application as gunicorn hands over a chunked body: decoded, with
    Transfer-Encoding set and no Content-Length."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
    }
    setup_testing_defaults(environ)
    environ.pop("CONTENT_LENGTH", None)
    status: list[str] = []
    chunks = application(environ, lambda code, headers, *exc: status.append(code))
    return status[0], b"".join(chunks)


def test_a_chunked_json_body_is_read(personas: dict[str, Any]) -> None:
    credentials = {"username": "dpo", "password": "pw-dpo-2026!"}
    status, body = chunked_post("/api/v1/auth/token/", json.dumps(credentials).encode())
    assert status.startswith("200"), body
    assert json.loads(body)["token"]


def test_a_chunked_body_over_the_limit_is_a_413(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    status, body = chunked_post("/api/v1/auth/token/", b'{"username": "' + b"x" * 2000 + b'"}')
    assert status.startswith("413"), body
