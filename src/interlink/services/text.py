"""Checks on text arriving from outside, shared by the services."""

from __future__ import annotations

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
