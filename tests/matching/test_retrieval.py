from __future__ import annotations

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

from interlink.domain.subjects import SubjectRecord
from interlink.matching import Index, MatchConfig, Query, retrieval
from interlink.matching.kernels import probe
from interlink.matching.retrieval import Postings
from interlink.names.analysis import NamePart, analyse_name
from interlink.names.parts import PartKind
from tests.matching.factory import person

SURNAMES = ["Haddad", "Khalil", "Nasser", "Saleh", "Yasin", "Darwish", "Hamdan", "Jaber"]
# Small limits so that a gallery of a few hundred subjects has stop keys.
SMALL = MatchConfig(stop_min=20, stop_share=0.05, common_postings=30)


def common_gallery() -> list[SubjectRecord]:
    return [
        person(f"Muhammad Abdullah {s}{i}", uid=f"t:{s}{i}") for i in range(40) for s in SURNAMES
    ]


def test_common_keys_do_not_explode_the_candidate_set() -> None:
    index = Index.build([*common_gallery(), person("Muhammad Abdullah Qurashi", uid="t:q")], SMALL)
    rows = index._postings.candidates(
        analyse_name("Muhammad Abdullah Qurashi").parts, len(index), SMALL
    )
    assert len(rows) <= 5  # only the rare part reads postings
    assert index.search("Muhammad Abdullah Qurashi")[0].uid == "t:q"


def test_a_query_of_common_names_only_is_capped() -> None:
    index = Index.build(common_gallery(), SMALL)
    rows = index._postings.candidates(analyse_name("Mohammed Abdallah").parts, len(index), SMALL)
    assert 0 < len(rows) <= SMALL.common_postings


def test_typo_path_finds_a_transposition() -> None:
    postings = Postings()
    stored = [analyse_name("Bortnikov"), analyse_name("Petrov")]
    postings.load([(0, stored[0].keys()), (1, stored[1].keys())])
    for name in stored:
        postings.link_forms(name.parts[0])
    rows = postings.candidates(analyse_name("Bornitkov").parts, 2, MatchConfig())
    assert rows.rows.tolist() == [0]


def test_a_ranked_search_credits_a_typo_that_lands_on_another_name() -> None:
    # Mila is on file, so the query's own key is read; Milan is one letter away. Scoring only
    # two candidates, Milan IVANOVIC must outrank the other Ivanovics, which share only the
    # family name, and Mila KOVAC, which shares only the typo.
    gallery = [person(f"{g} Ivanovic", uid=f"t:{g}") for g in ("Petar", "Goran", "Zoran")]
    gallery += [person("Mila Kovac", uid="t:mila"), person("Milan Ivanovic", uid="t:milan")]
    index = Index.build(gallery, MatchConfig(candidates=2))
    config = index.config
    found = index._postings.candidates(analyse_name("Mila IVANOVIC").parts, len(index), config)
    credit = dict(zip(found.rows.tolist(), found.credit.tolist(), strict=True))
    rows = index._rows
    assert credit[rows["t:milan"]] > max(credit[rows[f"t:{g}"]] for g in ("Petar", "Goran"))
    assert index.search("Mila IVANOVIC")[0].uid == "t:milan"


def test_the_typo_path_reads_the_usual_spelling_too() -> None:
    # A slip inside a folded spelling: Kjalil is one letter from Khalil but two from its
    # phonetic form (kh -> h: halil), Hamxa one from Hamza but two from its (x -> ks).
    postings = Postings()
    stored = [analyse_name(n) for n in ("Khalil", "Hamza", "Petrov")]
    postings.load([(row, name.keys()) for row, name in enumerate(stored)])
    for name in stored:
        postings.link_forms(name.parts[0])
    for query, row in (("Kjalil", 0), ("Hamxa", 1)):
        rows = postings.candidates(analyse_name(query).parts, 3, MatchConfig())
        assert rows.rows.tolist() == [row]


