"""Name parts: tokens grouped into the units a name is compared by.

Arabic particles are glued to the token they introduce (STANDARDS §3.9): the article
(al-Baghdadi), nasab particles (bin Laden), the kunya (Abu Bakr, which is a name of its own and
never split) and compound theophorics (Abd al-Rahman = Abdul Rahman = Abdurrahman). Which word a
kunya or abd- word introduces is not always the one after it (Hafiz Abdul ZAMANI is also written
Abdul Hafiz ZAMANI, Abdul Wadud ZAMANI as Abdul ZAMANI), so a name is also grouped with those
words apart, each a unit of its own (``group_tokens(..., apart=True)``). Patronymics
(Slavic -ovich/-ovna, Ukrainian -ivna, Turkic -uly/-kyzy/-oglu, also written as a separate
"ogly") are marked, because lists often leave them out.

Functions here work on lower-case Latin spellings; ``analysis`` feeds them every script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import IntEnum
from functools import lru_cache

__all__ = [
    "PartKind",
    "Unit",
    "group_tokens",
    "grouped_classes",
    "masculine_form",
    "part_kind",
    "reads_apart",
    "russified_surname",
    "split_tokens",
    "theophoric_stem",
    "token_classes",
]


class PartKind(IntEnum):
    """What a name part is; decides its weight when it goes unmatched."""

    NAME = 0  # a given name or surname
    PATRONYMIC = 1  # Vasilievich, Nursultanovna, Abishuly, Aliyev oglu
    KUNYA = 2  # Abu Bakr, Umm Hamza: a teknonym, often a nom de guerre
    NASAB = 3  # bin Laden, ibn Taymiyya: "son of", often written without the particle
    NISBA = 4  # al-Baghdadi: the article plus a place, tribe or family
    THEOPHORIC = 5  # Abdullah, Abd al-Rahman: one name of two words
    LEGAL_FORM = 6  # LLC, OOO, GmbH, Aktsionernoe Obshchestvo: an organisation's legal form
    PARTICLE = 7  # Abu, Umm, Abdul grouped apart: a unit's kind only (``analysis`` sets it aside)


_ARTICLES = frozenset(
    ("al", "el", "ul", "il", "ad", "ud", "ed", "ar", "ur", "er", "as", "us", "es", "ash", "ush",
     "esh", "at", "ut", "et", "az", "uz", "ez", "an", "un", "en", "ath", "adh")
)  # fmt: skip
# "bn": bin written without its vowel, as an unvocalised spelling of بن gives it.
_NASAB = frozenset(("bin", "ibn", "bn", "bint", "ben", "bent", "ould", "walad", "binti"))
_KUNYA = {"abu": "abu", "abou": "abu", "abo": "abu", "ebu": "abu", "aboo": "abu", "um": "umm",
          "umm": "umm", "oum": "umm", "umme": "umm"}  # fmt: skip
_ABD = frozenset(
    ("abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdur", "abder", "abdar", "abed")
)
# Kunya and abd- words, which always introduce another word (Abdu and Abed are names too).
_LEADING = frozenset(_KUNYA) | (_ABD - {"abdu", "abed"})
# Turkic patronymic markers written as a word of their own (Aliyev oglu, Bakyt uulu), in the
# official Latin alphabets and in the French and German renderings of their Cyrillic forms
# (Uzbek ўғли / қизи: ougli, oughli, kisi; Azerbaijani оглы / гызы: ogly, gyzy, gizi).
_PATRONYMIC_WORDS = frozenset(
    ("ogly", "oglu", "ugli", "ughli", "ogli", "oghli", "ougli", "oughli", "ouglou", "oglou",
     "uly", "ouly", "uulu", "ououlou", "kyzy", "kysy", "kizi", "kisi", "qizi", "qyzy", "gyzy",
     "gizi")
)  # fmt: skip
_PATRONYMIC = re.compile(
    r"(?:[oe]vi?t?ch|[oe]witsch|[oe]wicz|[oe]vna|[oe]wna|ivna|ichna|inichna|ych|ich|uly|ulu|"
    r"kyzy|qizi|oglu|ogly|ugli)$"
)
_SEPARATORS = re.compile(r"[\s\-‐‑–—_,;:/()\[\]\"“”«».]+")
_APOSTROPHES = re.compile("['`ʼʻʹʺ’‘\u02bc\u02bb\u0060\u00b4]")
_FEMININE = (
    (re.compile(r"skaya$"), "skii"),
    (re.compile(r"(?<=[oe])va$"), "v"),
    (re.compile(r"(?<=[oe])wa$"), "v"),
    (re.compile(r"(?<=..[^aeiou])ina$"), "in"),
)


def split_tokens(text: str) -> list[str]:
    """Words of a name, any script: separators are white space, hyphens and punctuation;
    apostrophes inside a word are dropped (Naval'nyy, Xo'jayev, Mu'assasa)."""
    return [t for t in _SEPARATORS.split(_APOSTROPHES.sub("", text)) if t]


def part_kind(latin: str) -> PartKind:
    """PATRONYMIC for a token with a patronymic ending, else NAME."""
    if len(latin) > 5 and _PATRONYMIC.search(latin):
        return PartKind.PATRONYMIC
    return PartKind.NAME


def masculine_form(latin: str) -> str | None:
    """The masculine surname of a feminine one (Bortnikova -> bortnikov), or None."""
    if len(latin) < 6:
        return None
    for pattern, ending in _FEMININE:
        if pattern.search(latin):
            return pattern.sub(ending, latin)
    return None


def russified_surname(latin: str) -> str | None:
    """The Russified form of a Tajik surname in its Tajik form (Karimzoda -> karimov,
    Mirzozoda -> mirzoev), or None for any other word.

    Since 2016 Tajik children are registered with Tajik endings instead of -ov/-ev, and adults
    may change theirs (STANDARDS §3.7): one person can be Karimov in old records and Karimzoda
    in new ones. Only -zoda is read so: -i (Karimi) is an Arabic and Persian ending as well,
    and -zadeh, -zade are Persian and Azerbaijani surnames of their own."""
    if len(latin) < 7 or not latin.endswith("zoda"):
        return None
    stem = latin[:-4]
    return stem + ("ev" if stem[-1] in "aeiouy" else "ov")


class Unit:
    """A group of token positions forming one part, its kind, and the canonical particle that
    prefixes its forms ("abu", "umm", "abd"; "" otherwise)."""

    __slots__ = ("kind", "positions", "prefix")

    def __init__(self, positions: tuple[int, ...], kind: PartKind, prefix: str) -> None:
        self.positions = positions
        self.kind = kind
        self.prefix = prefix

    def __repr__(self) -> str:
        return f"Unit({self.positions}, {self.kind.name}, {self.prefix!r})"


def group_tokens(latin: list[str], apart: bool = False) -> list[Unit]:
    """Group lower-case Latin tokens into units. The last position of a unit is its head (the
    word its forms are made of); the particles before it are folded into ``prefix``/``kind``.
    The units are shared with other calls: do not modify them.

    A kunya or abd- word introduces the word after it, so a name of two words that ends in
    one was written the other way round (family name first: Abu Jihad as "Jihad Abu", Abdul
    Habib as "Habib Abdul") and is read in that order. In longer names the word it belonged
    to is not known (the last one moved to the front, or two words swapped).

    With ``apart``, every kunya and abd- word is a unit of its own instead, of kind
    ``PARTICLE`` with its canonical particle as ``prefix`` (Abdu and Abed only when a word
    follows, as above: they are names too); the other tokens group as without."""
    return list(_grouped(token_classes(latin), apart))


def token_classes(latin: Iterable[str]) -> tuple[str, ...]:
    """What grouping reads of each token (``group_tokens``): names of the same classes group
    alike."""
    return tuple(map(_token_class, latin))


def grouped_classes(classes: tuple[str, ...]) -> tuple[Unit, ...]:
    """``group_tokens`` of tokens with these classes (``token_classes``), shared units."""
    return _grouped(classes, False)


def reads_apart(latin: list[str]) -> bool:
    """Whether ``group_tokens(latin, apart=True)`` may set a kunya or abd- word apart (a cheap
    test: most names have none)."""
    return not _APART.isdisjoint(latin)


_APART = frozenset((*_KUNYA, *_ABD))
# Every particle grouping looks for; no other token is read for more than its class.
_PARTICLES = frozenset((*_ARTICLES, *_NASAB, *_KUNYA, *_ABD, *_PATRONYMIC_WORDS))


@lru_cache(maxsize=1 << 16)
def _token_class(token: str) -> str:
    """What grouping reads of a token: a particle itself; any other token only its kind and
    whether it is longer than one letter ("P" a patronymic, "N" a name, "." a single letter or
    none). Names of the same classes group alike, and the few class sequences recur."""
    if token in _PARTICLES:
        return token
    if len(token) < 2:
        return "."
    return "P" if part_kind(token) is PartKind.PATRONYMIC else "N"


@lru_cache(maxsize=1 << 14)
def _grouped(latin: tuple[str, ...], apart: bool) -> tuple[Unit, ...]:
    """``group_tokens`` of token classes (``_token_class``)."""
    n = len(latin)
    order = list(range(n))
    if n == 2 and latin[1] in _LEADING and latin[0] not in _PARTICLES:
        order.reverse()
    seq = [latin[p] for p in order]

    def at(start: int, end: int) -> tuple[int, ...]:
        return tuple(order[start:end])

    units: list[Unit] = []
    i = 0
    while i < n:
        tok = seq[i]
        rest = n - i - 1
        if apart and (tok in _LEADING or (tok in _ABD and rest)):
            units.append(Unit((order[i],), PartKind.PARTICLE, _KUNYA.get(tok, "abd")))
            i += 1
        elif tok in _KUNYA and rest:
            head = i + 1 + (1 if seq[i + 1] in _ARTICLES and rest > 1 else 0)
            units.append(Unit(at(i, head + 1), PartKind.KUNYA, _KUNYA[tok]))
            i = head + 1
        elif tok in _ABD and rest:
            # Abd al-Rahman / Abdul Rahman / Abed Allah: the article, if any, is skipped.
            head = i + 1 + (1 if seq[i + 1] in _ARTICLES and rest > 1 else 0)
            units.append(Unit(at(i, head + 1), PartKind.THEOPHORIC, "abd"))
            i = head + 1
        elif tok in _NASAB and rest and (i > 0 or tok != "ben"):
            head = i + 1 + (1 if seq[i + 1] in _ARTICLES and rest > 1 else 0)
            units.append(Unit(at(i, head + 1), PartKind.NASAB, ""))
            i = head + 1
        elif tok in _ARTICLES and rest and seq[i + 1] != ".":
            units.append(Unit(at(i, i + 2), PartKind.NISBA, ""))
            i += 2
        elif tok in _PATRONYMIC_WORDS and units:
            # The head stays the father's name (the last position), not "ogly".
            units[-1] = Unit((order[i], *units[-1].positions), PartKind.PATRONYMIC, "")
            i += 1
        else:
            kind = PartKind.PATRONYMIC if tok == "P" else part_kind(tok)
            units.append(Unit((order[i],), kind, ""))
            i += 1
    return tuple(units)


_ABD_LINK = re.compile(r"^abd(?:[aeiou]l|[aeiou])?")


def theophoric_stem(latin: str) -> str:
    """The part of an abd- compound after the link: abdullah, abd allah -> lah/llah folded to
    one stem ("lah"), abdurrahman/abd al-rahman -> rahman."""
    stem = _ABD_LINK.sub("", latin, count=1)
    return stem[1:] if len(stem) > 2 and stem[0] == stem[1] else stem
