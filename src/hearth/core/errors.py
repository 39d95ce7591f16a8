"""Errors a service raises when it refuses a change. Each carries a message meant for
the person who caused it; views and the API turn them into a form error, a 4xx JSON
body or a flash message. Nothing has changed when one is raised."""

from django.core.exceptions import ValidationError


class HearthError(Exception):
    status = 400

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class Refused(HearthError):
    """A rule of the domain forbids this (no closure without approval, no consent...)."""

    status = 409


class Forbidden(HearthError):
    """The access policy does not allow this user to do this."""

    status = 403


class NotFound(HearthError):
    """Missing or not visible: the two are never told apart, so ids cannot be probed."""

    status = 404


class Conflict(HearthError):
    """Someone else saved the record first (optimistic locking)."""

    status = 409


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    """Field -> messages, with non-field messages under '__all__'."""
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}
