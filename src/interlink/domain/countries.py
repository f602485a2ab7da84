"""Country codes: ISO 3166-1 alpha-2, upper case. Names resolve through rigour's territories."""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import get_territory, lookup_territory


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """Return the ISO alpha-2 code for a code, alpha-3 code or country name, or None.

    Lists write countries as names ("Iran (Islamic Republic of)", "CUBA"); this folds them to codes.
    Historical and sub-national territories keep rigour's code when it has two letters.
    """
    text = value.strip()
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        territory = get_territory(text.lower())
    else:
        territory = lookup_territory(text)
    if territory is None:
        return None
    code = territory.code
    if len(code) != 2:
        return None
    return code.upper()


def is_country_code(value: str) -> bool:
    """True when ``value`` is a known two-letter, upper-case territory code."""
    return len(value) == 2 and value.isupper() and get_territory(value.lower()) is not None
