"""Name analysis: one name, once, into the parts and keys the matcher compares.

``analyse_name`` NFKC-normalises the text, detects its script, splits it into tokens, reads each
token in the Latin script (every Cyrillic romanization system; the curated Arabic tables for
Arabic-script names; anyascii for anything else), groups particles into parts (``parts``),
makes an organisation's legal form one part read in its generic form (OOO, GmbH, Limited: llc;
rigour's table), and gives each part:

- ``latin``: its lower-case ASCII spellings (Бортников -> bortnikov, bortnikow, ...);
- ``forms``: their phonetic forms (``phonetic.phonetic_form``), compared by similarity;
- ``keys``: consonant skeletons of the forms (plus the masculine form of a feminine surname),
  the retrieval keys; the first is the part's canonical key;
- ``symbols``: rigour's cross-script name identifiers (Wikidata ids: محمد and Mohammed share
  one), and "ar:N" for each entry of the curated Arabic/Persian name tables that lists one of
  the part's spellings (Yusuf, Youssef, Youcef: one entry).

A name outside the Arabic script with a kunya or abd- word of its own (Abu, Umm, Abdul) is
also read ``ungrouped`` (``UngroupedName``): those words set aside (``particles``, canonical:
Abou is abu, Abdel is abd) and the others grouped as usual, each a part of its own. The word
such a particle introduces is not always the one after it (Hafiz Abdul ZAMANI is also written
Abdul Hafiz ZAMANI; Abdul Wadud ZAMANI as Abdul ZAMANI), and two names with the same particles
compared in that reading align their words whatever each particle was grouped with
(``scoring.compare_names``). Read apart, a word a particle introduced still weighs what its
compound does (``weighed_as``): Ahmad is a common name, Abu Ahmad much less so, and Abu Ahmad
is not Abu Mohamed. Arabic-script names are read grouped only.

Results are cached: names repeat, on watchlists and in passenger lists alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from anyascii import anyascii
from rigour.names import (
    NameTypeTag,
    Symbol,
    analyze_names,
    extract_org_types,
    replace_org_types_compare,
)

from interlink.domain.subjects import detect_script
from interlink.names.arabic import _ARABIC, _PERSIAN, arabic_spellings, in_tables
from interlink.names.parts import (
    PartKind,
    Unit,
    group_tokens,
    grouped_classes,
    masculine_form,
    reads_apart,
    russified_surname,
    split_tokens,
    theophoric_stem,
    token_classes,
)
from interlink.names.phonetic import consonants, phonetic_form, skeleton
from interlink.names.romanize import cyrillic_language, cyrillic_spellings, has_cyrillic
from interlink.pickling import quick_pickle

__all__ = [
    "AnalysedName",
    "NamePart",
    "UngroupedName",
    "analyse_name",
    "latin_token",
    "mrz_arabic",
    "name_symbols",
]

_NOT_LETTERS = re.compile(r"[^a-z]+")
_MAX_SYMBOLS = 16


@quick_pickle
@dataclass(frozen=True, slots=True)
class NamePart:
    """One part of a name: a word, or a particle and the word it introduces."""

    text: str  # as written, in its own script
    kind: PartKind
    latin: tuple[str, ...]  # lower-case ASCII spellings, the most usual first
    forms: tuple[str, ...]  # phonetic forms of ``latin``
    keys: tuple[str, ...]  # retrieval keys; ``keys[0]`` is the canonical one
    symbols: frozenset[str]  # rigour NAME symbols ("Q923")
    # Derived once for the scorer, which compares parts millions of times.
    latin_set: frozenset[str] = field(init=False, compare=False, repr=False)
    forms_set: frozenset[str] = field(init=False, compare=False, repr=False)
    consonant_set: frozenset[str] = field(init=False, compare=False, repr=False)
    ascii: bool = field(init=False, compare=False, repr=False)
    # What the scorer's compiled comparison reads, made on first use (``scoring.part_code``).
    code: bytes | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "latin_set", frozenset(self.latin))
        object.__setattr__(self, "forms_set", frozenset(self.forms))
        object.__setattr__(self, "consonant_set", frozenset(map(_opening_consonants, self.forms)))
        object.__setattr__(self, "ascii", self.text.isascii())


@quick_pickle
@dataclass(frozen=True, slots=True)
class AnalysedName:
    text: str  # NFKC-normalised
    script: str  # "Latin", "Cyrillic", "Arabic", ..., "Mixed"
    parts: tuple[NamePart, ...]
    # The same name with its kunya and abd- words set aside (None: it has none).
    ungrouped: UngroupedName | None = None

    def keys(self) -> frozenset[str]:
        """Every retrieval key of every part (of the grouped reading)."""
        return frozenset(k for p in self.parts for k in p.keys)

    def weighed(self) -> tuple[NamePart, ...]:
        """The part whose weight each part takes: itself."""
        return self.parts


@quick_pickle
@dataclass(frozen=True, slots=True)
class UngroupedName(AnalysedName):
    """A name read with its kunya and abd- words set aside (``AnalysedName.ungrouped``)."""

    particles: tuple[str, ...] = ()  # the words set aside, canonical and sorted: "abd", "abu"
    # The part whose weight each part takes: a word a particle introduced weighs as its
    # compound of the grouped reading (Ahmad as Abu Ahmad), the others as themselves.
    weighed_as: tuple[NamePart, ...] = ()

    def weighed(self) -> tuple[NamePart, ...]:
        return self.weighed_as


@lru_cache(maxsize=1 << 18)
def latin_token(token: str) -> str:
    """A token as lower-case ASCII letters (Işık -> isik, Xoʻjayev -> xojayev)."""
    return _NOT_LETTERS.sub("", anyascii(token).lower())


# Letters only Turkish and Azerbaijani spellings have (ç, ö and ü are French and German too).
_TURKIC_LETTERS = frozenset("İıŞşĞğƏə")


def _latin_readings(token: str, turkic: bool) -> tuple[str, ...]:
    """A Latin token's readings: its letters (``latin_token``) and, in a name with Turkish or
    Azerbaijani letters, the token with each c read j. Those alphabets write the j of Arabic
    and Persian names c (Cemal, Cafer, Caberi; Azerbaijani Cəfər), and ç for ch."""
    latin = latin_token(token)
    if turkic and ("c" in token or "C" in token):
        read_j = latin_token(token.replace("c", "j").replace("C", "J"))
        if read_j != latin:
            return latin, read_j
    return (latin,)


def _opening_consonants(form: str) -> str:
    """The consonants of a form, marked when it opens with a vowel: names with the same
    consonants count as one spelled with other vowels (Hasan, Husayn; Umar, Omar) only when
    both open with a consonant or both with a vowel (Socorro is not Oscar, Hamad not Ahmad)."""
    return ("_" if form[:1] in "aeiou" else "") + consonants(form)


_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f]")


def _is_arabic(text: str) -> bool:
    return not text.isascii() and _ARABIC_LETTER.search(text) is not None


@lru_cache(maxsize=1 << 16)
def _cyrillic_readings(token: str, lang: str | None) -> tuple[str, ...]:
    spellings = cyrillic_spellings(token.lower(), lang=lang)
    out = dict.fromkeys(latin_token(s) for s in spellings)
    out.pop("", None)
    return tuple(out) or (latin_token(token),)


@lru_cache(maxsize=1 << 16)
def name_symbols(token: str) -> frozenset[str]:
    """rigour's NAME symbols of one token (Александр, Aleksandr -> {"Q17501806", ...})."""
    if len(token) < 2:
        return frozenset()
    found: set[str] = set()
    # Only NAME symbols are read: metaphones and numeric symbols are not made (a quarter of
    # the time per token, the same symbols; consolidating one name is a no-op).
    named = analyze_names(
        NameTypeTag.PER, [token], phonetics=False, numerics=False, consolidate=False
    )
    for name in named:
        for span in name.spans:
            if span.symbol.category == Symbol.Category.NAME:
                found.add(str(span.symbol.id))
    return frozenset(sorted(found)[:_MAX_SYMBOLS])


