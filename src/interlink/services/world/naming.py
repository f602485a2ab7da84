"""A synthetic name as parts, every system's spelling of it, and the names a record keeps.

A builder in ``origins`` decides the parts of a name (given name, patronymic, nasab, family
name; particles such as bin or оглы) in the original script, and which romanization systems
apply. This module spells the parts in each system, adds the dirty spellings (a typo, the other
order, the patronymic or nasab dropped), and chooses the names that go on the record.

Spellings are cached per part: names follow a Zipf curve, so the same parts come back all the
time.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from random import Random

from interlink.domain.subjects import NameKind, NamePartKind
from interlink.names.romanize import romanize_cyrillic
from interlink.services.world import lexicon
from interlink.services.world.sampling import Weighted
from interlink.services.world.types import Origin, Variant, VariantKind


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a name in its original script.

    ``kind`` None marks a particle (bin, оглы) or an organisation's whole name. ``latin`` is a
    pool's own Latin form, used by the systems "az_latin" and "translation".
    """

    kind: NamePartKind | None
    native: str
    droppable: bool = False
    latin: str | None = None


Speller = Callable[[Part, str], str]


@dataclass(slots=True)
class Draft:
    """A name before spelling: its parts and how to spell them."""

    origin: Origin
    script: str  # of the original: "Cyrillic", "Arabic" or "Latin"
    lang: str | None
    parts: tuple[Part, ...]
    spell: Speller
    systems: tuple[str, ...]
    primary_system: str
    nationalities: tuple[str, ...]
    birth_place: str  # a key of pools.CITIES
    family_first: bool = False
    person: bool = True
    extra: list[Variant] = field(default_factory=list)
    weak_alias: str | None = None
    previous: str | None = None


@lru_cache(maxsize=1 << 17)
def _cyrillic(text: str, system: str, lang: str) -> str:
    return romanize_cyrillic(text, system, lang=lang)


@lru_cache(maxsize=1 << 17)
def _arabic(text: str, system: str, persian: bool) -> str:
    return lexicon.romanize(text, system, persian)


