"""Exporting subjects as the project's JSONL, so that importing the file again changes nothing.

The export carries everything the store holds for a record, provenance included, so that
export -> import -> export gives the same bytes (``formats.jsonl`` says how).
"""

from __future__ import annotations

from typing import TextIO

from interlink.formats.jsonl import write_jsonl
from interlink.store import Database


def export_jsonl(db: Database, out: TextIO, *, owner: str | None = None) -> int:
    """Write every live subject, in id order, to ``out``; return how many were written.

    ``owner`` keeps only the subjects of that agency code. Records are streamed a batch at a
    time inside one transaction, so the file is one consistent snapshot.

    No access policy is applied: the caller must be entitled to every record written (the CLI
    runs as the operator of the embedded database). Filtering by agreement comes later.
    """
    with db.uow(read_only=True) as uow:
        return write_jsonl(uow.subjects.iter_records(owner=owner), out)
