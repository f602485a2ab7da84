"""Names across scripts: romanization of Cyrillic and Arabic-script names, and name analysis
(parts, phonetic forms, retrieval keys) for matching.

Pure functions, no I/O: the matching engine and the world generator both use them.
"""

from __future__ import annotations

from interlink.names.analysis import AnalysedName, NamePart, analyse_name
from interlink.names.arabic import (
    ARABIC_SYSTEMS,
    PERSIAN_SYSTEMS,
    arabic_variants,
    icao_mrz_arabic,
    is_persian,
    romanize_arabic,
)
from interlink.names.parts import PartKind
from interlink.names.phonetic import phonetic_form, skeleton
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
    "AnalysedName",
    "NamePart",
    "PartKind",
    "analyse_name",
    "arabic_variants",
    "cyrillic_language",
    "cyrillic_spellings",
    "cyrillic_variants",
    "default_systems",
    "icao_mrz_arabic",
    "is_persian",
    "phonetic_form",
    "romanize_arabic",
    "romanize_cyrillic",
    "skeleton",
]
