"""OpenAPI post-processing: the schema says what the server does, so generated clients work as is.

Each hook walks the finished schema once: error bodies on every error status (JSON, whatever the
operation's success type), integer row ids, the `ETag` header with conditional GET (`If-None-Match`
and 304), the 503 that any call may meet, and the tags' descriptions.
What a hook inserts is a copy: the constants below stay as written across generations.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from drf_spectacular.plumbing import get_doc

METHODS = ("get", "post", "put", "patch", "delete")
ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationError"}
VALIDATION_ERROR_COMPONENT = {
    "type": "object",
    "description": 'Each bad field with its messages, e.g. {"aware_at": ["Must not be in the '
    'future."]}; a nested input nests the same way. An error that concerns no single field '
    'is {"detail": "...", "code": "..."}.',
    "additionalProperties": {
        "description": "The field's messages (a list of strings), or its nested fields' errors."
    },
}
ETAG_HEADER = {
    "schema": {"type": "string"},
    "description": 'The version you read (e.g. `"12-3"`): send it back in If-Match to change the '
    "resource, or in If-None-Match to get a 304 while it is unchanged.",
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "An ETag you read: while it is still current the answer is 304 without a body.",
}
NOT_MODIFIED = {
    "description": "Not modified: If-None-Match names the current ETag.",
    "headers": {"ETag": ETAG_HEADER},
}
RETRY_AFTER = {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}
UNAVAILABLE = {
    "description": "The database is unavailable; nothing was saved. Retry after Retry-After.",
    "headers": {"Retry-After": RETRY_AFTER},
    "content": {"application/json": {"schema": ERROR}},
}


def operations(result: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each (path, method, operation) of the schema."""
    for path, item in result["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def errors_as_json(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Give every error status its JSON body, and success only the media type it has."""
    result["components"]["schemas"]["ValidationError"] = deepcopy(VALIDATION_ERROR_COMPONENT)
    for _, _, operation in operations(result):
        responses = operation["responses"]
        responses.setdefault("503", deepcopy(UNAVAILABLE))
        for code, response in responses.items():
            content = response.get("content", {})
            if int(code) >= 400:
                schema = content.get("application/json", {}).get("schema", {})
                if "$ref" not in schema or code == "400":
                    schema = VALIDATION_ERROR if code == "400" else ERROR
                response["content"] = {"application/json": {"schema": schema}}
            elif "application/pdf" in content:
                # A PDF action renders JSON only for its errors (config.pdf_api).
                response["content"] = {"application/pdf": content["application/pdf"]}
            if code in {"429", "503"}:
                response.setdefault("headers", {})["Retry-After"] = deepcopy(RETRY_AFTER)
    return result


def integer_ids(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Type a row id in a path as an integer everywhere, not as digits in a string on some."""
    for _, _, operation in operations(result):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            if parameter["in"] == "path" and schema.get("pattern") == r"^\d+$":
                parameter["schema"] = {"type": "integer"}
    return result


def etags(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Declare the ETag of every versioned resource, and conditional GET where it is read.

    A resource is versioned when a write names If-Match: that write, the GET of its path (or of
    the resource whose state a POST action changes) and the POST creating it answer with ETag.
    """
    paths = result["paths"]
    versioned = set()
    for path, method, operation in operations(result):
        if any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
            _declare_etag(operation)
            versioned.add(path.rsplit("/", 2)[0] + "/" if method == "post" else path)
    for path in versioned:
        _declare_etag(paths[path].get("get", {}))
        collection = path.removesuffix("{id}/")
        if collection != path and "post" in paths.get(collection, {}):
            _declare_etag(paths[collection]["post"])
    for _, method, operation in operations(result):
        if method == "get" and "ETag" in operation["responses"].get("200", {}).get("headers", {}):
            operation.setdefault("parameters", []).append(deepcopy(IF_NONE_MATCH))
            operation["responses"]["304"] = deepcopy(NOT_MODIFIED)
    return result


def _declare_etag(operation: dict[str, Any]) -> None:
    for code, response in operation.get("responses", {}).items():
        if code.startswith("2") and code != "204":
            response.setdefault("headers", {})["ETag"] = deepcopy(ETAG_HEADER)


def tag_descriptions(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """List the tags the operations use, each described by the first view that has it."""
    described: dict[str, str] = {}
    for path, _, method, view in generator.endpoints:
        operation = result["paths"].get(path, {}).get(method.lower())
        for tag in operation.get("tags", []) if operation else []:
            described.setdefault(tag, get_doc(getattr(view, "cls", view)).split("\n")[0])
    result["tags"] = [{"name": n, "description": d} for n, d in sorted(described.items())]
    return result


def strict_validator_types(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Shapes strict validators and generators read as meant: typed nullable references, and
    "an email or empty" that an empty string matches once (anyOf), not twice (oneOf)."""
    for component in result["components"]["schemas"].values():
        for prop in component.get("properties", {}).values():
            if prop.get("nullable") and "allOf" in prop and "type" not in prop:
                prop["type"] = "object"
            elif prop.get("nullable") and not {"type", "$ref", "oneOf", "anyOf"} & set(prop):
                del prop["nullable"]  # any JSON value, null included: "nullable" needs a type
            blank = {"type": "string", "maxLength": 0}
            if blank in prop.get("oneOf", []):
                prop["anyOf"] = prop.pop("oneOf")
    return result


def public_operations(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """An operation that takes no API credentials says so with no security requirement at all.

    drf-spectacular writes `[{}]` ("optional"), which clients read as "sign in first", or nothing
    where the view checks a credential of its own (an alert source's token or signature).
    """
    for _, _, operation in operations(result):
        if operation.get("security", [{}]) == [{}]:
            operation["security"] = []
    return result
