"""Forms on the desk: a refusal's messages placed next to the fields they concern.

The models and the hub name the field at fault at the head of a message (``to: no agency XX``,
``body.attachments.0: report.exe: type ...``) or in pydantic's ``loc``; a page shows each
message by its field's control, and what names no field of the form at its top (``form``).
"""

from __future__ import annotations

import pydantic
from starlette.datastructures import FormData

from interlink.exc import InterlinkError

FORM = "form"
# Heads of a path that name the request, not a field of it.
_WRAPPERS = frozenset({"body", "query", "spec", "record"})


def _field(path: str) -> str:
    parts = [p for p in path.split(".") if p and p not in _WRAPPERS]
    return parts[0] if parts else FORM


def _add(errors: dict[str, str], field: str, message: str) -> None:
    errors[field] = f"{errors[field]}; {message}" if field in errors else message


def field_errors(error: pydantic.ValidationError | InterlinkError) -> dict[str, str]:
    """Each message of ``error`` under the top-level field it concerns (``form`` if none)."""
    errors: dict[str, str] = {}
    if isinstance(error, pydantic.ValidationError):
        for item in error.errors():
            message = str(item["msg"]).removeprefix("Value error, ")
            loc = [str(part) for part in item["loc"]]
            if loc:
                _add(errors, _field(".".join(loc)), message)
                continue
            head, sep, rest = message.partition(": ")
            if sep and " " not in head:
                _add(errors, _field(head), rest)
            else:
                _add(errors, FORM, message)
        return errors
    head, sep, rest = str(error).partition(": ")
    if sep and " " not in head:
        _add(errors, _field(head), rest)
    else:
        _add(errors, FORM, str(error))
    return errors


def form_text(form: FormData, name: str) -> str:
    """The text posted as ``name``; empty if missing or a file."""
    value = form.get(name)
    return value if isinstance(value, str) else ""
