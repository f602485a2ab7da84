"""The index end to end: a small gallery of generated subjects plus hand-written ones."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import numpy as np
import pytest

from interlink.matching import Index, Match, MatchConfig, Query
from interlink.matching import index as index_module
from interlink.matching.scoring import gate, name_floor
from interlink.services.world import generate_world
from tests.matching.factory import organisation, person

HAND_WRITTEN = [
    person(
        "Бортников Александр Васильевич",
        "BORTNIKOV Aleksandr Vasilyevich",
        uid="t:bortnikov",
        dob="1951-11-15",
        nationality="RU",
        gender="male",
    ),
    # Distractors: same given name and patronymic, a similar surname, the same surname.
    person("Бортникова Ольга Ивановна", uid="t:bortnikova", dob="1980", gender="female"),
    person("Bortnik Aleksandr Vasilievich", uid="t:bortnik", dob="1962"),
    person("Bogatikov Aleksandr", uid="t:bogatikov"),
    person("Ivanov Aleksandr Vasilievich", uid="t:ivanov", dob="1951-11-15"),
    person("أبو بكر البغدادي", "Abu Bakr al-Baghdadi", uid="t:baghdadi", dob="1971"),
    person("Abu Bakr al-Masri", uid="t:masri"),
    person("Ahmad al-Baghdadi", uid="t:ahmad-baghdadi"),
    # Central Asian and Caucasian subjects in their own script only.
    person("Хўжаев Жамшид Абдуллаевич", uid="t:uz", nationality="UZ"),
    person("Нұрсұлтан Әбішұлы Назарбаев", uid="t:kz", nationality="KZ"),
    person("Ҷамшед Каримзода", uid="t:tj", nationality="TJ"),
    person("Апти Ахмедович Магомадов", uid="t:ce", nationality="RU"),
    person("Рамзан Ахматович Кадыров", uid="t:ce2", nationality="RU"),
    person("Mohammed Abdullah al-Tikriti", uid="t:tikriti", dob="1970-01-01"),
    person("Ali Musa", uid="t:ali-musa"),
]


@pytest.fixture(scope="module")
def index() -> Index:
    generated = (g.record for g in generate_world(11, 400).subjects())
    return Index.build(itertools.chain(generated, HAND_WRITTEN))


def top(index: Index, name: str, **kwargs: str) -> Match:
    found = index.search(name, **kwargs)
    assert found, f"nothing found for {name!r}"
    return found[0]


@pytest.mark.parametrize(
    "query",
    [
        "Бортников Александр Васильевич",
        "BORTNIKOV Aleksandr",
        "Bortnikow Alexander",
        "Aleksandr Bortnikov",
        "Bornitkov",
        "Bornitkov Aleksandr",
    ],
)
def test_bortnikov_in_every_spelling_is_found_first(index: Index, query: str) -> None:
    assert top(index, query).uid == "t:bortnikov"


@pytest.mark.parametrize(
    "query",
    ["أبو بكر البغدادي", "Abu Bakr al-Baghdadi", "Abou Bakr Al Baghdadi", "ABU BAKR ALBAGHDADI"],
)
def test_abu_bakr_al_baghdadi_in_every_spelling_is_found_first(index: Index, query: str) -> None:
    match = top(index, query)
    assert match.uid == "t:baghdadi"
    assert match.score >= index.config.threshold


@pytest.mark.parametrize(
    ("query", "uid"),
    [
        ("Xoʻjayev Jamshid", "t:uz"),
        ("Khodjaev Jamshid Abdullaevich", "t:uz"),
        ("Nursultan Abishuly Nazarbayev", "t:kz"),
        ("NAZARBAEV NURSULTAN", "t:kz"),
        ("Jamshed Karimzoda", "t:tj"),
        ("Dzhamshed Karimzoda", "t:tj"),
        ("Apti Akhmedovich Magomadov", "t:ce"),
        ("Magomadow Apti", "t:ce"),
        ("Ramzan Kadyrov", "t:ce2"),
    ],
)
def test_central_asian_and_chechen_names_across_scripts(index: Index, query: str, uid: str) -> None:
    assert top(index, query).uid == uid


def test_add_and_remove_without_rebuild(index: Index) -> None:
    size = len(index)
    index.add(person("Шамиль Басаев", uid="t:new", dob="1965"))
    assert len(index) == size + 1
    assert "t:new" in index
    assert top(index, "Shamil Basayev").uid == "t:new"
    assert index.remove("t:new")
    assert not index.remove("t:new")
    assert len(index) == size
    assert all(m.uid != "t:new" for m in index.search("Shamil Basayev"))


def test_adding_a_known_uid_replaces_the_subject(index: Index) -> None:
    index.add(person("Ilya Kovalchuk", uid="t:replace"))
    index.add(person("Timur Yunusov", uid="t:replace"))
    assert all(m.uid != "t:replace" for m in index.search("Ilya Kovalchuk"))
    assert top(index, "Timur Yunusov").uid == "t:replace"
    index.remove("t:replace")


def test_explanation_says_which_parts_matched_and_how(index: Index) -> None:
    match = top(index, "Bortnikow Alexander", birth_date="1951-11-15", nationality="RU")
    explained = match.explanation.to_dict()
    pairs = {(a["query"], a["candidate"], a["how"]) for a in explained["alignments"]}
    assert ("Bortnikow", "Бортников", "transliteration") in pairs
    assert any(a["query"] == "Alexander" for a in explained["alignments"])
    assert explained["unmatched_candidate"] == ["Васильевич"]
    features = {e["feature"]: e["value"] for e in explained["evidence"]}
    assert features == {"name": features["name"], "birth_date": "exact", "nationality": "match"}
    assert match.to_dict()["uid"] == "t:bortnikov"
    assert 0.0 <= match.score <= 1.0


def test_typo_alignment_is_labelled(index: Index) -> None:
    match = top(index, "Bornitkov")
    assert [a.how for a in match.explanation.alignments] == ["typo"]


def test_document_number_finds_the_subject() -> None:
    index = Index.build([person("Oleg Sokolov", uid="t:doc", passport="75 1234567")])
    match = top(index, "Oleg Sokolov", document_number="751234567")
    assert ("document", "match") in {(e.feature, e.value) for e in match.explanation.evidence}


def test_search_many_filters_by_threshold(index: Index) -> None:
    queries = [Query("Abu Bakr al-Baghdadi", birth_date="1971"), Query("Zzyzx Qwerty")]
    found = index.search_many(queries, top=5)
    assert [m.uid for m in found[0]][:1] == ["t:baghdadi"]
    assert all(m.score >= index.config.threshold for m in found[0])
    assert found[1] == []


def test_an_empty_index_finds_nothing() -> None:
    assert Index.build([]).search("Bortnikov") == []


def test_a_thresholded_batch_loses_no_alert_to_pruning() -> None:
    """Candidates skipped because their retrieval cannot reach the threshold would not have
    alerted: the same batch scored exhaustively finds no alert the pruned one misses."""
    world = list(generate_world(13, 600).subjects())
    queries = [
        Query(v.text, g.record.birth_dates[0].value if g.record.birth_dates and n % 2 else None)
        for n, g in enumerate(world[:150])
        for v in g.held_out[:2]
    ] + [Query(g.record.primary_name.full) for g in generate_world(14, 150).subjects()]
    records = [g.record for g in world]
    pruned = Index.build(records, MatchConfig(candidates=10_000))
    exhaustive = Index.build(records, MatchConfig(candidates=10_000, prune_margin=10.0))
    fast = pruned.search_many(queries, top=10_000)
    slow = exhaustive.search_many(queries, top=10_000)
    alerts = sum(len(found) for found in slow)
    assert alerts > 100  # the check means something
    for query, a, b in zip(queries, fast, slow, strict=True):
        assert {m.uid for m in a} == {m.uid for m in b}, query.name


def test_the_name_floor_is_the_least_name_score_that_can_alert() -> None:
    config = MatchConfig()
    for limit, bonus in [(0.5, 0.0), (0.5, 3.7), (0.7, 3.0), (0.7, 0.5)]:
        floor = name_floor(limit, bonus, config)
        logit = config.intercept + config.name_weight * floor + gate(floor, config) * bonus
        assert 1 / (1 + math.exp(-logit)) == pytest.approx(limit, abs=1e-6)
    assert name_floor(0.5, 3.7, config) < name_floor(0.5, 0.0, config)
    assert name_floor(0.95, 0.5, config) == 1.0  # out of reach without a document


def test_a_name_another_name_subsumes_is_not_compared_and_scores_stay() -> None:
    both = person("Бортников Александр", "BORTNIKOV Aleksandr", uid="t:both")
    latin_only = person("BORTNIKOV Aleksandr", uid="t:latin")
    index = Index.build([both, latin_only])
    kept = index._facts[index._rows["t:both"]]
    assert kept is not None
    assert [n.text for n, _ in kept.names] == ["Бортников Александр"]
    found = {m.uid: m.score for m in index.search("Bortnikov Aleksandr")}
    assert found["t:both"] == pytest.approx(found["t:latin"])
    # A weak alias never stands in for a strong name it would subsume.
    weak = person("BORTNIKOV Aleksandr", uid="t:weak", weak=("Бортников Александр",))
    facts = Index.build([weak])._facts[0]
    assert facts is not None
    assert [(n.text, w) for n, w in facts.names] == [
        ("BORTNIKOV Aleksandr", False),
        ("Бортников Александр", True),
    ]


def test_the_names_kept_do_not_depend_on_the_memo_of_part_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = [g.record for g in generate_world(15, 300).subjects()]

    def kept(index: Index) -> list[list[tuple[str, bool]]]:
        return [[(n.text, w) for n, w in f.names] for f in index._facts if f is not None]

    remembered = kept(Index.build(records))
    assert not index_module._SUBSUMED  # emptied when the build ends
    assert sum(len(names) for names in remembered) < sum(len(r.names) for r in records)
    monkeypatch.setattr(index_module, "_SUBSUMED_KEPT", 2)  # emptied every other pair
    assert kept(Index.build(records)) == remembered


def test_postings_loaded_in_slices_equal_one_load(monkeypatch: pytest.MonkeyPatch) -> None:
    records = [g.record for g in generate_world(15, 300).subjects()]
    records.append(records[7].model_copy(update={"names": records[9].names}))  # a replaced uid
    whole = Index.build(records)
    monkeypatch.setattr(index_module, "_LOAD_ROWS", 7)
    sliced = Index.build(records)
    a, b = whole._postings, sliced._postings
    assert a._keys == b._keys
    assert a._df == b._df
    assert all(x.tolist() == y.tolist() for x, y in zip(a._base, b._base, strict=True))
    queries = [Query(r.primary_name.full) for r in records[::10]]
    found = [
        [[(m.uid, m.score) for m in ms] for ms in index.search_many(queries, top=5)]
        for index in (whole, sliced)
    ]
    assert found[0] == found[1]


_CYCLES = """
import gc
from interlink.matching import Index, Query
from interlink.services.world import generate_world