@lru_cache(maxsize=1)
def _attested() -> dict[str, frozenset[str]]:
    """Phonetic form -> ids ("ar:17") of the curated Arabic/Persian name-table entries that
    list it: spellings attested for one Arabic name (Yusuf, Youssef, Youcef) are equivalent.
    arabic.py has no public accessor for its tables, hence the private import."""
    found: dict[str, set[str]] = {}
    # A two-word name is listed twice (عبد الله, عبدالله): one id per entry object.
    entries = {id(e): e for e in (*_ARABIC.values(), *_PERSIAN.values())}.values()
    for n, entry in enumerate(entries):
        for spelling in (*entry.forms.values(), *entry.extras):
            words = [latin_token(w) for w in split_tokens(spelling)]
            if len(words) == 1 or words[0] in ("abd", "abdul", "abdel", "abdal", "abdol"):
                joined = "".join(words)
                if joined.startswith("abd") and len(joined) > 5:
                    joined = "abd" + theophoric_stem(joined)
                found.setdefault(phonetic_form(joined), set()).add(f"ar:{n}")
    return {form: frozenset(ids) for form, ids in found.items()}


def _unit_latin(unit: Unit, readings: list[tuple[str, ...]]) -> list[str]:
    """The Latin spellings of a unit from the readings of its tokens."""
    head = readings[unit.positions[-1]]
    if unit.kind is PartKind.THEOPHORIC:
        joined = ["".join(readings[p][0] for p in unit.positions[:-1]) + h for h in head]
        return ["abd" + theophoric_stem(j) for j in joined]
    if unit.kind is PartKind.KUNYA:
        return [unit.prefix + h for h in head]
    if unit.kind is PartKind.NISBA:
        return [*head, *("al" + h for h in head[:1])]  # Alhaddad = al-Haddad
    if len(unit.positions) == 1 and _is_abd_word(head[0]):
        return ["abd" + theophoric_stem(h) for h in head]  # Abdurrahman written as one word
    return list(head)


