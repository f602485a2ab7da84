"""Login throttling, as a pure decision over recent failures.

A user name is locked after ``max_failures`` failed logins within ``window`` seconds, and a
source address after ``max_failures * 4`` (one machine trying many names); the lock lifts when
the oldest counted failure leaves the window. A locked login is refused without checking the
password, so that guessing stops even when a guess would be right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    max_failures: int
    window: timedelta


def retry_after(failures: Sequence[datetime], now: datetime, rule: ThrottleRule) -> int | None:
    """Seconds until another attempt is allowed, or None if it is allowed now.

    ``failures`` are the times of failed attempts (any order); only those within the window
    before ``now`` count."""
    recent = sorted(t for t in failures if now - rule.window < t <= now)
    if len(recent) < rule.max_failures:
        return None
    # The lock lifts when enough failures have aged out to leave max_failures - 1.
    oldest_counted = recent[len(recent) - rule.max_failures]
    return max(1, int((oldest_counted + rule.window - now).total_seconds() + 0.999))
