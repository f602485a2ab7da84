"""The project's own JSONL format: one ``SubjectRecord`` as a JSON object per line.

The schema is the record's JSON form, described field by field in docs/formats.md. The writer is
deterministic so that ``export jsonl`` -> ``import jsonl`` -> ``export jsonl`` gives the same bytes:

- keys in model order, compact separators, UTF-8 written as is (``ensure_ascii=False``);
- a field at its default (``null``, ``[]``, ``H0``, ``unclassified``, a name's ``primary`` kind,
  an empty provenance) is left out, and the reader fills the default back in.

A record's ``owner`` is an agency code; the importer resolves it (or applies the import's
default owner when the record names none).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from interlink.domain.subjects import SubjectRecord
from interlink.exc import FormatError, Location
from interlink.formats.base import ProgressFn, SourceRecord, build_record, open_text


def read_jsonl(path: Path, progress: ProgressFn | None = None) -> Iterator[SourceRecord]:
    """Yield each line's record; blank lines are skipped.

    Invalid JSON is a FormatError naming the line and column; a record that breaks the schema is
    a FormatError naming the line and the field's dotted path (``birth_dates.0.value``).
    """
    file = str(path)
    for number, line in open_text(path, progress):
        if not line.strip():
            continue
        location = Location(file, line=number)
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as error:
            raise FormatError(
                location, f"is not valid JSON: {error.msg} at column {error.colno}"
            ) from error
        if not isinstance(fields, dict):
            raise FormatError(
                location, f"holds a JSON {_json_type(fields)}; each line must be one object"
            )
        yield SourceRecord(build_record(location, fields), location)


def write_jsonl(records: Iterable[SubjectRecord], out: TextIO) -> int:
    """Write each record as one line of compact JSON; return how many were written.

    ``out`` should be opened with ``encoding="utf-8"`` and ``newline="\\n"``: names are written in
    their own scripts, not as ``\\u`` escapes.
    """
    count = 0
    for record in records:
        out.write(to_line(record))
        count += 1
    return count


def to_line(record: SubjectRecord) -> str:
    """One record as the JSONL line ``write_jsonl`` writes, newline included."""
    fields = record.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")) + "\n"


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"
