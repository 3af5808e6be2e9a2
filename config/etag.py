"""Optimistic concurrency for the API: a versioned resource's ETag, and If-Match on its writes.

A versioned model (config.versioned.VersionedModel) has a `version` counted up on every change
and an `etag` property (`"<pk>-<version>"`); its update views document IF_MATCH, read the header
with `expected_version` and answer with `etag_response`; its services refuse a stale write with
config.errors.version_check.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.errors import PreconditionFailed, PreconditionRequired

ETAG_PATTERN = re.compile(r'^(?:W/)?"(\d+)-(\d+)"$')

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        'The ETag you read (e.g. `"12-3"`). A stale value gets 412 and nothing is written; '
        "a write without If-Match gets 428. `*` deliberately overwrites whatever is current."
    ),
)


def etag_header(*codes: int) -> OpenApiParameter:
    """The ETag response header, for a write the schema cannot tell returns one."""
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(codes),
        description="The new version: send it in If-Match to change the resource again.",
    )


def expected_version(request: Request, resource: Any) -> int | None:
    """Read If-Match: required (428), `*` to overwrite; a value that is not the ETag is stale.

    Incidents, tasks and the other shared records are edited by several people and
    integrations at once, so a write that does not say which version it saw could silently
    undo someone else's change (a lost update). Call it after the caller's role and access to
    `resource` were checked, so a refused caller gets 403 rather than a hint about If-Match.
    """
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired(
            "Send If-Match with the ETag you read (GET the resource first), or `*` to overwrite."
        )
    if header.strip() == "*":
        return None
    match = ETAG_PATTERN.match(header.strip())
    if not match or int(match.group(1)) != resource.pk:
        raise PreconditionFailed("If-Match does not match this resource's ETag.")
    return int(match.group(2))


def etag_response(data: Any, resource: Any, code: int = status.HTTP_200_OK) -> Response:
    """A response carrying the resource's ETag, for the client's next If-Match."""
    response = Response(data, status=code)
    response["ETag"] = resource.etag
    return response
