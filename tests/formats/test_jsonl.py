"""The JSONL reader and writer, import errors that leave the database untouched, and the docs.

Database tests import with ``batch_size=1`` so that records before the bad one really are written
inside the transaction, and the rollback is what removes them.
"""

from __future__ import annotations

import io
import re
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from interlink.domain.agencies import AgencyKind, AgencySpec
from interlink.domain.subjects import BirthDate, Name, NameKind, SubjectRecord
from interlink.exc import FormatError
from interlink.formats.jsonl import read_jsonl, write_jsonl
from interlink.services.importing import import_file
from interlink.store import Database

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def person(uid: str, *names: str, dob: str | None = None, **extra: object) -> SubjectRecord:
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    return SubjectRecord.model_validate(
        {
            "uid": uid,
            "kind": "person",
            "names": [Name(full=n, kind=k) for n, k in zip(names, kinds, strict=True)],
            "birth_dates": [BirthDate.from_prefix(dob)] if dob else [],
            **extra,
        }
    )


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def line(record: SubjectRecord) -> str:
    buffer = io.StringIO()
    write_jsonl([record], buffer)
    return buffer.getvalue().rstrip("\n")


# -- reading and writing --------------------------------------------------------------------------


def test_write_then_read_gives_the_same_records(tmp_path: Path) -> None:
    records = [
        person("ru:1", "Бортников Александр Васильевич", "BORTNIKOV Aleksandr", dob="1951-11-15"),
        person("iq:1", "أبو بكر البغدادي", dob="1971", nationalities=["IQ"]),
    ]
    path = tmp_path / "subjects.jsonl"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        assert write_jsonl(records, out) == 2
    assert [item.record for item in read_jsonl(path)] == records
    assert [item.location.line for item in read_jsonl(path)] == [1, 2]


def test_writer_is_compact_keeps_scripts_and_leaves_defaults_out() -> None:
    text = line(person("iq:1", "أبو بكر البغدادي", dob="1971"))
    assert text == (
        '{"uid":"iq:1","kind":"person","names":[{"full":"أبو بكر البغدادي","script":"Arabic"}],'
        '"birth_dates":[{"kind":"year","value":"1971"}]}'
    )


def test_blank_lines_are_skipped_and_lines_counted(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl",
        "",
        line(person("t:1", "Ivan Petrov")),
        "   ",
        line(person("t:2", "A")),
    )
    assert [(i.record.uid, i.location.line) for i in read_jsonl(path)] == [("t:1", 2), ("t:2", 4)]


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line(person("t:1", "Иван Петров")).encode() + b"\n")
    assert [i.record.primary_name.full for i in read_jsonl(path)] == ["Иван Петров"]