_ASCII_SPECIAL = str.maketrans(
    {"ı": "i", "İ": "I", "ə": "e", "Ə": "E", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae",
     "Æ": "Ae", "ø": "o", "Ø": "O", "đ": "d", "ʻ": "'", "’": "'"}
)  # fmt: skip
# ICAO 9303 §3.3 for Latin national characters, in mixed case (MUELLER is written Mueller).
_ICAO_SPECIAL = str.maketrans(
    {"ä": "ae", "Ä": "Ae", "å": "aa", "Å": "Aa", "ö": "oe", "Ö": "Oe", "ø": "oe", "Ø": "Oe",
     "œ": "oe", "Œ": "Oe", "ü": "ue", "Ü": "Ue", "þ": "th", "Þ": "Th"}
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def fold_ascii(text: str) -> str:
    """Accents stripped, special letters folded: Yılmaz -> Yilmaz, Müller -> Muller."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def fold_icao(text: str) -> str:
    """ICAO 9303 Latin transliteration: Müller -> Mueller, Öztürk -> Oeztuerk."""
    return fold_ascii(text.translate(_ICAO_SPECIAL))


def cyrillic_speller(lang: str) -> Speller:
    def spell(part: Part, system: str) -> str:
        if system == "native":
            return part.native
        if part.latin is not None and system in ("az_latin", "translation"):
            return part.latin
        return _cyrillic(part.native, system, lang)

    return spell


def arabic_speller(persian: bool) -> Speller:
    def spell(part: Part, system: str) -> str:
        if system == "native":
            return part.native
        if system == "translation" and part.latin is not None:
            return part.latin
        return _arabic(part.native, system, persian)

    return spell


def latin_speller(part: Part, system: str) -> str:
    if system == "ascii":
        return fold_ascii(part.native)
    if system == "icao":
        return fold_icao(part.native)
    if system == "translation" and part.latin is not None:
        return part.latin
    return part.native


def _order(draft: Draft, *, family_first: bool, drop: bool) -> list[int]:
    """Indices of the parts in the order asked, without the droppable ones if ``drop``."""
    kept = [i for i, p in enumerate(draft.parts) if not (drop and p.droppable)]
    if family_first:
        family = [i for i in kept if draft.parts[i].kind is NamePartKind.FAMILY]
        kept = family + [i for i in kept if draft.parts[i].kind is not NamePartKind.FAMILY]
    return kept


def _join(words: list[str], order: list[int]) -> str:
    return " ".join([words[i] for i in order if words[i]])


def render(draft: Draft, system: str, *, family_first: bool, drop: bool = False) -> str:
    """The whole name in one system, in the order asked, optionally without droppable parts."""
    words = [draft.spell(p, system) for p in draft.parts]
    return _join(words, _order(draft, family_first=family_first, drop=drop))


def _name_parts(draft: Draft, words: list[str]) -> list[dict[str, str]]:
    return [
        {"kind": part.kind.value, "value": word}
        for part, word in zip(draft.parts, words, strict=True)
        if part.kind is not None and word
    ]


_VOWEL_SWAP = {"a": "e", "e": "i", "i": "e", "o": "u", "u": "o", "y": "i"}


def typo(text: str, rng: Random) -> str:
    """One slip of the keyboard in a word of three letters or more: a letter dropped, two
    swapped, one doubled or a vowel changed. Returns ``text`` when no word is long enough."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()]
    if not candidates:
        return text
    index = candidates[rng.randrange(len(candidates))]
    word = words[index]
    pos = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 1 and word[pos] != word[pos + 1]:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    elif op == 2:
        word = word[:pos] + word[pos] + word[pos:]
    elif op == 3 and word[pos].lower() in _VOWEL_SWAP:
        swapped = _VOWEL_SWAP[word[pos].lower()]
        word = word[:pos] + (swapped.upper() if word[pos].isupper() else swapped) + word[pos + 1 :]
    else:
        word = word[:pos] + word[pos + 1 :]
    words[index] = word
    return " ".join(words)


_SYSTEM_KINDS = {"native": VariantKind.ORIGINAL, "translation": VariantKind.TRANSLATION}
_ALIAS_COUNT = Weighted.of([(1, 45.0), (2, 35.0), (3, 20.0)])
_ALIAS_KINDS = frozenset(
    {VariantKind.ROMANIZATION, VariantKind.EQUIVALENT, VariantKind.TRANSLATION,
     VariantKind.SWAPPED, VariantKind.ORIGINAL}
)  # fmt: skip


def finish(draft: Draft, rng: Random) -> tuple[tuple[Variant, ...], list[dict[str, object]]]:
    """Every spelling of the draft's name, and the names (as Name payloads) the record keeps."""
    order = draft.family_first
    variants: dict[str, Variant] = {}

    def plant(text: str, script: str, system: str, kind: VariantKind) -> None:
        if text and text not in variants:
            variants[text] = Variant(text, script, system, kind)

    straight = _order(draft, family_first=order, drop=False)
    native_words = [draft.spell(p, "native") for p in draft.parts]
    native = _join(native_words, straight)
    if draft.script != "Latin":
        plant(native, draft.script, "native", VariantKind.ORIGINAL)
    primary_system = draft.primary_system
    primary_words = native_words
    for system in draft.systems:
        kind = _SYSTEM_KINDS.get(system, VariantKind.ROMANIZATION)
        words = [draft.spell(p, system) for p in draft.parts]
        if system == primary_system:
            primary_words = words
        plant(_join(words, straight), "Latin", system, kind)
    for variant in draft.extra:
        plant(*variant)
    primary = _join(primary_words, straight)
    plant(typo(primary, rng), "Latin", primary_system, VariantKind.TYPO)
    if draft.person:
        swapped = _join(primary_words, _order(draft, family_first=not order, drop=False))
        plant(swapped, "Latin", primary_system, VariantKind.SWAPPED)
        if any(p.droppable for p in draft.parts):
            dropped = _join(primary_words, _order(draft, family_first=order, drop=True))
            plant(dropped, "Latin", primary_system, VariantKind.DROPPED)

    names: list[dict[str, object]] = [
        {
            "full": primary,
            "kind": NameKind.PRIMARY.value,
            "script": "Latin",
            "parts": _name_parts(draft, primary_words),
        }
    ]
    if draft.script != "Latin":
        names.append(
            {
                "full": native,
                "kind": NameKind.ORIGINAL_SCRIPT.value,
                "script": draft.script,
                "lang": draft.lang,
                "parts": _name_parts(draft, native_words),
            }
        )
    on_record = {primary, native}
    candidates = [
        v for v in variants.values() if v.kind in _ALIAS_KINDS and v.script == "Latin"
        and v.text not in on_record
    ]  # fmt: skip
    chosen: list[tuple[str, NameKind]] = []
    if candidates:
        # Keep at least one clean spelling off the record, for screening tests.
        count = min(_ALIAS_COUNT.pick(rng), len(candidates) - 1)
        chosen += [(v.text, NameKind.ALIAS) for v in rng.sample(candidates, count)]
    if draft.weak_alias and draft.weak_alias in variants and rng.random() < 0.7:
        chosen.append((draft.weak_alias, NameKind.WEAK_ALIAS))
    if draft.previous and draft.previous in variants and rng.random() < 0.5:
        chosen.append((draft.previous, NameKind.PREVIOUS))
    for text, name_kind in chosen:
        if text not in on_record:
            on_record.add(text)
            names.append({"full": text, "kind": name_kind.value, "script": variants[text].script})
    return tuple(variants.values()), names