def _is_abd_word(latin: str) -> bool:
    """Whether a word is an abd- compound written as one word (Abdurrahman, Abdullah)."""
    return latin.startswith("abd") and len(latin) > 5


def _unit_kind(unit: Unit, latin: list[str]) -> PartKind:
    if unit.kind is PartKind.NAME and latin and _is_abd_word(latin[0]):
        return PartKind.THEOPHORIC
    return unit.kind


def _make_part(text: str, kind: PartKind, latin: list[str], symbol_tokens: list[str]) -> NamePart:
    return _cached_part(text, kind, tuple(latin), tuple(symbol_tokens))


@lru_cache(maxsize=1 << 18)
def _cached_part(
    text: str, kind: PartKind, latin: tuple[str, ...], symbol_tokens: tuple[str, ...]
) -> NamePart:
    """One part, made once: parts recur across names (and the same object then lets scoring
    remember comparisons by identity)."""
    spellings = tuple(dict.fromkeys(s for s in latin if s))
    forms = tuple(dict.fromkeys(phonetic_form(s) for s in spellings if phonetic_form(s)))
    keys = dict.fromkeys(skeleton(f) for f in forms)
    for s in spellings[:1]:
        masculine = masculine_form(s) or russified_surname(s)
        if masculine:  # Bortnikova and Karimzoda reach Bortnikov and Karimov
            keys.setdefault(skeleton(phonetic_form(masculine)))
        if kind is PartKind.NAME and s[:2] in ("al", "el") and len(s) > 6:
            keys.setdefault(skeleton(phonetic_form(s[2:])))  # Albaghdadi: the article glued
    attested = _attested()
    symbols: set[str] = {i for f in forms for i in attested.get(f, ())}
    if kind not in (PartKind.KUNYA, PartKind.THEOPHORIC):
        for token in symbol_tokens:
            symbols |= name_symbols(token)
    return NamePart(text, kind, spellings, forms, tuple(keys), frozenset(symbols))