def test_progress_reports_every_byte(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", line(person("t:1", "Иван Петров")))
    seen: list[int] = []
    list(read_jsonl(path, seen.append))
    assert sum(seen) == path.stat().st_size


@pytest.mark.parametrize(
    ("text", "line_number", "field", "problem"),
    [
        ('{"uid": "t:1",, }', 1, None, "is not valid JSON: Expecting property name"),
        ('["t:1"]', 1, None, "holds a JSON array; each line must be one object"),
        ('{"uid": "t:1", "kind": "person"}', 1, "names", "Field required"),
        (
            '{"uid":"t:1","kind":"person","names":[{"full":"Ivan"}],"nickname":"V"}',
            1,
            "nickname",
            "Extra inputs are not permitted",
        ),
        (
            '{"uid":"t:1","kind":"robot","names":[{"full":"Ivan"}]}',
            1,
            "kind",
            "Input should be 'person' or 'organization'",
        ),
    ],
)
def test_reader_errors_say_where(
    tmp_path: Path, text: str, line_number: int, field: str | None, problem: str
) -> None:
    path = write_lines(tmp_path / "bad.jsonl", text)
    with pytest.raises(FormatError) as caught:
        list(read_jsonl(path))
    assert caught.value.location.line == line_number
    assert caught.value.location.field == field
    assert caught.value.problem.startswith(problem)


def test_a_non_utf8_byte_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(line(person("t:1", "Ivan")).encode() + b'\n{"uid": "\xe9"}\n')
    with pytest.raises(FormatError, match="line 2: is not UTF-8"):
        list(read_jsonl(path))


# -- importing: errors leave the database as it was ----------------------------------------------

KNOWN = person("ru:known", "Бортников Александр Васильевич", dob="1951-11-15", owner="RU-FSB")
GOOD_1 = line(person("t:1", "Иван Петров", dob="1970"))
GOOD_2 = line(person("t:2", "أبو بكر البغدادي", dob="1971-07-28"))

BAD_FILES: dict[str, tuple[list[str], int, str | None, str]] = {
    "bad JSON on line 3": (
        [GOOD_1, GOOD_2, '{"uid": "t:3", "kind": "person",, }'],
        3,
        None,
        # Column 33 is the second comma.
        "is not valid JSON: Expecting property name enclosed in double quotes at column 33",
    ),
    "a record without names": (
        [GOOD_1, '{"uid": "t:3", "kind": "person"}'],
        2,
        "names",
        "Field required",
    ),
    "an impossible birth date": (
        [
            GOOD_1,
            GOOD_2,
            '{"uid":"t:3","kind":"person","names":[{"full":"Иван Петров"}],'
            '"birth_dates":[{"kind":"full","value":"1990-02-30"}]}',
        ],
        3,
        "birth_dates.0.value",
        "'1990-02-30': day 30 does not exist in 1990-02",
    ),
    "a uid twice in one file": (
        [GOOD_1, GOOD_2, line(person("t:1", "Иван Петров", dob="1971"))],
        3,
        "uid",
        "subject t:1 appears twice (first at ",
    ),
    "a link to an unknown uid": (
        [GOOD_1, line(person("t:2", "Абу Бакр", links=[{"target": "t:404"}]))],
        2,
        "links",
        "links to subject t:404, which is unknown",
    ),
}


def _snapshot(db: Database) -> tuple[int, SubjectRecord, int]:
    with db.uow() as uow:
        return uow.subjects.count(), uow.subjects.get("ru:known"), len(uow.imports.all())


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_leaves_the_database_as_it_was(db: Database, tmp_path: Path, case: str) -> None:
    with db.uow() as uow:
        uow.agencies.add(
            AgencySpec(code="RU-FSB", name="FSB", kind=AgencyKind.SECURITY, country="RU")
        )
    known = write_lines(tmp_path / "known.jsonl", line(KNOWN))
    import_file(db, read_jsonl(known), fmt="jsonl", path=known)
    before = _snapshot(db)
    lines, line_number, field, problem = BAD_FILES[case]
    path = write_lines(tmp_path / "bad.jsonl", *lines)
    with pytest.raises(FormatError) as caught:
        import_file(db, read_jsonl(path), fmt="jsonl", path=path, owner="RU-FSB", batch_size=1)
    assert caught.value.location.file == str(path)
    assert caught.value.location.line == line_number
    assert caught.value.location.field == field
    assert caught.value.problem.startswith(problem)
    assert f"line {line_number}" in str(caught.value)
    assert _snapshot(db) == before


# -- the documentation cannot drift ---------------------------------------------------------------


def _nested(annotation: Any) -> list[Any]:
    """Every type named inside ``annotation`` (through Annotated, tuple, Optional, ...)."""
    found = [annotation]
    for arg in get_args(annotation):
        found.extend(_nested(arg))
    return found


def _models_and_enums() -> tuple[list[type[BaseModel]], list[type[StrEnum]]]:
    models: list[type[BaseModel]] = []
    enums: list[type[StrEnum]] = []
    queue: list[type[BaseModel]] = [SubjectRecord]
    while queue:
        model = queue.pop(0)
        if model in models:
            continue
        models.append(model)
        for info in model.model_fields.values():
            for kind in _nested(info.annotation):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    queue.append(kind)
                elif isinstance(kind, type) and issubclass(kind, StrEnum) and kind not in enums:
                    enums.append(kind)
    return models, enums


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n#", start + len(heading) + 2)
    return text[start : end if end != -1 else None]


def test_docs_list_every_field_of_every_model_in_order() -> None:
    text = DOCS.read_text(encoding="utf-8")
    models, _ = _models_and_enums()
    assert len(models) == 9
    for model in models:
        section = _section(text, f"### `{model.__name__}`")
        documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
        assert documented == list(model.model_fields), model.__name__


def test_docs_list_every_allowed_value() -> None:
    text = DOCS.read_text(encoding="utf-8")
    _, enums = _models_and_enums()
    assert len(enums) == 12
    for enum in enums:
        values = ", ".join(f"`{member.value}`" for member in enum)
        assert f"\n- `{enum.__name__}`: {values}\n" in text


def test_docs_example_is_read_without_error(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    (example,) = re.findall(r"```jsonl\n(.*?)```", text, flags=re.DOTALL)
    path = tmp_path / "example.jsonl"
    path.write_text(example, encoding="utf-8")
    records = [item.record for item in read_jsonl(path)]
    assert [r.primary_name.script for r in records] == ["Cyrillic", "Arabic", "Arabic"]
