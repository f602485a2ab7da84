"""API tokens: 256 random bits, shown once, stored as their SHA-256.

A fast digest is enough for a secret that nobody chose (no dictionary to try); the prefix lets
secret scanners recognise a leaked token.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "ilk_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest stored in place of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(value: str) -> bool:
    return value.startswith(PREFIX) and 20 <= len(value) <= 100
