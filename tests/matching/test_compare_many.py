"""``compare_parts_many`` against ``compare_parts`` pair by pair: the same floats to the bit and
the same labels, over the parts of generated names in Latin, Cyrillic and Arabic script, their
typos, kunyas and parts without phonetic forms."""

from __future__ import annotations

import itertools
import zlib
from dataclasses import replace
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.matching.scoring import (
    HOWS,
    ONE_EDIT,
    compare_parts,
    compare_parts_coded,
    compare_parts_many,
)
from interlink.names.analysis import NamePart, analyse_name
from interlink.names.parts import PartKind
from interlink.services.world.naming import finish, typo
from interlink.services.world.origins import build_person
from interlink.services.world.types import Origin

Pair = tuple[NamePart, NamePart]

KUNYAS = ("Abu Bakr", "Abou Bakr HADDAD", "Abu Hamza al-Shishani", "أبو حمزة الشيشاني", "Umm Layla",
          "Абу Бакр", "Bakr", "Hamza Shishani")  # fmt: skip


def spellings(origin: Origin, seed: int, female: bool) -> list[str]:
    """Every spelling the world generator plants for one person (the original script, each
    romanization, a typo, the other order, kunyas), and a further typo of each Latin one."""
    rng = Random(seed)
    variants, _names = finish(build_person(origin, rng, female), rng)
    texts = [v.text for v in variants]
    return texts + [typo(v.text, rng) for v in variants if v.script == "Latin"]


def parts_of(texts: list[str]) -> list[NamePart]:
    """The parts of the names, grouped and read apart, each part once."""
    found: dict[int, NamePart] = {}
    for text in texts:
        name = analyse_name(text)
        readings = [name] if name.ungrouped is None else [name, name.ungrouped]
        for reading in readings:
            for part in reading.parts:
                found.setdefault(id(part), part)
    return list(found.values())


def formless(part: NamePart) -> NamePart:
    """The part without phonetic forms (its Indel ratio with any other part is 0)."""
    return replace(part, forms=())


def one_by_one(pairs: list[Pair]) -> list[tuple[float, str]]:
    return [compare_parts(q, c) for q, c in pairs]


people = st.tuples(st.sampled_from(list(Origin)), st.integers(0, 2**32 - 1), st.booleans())


@settings(max_examples=50, deadline=None)
@given(
    first=people,
    second=people,
    kunyas=st.lists(st.sampled_from(KUNYAS), max_size=3),
    stripped=st.sets(st.integers(0, 60), max_size=6),
    shuffle=st.randoms(use_true_random=False),
)
def test_many_is_compare_parts_to_the_bit(
    first: tuple[Origin, int, bool],
    second: tuple[Origin, int, bool],
    kunyas: list[str],
    stripped: set[int],
    shuffle: Random,
) -> None:
    mine = parts_of(spellings(*first) + kunyas)
    other = parts_of(spellings(*second))
    mine = [formless(p) if k in stripped else p for k, p in enumerate(mine)]
    # One person's spellings against each other (exact, transliterations, typos) and against
    # another person's (mostly ratios), in an order that mixes the two.
    pairs = [(q, c) for q in mine for c in mine + other]
    shuffle.shuffle(pairs)
    found = compare_parts_many(pairs)
    assert found == one_by_one(pairs)
    assert [type(sim) for sim, _how in found] == [float] * len(pairs)


