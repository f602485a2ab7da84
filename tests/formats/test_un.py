"""The UN SC Consolidated List reader: the public excerpt, the list's gotchas, malformed files.

Imports run through ``import_file`` on both databases (the ``db`` fixture); mapping details that
need no database are checked on the reader's output directly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlink.domain.codes import Category, Topic
from interlink.domain.subjects import (
    BirthDate,
    BirthDateKind,
    Document,
    DocumentFlag,
    DocumentType,
    Gender,
    Listing,
    NameKind,
    NamePartKind,
    Place,
    SubjectKind,
    SubjectRecord,
)
from interlink.exc import FormatError
from interlink.formats.un import UN_AUTHORITY, read_un
from interlink.services.importing import ImportSummary, import_file
from interlink.store import Database
from tests.conftest import FIXTURES, SHARED_DATA

EXCERPT = SHARED_DATA / "watchlists" / "un_sc_consolidated_excerpt.xml"
UN = FIXTURES / "un"


def import_un(db: Database, path: Path, batch_size: int = 2000) -> ImportSummary:
    return import_file(
        db, read_un(path), fmt="un", path=path, owner=UN_AUTHORITY, batch_size=batch_size
    )


def read(path: Path) -> dict[str, SubjectRecord]:
    return {item.record.uid: item.record for item in read_un(path)}


def names(record: SubjectRecord, kind: NameKind) -> list[str]:
    return [n.full for n in record.names if n.kind is kind]


def write_list(path: Path, individual: str) -> Path:
    """A list file holding one INDIVIDUAL element, which starts on line 3."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>\n'
        f"{individual}\n</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    return path


def stored(db: Database) -> dict[str, SubjectRecord]:
    with db.uow() as uow:
        return {r.uid: r for r in uow.subjects.iter_records()}


# -- the public excerpt --------------------------------------------------------------------------

EXCERPT_ALIASES = {
    "un:QDi.314": [
        "Ahmed el Tilemsi",
        "Abderrahmane Ould el Amar Ould Sidahmed Loukbeiti",
        "Ahmad Ould Amar",
    ],
    "un:QDi.006": [
        "Ayman Al-Zawahari",
        "Ahmed Fuad Salim",
        "Al Zawahry Aiman Mohamed Rabi Abdel Muaz",
        "Al Zawahiri Ayman",
        "Abdul Qader Abdul Aziz Abdul Moez Al Doctor",
        "Al Zawahry Aiman Mohamed Rabi",
        "Al Zawahry Aiman Mohamed Rabie",
        "Al Zawahry Aiman Mohamed Robi",
        "Dhawahri Ayman",
        "Eddaouahiri Ayman",
        "Nur Al Deen Abu Mohammed",
        "Ayman Al Zawahari",
        "Ahmad Fuad Salim",
    ],
    "un:TAi.003": ["A. Kabir"],
    "un:IRi.002": [],
    "un:LYi.009": ["Aisha Muhammed Abdul Salam"],
    "un:QDe.003": [
        "Egyptian Al-Jihad",
        "Jihad Group",
        "New Jihad",
        "Al-Jihad",
        "Egyptian Islamic Movement",
    ],
    "un:KPe.001": [
        "CHANGGWANG SINYONG CORPORATION",
        "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
        "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
        '"KOMID"',
    ],
}


def test_excerpt_imports_all_five_individuals_and_two_entities(db: Database) -> None:
    summary = import_un(db, EXCERPT)
    assert (summary.added, summary.updated, summary.unchanged) == (7, 0, 0)
    records = stored(db)
    assert sorted(records) == sorted(EXCERPT_ALIASES)
    kinds = [r.kind for r in records.values()]
    assert kinds.count(SubjectKind.PERSON) == 5
    assert kinds.count(SubjectKind.ORGANIZATION) == 2
    assert {r.owner for r in records.values()} == {"UN-SC"}
    for uid, aliases in EXCERPT_ALIASES.items():
        assert names(records[uid], NameKind.ALIAS) == aliases, uid


