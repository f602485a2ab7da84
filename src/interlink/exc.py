"""One exception hierarchy for the whole project.

::

    InterlinkError                 base; ``status`` is the HTTP status the API maps it to
    ├── ConfigError                settings missing or refused (500 at start-up, never served)
    ├── ValidationError            a value breaks a domain rule (422)
    ├── AuthError                  no credentials, or wrong, expired or revoked ones (401)
    ├── ForbiddenError             the caller's roles do not allow the action (403)
    ├── ThrottledError             too many failed logins; try again later (429)
    ├── NotFoundError              an object does not exist, or is not visible (404)
    ├── ConflictError              a uniqueness or state rule would break (409)
    ├── TooLargeError              an upload over its size limit (413)
    └── FormatError                an input file is malformed; says file, line, element, field (422)

Errors carry a message a person can act on. ``FormatError`` always says where.
"""

from __future__ import annotations

from dataclasses import dataclass


class InterlinkError(Exception):
    """Base of every error Interlink raises on purpose."""

    status: int = 500


class ConfigError(InterlinkError):
    """The configuration is missing something or holds a refused value."""


class ValidationError(InterlinkError):
    """A value breaks a domain rule."""

    status = 422


class AuthError(InterlinkError):
    """The caller is not authenticated: no credentials, or wrong, expired or revoked ones."""

    status = 401


class ForbiddenError(InterlinkError):
    """The caller's roles do not allow the action. Never raised for a subject the caller may
    not see: that is ``NotFoundError``, so that an error reveals nothing of its existence."""

    status = 403


class ThrottledError(InterlinkError):
    """Too many failed attempts; ``retry_after`` is in seconds."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotFoundError(InterlinkError):
    """The object does not exist or is not visible to the caller."""

    status = 404


class ConflictError(InterlinkError):
    """The change would break a uniqueness or state rule."""

    status = 409


class TooLargeError(InterlinkError):
    """An upload is larger than its limit."""

    status = 413


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an input file something went wrong. Every part is optional but the file."""

    file: str
    line: int | None = None
    element: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.element:
            parts.append(self.element)
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


class FormatError(InterlinkError):
    """An input file is malformed. The message starts with the place at fault."""

    status = 422

    def __init__(self, location: Location, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")

    def __reduce__(self) -> tuple[type[FormatError], tuple[Location, str]]:
        # Pickled whole, so that an error raised in a worker process (a Dask worker reading a
        # watchlist) reaches the caller as the same FormatError.
        return (type(self), (self.location, self.problem))