def test_a_ranked_search_credits_a_typo_that_lands_next_to_a_common_name() -> None:
    # Hamdi is on file and one letter from Hamid, which is on more subjects than the typo
    # path reads: Hamid NASSER must still outrank the Nassers that share only the family name.
    config = MatchConfig(typo_postings=3)
    gallery = [person(f"Hamid {s}", uid=f"t:h{s}") for s in SURNAMES if s != "Nasser"]
    gallery += [person(f"{g} Nasser", uid=f"t:{g}") for g in ("Petar", "Goran", "Zoran")]
    gallery += [person("Hamdi Kovac", uid="t:hamdi"), person("Hamid Nasser", uid="t:target")]
    index = Index.build(gallery, config)
    found = index._postings.candidates(analyse_name("Hamdi NASSER").parts, len(index), config)
    credit = dict(zip(found.rows.tolist(), found.credit.tolist(), strict=True))
    rows = index._rows
    assert credit[rows["t:target"]] > max(credit[rows[f"t:{g}"]] for g in ("Petar", "Goran"))


def test_document_frequencies_follow_adds_and_removals() -> None:
    index = Index.build([person("Ivan Petrov", uid="t:1"), person("Oleg Petrov", uid="t:2")])
    assert index._postings.df("ptrv") == 2
    index.remove("t:1")
    assert index._postings.df("ptrv") == 1
    index.add(person("Petr Petrov", uid="t:3"))
    assert index._postings.df("ptrv") == 2


def test_building_with_a_repeated_uid_keeps_the_last_record() -> None:
    index = Index.build([person("Ivan Petrov", uid="t:1"), person("Oleg Sidorov", uid="t:1")])
    assert len(index) == 1
    assert index._postings.df("ptrv") == 0
    assert index.search("Oleg Sidorov")[0].uid == "t:1"


def test_a_common_part_counts_for_a_row_that_has_any_of_its_keys() -> None:
    """A part whose keys are all stop keys is probed with every one of them: a row holding
    only its second key (another symbol of the same name) is covered as well as one holding
    the first, whichever key happens to have the smaller id or df."""
    common = NamePart(
        "Mohammed", PartKind.NAME, ("mohammed",), ("mohamed",), ("a", "b"), frozenset()
    )
    rare = NamePart("Saati", PartKind.NAME, ("saati",), ("sati",), ("r",), frozenset())
    postings = Postings()
    postings.load([(row, ("a",)) for row in range(10)] + [(row, ("b",)) for row in range(10, 20)])
    postings.load([(0, ("r",)), (15, ("r",)), (25, ("r",))])
    config = MatchConfig(stop_min=0, stop_share=0.3)  # 30 rows: a and b (10 each) are stop keys
    for parts in ([common, rare], [rare, common]):
        found = postings.candidates(parts, 30, config, [1.0, 1.0], floor=0.5)
        covered = dict(zip(found.rows.tolist(), found.covered.tolist(), strict=True))
        assert covered == {0: 1.0, 15: 1.0, 25: 0.5}


