"""Partial dates as lists and documents give them: full, year-month or year only.

A partial date is kept as its ISO prefix ("1963", "1963-07", "1963-07-28") so that nothing is
invented: a year-only birth date is not the first of January.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> str:
    """Check an ISO date prefix and return it; raise ValueError naming what is impossible."""
    match = _PREFIX.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year_s, month_s, day_s = match.groups()
    year = int(year_s)
    if year < 1800 or year > 2200:
        raise ValueError(f"{text!r}: year {year} is out of range 1800-2200")
    if month_s is not None:
        month = int(month_s)
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {month} does not exist")
        if day_s is not None:
            day = int(day_s)
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"{text!r}: day {day} does not exist in {year}-{month:02d}")
    return match.group(0)


def precision(prefix: str) -> str:
    """'day', 'month' or 'year' for a checked prefix."""
    return {4: "year", 7: "month", 10: "day"}[len(prefix)]


def earliest(prefix: str) -> date:
    """The first day a partial date can mean."""
    parts = [int(p) for p in prefix.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return date(year, month, day)


def latest(prefix: str) -> date:
    """The last day a partial date can mean."""
    parts = [int(p) for p in prefix.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)