def test_excerpt_stores_what_the_reader_read(db: Database) -> None:
    import_un(db, EXCERPT)
    for uid, record in read(EXCERPT).items():
        back = stored(db)[uid]
        assert back.model_copy(update={"owner": None}).content_hash() == record.content_hash()


def test_zawahiri_names_documents_and_listing(db: Database) -> None:
    import_un(db, EXCERPT)
    record = stored(db)["un:QDi.006"]
    primary = record.primary_name
    assert primary.full == "AIMAN MUHAMMED RABI AL-ZAWAHIRI"
    assert [(p.kind, p.value) for p in primary.parts] == [
        (NamePartKind.GIVEN, "AIMAN"),
        (NamePartKind.SECOND, "MUHAMMED"),
        (NamePartKind.THIRD, "RABI"),
        (NamePartKind.FOURTH, "AL-ZAWAHIRI"),
    ]
    (original,) = [n for n in record.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert (original.full, original.script) == ("أيمن محمد ربيع الظواهري", "Arabic")
    assert names(record, NameKind.WEAK_ALIAS) == ["Abu Fatma", "Abu Mohammed"]
    assert len(record.names) == 1 + 1 + 13 + 2
    assert record.birth_dates == (BirthDate(kind=BirthDateKind.FULL, value="1951-06-19"),)
    assert record.places_of_birth == (Place(text="Giza, Egypt", city="Giza", country="EG"),)
    assert record.nationalities == ("EG",)
    assert [(d.type, d.number, d.issuing_country) for d in record.documents] == [
        (DocumentType.PASSPORT, "1084010", "EG"),
        (DocumentType.PASSPORT, "19820215", None),
    ]
    assert record.listings == (
        Listing(
            authority="UN Security Council",
            program="Al-Qaida",
            reference="QDi.006",
            listed_on=date(2001, 1, 25),
        ),
    )
    assert record.topics == (Topic.TERRORISM, Topic.TERRORIST_FINANCING)
    assert record.categories == (Category.SANCTIONED,)
    assert record.notes is not None
    assert record.notes.startswith("Leader of Al-Qaida (QDe.004).")
    assert "Title: Doctor; Dr." in record.notes
    assert record.links == ()


def test_excerpt_birth_date_kinds(db: Database) -> None:
    import_un(db, EXCERPT)
    records = stored(db)
    assert records["un:QDi.314"].birth_dates == (
        BirthDate(kind=BirthDateKind.RANGE, value="1977", value_to="1982"),
    )
    assert records["un:TAi.003"].birth_dates == (
        BirthDate(kind=BirthDateKind.APPROXIMATE, value="1963"),
    )
    assert records["un:QDi.006"].birth_dates[0].kind is BirthDateKind.FULL
    assert records["un:QDe.003"].birth_dates == ()


def test_excerpt_countries_documents_and_topics() -> None:
    records = read(EXCERPT)
    iran = records["un:IRi.002"]
    assert iran.places_of_birth[0].country == "IR"
    assert iran.documents[0].issuing_country == "IR"  # from COUNTRY_OF_ISSUE
    assert iran.topics == (Topic.SANCTIONS,)
    assert names(iran, NameKind.ALIAS) == []  # the empty placeholder alias
    aisha = records["un:LYi.009"]
    assert aisha.documents[0] == Document(
        type=DocumentType.PASSPORT,
        number="03824970",
        issuing_country="OM",
        issued_on=date(2014, 5, 4),
        note="issued in Muscat; Date of expiration: 3 May 2024",
    )
    assert aisha.documents[3].type is DocumentType.NATIONAL_ID
    assert aisha.addresses == (
        Place(text="Oman (Believed status/location: Sultanate of Oman)", country="OM"),
    )
    assert "Alias Aisha Muhammed Abdul Salam: Libya Passport number: 215215" in (aisha.notes or "")
    komid = records["un:KPe.001"]
    assert komid.categories == (Category.ORGANISATION, Category.SANCTIONED)
    assert komid.addresses[0].country == "KP"
    assert komid.primary_name.parts == ()
    taliban = records["un:TAi.003"]
    assert taliban.topics == (Topic.TERRORISM, Topic.TERRORIST_FINANCING)
    assert "Designation: Second Deputy, Economic Affairs, Council of Ministers under the" in (
        taliban.notes or ""
    )


def test_second_import_of_the_excerpt_changes_nothing(db: Database) -> None:
    import_un(db, EXCERPT)
    again = import_un(db, EXCERPT)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 7)
    with db.uow() as uow:
        assert uow.subjects.count() == 7
        assert len(uow.imports.all()) == 2


