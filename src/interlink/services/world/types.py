"""What the world generator yields: subjects with the ground truth of every spelling planted."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from interlink.domain.subjects import SubjectRecord


class Origin(StrEnum):
    """Where a subject's name comes from; decides its script, name structure and nationality."""

    RUSSIAN = "russian"
    UKRAINIAN = "ukrainian"
    UZBEK = "uzbek"
    KAZAKH = "kazakh"
    TAJIK = "tajik"
    KYRGYZ = "kyrgyz"
    CHECHEN = "chechen"
    DAGESTANI = "dagestani"
    AZERBAIJANI = "azerbaijani"
    ARABIC = "arabic"
    PERSIAN = "persian"
    TURKISH = "turkish"
    WESTERN = "western"


class VariantKind(StrEnum):
    ORIGINAL = "original"  # the name in its own script, as its bearer writes it
    ROMANIZATION = "romanization"  # one system's spelling (``Variant.system`` says which)
    EQUIVALENT = "equivalent"  # another form of the same name: Russian form, Russified surname
    NOM_DE_GUERRE = "nom_de_guerre"  # a kunya (Abu Hamza al-Shishani), in any script
    TRANSLATION = "translation"  # an organisation's name in English
    TYPO = "typo"  # a misspelling of a romanization
    SWAPPED = "swapped"  # family name and given names in the other order
    DROPPED = "dropped_part"  # patronymic or nasab left out


class Variant(NamedTuple):
    """One spelling planted for a subject: its text, script, the system that gives it ("native"
    for the original; for a dirty spelling, the system of the spelling it was made from) and
    what kind of spelling it is."""

    text: str
    script: str
    system: str
    kind: VariantKind


@dataclass(frozen=True, slots=True)
class GeneratedSubject:
    """A watchlist record plus every spelling of its name that was planted.

    ``record.names`` holds some of ``variants``; the rest are ``held_out``, for screening tests.
    """

    record: SubjectRecord
    variants: tuple[Variant, ...]
    origin: Origin

    @property
    def held_out(self) -> tuple[Variant, ...]:
        on_record = {n.full for n in self.record.names}
        return tuple(v for v in self.variants if v.text not in on_record)
