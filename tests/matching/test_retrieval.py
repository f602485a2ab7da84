from __future__ import annotations

from interlink.domain.subjects import SubjectRecord
from interlink.matching import Index, MatchConfig
from interlink.matching.retrieval import Postings
from interlink.names.analysis import analyse_name
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