def test_progress_reports_every_byte() -> None:
    seen: list[int] = []
    assert len(list(read_un(EXCERPT, progress=seen.append))) == 7
    assert sum(seen) == EXCERPT.stat().st_size


# -- the list's gotchas --------------------------------------------------------------------------


def test_gotchas_import_on_both_databases(db: Database) -> None:
    summary = import_un(db, UN / "gotchas.xml")
    assert (summary.added, summary.updated, summary.unchanged) == (2, 0, 0)
    assert sorted(stored(db)) == ["un:CDi.901", "un:KPe.923"]


def test_gotchas_person() -> None:
    record = read(UN / "gotchas.xml")["un:CDi.901"]  # REFERENCE_NUMBER "CDi.901 "
    assert record.listings[0].reference == "CDi.901"
    assert record.primary_name.full == "PYOTR IVANOVICH TESTOV"  # FOURTH_NAME "na" is no name
    (original,) = [n for n in record.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert (original.full, original.script) == ("Пётр Иванович Тестов", "Cyrillic")
    assert names(record, NameKind.ALIAS) == ["Petr Testov", "Piotr Testow", "Pierre Testoff"]
    assert names(record, NameKind.PREVIOUS) == ["Pyotr Ivanovich Probin"]
    assert names(record, NameKind.WEAK_ALIAS) == ["Testovik"]
    assert record.birth_dates == (
        BirthDate(kind=BirthDateKind.YEAR, value="1971"),  # EXACT with only YEAR, given twice
        BirthDate(kind=BirthDateKind.FULL, value="1971-04-28"),
        BirthDate(kind=BirthDateKind.APPROXIMATE, value="1970-01-01"),  # "1970-01-01-05:00"
        BirthDate(kind=BirthDateKind.RANGE, value="1968", value_to="1969", note="Approximately"),
        BirthDate(kind=BirthDateKind.YEAR, value="1972"),  # empty TYPE_OF_DATE
    )
    assert record.gender is Gender.MALE
    assert record.nationalities == ("IR", "RU")
    assert record.places_of_birth[0].country == "IR"
    assert [(d.type, d.number, d.issuing_country) for d in record.documents] == [
        (DocumentType.PASSPORT, "P 0123456", "IR"),  # Numéro de passeport
        (DocumentType.NATIONAL_ID, "987-654-321", "RU"),  # Numéro national d'identification
        (DocumentType.PASSPORT, "X7654321", None),  # Pasaporte
    ]
    assert record.notes == "Synthetic record. Born in one place, lives in another."


def test_gotchas_entity() -> None:
    record = read(UN / "gotchas.xml")["un:KPe.923"]
    assert record.kind is SubjectKind.ORGANIZATION
    assert names(record, NameKind.PREVIOUS) == ["Testgam General Company"]
    assert [(n.full, n.script) for n in record.names if n.kind is NameKind.ALIAS] == [
        ("테스트감 무역회사", "Hangul")
    ]
    assert record.addresses[0].text == (
        "Central District, Pyongyang, Democratic People's Republic of Korea"
    )
    assert record.topics == (Topic.SANCTIONS,)


# -- malformed files -----------------------------------------------------------------------------

MALFORMED = [
    ("truncated.xml", ["line 76", "is not well-formed XML"]),
    ("billion_laughs.xml", ["line 3", "refused"]),
    ("windows1256.xml", ["line 73", "is not well-formed XML"]),
    (
        "impossible_date.xml",
        ["line 64", "INDIVIDUAL QDi.903", "field INDIVIDUAL_DATE_OF_BIRTH/DATE", "day 30"],
    ),
    ("month_13.xml", ["line 64", "INDIVIDUAL QDi.903", "field LISTED_ON", "month 13"]),
    (
        "reversed_range.xml",
        ["line 64", "INDIVIDUAL QDi.903", "field INDIVIDUAL_DATE_OF_BIRTH/TO_YEAR", "1982..1977"],
    ),
    ("missing_reference.xml", ["line 64", "<INDIVIDUAL>", "field REFERENCE_NUMBER"]),
    ("wrong_root.xml", ["line 2", "<SANCTIONS_LIST>", "<CONSOLIDATED_LIST>"]),
]


@pytest.mark.parametrize(("name", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_fails_and_leaves_the_database_as_it_was(
    db: Database, name: str, expected: list[str]
) -> None:
    import_un(db, EXCERPT)
    before = stored(db)
    with db.uow() as uow:
        runs = uow.imports.all()
    path = UN / name
    # One record per batch: the valid records before the fault are written, then rolled back.
    with pytest.raises(FormatError) as caught:
        import_un(db, path, batch_size=1)
    message = str(caught.value)
    assert message.startswith(f"{path}, ")
    for part in expected:
        assert part in message
    assert stored(db) == before
    with db.uow() as uow:
        assert uow.imports.all() == runs


# -- robustness ----------------------------------------------------------------------------------


def test_robust_file_imports_on_both_databases(db: Database) -> None:
    summary = import_un(db, UN / "robust.xml")
    assert (summary.added, summary.updated, summary.unchanged) == (5, 0, 0)


def test_robust_person_keeps_what_has_no_field_in_notes() -> None:
    record = read(UN / "robust.xml")["un:QDi.901"]
    assert record.primary_name.full == "SAMIRA"  # SECOND_NAME "na"
    assert names(record, NameKind.ALIAS) == ["Samira Testiya", "Umm Test"]  # "Medium" quality
    assert names(record, NameKind.WEAK_ALIAS) == []  # " ; " holds no name
    assert [b.value for b in record.birth_dates] == [
        "1975",
        "1976-02-29",
        "1977",
        "1978",
        "1979",
        "1980",  # BETWEEN 1980..1980
        "1981",  # BETWEEN with FROM_YEAR only
        "1982-07-01",  # "1982-07-01Z"
        "1983-03",
    ]
    assert record.birth_dates[1].note == "born on a Friday"
    assert record.gender is Gender.FEMALE
    assert record.nationalities == ("SY", "TN")  # NATIONALITY2 Tunisia
    assert [p.text for p in record.places_of_birth] == [
        "Noori village, Testabad District, Kandahar Province, Afghanistan",
        "USSR (until 1991)",
    ]
    assert record.addresses[0].text == (
        "12 Test Street, Raqqa, Raqqa Governorate, 00000, Syrian Arab Republic (as of 2015)"
    )
    assert record.addresses[2] == Place(text="Branch Office 11: Iran")
    assert [(d.type, d.number) for d in record.documents] == [
        (DocumentType.NATIONAL_ID, "0094195"),
        (DocumentType.PASSPORT, "D-000111"),
        (DocumentType.DRIVING_LICENCE, "DL 42"),
        (DocumentType.RESIDENCE_PERMIT, "R<77>"),
    ]
    diplomatic = record.documents[1]
    assert diplomatic.flags == (DocumentFlag.DIPLOMATIC,)
    assert diplomatic.issued_on is None
    assert diplomatic.note == (
        "Diplomatic passport; issued in Khartoum; Sudanese by birth; date of issue 2 Feb. 2003"
    )
    assert record.documents[2].issued_on == date(2010, 5, 6)
    assert (record.notes or "").splitlines() == [
        "Synthetic record with a hard-wrapped comment that goes on over three lines. "
        "Associated with (QDe.901).",
        "Title: Haji",
        "Designation: Head of finance for the group",
        "Submitted by: Testland",
        "Alias Samira Testiya: born 1970, Baghdad, Iraq; "
        "Passport No. 284158, expires 21 August 2005 (Iraq)",
        "Nationality: Sudan/South Sudan",
        "Document without number: Passport; number not known; issued in 2001",
        "Date of birth: Nov. 1973",
    ]


def test_robust_minimal_and_delisted_records() -> None:
    records = read(UN / "robust.xml")
    minimal = records["un:TAi.901"]
    assert minimal.names[0].full == "NURLAN"
    assert len(minimal.names) == 1
    assert minimal.listings[0].listed_on is None
    assert (minimal.birth_dates, minimal.documents, minimal.addresses) == ((), (), ())
    assert minimal.notes is None
    delisted = records["un:LYi.901"]
    assert delisted.categories == ()
    assert delisted.gender is None
    assert delisted.notes == "Synthetic delisted record.\nDelisted on: 2020-01-15\nGender: Unknown"
    ship = records["un:KPe.901"]
    assert ship.categories == (Category.ORGANISATION,)
    assert ship.listings[0].listed_on == date(2016, 3, 2)
    foundation = records["un:QDe.901"]
    assert foundation.primary_name.full == "AL-TEST ISLAMIC BENEVOLENCE FOUNDATION"
    assert names(foundation, NameKind.WEAK_ALIAS) == ["ATF"]
    assert foundation.addresses[0].country == "HK"


def test_a_person_without_name_parts_is_named_by_the_original_script(tmp_path: Path) -> None:
    path = write_list(
        tmp_path / "list.xml",
        "<INDIVIDUAL><FIRST_NAME/><SECOND_NAME>na</SECOND_NAME>"
        "<REFERENCE_NUMBER>QDi.906</REFERENCE_NUMBER>"
        "<NAME_ORIGINAL_SCRIPT>كمال التستاوي</NAME_ORIGINAL_SCRIPT>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>"
        "<FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1972</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
        "</INDIVIDUAL>",
    )
    (item,) = read_un(path)
    assert [(n.full, n.kind) for n in item.record.names] == [
        ("كمال التستاوي", NameKind.PRIMARY),
        ("كمال التستاوي", NameKind.ORIGINAL_SCRIPT),
    ]
    assert item.record.birth_dates == (
        BirthDate(kind=BirthDateKind.RANGE, value="1970", value_to="1972"),
    )


def test_a_record_with_no_name_at_all_is_refused(tmp_path: Path) -> None:
    path = write_list(
        tmp_path / "list.xml",
        "<INDIVIDUAL><FIRST_NAME> </FIRST_NAME>"
        "<REFERENCE_NUMBER>QDi.907</REFERENCE_NUMBER></INDIVIDUAL>",
    )
    with pytest.raises(FormatError) as caught:
        list(read_un(path))
    assert str(caught.value) == (
        f"{path}, line 3, INDIVIDUAL QDi.907, field FIRST_NAME: has no name"
    )


# A valid INDIVIDUAL, element by element in XSD order, from generated values.

_letters = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)
_name = st.lists(_letters, min_size=1, max_size=3).map(" ".join)
_free = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=40)
_line = _free.map(lambda s: s.replace(" ", "\n", 1))
_country = st.sampled_from(
    ["", "Iraq", "Iran (Islamic Republic of)", "Sudan/South Sudan", "USSR (until 1991)", "Mali"]
)
_years = st.integers(1900, 2100)
_dates = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)