@lru_cache(maxsize=1 << 18)
def _single_part(token: str, reading: tuple[str, ...], kind: PartKind) -> NamePart:
    """The part of a unit of one token, read ``reading``, as ``analyse_name`` makes any unit's:
    it depends on nothing else, and most units are one token of a recurring word."""
    unit = Unit((0,), kind, "")  # a unit of one token has no particle prefix
    latin = _unit_latin(unit, [reading])
    return _make_part(token, _unit_kind(unit, latin), latin, [token.lower(), reading[0]])


def _unit_parts(
    units: list[Unit], tokens: list[str], readings: list[tuple[str, ...]]
) -> list[NamePart]:
    """The parts of a Latin-script name's units (``group_tokens``)."""
    parts = []
    for unit in units:
        if len(unit.positions) == 1:
            head = unit.positions[0]
            parts.append(_single_part(tokens[head], readings[head], unit.kind))
            continue
        latin = _unit_latin(unit, readings)
        head = unit.positions[-1]
        words = " ".join(tokens[p] for p in sorted(unit.positions))
        symbol_tokens = [tokens[head].lower(), readings[head][0]]
        parts.append(_make_part(words, _unit_kind(unit, latin), latin, symbol_tokens))
    return parts


_ARABIC_PARTICLES = {"أبو": "abu", "ابو": "abu", "أم": "umm", "ام": "umm", "بن": "bin",
                     "ابن": "bin", "بنت": "bint", "عبد": "abd", "ال": "al",
                     "ولد": "ould"}  # fmt: skip


def _arabic_texts(text: str) -> list[str]:
    """The Arabic-script words of each part, grouped by the rules used for Latin names."""
    tokens = split_tokens(text)
    units = group_tokens([_ARABIC_PARTICLES.get(t, "name") for t in tokens])
    return [" ".join(tokens[p] for p in sorted(u.positions)) for u in units]


