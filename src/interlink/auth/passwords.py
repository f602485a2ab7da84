"""Passwords, hashed with argon2id (RFC 9106's low-memory profile: 64 MiB, 3 passes, 4 lanes).

A hash records its own parameters, so hashes made under older parameters still verify and are
re-hashed at the next successful login (``needs_rehash``).
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from interlink.exc import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # argon2 takes any length; a cap keeps a login from being a memory bomb

_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, type=Type.ID)


@lru_cache(maxsize=1)
def _decoy() -> str:
    """A hash of nothing anybody knows, verified when the user does not exist, so that a login
    for an unknown name costs as long as one with a wrong password and reveals neither."""
    return _HASHER.hash(secrets.token_urlsafe(32))


def check_password_rules(password: str) -> None:
    """Raise ``ValidationError`` for a password too short or too long (lengths in characters)."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValidationError(f"a password has at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (after checking the length rules)."""
    check_password_rules(password)
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``; a missing hash (no password set) matches nothing,
    after the same work as a real check."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _HASHER.verify(stored or _decoy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