def _el(tag: str, value: str | None) -> str:
    return "" if value is None else f"<{tag}>{escape(value)}</{tag}>"


_dob = st.one_of(
    st.tuples(st.sampled_from(["EXACT", "APPROXIMATELY", ""]), st.sampled_from(["DATE", "YEAR"]))
    .flatmap(lambda kt: st.tuples(st.just(kt), _dates if kt[1] == "DATE" else _years))
    .map(lambda v: _el("TYPE_OF_DATE", v[0][0]) + _el(v[0][1], str(v[1]))),
    st.lists(_years, min_size=2, max_size=2).map(
        lambda ys: (
            "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
            + _el("FROM_YEAR", str(min(ys)))
            + _el("TO_YEAR", str(max(ys)))
        )
    ),
    _line.map(lambda note: "<TYPE_OF_DATE>EXACT</TYPE_OF_DATE>" + _el("NOTE", note)),
    st.just(""),
)
_alias = st.tuples(
    st.sampled_from(["Good", "Low", "a.k.a.", "f.k.a.", "", "Medium"]),
    st.one_of(st.just(""), st.lists(_name, min_size=1, max_size=3).map("; ".join)),
    st.one_of(st.none(), _line),
).map(lambda a: _el("QUALITY", a[0]) + _el("ALIAS_NAME", a[1]) + _el("NOTE", a[2]))
_place = st.tuples(_line, _country).map(lambda p: _el("CITY", p[0]) + _el("COUNTRY", p[1]))
_document = st.tuples(
    st.sampled_from(
        ["Passport", "Numéro de passeport", "National Identification Number", "Other", ""]
    ),
    _free,
    _country,
    st.one_of(_dates, _free),
).map(
    lambda d: (
        _el("TYPE_OF_DOCUMENT", d[0])
        + _el("NUMBER", d[1])
        + _el("ISSUING_COUNTRY", d[2])
        + _el("DATE_OF_ISSUE", d[3])
    )
)