@lru_cache(maxsize=1 << 16)
def _spelling_word(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A word of a romanized Arabic spelling (``arabic_spellings``) as its tokens, their
    letters (``latin_token``), and what grouping reads of them (``token_classes``)."""
    tokens = tuple(split_tokens(word))
    latin = tuple(latin_token(t) for t in tokens)
    return tokens, latin, token_classes(latin)


def _analyse_arabic(text: str) -> tuple[NamePart, ...]:
    """Arabic-script names: each table spelling is grouped like a Latin name, and spellings with
    the same number of parts as the first are merged part by part."""
    template: tuple[Unit, ...] | None = None
    texts: list[str] = []
    merged: list[list[str]] = []
    for _label, words in arabic_spellings(text):
        # A spelling's words recur across names (al-Baghdadi, Muhammad): each is read once.
        tokens: tuple[str, ...] = ()
        latin: tuple[str, ...] = ()
        classes: tuple[str, ...] = ()
        for word in words:
            read = _spelling_word(word)
            tokens += read[0]
            latin += read[1]
            classes += read[2]
        units = grouped_classes(classes)
        if template is None:
            template = units
            texts = [" ".join(tokens[p] for p in sorted(u.positions)) for u in units]
            merged = [[] for _ in units]
        if len(units) != len(template):
            continue
        readings: list[tuple[str, ...]] | None = None
        for k, unit in enumerate(units):
            if len(unit.positions) == 1:  # a name or patronymic of one word: its letters
                word = latin[unit.positions[0]]  # as ``_unit_latin`` reads it:
                merged[k].append("abd" + theophoric_stem(word) if _is_abd_word(word) else word)
                continue
            if readings is None:
                readings = [(t,) for t in latin]
            merged[k].extend(_unit_latin(unit, readings))
    if template is None:
        return ()
    return _arabic_parts(text, template, texts, merged)


def _arabic_parts(
    text: str, template: Sequence[Unit], texts: list[str], merged: list[list[str]]
) -> tuple[NamePart, ...]:
    """The parts of an Arabic-script name from the units of its first spelling, their words
    in that spelling, and each unit's spellings merged over every spelling read alike."""
    own = _arabic_texts(text)
    if len(own) == len(texts):
        texts = own
    if _split_surname(template, texts, own):
        # Persian compound surnames are written as two words or one (سالار کیا, Salarkia):
        # the last part also carries the two words joined.
        merged[-1] += [a + b for a in merged[-2][:3] for b in merged[-1][:3]]
    parts = []
    for k, unit in enumerate(template):
        kind = _unit_kind(unit, merged[k])
        parts.append(_make_part(texts[k], kind, merged[k], merged[k][:2]))
    return tuple(parts)


def _split_surname(template: Sequence[Unit], texts: list[str], own: list[str]) -> bool:
    """Whether the last two parts of a name of three or more may be one word split: plain
    words (no particle) that the tables do not list, so neither is a known given name."""
    if len(template) < 3 or len(own) != len(texts):
        return False
    last = template[-2:]
    return all(u.kind is PartKind.NAME and len(u.positions) == 1 for u in last) and not any(
        in_tables(t) for t in texts[-2:]
    )


# ICAO 9303 Arabic-to-MRZ codes (STANDARDS §3.5) read back: an MRZ name such as
# "XAEBW BKR ALBGHDADY" is analysed as the Arabic name it encodes.
_MRZ_CODES = {
    "XE": "ء", "XAA": "آ", "XAE": "أ", "XW": "ؤ", "I": "إ", "XI": "ئ", "A": "ا", "B": "ب",
    "XAH": "ة", "XTA": "ة", "T": "ت", "XTH": "ث", "J": "ج", "XH": "ح", "XKH": "خ", "D": "د",
    "XDH": "ذ", "R": "ر", "Z": "ز", "S": "س", "XSH": "ش", "XSS": "ص", "XDZ": "ض", "XTT": "ط",
    "XZZ": "ظ", "E": "ع", "G": "غ", "F": "ف", "Q": "ق", "K": "ك", "L": "ل", "M": "م", "N": "ن",
    "H": "ه", "W": "و", "XAY": "ى", "Y": "ي", "P": "پ", "XC": "چ", "XJ": "ژ", "XGG": "گ",
    "XKK": "ک", "XYA": "ی", "XDO": "ھ", "XXA": "ٱ",
}  # fmt: skip


def mrz_arabic(text: str) -> str | None:
    """The Arabic script behind an ICAO 9303 MRZ-transliterated name, or None when ``text``
    is not one (it must use at least one X code and decode completely)."""
    if "X" not in text.upper() or not text.replace(" ", "").isalpha() or not text.isascii():
        return None
    words = []
    for word in text.upper().split():
        out: list[str] = []
        i = 0
        while i < len(word):
            for size in (3, 2, 1):
                letter = _MRZ_CODES.get(word[i : i + size])
                if letter is not None:
                    out.append(letter)
                    i += size
                    break
            else:
                return None
        words.append("".join(out))
    return " ".join(words)


_SHORT_FORMS = frozenset(
    ("llc", "ltd", "inc", "ooo", "oao", "zao", "jsc", "pjsc", "ojsc", "cjsc", "plc", "llp",
     "fze", "fzco", "gmbh", "corp", "bhd", "pte", "pvt")
)  # fmt: skip


def _legal_forms(latin: list[str]) -> list[tuple[int, int, str]]:
    """Organisation legal forms among the tokens (rigour's table: OOO, LLC, GmbH, Aktsionernoe
    Obshchestvo...) as ``(first token, end token, generic form)``: "llc" for OOO, GmbH and
    Limited alike, "jsc" for AO and PJSC. A form of one word under five letters counts only
    if it is in ``_SHORT_FORMS``: among the 100,000 distractor persons, rigour's table took the
    surnames Yu, Sa, Sem, Na, Im, Ek, Sas and Vos for legal forms."""
    if not latin:
        return []
    found: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for match, _form in extract_org_types(" ".join(latin)):
        words = match.split()
        for start in range(len(latin) - len(words) + 1):
            end = start + len(words)
            if latin[start:end] != words or used.intersection(range(start, end)):
                continue
            if len(words) == 1 and len(match) < 5 and match not in _SHORT_FORMS:
                continue  # Sa, Yu, Sem, Vos, Ek: surnames far more often than legal forms
            if end - start == len(latin):
                continue  # a name that is nothing but a legal form stays a name
            found.append((start, end, replace_org_types_compare(match, generic=True)))
            used.update(range(start, end))
            break
    return found


@lru_cache(maxsize=1 << 17)
def analyse_name(text: str) -> AnalysedName:
    """Analyse a personal or organisation name in any script (see the module docstring)."""
    norm = " ".join(unicodedata.normalize("NFKC", text).split())
    script = detect_script(norm) if norm else "Common"
    if _is_arabic(norm):
        return AnalysedName(norm, script, _analyse_arabic(norm))
    decoded = mrz_arabic(norm)
    if decoded is not None:
        return AnalysedName(norm, script, _analyse_arabic(decoded))
    tokens = split_tokens(norm)
    lang = cyrillic_language(norm)
    turkic = not norm.isascii() and not _TURKIC_LETTERS.isdisjoint(norm)
    readings: list[tuple[str, ...]] = []
    for token in tokens:
        if has_cyrillic(token):
            readings.append(_cyrillic_readings(token, lang))
        else:
            readings.append(_latin_readings(token, turkic))
    keep = [i for i, r in enumerate(readings) if r[0]]
    tokens = [tokens[i] for i in keep]
    readings = [readings[i] for i in keep]
    parts = []
    legal = _legal_forms([r[0] for r in readings])
    for start, end, generic in legal:
        words = " ".join(tokens[start:end])
        parts.append(_make_part(words, PartKind.LEGAL_FORM, [generic], []))
    if legal:
        inside = {i for start, end, _ in legal for i in range(start, end)}
        tokens = [t for i, t in enumerate(tokens) if i not in inside]
        readings = [r for i, r in enumerate(readings) if i not in inside]
    latin = [r[0] for r in readings]
    units = group_tokens(latin)
    name = AnalysedName(norm, script, (*parts, *_unit_parts(units, tokens, readings)))
    return _with_ungrouped(name, latin, units, tokens, readings)


def _with_ungrouped(
    name: AnalysedName,
    latin: list[str],
    units: list[Unit],
    tokens: list[str],
    readings: list[tuple[str, ...]],
) -> AnalysedName:
    """``name`` with its ungrouped reading, when it has a kunya or abd- word of its own and
    other words: its tokens (after its legal forms, the first of its parts) are ``latin``,
    grouped into ``units``."""
    if not reads_apart(latin):
        return name
    apart = group_tokens(latin, apart=True)
    particles = sorted(u.prefix for u in apart if u.kind is PartKind.PARTICLE)
    words = [u for u in apart if u.kind is not PartKind.PARTICLE]
    if not particles or not words:
        return name
    grouped = name.parts
    legal = len(grouped) - len(units)
    # A word weighs as the grouped unit holding its head (Ahmad as Abu Ahmad).
    unit_of = {p: k for k, unit in enumerate(units, legal) for p in unit.positions}
    weighed = (*grouped[:legal], *(grouped[unit_of[u.positions[-1]]] for u in words))
    parts = (*grouped[:legal], *_unit_parts(words, tokens, readings))
    ungrouped = UngroupedName(name.text, name.script, parts, None, tuple(particles), weighed)
    return replace(name, ungrouped=ungrouped)
