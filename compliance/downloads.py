"""The HTTP response that hands out a stored report PDF, shared by the API and the web pages."""

from __future__ import annotations

import base64

from django.http import FileResponse

from compliance.models import ReportDocument


def report_file_response(document: ReportDocument) -> FileResponse:
    """The ready document's PDF as an attachment, with its SHA-256 for the client to verify.

    X-Content-SHA256 carries the hex digest; Digest (RFC 3230) the same digest in base64.
    """
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = document.sha256
    response["Digest"] = "sha-256=" + base64.b64encode(bytes.fromhex(document.sha256)).decode()
    response["ETag"] = f'"{document.sha256}"'
    # Reports hold personal data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
