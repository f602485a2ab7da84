"""Phonetic forms and consonant skeletons of Latin name spellings.

Two levels, both lower-case ASCII:

- ``phonetic_form`` folds the spelling differences that romanization systems and press
  conventions introduce (STANDARDS §3.8-3.9): kh/h, ks/x, -ov/-ow/-off, ou/u, ee/i, y/i,
  ts/tz/tc/cz, sch/sh/ch, dzh/dj/zh/j, ph/f, w/v, q/k, doubled letters. Vowels stay, so that
  rapidfuzz similarity on these forms still tells Hasan from Husayn.
- ``skeleton`` drops the inner vowels as well (Aleksandr and Alexander -> lksndr), because
  vowels are what transliteration of unvocalised Arabic and Cyrillic e/ye/ie/je vary most. It
  is the retrieval key; a final vowel is kept as a class (Muhammadi is not Muhammad), and very
  short skeletons fall back to the phonetic form, or every two-consonant name would share one
  key.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["consonants", "deletions", "phonetic_form", "skeleton"]

_VOWELS = frozenset("aeiou")
_NOT_LETTERS = re.compile(r"[^a-z]+")
# Ordered: longer sequences first, and the ones that create "ch"/"sh" before ch -> sh.
_REWRITES: tuple[tuple[str, str], ...] = (
    ("schtsch", "sh"),
    ("shch", "sh"),
    ("szcz", "sh"),
    ("chtch", "sh"),
    ("shh", "sh"),
    ("dzh", "j"),
    ("dsch", "j"),
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("sz", "sh"),
    ("ch", "sh"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ts", "c"),
    ("tz", "c"),
    ("tc", "c"),
    ("cz", "c"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("y", "i"),
)
_DOUBLES = re.compile(r"(.)\1+")
_ENDINGS = ((re.compile(r"(?<=[oe])ff$"), "v"),)  # Smirnoff, Rachmaninoff


@lru_cache(maxsize=1 << 17)
def phonetic_form(latin: str) -> str:
    """The spelling-folded form of one lower-case Latin token (non-letters are dropped):
    Bortnikow -> bortnikov, Alexander -> aleksander, Khrouchtchev -> hrushev."""
    s = _NOT_LETTERS.sub("", latin.lower())
    if len(s) > 1 and s[0] == "x" and s[1] in _VOWELS:
        s = "h" + s[1:]  # Uzbek Latin x = kh (Xasan, Xo'jayev); initial ks- is rare in names
    elif len(s) > 2 and s.startswith("ch") and s[2] not in _VOWELS:
        s = "h" + s[2:]  # German ch = kh before a consonant (Chruschtschow, Chlebnikow)
    for pattern, ending in _ENDINGS:
        s = pattern.sub(ending, s)  # Smirnoff -> smirnov
    for old, new in _REWRITES:
        if old in s:
            s = s.replace(old, new)
    if s.endswith("ah") and len(s) > 3:
        s = s[:-1]  # Fatimah/Fatima, Abdallah/Abdalla
    elif s.endswith("ne") and len(s) > 4:
        s = s[:-1]  # French mute e: Abderrahmane, Eltsine, Amine
    return _DOUBLES.sub(r"\1", s)


@lru_cache(maxsize=1 << 17)
def consonants(form: str) -> str:
    """The consonants of a phonetic form, doubles collapsed (Youssef, Yusuf -> sf)."""
    return _DOUBLES.sub(r"\1", "".join(ch for ch in form if ch not in _VOWELS))


_FINAL_VOWEL = {"a": "a", "e": "a", "i": "i", "o": "u", "u": "u"}


def skeleton(form: str) -> str:
    """The retrieval key of a phonetic form: its consonants, plus a final vowel folded to a/i/u
    (Muhammad -> mhmd but Muhammadi -> mhmdi; Fatima, Fatime -> ftma); the form itself when
    the key would be shorter than three letters (Ali, Omar keep their vowels)."""
    found = consonants(form) + _FINAL_VOWEL.get(form[-1:], "")
    return found if len(found) >= 3 else form


def deletions(key: str) -> tuple[str, ...]:
    """Every string one deletion away from ``key`` (for the typo-tolerant retrieval path):
    a transposition or substitution in the query shares one of them with the right key."""
    return tuple(dict.fromkeys(key[:i] + key[i + 1 :] for i in range(len(key))))