@st.composite
def individuals(draw: st.DrawFn) -> tuple[str, list[str], str]:
    """An INDIVIDUAL element, its name parts, and its reference."""
    parts = draw(st.lists(_name.filter(lambda n: n.casefold() != "na"), min_size=1, max_size=4))
    reference = draw(st.from_regex(r"[A-Z]{2}i\.[0-9]{3} ?", fullmatch=True))
    tags = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
    body = [_el(tag, part) for tag, part in zip(tags, parts, strict=False)]
    body += [
        _el("UN_LIST_TYPE", draw(st.sampled_from(["Al-Qaida", "Taliban", "DPRK", "Haiti"]))),
        _el("REFERENCE_NUMBER", reference),
        _el("LISTED_ON", draw(_dates)),
        _el("GENDER", draw(st.sampled_from(["Male", "Female", "Unknown", ""]))),
        _el("NAME_ORIGINAL_SCRIPT", draw(st.one_of(st.none(), _free))),
        _el("COMMENTS1", draw(_line)),
        "<NATIONALITY>"
        + "".join(_el("VALUE", c) for c in draw(st.lists(_country)))
        + "</NATIONALITY>",
        "<LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>",
    ]
    for tag, strategy in [
        ("INDIVIDUAL_ALIAS", _alias),
        ("INDIVIDUAL_ADDRESS", _place),
        ("INDIVIDUAL_DATE_OF_BIRTH", _dob),
        ("INDIVIDUAL_PLACE_OF_BIRTH", _place),
        ("INDIVIDUAL_DOCUMENT", _document),
    ]:
        body += [f"<{tag}>{inner}</{tag}>" for inner in draw(st.lists(strategy, max_size=10))]
    body += ["<SORT_KEY/>", "<SORT_KEY_LAST_MOD/>"]
    element = "<INDIVIDUAL>\n" + "\n".join(body) + "\n</INDIVIDUAL>"
    return element, parts, reference.strip()


@settings(
    max_examples=75,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(individuals())
def test_any_valid_individual_reads(
    tmp_path_factory: pytest.TempPathFactory, generated: tuple[str, list[str], str]
) -> None:
    element, parts, reference = generated
    path = write_list(tmp_path_factory.mktemp("un") / "generated.xml", element)
    (item,) = read_un(path)
    record = item.record
    assert record.uid == f"un:{reference}"
    assert item.location.line == 3
    assert record.primary_name.full == " ".join(" ".join(p.split()) for p in parts)
    assert len(set(record.birth_dates)) == len(record.birth_dates)
    assert all(len(code) == 2 for code in record.nationalities)
    record.content_hash()