def test_the_generated_pairs_take_every_path() -> None:
    """The pairs of the property test, drawn here from fixed seeds, reach every rule of
    ``compare_parts``; and ``compare_parts_many`` agrees on all of them in one call."""
    texts = [t for n, origin in enumerate(Origin) for t in spellings(origin, n, n % 3 == 0)]
    parts = parts_of(texts + list(KUNYAS))
    parts += [formless(p) for p in parts[::25]]
    pairs = [(q, c) for q in parts for c in parts]
    expected = one_by_one(pairs)
    assert compare_parts_many(pairs) == expected
    paths = set()
    for (q, c), (sim, how) in zip(pairs, expected, strict=True):
        kunya = (q.kind is PartKind.KUNYA) != (c.kind is PartKind.KUNYA)
        paths.add(how)
        if kunya:
            paths.add("kunya")
        if not q.forms or not c.forms:
            paths.add("no forms" if sim < 1 else "no forms, matched before the ratio")
        if sim == (ONE_EDIT * 0.85 if kunya else ONE_EDIT) and how == "typo":
            paths.add("one edit")
        if how == "phonetic" and sim < (0.85 if kunya else 1.0):
            paths.add("same consonants")
    assert paths == {
        "exact", "transliteration", "phonetic", "symbol", "typo", "kunya", "no forms",
        "no forms, matched before the ratio", "one edit", "same consonants",
    }  # fmt: skip


def test_many_of_none_is_none() -> None:
    assert compare_parts_many([]) == []


def pair(left: str, right: str) -> Pair:
    (a,) = analyse_name(left).parts
    (b,) = analyse_name(right).parts
    return a, b


def test_many_in_a_few_literal_cases() -> None:
    bortnikov = pair("Bortnikov", "Бортников")
    pairs = [
        pair("Bortnikov", "Bortnikov"),
        bortnikov,
        pair("Bortnikow", "Bortnikoff"),
        pair("Kowalczyk", "Kowalcyzk"),  # two neighbours swapped: one edit
        pair("Hasan", "Husayn"),  # same consonants
        pair("Socorro", "Oscar"),
        pair("Abu Bakr", "Bakr"),  # a kunya and a name
        (formless(bortnikov[0]), bortnikov[1]),  # equal in Latin before any ratio
        (formless(bortnikov[0]), pair("Sidorov", "Sidorov")[0]),
    ]
    found = compare_parts_many(pairs)
    assert found == one_by_one(pairs)
    assert [how for _sim, how in found] == ["exact", "transliteration", "phonetic", "typo",
                                            "phonetic", "typo", "typo", "transliteration",
                                            "typo"]  # fmt: skip
    assert found[3][0] == ONE_EDIT
    assert found[4][0] == 0.92
    assert found[8][0] == 0.0
    assert found[6][0] < 0.85


def crc_twins() -> tuple[str, str]:
    """Two distinct strings of consonants, no letter doubled, with the same CRC-32: the hash
    ``scoring.part_code`` keeps of a part's strings (a birthday search over 32 bits)."""
    letters = "bcdfghjklmnpqrstvwxz"
    seen: dict[int, str] = {}
    for n in itertools.count(20**3):
        word, k = "", n
        while k:
            k, r = divmod(k, len(letters))
            if not word or word[-1] != letters[r]:
                word += letters[r]
        crc = zlib.crc32(word.encode())
        if seen.get(crc, word) != word:
            return seen[crc], word
        seen[crc] = word
    raise AssertionError("unreachable")


def test_strings_that_hash_alike_are_still_told_apart() -> None:
    """The compiled loop compares the parts' hashes; two parts whose texts, spellings, forms
    and consonant skeletons hash alike but differ must score as ``compare_parts`` scores
    them: by their spelling ratio, not as one phonetic form."""
    a, b = crc_twins()
    assert a != b and zlib.crc32(a.encode()) == zlib.crc32(b.encode())
    left = NamePart(a, PartKind.NAME, (a,), (a,), (a,), frozenset())
    right = NamePart(b, PartKind.NAME, (b,), (b,), (b,), frozenset())
    assert zlib.crc32(next(iter(left.consonant_set)).encode()) == zlib.crc32(
        next(iter(right.consonant_set)).encode()
    )
    found = compare_parts_coded([(left, right), (left, left), (right, left)])
    expected = one_by_one([(left, right), (left, left), (right, left)])
    assert compare_parts_many([(left, right), (left, left), (right, left)]) == expected
    assert [HOWS[h] for h in found[1].tolist()] == [how for _s, how in expected]
    assert found[0].tolist() == [sim for sim, _how in expected]
    assert expected[0][0] < 1.0 and expected[0][1] == "typo"
    assert expected[1] == (1.0, "exact")
