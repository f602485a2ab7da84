"""Checks on text arriving from outside, shared by the services."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from interlink.exc import ValidationError


def refuse_nul(value: object, where: str) -> None:
    """``ValidationError`` naming the first text in ``value`` (nested in dicts, lists and tuples)
    with a NUL character, which PostgreSQL does not store in text."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValidationError(f"{where}: the NUL character (\\u0000) is not allowed")
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            refuse_nul(item, f"{where}.{index}")


def check_purpose(purpose: str | None) -> str:
    """The stated purpose, stripped; ``ValidationError`` when missing or too short to mean it."""
    text = (purpose or "").strip()
    if len(text) < 3:
        raise ValidationError("purpose: state why (3 characters or more)")
    if len(text) > 500:
        raise ValidationError("purpose: 500 characters at most")
    return text


def safe_filename(name: str | None, default: str = "manifest") -> str:
    """An uploaded file's base name, reduced to safe characters (for messages, sniffing and
    downloads); ``default`` when nothing is left."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")[:120]
    return cleaned or default
