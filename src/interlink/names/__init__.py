"""Names across scripts: romanization of Cyrillic and Arabic-script names.

Pure functions, no I/O: the matching engine and the world generator both use them.
"""

from __future__ import annotations

from interlink.names.arabic import (
    ARABIC_SYSTEMS,
    PERSIAN_SYSTEMS,
    arabic_variants,
    icao_mrz_arabic,
    is_persian,
    romanize_arabic,
)
from interlink.names.romanize import (
    CYRILLIC_SYSTEMS,
    cyrillic_language,
    cyrillic_spellings,
    cyrillic_variants,
    default_systems,
    romanize_cyrillic,
)

__all__ = [
    "ARABIC_SYSTEMS",
    "CYRILLIC_SYSTEMS",
    "PERSIAN_SYSTEMS",
    "arabic_variants",
    "cyrillic_language",
    "cyrillic_spellings",
    "cyrillic_variants",
    "default_systems",
    "icao_mrz_arabic",
    "is_persian",
    "romanize_arabic",
    "romanize_cyrillic",
]
