"""The synthetic world: deterministic, realistic in shape, and its ground truth consistent.

One world of 3,000 subjects is generated once for the module (about half a second) and shared
by the read-only tests below.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import Counter
from statistics import median

import pytest

from interlink.domain.agencies import AgencyKind, Role
from interlink.domain.codes import HandlingCode
from interlink.domain.subjects import (
    BirthDateKind,
    DocumentFlag,
    NameKind,
    NamePartKind,
    SubjectKind,
    SubjectRecord,
    detect_script,
)
from interlink.names import romanize_cyrillic
from interlink.services.world import (
    GeneratedSubject,
    Origin,
    VariantKind,
    World,
    generate_world,
    lexicon,
)

SEED = 20260101
SIZE = 3000


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(SEED, SIZE)


@pytest.fixture(scope="module")
def subjects(world: World) -> list[GeneratedSubject]:
    return list(world.subjects())


def _digest(seed: int, size: int) -> str:
    h = hashlib.sha256()
    for subject in generate_world(seed, size).subjects():
        h.update(subject.record.content_hash().encode())
        h.update(repr(subject.variants).encode())
    return h.hexdigest()


def test_same_seed_same_world(world: World, subjects: list[GeneratedSubject]) -> None:
    again = generate_world(SEED, SIZE)
    assert again == world
    assert list(again.subjects()) == subjects
    # and so does a second pass over the same world
    assert [s.record for s in world.subjects()][:50] == [s.record for s in subjects[:50]]


def test_same_seed_same_world_in_another_process() -> None:
    code = f"from tests.services.test_world import _digest; print(_digest({SEED}, 300))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert out.stdout.strip() == _digest(SEED, 300)


def test_another_seed_another_world(subjects: list[GeneratedSubject]) -> None:
    other = list(generate_world(SEED + 1, 200).subjects())
    assert [s.record.names for s in other] != [s.record.names for s in subjects[:200]]
    assert other[0].record.uid == f"world:{SEED + 1}:1"


def test_size_uids_and_streaming(world: World, subjects: list[GeneratedSubject]) -> None:
    assert len(subjects) == SIZE
    assert [s.record.uid for s in subjects[:3]] == [f"world:{SEED}:{n}" for n in (1, 2, 3)]
    assert len({s.record.uid for s in subjects}) == SIZE
    stream = world.subjects()
    assert iter(stream) is stream  # a generator, not a list held in memory
    assert list(generate_world(1, 0).subjects()) == []


def test_agencies(world: World) -> None:
    assert 15 <= len(world.agencies) <= 25
    codes = [a.code for a in world.agencies]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z0-9][A-Z0-9_-]{1,31}", c) for c in codes)
    kinds = {a.kind for a in world.agencies}
    assert {
        AgencyKind.SECURITY,
        AgencyKind.POLICE,
        AgencyKind.BORDER_GUARD,
        AgencyKind.CUSTOMS,
        AgencyKind.FINANCIAL_INTELLIGENCE,
        AgencyKind.INTELLIGENCE,
    } <= kinds
    countries = {a.country for a in world.agencies}
    assert {"RU", "KZ", "UZ", "TR", "SA", "EG", "DE", "FR", "US"} <= countries


def test_agreements(world: World) -> None:
    codes = {a.code for a in world.agencies}
    assert all(set(a.parties) <= codes for a in world.agreements)
    bilateral = [a for a in world.agreements if len(a.parties) == 2]
    assert len(bilateral) >= 20
    assert any(a.valid_to is not None and a.valid_to < world.as_of for a in bilateral)
    assert any(a.valid_to is not None and a.valid_to > world.as_of for a in bilateral)
    assert {t.level for a in bilateral for t in a.terms} == {"full", "hit"}
    council = [a for a in world.agreements if len(a.parties) > 2]
    assert len(council) == 1
    assert len(council[0].parties) >= 0.75 * len(world.agencies)
    assert 1 <= len(world.suspended) <= 2
    agreement_codes = {a.code for a in world.agreements}
    assert all(code in agreement_codes and reason for code, reason in world.suspended)


def test_users(world: World) -> None:
    codes = {a.code for a in world.agencies}
    assert all(u.agency in codes for u in world.users)
    usernames = [u.username for u in world.users]
    assert len(set(usernames)) == len(usernames)
    assert [u.username for u in world.users if Role.HUB_ADMIN in u.roles] == ["hub.admin"]
    admins = {u.agency for u in world.users if Role.AGENCY_ADMIN in u.roles}
    assert admins == codes
    assert {r for u in world.users for r in u.roles} == set(Role)
    assert {u.clearance for u in world.users} >= {"restricted", "confidential", "secret"}


def test_records_are_valid_and_owned_by_world_agencies(
    world: World, subjects: list[GeneratedSubject]
) -> None:
    codes = {a.code for a in world.agencies if a.kind is not AgencyKind.SECRETARIAT}
    assert all(isinstance(s.record, SubjectRecord) for s in subjects)
    assert {s.record.owner for s in subjects} <= codes
    assert len({s.record.owner for s in subjects}) >= 10
    for s in subjects:
        if s.record.handling_code is HandlingCode.H3:
            assert s.record.handling_note
    assert {s.record.handling_code for s in subjects} == set(HandlingCode)
    assert {s.record.classification for s in subjects} == {
        "unclassified",
        "restricted",
        "confidential",
        "secret",
    }


def test_every_origin_is_present(subjects: list[GeneratedSubject]) -> None:
    assert {s.origin for s in subjects} == set(Origin)
    organisations = sum(s.record.kind is SubjectKind.ORGANIZATION for s in subjects)
    assert 0.06 * SIZE <= organisations <= 0.14 * SIZE


def test_every_birth_date_kind_is_present(subjects: list[GeneratedSubject]) -> None:
    kinds = Counter(d.kind for s in subjects for d in s.record.birth_dates)
    assert set(kinds) == set(BirthDateKind)
    assert kinds[BirthDateKind.FULL] > sum(kinds.values()) / 2
    persons = [s for s in subjects if s.record.kind is SubjectKind.PERSON]
    assert all(s.record.birth_dates and s.record.gender for s in persons)


def test_links_point_to_earlier_subjects_of_the_same_owner(
    subjects: list[GeneratedSubject],
) -> None:
    position = {s.record.uid: i for i, s in enumerate(subjects)}
    linked = [s for s in subjects if s.record.links]
    assert len(linked) >= 50
    for i, s in enumerate(subjects):
        for link in s.record.links:
            target = subjects[position[link.target]]
            assert position[link.target] < i
            assert target.record.owner == s.record.owner


def test_given_names_follow_a_skewed_distribution(subjects: list[GeneratedSubject]) -> None:
    given = Counter(
        part.value
        for s in subjects
        for part in s.record.primary_name.parts
        if part.kind is NamePartKind.GIVEN
    )
    top_count = given.most_common(1)[0][1]
    assert top_count >= 10 * median(given.values())
    assert top_count >= 0.02 * SIZE


def test_every_name_on_record_is_a_planted_variant(subjects: list[GeneratedSubject]) -> None:
    for s in subjects:
        texts = {v.text for v in s.variants}
        assert len(texts) == len(s.variants)
        for name in s.record.names:
            assert name.full in texts
            assert name.script == detect_script(name.full)
        assert s.held_out
        assert not {v.text for v in s.held_out} & {n.full for n in s.record.names}


def test_original_script_and_dirty_variants(subjects: list[GeneratedSubject]) -> None:
    for s in subjects:
        if s.origin in (Origin.RUSSIAN, Origin.ARABIC, Origin.PERSIAN, Origin.KAZAKH):
            original = [n for n in s.record.names if n.kind is NameKind.ORIGINAL_SCRIPT]
            assert len(original) == 1
            assert original[0].script in ("Cyrillic", "Arabic")
    kinds = Counter(v.kind for s in subjects for v in s.variants)
    assert set(kinds) == set(VariantKind)
    weak = [n for s in subjects for n in s.record.names if n.kind is NameKind.WEAK_ALIAS]
    assert weak
    assert all(n.full.startswith(("Abu", "Abou", "Ebu")) for n in weak)


def test_gender_and_nationality_fit_the_name(subjects: list[GeneratedSubject]) -> None:
    expected = {
        Origin.UKRAINIAN: "UA",
        Origin.KAZAKH: "KZ",
        Origin.TAJIK: "TJ",
        Origin.KYRGYZ: "KG",
        Origin.AZERBAIJANI: "AZ",
    }
    for s in subjects:
        if s.record.kind is not SubjectKind.PERSON:
            continue
        if s.origin in expected:
            assert expected[s.origin] in s.record.nationalities
        if s.origin is Origin.PERSIAN:
            assert s.record.nationalities[0] in ("IR", "AF")
        if s.origin is Origin.RUSSIAN:
            original = next(n for n in s.record.names if n.kind is NameKind.ORIGINAL_SCRIPT)
            patronymic = next(p for p in original.parts if p.kind is NamePartKind.PATRONYMIC)
            female = s.record.gender == "female"
            assert patronymic.value.endswith("на" if female else ("ич"))


def test_romanizations_are_the_systems_spellings(subjects: list[GeneratedSubject]) -> None:
    russian = next(
        s for s in subjects if s.origin is Origin.RUSSIAN and s.record.kind is SubjectKind.PERSON
    )
    native = next(v.text for v in russian.variants if v.kind is VariantKind.ORIGINAL)
    for v in russian.variants:
        if v.kind is VariantKind.ROMANIZATION:
            assert v.text == romanize_cyrillic(native, v.system, lang="ru")


def test_documents(subjects: list[GeneratedSubject]) -> None:
    documents = [d for s in subjects for d in s.record.documents]
    flags = Counter(f for d in documents for f in d.flags)
    assert flags[DocumentFlag.REPORTED_LOST] > 0
    assert flags[DocumentFlag.KNOWN_FALSE] > 0
    russian_passports = [
        d.number for d in documents if d.type == "passport" and d.issuing_country == "RU"
    ]
    assert all(re.fullmatch(r"7\d \d{7}", n) for n in russian_passports)
    assert russian_passports


def test_family_names_are_a_long_tail_and_full_names_rarely_shared() -> None:
    size = 5000
    full: Counter[str] = Counter()
    given: Counter[str] = Counter()
    family: Counter[str] = Counter()
    for s in generate_world(SEED, size).subjects():
        name = s.record.primary_name
        full[name.full.casefold()] += 1
        if s.record.kind is SubjectKind.PERSON:
            for part in name.parts:
                if part.kind is NamePartKind.GIVEN:
                    given[part.value] += 1
                elif part.kind is NamePartKind.FAMILY:
                    family[part.value] += 1
    shared = sum(count for count in full.values() if count > 1)
    assert shared <= 0.05 * size
    assert len(family) >= 2000
    # ... while given names keep their Zipf skew.
    assert given.most_common(1)[0][1] >= 30 * median(given.values())


def test_composed_surnames_keep_their_morphology(subjects: list[GeneratedSubject]) -> None:
    for s in subjects:
        if s.origin is not Origin.RUSSIAN or s.record.kind is not SubjectKind.PERSON:
            continue
        original = next(n for n in s.record.names if n.kind is NameKind.ORIGINAL_SCRIPT)
        family = next(p.value for p in original.parts if p.kind is NamePartKind.FAMILY)
        assert detect_script(family) == "Cyrillic"
        if s.record.gender == "female":
            assert not family.endswith(("ов", "ев", "ин", "ский", "цкий"))


def test_composed_arabic_names_are_spelled_in_every_system() -> None:
    nisba = lexicon.arabic_nisba(("دمشقي", "Dimashqi"), article=True)
    assert nisba == "الدمشقي"
    name = f"أحمد بن محمد {nisba}"
    assert lexicon.romanize(name, "english", False) == "Ahmed bin Mohammed al-Dimashqi"
    assert lexicon.romanize(name, "egyptian", False) == "Ahmed bin Mohamed El-Dimashky"
    assert lexicon.romanize(name, "maghreb", False) == "Ahmed ben Mohamed El Dimachki"
    spellings = {text for _, text in lexicon.variants(name, False)}
    assert {"Ahmed bin Mohammed Al-Dimashqi", "Ahmed bin Mohammed ad-Dimashqi"} <= spellings
    assert "XAEXHMD BN MXHMD ALDMXSHQY" in spellings
    persian = lexicon.persian_surname(
        ("کریم", "Karim", "Karim"), ("\u200cزاده", "zadeh", "-zadeh", "zada")
    )
    assert lexicon.romanize(f"علی {persian}", "persian", True) == "Ali Karimzadeh"
    assert lexicon.romanize(f"علی {persian}", "standard", True) == "Ali Karimzada"
