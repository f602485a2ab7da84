from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interlink.matching.deletions import Deletions, code

# Mostly a-z (coded), some too long or with other letters (kept in the fallback dict).
TEXTS = st.one_of(
    st.text(alphabet="abcdez", min_size=1, max_size=6),
    st.text(alphabet="ab", min_size=12, max_size=15),
    st.text(alphabet="aéß#", min_size=1, max_size=3),
)


def test_codes_are_distinct_for_distinct_strings() -> None:
    words = ["a", "z", "aa", "az", "za", "zz", "aaa", "b", "ba", "zzzzzzzzzzzzz"]
    assert len({code(w) for w in words}) == len(words)
    assert code("zzzzzzzzzzzzz") == 27**13 - 1
    assert code("aaaaaaaaaaaaaa") is None  # 14 letters
    assert code("muñoz") is None
    assert code("") is None


def reference_code(text: str) -> int | None:
    """The coding spelled out letter by letter."""
    if not 0 < len(text) <= 13:
        return None
    value = 0
    for ch in text:
        digit = ord(ch) - 96
        if not 0 < digit < 27:
            return None
        value = value * 27 + digit
    return value


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(TEXTS, st.text(max_size=15), st.text(alphabet="azAZ`{@[0", max_size=14)))
def test_code_is_bijective_base_27(text: str) -> None:
    assert code(text) == reference_code(text)


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(TEXTS, st.integers(0, 50)), max_size=120),
    probes=st.lists(TEXTS, max_size=20),
    merge_at=st.integers(1, 40),
)
def test_finds_what_a_dict_finds(
    pairs: list[tuple[str, int]], probes: list[str], merge_at: int
) -> None:
    plain: dict[str, set[int]] = {}
    store = Deletions(merge_at)
    for n, (text, kid) in enumerate(pairs):
        plain.setdefault(text, set()).add(kid)
        store.add(text, kid)
        if n == len(pairs) // 2:
            store.compact()  # some merged by size, some here, the rest pending
    for text in [*probes, *plain]:
        assert store.find([text]) == plain.get(text, set())
    everything = [*probes, *plain]
    assert store.find(everything) == set().union(*(plain.get(t, set()) for t in everything))


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(TEXTS, st.integers(0, 50), st.booleans()), max_size=120),
    probes=st.lists(TEXTS, max_size=20),
)
def test_pairs_added_coded_are_found_as_if_added_one_by_one(
    pairs: list[tuple[str, int, bool]], probes: list[str]
) -> None:
    one_by_one, coded = Deletions(7), Deletions(7)
    for text, kid, bulk in pairs:
        one_by_one.add(text, kid)
        c = code(text)
        if bulk and c is not None:
            coded.add_codes([c, c], kid)  # a duplicate, as a part's strings may hold
        else:
            coded.add(text, kid)
    texts = [*probes, *(t for t, _, _ in pairs)]
    for text in texts:
        assert coded.find([text]) == one_by_one.find([text])
    one_by_one.compact()
    coded.compact()
    assert coded._codes.tolist() == one_by_one._codes.tolist()
    assert coded._ids.tolist() == one_by_one._ids.tolist()
