"""Domain errors that services raise and the API maps to HTTP status codes."""

from __future__ import annotations


class ApplicationError(Exception):
    """A domain error with an HTTP status and, where known, the offending fields."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(ApplicationError):
    """Input broke a rule; `fields` names each bad field."""


class NotPermitted(ApplicationError):
    """The caller's role does not allow this action."""

    status_code = 403
    default_code = "permission_denied"


class Conflict(ApplicationError):
    """The action conflicts with the resource's current state (e.g. completing a task twice)."""

    status_code = 409
    default_code = "conflict"


class PreconditionFailed(ApplicationError):
    """An If-Match precondition did not hold: someone else changed the resource first."""

    status_code = 412
    default_code = "precondition_failed"


class PreconditionRequired(ApplicationError):
    """A write that needs If-Match came without it."""

    status_code = 428
    default_code = "precondition_required"


def version_check(*, current: int, expected: int | None, what: str) -> None:
    """Refuse (412) a write made against another version than the stored one.

    `expected` is None when the client deliberately overwrites (`If-Match: *`).
    """
    if expected is not None and current != expected:
        raise PreconditionFailed(
            f"The {what} changed since you read it (your version {expected}, current {current}). "
            "Reload and apply your change again."
        )