def test_key_ids_do_not_depend_on_string_hashing() -> None:
    """Keys are interned in the order a subject lists them, not in set order: a run under
    another PYTHONHASHSEED builds the same postings (retrieval ties are broken by key id)."""
    script = (
        "from interlink.matching import Index\n"
        "from tests.matching.factory import person\n"
        "names = ['Muhammad Abdullah al-Halabi', 'Бортников Александр', 'Abu Bakr al-Baghdadi']\n"
        "index = Index.build(person(n, uid=str(row)) for row, n in enumerate(names))\n"
        "print(index._postings._keys)\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_what_retrieval_remembers_of_a_part_follows_adds_and_removals() -> None:
    """Replacing a record keeps the index's size: what was remembered of a part must still
    be forgotten when the postings change."""
    index = Index.build([person("Ivan Petrov", uid="t:1"), person("Anna Orlova", uid="t:2")])
    query = [Query("Oleg Sidorov", birth_date="1970")]
    assert index.search_many(query) == [[]]  # Sidorov: no key on file yet
    index.add(person("Oleg Sidorov", uid="t:2", dob="1970"))
    assert [m.uid for m in index.search_many(query)[0]] == ["t:2"]
    index.add(person("Anna Orlova", uid="t:2"))
    assert index.search_many(query) == [[]]


def test_a_row_holding_only_a_stop_key_of_a_part_is_not_lost_to_prefix_filtering() -> None:
    """Mohammad has a rare key of its own spelling and the stop keys every Mohamed shares. A
    thresholded search that read only the rare key would count Mohammad's share as read, and
    lose Mohamed al-Rare to the floor; the part's stop keys are probed instead."""
    common = NamePart(
        "Mohammad", PartKind.NAME, ("mohammad",), ("mohamad",), ("u", "s"), frozenset()
    )
    rare = NamePart("Rare", PartKind.NAME, ("rare",), ("rare",), ("r",), frozenset())
    postings = Postings()
    postings.load(
        [(row, ("u",)) for row in range(3)]
        + [(row, ("s",)) for row in (5, *range(10, 30))]
        + [(row, ("r",)) for row in range(5, 9)]
    )
    config = MatchConfig(stop_min=0, stop_share=0.3)  # 30 rows: s (21) is a stop key
    found = postings.candidates([common, rare], 30, config, [1.0, 10.0], floor=0.95)
    covered = dict(zip(found.rows.tolist(), found.covered.tolist(), strict=True))
    assert covered[5] == 1.0


def test_a_typo_of_a_common_name_is_not_lost_to_prefix_filtering() -> None:
    """Hassna is a rare spelling of its own and one letter from Hassan, whose key is too common
    for the typo path to read. A thresholded search that read Hassna's own postings and counted
    its share as read would lose Mariam Hassan al-Zayyat to the floor; the common neighbour is
    probed instead, so the screening search finds what the ranked one finds."""
    config = MatchConfig(typo_postings=5)  # Hassan (12 subjects) is a common neighbour
    gallery = [
        *(person(f"Hassan {s}", uid=f"t:h{s}") for s in SURNAMES),
        *(person(f"Hassan Ali {s}", uid=f"t:ha{s}") for s in SURNAMES[:4]),
        person("Husna Rahimi", uid="t:husna"),  # Hassna's own key is on file
        person("Mariam Hassan al-Zayyat", uid="t:target", dob="1994-11-03"),
    ]
    index = Index.build(gallery, config)
    ranked = index.search("Mariam Hassna al-Zayyat", "1994-11-03")
    assert ranked[0].uid == "t:target" and ranked[0].score >= config.threshold
    found = index.search_many([Query("Mariam Hassna al-Zayyat", "1994-11-03")])[0]
    assert [m.uid for m in found] == ["t:target"]


def test_a_row_holding_every_part_through_stop_keys_alone_is_a_candidate() -> None:
    """Yusef and Ahmed are each common (stop keys u and a), and Yusef also has a rare key of its
    own spelling (y). Reading only that rare key finds only the rows written Yusef; the row of
    يوسف أحمد holds both parts through their stop keys alone and must be a candidate too,
    ranked and thresholded."""
    yusef = NamePart("Yusef", PartKind.NAME, ("yusef",), ("iusef",), ("y", "u"), frozenset())
    ahmed = NamePart("Ahmed", PartKind.NAME, ("ahmed",), ("ahmed",), ("a",), frozenset())
    postings = Postings()
    postings.load(
        [(row, ("y", "u")) for row in range(3)]  # Yusef and others
        + [(row, ("u",)) for row in range(3, 14)]  # Yusuf and others
        + [(row, ("a",)) for row in range(14, 26)]  # Ahmed and others
        + [(29, ("u", "a"))]  # يوسف أحمد
    )
    config = MatchConfig(stop_min=0, stop_share=0.3)  # 30 rows: u (12) and a (13) are stop keys
    for floor in (0.0, 0.9):
        found = postings.candidates([yusef, ahmed], 30, config, [1.0, 1.0], floor=floor)
        covered = dict(zip(found.rows.tolist(), found.covered.tolist(), strict=True))
        assert covered[29] == 1.0


def test_ranked_and_thresholded_searches_share_a_parts_rows_not_its_reading() -> None:
    """A part's plan for one kind of search is made from the other's when that exists: the
    rows of its keys are not made again, and a ranked search still does not read the
    neighbours a thresholded one reads (Milan, one letter from Mila, shares nothing else)."""
    gallery = [person(f"{g} Kovac", uid=f"t:{g}") for g in ("Mila", "Petar", "Goran")]
    gallery += [person("Milan Petrovic", uid="t:milan"), person("Ivan Horvat", uid="t:ivan")]
    ranked = [m.uid for m in Index.build(gallery).search("Mila Kovac", top=20)]
    assert ranked == ["t:Mila", "t:Goran", "t:Petar"]
    index = Index.build(gallery)
    screened = index.search_many([Query("Mila Kovac")], top=20, threshold=1e-6)[0]
    assert [m.uid for m in screened] == ["t:Mila", "t:milan"]  # the neighbour is read
    unions = 0
    made = Postings._union

    def counted(self: Postings, keys: list[tuple[int, int]]) -> object:
        nonlocal unions
        unions += 1
        return made(self, keys)

    try:
        Postings._union = counted  # type: ignore[method-assign]
        assert [m.uid for m in index.search("Mila Kovac", top=20)] == ranked
    finally:
        Postings._union = made  # type: ignore[method-assign]
    assert unions == 0


def test_a_name_one_letter_short_of_four_meets_its_neighbour_either_way() -> None:
    """Ian is a typo of Ivan the scorer aligns (0.86), and Ian is on file as a name of its
    own. A thresholded search that could not reach Ivan from Ian would count Ian's share as
    missing and drop the row under the floor; it must find what the ranked search finds,
    whichever side is written short."""
    for stored, asked, other in (("Ivan", "Ian", "Ian Smith"), ("Ian", "Ivan", "Ivan Smith")):
        gallery = [
            person(f"{stored} Oleksandrovych Kulykchuk", uid="t:target"),
            person(other, uid="t:other"),  # the query's own spelling is on file
            person("Petro Ivanenko", uid="t:p"),
        ]
        index = Index.build(gallery)
        query = f"{asked} Oleksandrovych Kulykchuk"
        ranked = index.search(query)
        assert ranked[0].uid == "t:target" and ranked[0].score >= index.config.threshold
        assert [m.uid for m in index.search_many([Query(query)])[0]] == ["t:target"]


def test_the_common_neighbours_of_the_only_rare_part_are_read() -> None:
    """Ali is a stop key and Hassna is one letter from Hassan, a neighbour too common for the
    typo path to read (but no stop key). Probing Hassan only for the rows other parts found
    finds nothing, since Ali's rows are never read: Hassan's rows are read then, by a
    thresholded search and by a ranked one that found fewer rows than it scores."""
    config = MatchConfig(stop_min=20, stop_share=0.05, typo_postings=5)
    gallery = [person(f"Ali {s}{i}", uid=f"t:{s}{i}") for i in range(10) for s in SURNAMES]
    gallery += [person(f"Hassan {s}", uid=f"t:h{s}") for s in SURNAMES]
    gallery += [
        person("Husna Rahimi", uid="t:husna"),  # Hassna's own key is on file
        person("Ali Hassan", uid="t:target", dob="1980-02-03"),
    ]
    index = Index.build(gallery, config)
    found = index.search_many([Query("Ali Hassna", "1980-02-03")])[0]
    assert [m.uid for m in found] == ["t:target"]
    assert index.search("Ali Hassna", "1980-02-03")[0].uid == "t:target"


def namesakes() -> list[SubjectRecord]:
    """320 Muhammad Abdullah (every key a stop key under ``SMALL``), ten of them born in 1990
    and the rest in 1950, spread through the rows."""
    return [
        person(
            "Muhammad Abdullah",
            uid=f"t:ma{i:03}",
            dob="1990-04-02" if i % 32 == 31 else "1950-06-01",
        )
        for i in range(320)
    ]


def test_a_common_name_cut_keeps_the_rows_a_threshold_can_still_reach() -> None:
    """A query whose every part is common reads at most ``common_postings`` rows; rows whose
    birth dates all conflict with the traveller's cannot alert, so they are dropped before the
    cut and do not take the places of the ten who could."""
    index = Index.build(namesakes(), SMALL)
    found = index.search_many([Query("Muhammad Abdullah", "1990-04-02")], top=20)[0]
    born_1990 = {f"t:ma{i:03}" for i in range(320) if i % 32 == 31}
    assert {m.uid for m in found} == born_1990


def test_a_common_name_cut_keeps_the_rows_the_searcher_may_see() -> None:
    """A ranked search restricted to some rows (a viewer's gallery) cuts a common name's rows
    among those, not among rows it will drop."""
    index = Index.build(namesakes(), SMALL)
    visible = {f"t:ma{i:03}" for i in range(0, 320, 40)}
    allowed = np.zeros(len(index), dtype=np.bool_)
    for uid in visible:
        allowed[index.row_of(uid)] = True
    found = index.search("Muhammad Abdullah", top=20, allowed=allowed)
    assert {m.uid for m in found} == visible


def test_rows_probed_are_kept_by_key_set_until_the_postings_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many rows are probed by a bitset marked from the postings, few by their sorted union;
    either is kept by key set (the same set in any order), dropped least recently used first
    past the limit, and forgotten when the postings change."""
    postings = Postings()
    held = {"a": range(0, 40_000, 2), "b": range(1, 40_000, 4), "c": (5, 17, 29)}
    postings.load((row, [k for k, rows in held.items() if row in rows]) for row in range(40_000))
    ids = {k: postings._ids[k] for k in held}
    wide = [(20_000, ids["a"]), (10_000, ids["b"])]
    rows, bits = postings.probed(wide)
    assert not len(rows) and len(bits)
    everyone = np.arange(40_010, dtype=np.int32)
    expected = np.isin(everyone, [*held["a"], *held["b"]])
    assert probe((rows, bits), everyone).tolist() == expected.tolist()
    assert postings.probed(wide[::-1])[1] is bits  # kept, by key set
    rows, bits = postings.probed([(3, ids["c"])])
    assert rows.tolist() == [5, 17, 29] and not len(bits)
    assert postings._probed_bytes == sum(r.nbytes + b.nbytes for r, b in postings._probed.values())
    # past the limit, the least recently used goes first: here the wide one
    monkeypatch.setattr(retrieval, "_PROBED_BYTES", 6_000)
    postings.probed([(1, ids["c"]), (20_000, ids["a"])])
    assert tuple(sorted((ids["a"], ids["b"]))) not in postings._probed
    assert (ids["c"],) in postings._probed
    monkeypatch.setattr(retrieval, "_PROBED_BYTES", 1 << 30)
    # a change to the postings: read again, with the new row
    before = postings.probed(wide)
    postings.add(40_001, ["b"])
    after = postings.probed(wide)
    assert after is not before and probe(after, np.asarray([40_001], np.int32)).tolist() == [1]


def test_a_pickled_postings_keeps_no_rows_probed() -> None:
    postings = Postings()
    postings.load((row, ["a"] if row % 2 else ["b"]) for row in range(40_000))
    postings.probed([(20_000, postings._ids["a"]), (20_000, postings._ids["b"])])
    copy = pickle.loads(pickle.dumps(postings))
    assert copy._probed == {} and copy._probed_bytes == 0
    assert copy.rows(postings._ids["a"]).tolist() == postings.rows(postings._ids["a"]).tolist()
    # a pickle made before the rows probed were kept is read too
    state = postings.__getstate__()[1]
    del state["_probed"], state["_probed_bytes"]
    old = Postings.__new__(Postings)
    old.__setstate__((None, state))
    assert old._probed == {} and len(old.probed([(20_000, postings._ids["a"])])[1])
