from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interlink.auth import (
    ThrottleRule,
    hash_password,
    looks_like_token,
    new_token,
    retry_after,
    token_digest,
    verify_password,
)
from interlink.exc import ValidationError

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
RULE = ThrottleRule(3, timedelta(minutes=15))


def test_passwords_are_argon2id_salted_and_verified() -> None:
    first = hash_password("correct horse battery")
    assert first.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert hash_password("correct horse battery") != first  # a fresh salt each time
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse battery!")
    assert not verify_password(None, "correct horse battery")  # no password set: nothing matches
    assert not verify_password("not a hash", "correct horse battery")


def test_password_length_rules() -> None:
    with pytest.raises(ValidationError, match="at least 12 characters"):
        hash_password("short")
    with pytest.raises(ValidationError, match="at most 1024"):
        hash_password("x" * 1025)
    assert verify_password(hash_password("пароль из кириллицы"), "пароль из кириллицы")


def test_tokens_are_random_and_stored_as_digests() -> None:
    a, b = new_token(), new_token()
    assert a != b and looks_like_token(a)
    assert len(token_digest(a)) == 64 and token_digest(a) != token_digest(b)
    assert a not in token_digest(a)
    assert not looks_like_token("Bearer something")


def test_the_lock_lifts_when_the_oldest_counted_failure_leaves_the_window() -> None:
    minute = timedelta(minutes=1)
    assert retry_after([NOW - minute, NOW - 2 * minute], NOW, RULE) is None
    failures = [NOW - 10 * minute, NOW - 5 * minute, NOW - minute]
    assert retry_after(failures, NOW, RULE) == 5 * 60
    assert retry_after(failures, NOW + 5 * minute, RULE) is None
    # Failures older than the window do not count; a fourth recent one extends the lock.
    assert retry_after([NOW - 20 * minute, *failures[1:]], NOW, RULE) is None
    assert retry_after([*failures, NOW], NOW, RULE) == 10 * 60