world = generate_world(41, 800)
index = Index.build([g.record for g in world.subjects()])
queries = [Query(v.text, None) for g in world.subjects() for v in g.held_out][:300]
queries += [Query("Bortnikow Alexander", "1951"), Query("Mohammed al-Zayyat", None)]
gc.collect()
gc.disable()
found = index.search_many(queries, top=5)
found += index.search_many(queries[:50], top=5, threshold=0.0)
del found
print(gc.collect())
"""


def test_a_search_leaves_no_reference_cycles_behind() -> None:
    """Screening pauses the cyclic garbage collector while it searches: that is only free
    when searching builds no cycles (reference counting then frees everything at once). In a
    fresh interpreter: threads of other tests (a Dask cluster's) make garbage of their own."""
    done = subprocess.run(
        [sys.executable, "-c", _CYCLES], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == "0"


def test_rows_tied_with_the_last_candidate_are_scored_nearest_in_length_first() -> None:
    # Every row holds both names, so retrieval ranks them all alike; the cut at two candidates
    # must not leave out the one whose name is just these two parts.
    config = MatchConfig(candidates=2, tied_candidates=3)
    gallery = [person(f"Muhammad {s} Ibrahim {s}", uid=f"t:{s}") for s in ("Haddad", "Nasser")]
    gallery += [person(f"Muhammad Ibrahim {s} Saleh", uid=f"t:{s}") for s in ("Yasin", "Jaber")]
    gallery.append(person("Muhammad Ibrahim", uid="t:target"))
    index = Index.build(gallery, config)
    assert index.search("Mohammed IBRAHIM")[0].uid == "t:target"


@pytest.mark.parametrize("threshold", [0.0, 0.5])
@pytest.mark.parametrize("facts", [{"birth_date": "1977-01-11"}, {"gender": "female"}])
def test_the_travellers_birth_date_and_gender_choose_among_namesakes(
    threshold: float, facts: dict[str, str]
) -> None:
    # Forty namesakes with no birth date or gender on file (none out of reach) rank alike in
    # retrieval, and only tied_candidates (36) are scored; the one whose birth date and gender
    # are the traveller's is the last added, and must be among them.
    gallery = [person("Ahmed Mansour", uid=f"t:{n:02}") for n in range(40)]
    gallery.append(person("Ahmed Mansour", uid="t:target", dob="1977-01-11", gender="female"))
    index = Index.build(gallery)
    found = index.search_many([Query("Ahmad MANSUR", **facts)], threshold=threshold)[0]
    assert found[0].uid == "t:target"


def test_a_thresholded_search_returns_the_rows_tied_with_the_last_of_its_top() -> None:
    """Twelve namesakes, no birth date on either side: nothing tells them apart, so a search
    over a threshold (screening, hit checks) returns all twelve, not the ten first by uid; a
    ranked search still returns its top. Past ``tied_candidates`` in all, the ties are cut;
    a row scoring less than the last of the top is never added."""
    gallery = [person("Mehmet Oktekin", uid=f"t:{n:02}") for n in range(12)]
    gallery.append(person("Mehmet Oktekin Yilmaz", uid="t:longer"))  # less: a part unmatched
    index = Index.build(gallery)
    found = index.search_many([Query("Mehmet OKTEKIN")], top=10)[0]
    assert sorted(m.uid for m in found) == [f"t:{n:02}" for n in range(12)]
    assert len({m.score for m in found}) == 1 and found[0].score >= index.config.threshold
    assert len(index.search("Mehmet OKTEKIN", top=10)) == 10
    assert len(index.search_many([Query("Mehmet OKTEKIN")], top=3)[0]) == 12
    small = Index.build(gallery, MatchConfig(tied_candidates=11))
    assert len(small.search_many([Query("Mehmet OKTEKIN")], top=10)[0]) == 11
    everyone = index.search_many([Query("Mehmet OKTEKIN")], top=13, threshold=1e-9)[0]
    assert everyone[-1].uid == "t:longer" and everyone[-1].score < found[0].score


def test_an_explanation_names_the_candidates_own_legal_form() -> None:
    """OOO, GmbH and Ltd. Şti. all read as the generic llc. Interned by that alone, every
    organisation's legal form was the first one met, and ООО «Тарасов» was explained as
    Ltd Şti; each keeps its own text, and still matches the others."""
    gallery = [
        organisation("Köprü Dış Ticaret Ltd. Şti.", uid="t:kopru"),
        organisation("ООО «Тарасов»", uid="t:tarasov"),
        organisation("Tarasov GmbH", uid="t:gmbh"),
    ]
    index = Index.build(gallery)
    found = {m.uid: m for m in index.search("OOO Tarasov", top=3)}
    assert found["t:tarasov"].score >= index.config.threshold
    assert found["t:gmbh"].score >= index.config.threshold
    for uid, form in (("t:tarasov", "ООО"), ("t:gmbh", "GmbH"), ("t:kopru", "Ltd Şti")):
        aligned = {a.query: a.candidate for a in found[uid].explanation.alignments}
        assert aligned["OOO"] == form


def test_an_allowed_mask_returns_the_best_allowed_rows_not_a_filtered_top(index: Index) -> None:
    everyone = index.search("Aleksandr Bortnikov", top=3)
    assert everyone[0].uid == "t:bortnikov"
    allowed = np.ones(100_000, dtype=np.bool_)  # longer than the rows: cut to them
    hidden = [m.uid for m in everyone]
    for uid in hidden:
        row = index.row_of(uid)
        assert row is not None
        allowed[row] = False
    found = index.search("Aleksandr Bortnikov", top=3, allowed=allowed)
    assert len(found) == 3 and not {m.uid for m in found} & set(hidden)
    # What is left is the next best of the unmasked ranking, in order.
    assert [m.uid for m in found] == [m.uid for m in index.search("Aleksandr Bortnikov", top=6)[3:]]
    # A short mask counts as False past its end; a shared document number is masked too.
    assert index.search("Aleksandr Bortnikov", allowed=np.zeros(1, dtype=np.bool_)) == []
    assert index.row_of("nobody") is None


# Kunya and abd- words grouped with another word than on the list, or the word they introduce
# left out (the listed names first; then namesakes sharing words with them).
PARTICLES = [
    person("Hafiz Abdul ZAMANI", uid="t:zamani", dob="1968-04-02"),
    person("Abdul Wadud KHORASANI", uid="t:khorasani", dob="1975-09-30"),
    person("Abou Anas TARIQI", uid="t:tariqi"),
    person("Yasin Abu MAHFOUZ", uid="t:mahfouz"),
    person("Abu Bakr HADDAD", uid="t:abu-bakr-haddad"),
    person("Abu Mohamed SAQQAF", uid="t:saqqaf"),
    person("Abdul Hafiz RAHMANI", uid="t:rahmani"),
    person("Hafiz ZAMANI", uid="t:hafiz-zamani"),
    person("Abdul Wadud HASSANI", uid="t:hassani"),
    person("Ahmad KHORASANI", uid="t:ahmad-khorasani"),
    person("Abou Anas", uid="t:abou-anas"),
    person("Anas TARIQI", uid="t:anas-tariqi"),
    person("Yasin MAHFOUZ", uid="t:yasin-mahfouz"),
    person("Bakr HADDAD", uid="t:bakr-haddad"),
]


@pytest.fixture(scope="module")
def particle_index() -> Index:
    generated = (g.record for g in generate_world(11, 400).subjects())
    return Index.build(itertools.chain(generated, PARTICLES))


@pytest.mark.parametrize(
    ("query", "uid"),
    [
        ("Abdul Hafiz ZAMANI", "t:zamani"),  # Abdul grouped with Hafiz, not ZAMANI
        ("ZAMANI Hafiz Abdul", "t:zamani"),
        ("Абдул Хафиз ЗАМАНИ", "t:zamani"),
        ("Abou TARIQI Anas", "t:tariqi"),
        ("MAHFOUZ Yasin Abu", "t:mahfouz"),
    ],
)
def test_a_particle_grouped_with_another_word_still_alerts(
    particle_index: Index, query: str, uid: str
) -> None:
    found = particle_index.search_many([Query(query)])[0]
    assert [m.uid for m in found] == [uid]
    assert found[0].explanation.name_score == 1.0


@pytest.mark.parametrize(
    ("query", "uid"), [("Abdul KHORASANI", "t:khorasani"), ("Abou TARIQI", "t:tariqi")]
)
def test_a_compound_whose_word_is_left_out_is_found_first(
    particle_index: Index, query: str, uid: str
) -> None:
    assert top(particle_index, query).uid == uid


def test_a_compound_whose_word_is_left_out_alerts_with_the_birth_date(
    particle_index: Index,
) -> None:
    found = particle_index.search_many([Query("Abdul KHORASANI", "1975-09-30")])[0]
    assert [m.uid for m in found] == ["t:khorasani"]


@pytest.mark.parametrize(
    ("query", "other"),
    [
        ("Abdul Hafiz ZAMANI", "t:rahmani"),
        ("Bakr HADDAD", "t:abu-bakr-haddad"),  # Abu Bakr is not Bakr
        ("Abu Bakr HADDAD", "t:bakr-haddad"),
        ("Abu Ahmad SAQQAF", "t:saqqaf"),  # nor Abu Ahmad Abu Mohamed
        ("Abou TARIQI Anas", "t:abou-anas"),
    ],
)
def test_reading_particles_apart_lifts_no_other_name(
    particle_index: Index, query: str, other: str
) -> None:
    scores = {m.uid: m.score for m in particle_index.search(query, top=20)}
    assert scores.get(other, 0.0) < particle_index.config.threshold
    assert other not in [m.uid for m in particle_index.search_many([Query(query)])[0]]
