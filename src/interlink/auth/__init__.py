"""Credentials: argon2id passwords, API tokens stored as digests, login throttling. Pure."""

from interlink.auth.passwords import (
    check_password_rules,
    hash_password,
    needs_rehash,
    verify_password,
)
from interlink.auth.throttle import ThrottleRule, retry_after
from interlink.auth.tokens import looks_like_token, new_token, token_digest

__all__ = [
    "ThrottleRule",
    "check_password_rules",
    "hash_password",
    "looks_like_token",
    "needs_rehash",
    "new_token",
    "retry_after",
    "token_digest",
    "verify_password",
]
