"""Grouping tokens into parts: the memoised grouping against the rules spelled out per token."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.names.parts import (
    _ABD,
    _ARTICLES,
    _KUNYA,
    _LEADING,
    _NASAB,
    _PATRONYMIC_WORDS,
    PartKind,
    Unit,
    group_tokens,
    part_kind,
)


def reference_groups(latin: list[str], apart: bool = False) -> list[Unit]:
    """The grouping rules read on the tokens themselves, as before the memo (a two-word name
    ending in a kunya or abd- word read the other way round); with ``apart``, kunya and abd-
    words (Abdu and Abed only before a word) on their own."""
    units: list[Unit] = []
    n = len(latin)
    order = list(range(n))
    if n == 2 and latin[1] in _LEADING and latin[0] not in PARTICLES:
        order.reverse()
    seq = [latin[p] for p in order]

    def at(start: int, end: int) -> tuple[int, ...]:
        return tuple(order[start:end])

    i = 0
    while i < n:
        tok = seq[i]
        rest = n - i - 1
        if apart and (tok in _KUNYA or (tok in _ABD and (rest or tok not in ("abdu", "abed")))):
            units.append(Unit((order[i],), PartKind.PARTICLE, _KUNYA.get(tok, "abd")))
            i += 1
        elif tok in _KUNYA and rest:
            head = i + 1 + (1 if seq[i + 1] in _ARTICLES and rest > 1 else 0)
            units.append(Unit(at(i, head + 1), PartKind.KUNYA, _KUNYA[tok]))
            i = head + 1
        elif tok in _ABD and rest:
            head = i + 1 + (1 if seq[i + 1] in _ARTICLES and rest > 1 else 0)
            units.append(Unit(at(i, head + 1), PartKind.THEOPHORIC, "abd"))
            i = head + 1
        elif tok in _NASAB and rest and (i > 0 or tok != "ben"):
            head = i + 1 + (1 if seq[i + 1] in _ARTICLES and rest > 1 else 0)
            units.append(Unit(at(i, head + 1), PartKind.NASAB, ""))
            i = head + 1
        elif tok in _ARTICLES and rest and len(seq[i + 1]) > 1:
            units.append(Unit(at(i, i + 2), PartKind.NISBA, ""))
            i += 2
        elif tok in _PATRONYMIC_WORDS and units:
            units[-1] = Unit((order[i], *units[-1].positions), PartKind.PATRONYMIC, "")
            i += 1
        else:
            units.append(Unit((order[i],), part_kind(tok), ""))
            i += 1
    return units


def shape(units: list[Unit]) -> list[tuple[tuple[int, ...], PartKind, str]]:
    return [(u.positions, u.kind, u.prefix) for u in units]


PARTICLES = sorted({*_ARTICLES, *_NASAB, *_KUNYA, *_ABD, *_PATRONYMIC_WORDS})
TOKENS = st.one_of(
    st.sampled_from(PARTICLES),
    st.sampled_from(["", "a", "x", "n", "p", "ali", "bakr", "ivanovich", "abishuly", "ovna"]),
    st.text(alphabet="abcehiklnortuvyz", max_size=9),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(TOKENS, max_size=7), st.booleans())
def test_grouping_follows_the_rules_token_by_token(latin: list[str], apart: bool) -> None:
    assert shape(group_tokens(latin, apart)) == shape(reference_groups(latin, apart))


def test_examples() -> None:
    latin = ["abu", "bakr", "al", "baghdadi", "aliyev", "ogly", "ivanovich", "x"]
    assert shape(group_tokens(latin)) == [
        ((0, 1), PartKind.KUNYA, "abu"),
        ((2, 3), PartKind.NISBA, ""),
        ((5, 4), PartKind.PATRONYMIC, ""),
        ((6,), PartKind.PATRONYMIC, ""),
        ((7,), PartKind.NAME, ""),
    ]
    assert shape(group_tokens(["jihad", "abu"])) == [((1, 0), PartKind.KUNYA, "abu")]
    assert shape(group_tokens(["al", "x"])) == [
        ((0,), PartKind.NAME, ""),
        ((1,), PartKind.NAME, ""),
    ]


def test_kunya_and_abd_words_apart() -> None:
    # Abdul Hafiz ZAMANI, Umm Layla al-Haddad, Abed, Rami Abu
    assert shape(group_tokens(["abdul", "hafiz", "zamani"], apart=True)) == [
        ((0,), PartKind.PARTICLE, "abd"),
        ((1,), PartKind.NAME, ""),
        ((2,), PartKind.NAME, ""),
    ]
    assert shape(group_tokens(["oum", "layla", "al", "haddad"], apart=True)) == [
        ((0,), PartKind.PARTICLE, "umm"),
        ((1,), PartKind.NAME, ""),
        ((2, 3), PartKind.NISBA, ""),
    ]
    assert shape(group_tokens(["abd", "al", "rahman"], apart=True)) == [
        ((0,), PartKind.PARTICLE, "abd"),
        ((1, 2), PartKind.NISBA, ""),
    ]
    assert shape(group_tokens(["rami", "abed"], apart=True)) == [
        ((0,), PartKind.NAME, ""),
        ((1,), PartKind.NAME, ""),
    ]
    assert shape(group_tokens(["rami", "abu"], apart=True)) == [
        ((1,), PartKind.PARTICLE, "abu"),
        ((0,), PartKind.NAME, ""),
    ]
