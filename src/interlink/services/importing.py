"""Importing subject records into the store: all-or-nothing, idempotent, resumable by re-running.

One import is one transaction. Records are written in batches inside it, so memory stays flat,
and any error (a malformed record, an unknown link target, a crash) rolls the whole file back:
the database is exactly as it was. Importing the same file again updates in place: unchanged
records are counted, never duplicated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from interlink.domain.agencies import AgencySpec
from interlink.domain.subjects import Link, Provenance, SubjectRecord
from interlink.exc import FormatError, Location, NotFoundError, ValidationError
from interlink.formats.base import SourceRecord
from interlink.services.text import refuse_nul
from interlink.store import Database, UnitOfWork


@dataclass(frozen=True, slots=True)
class ImportSummary:
    format: str
    file: str
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (names and contents, in name order)."""
    digest = hashlib.sha256()
    members = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for member in members:
        if path.is_dir():
            digest.update(member.name.encode() + b"\0")
        with member.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def import_file(
    db: Database,
    records: Iterable[SourceRecord],
    *,
    fmt: str,
    path: Path,
    owner: AgencySpec | str | None = None,
    batch_size: int = 2000,
) -> ImportSummary:
    """Import what a reader yields from ``path``; the run records the file's SHA-256."""
    return import_records(
        db,
        records,
        fmt=fmt,
        source=str(path),
        sha256=file_sha256(path),
        owner=owner,
        batch_size=batch_size,
    )


def import_records(
    db: Database,
    records: Iterable[SourceRecord],
    *,
    fmt: str,
    source: str,
    sha256: str,
    owner: AgencySpec | str | None = None,
    actor: str = "import",
    batch_size: int = 2000,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ImportSummary:
    """Write every record from ``records`` in one transaction and say what changed.

    ``owner`` owns records that name no owner of their own: an agency code, or an AgencySpec
    for a list authority that is created on first use (the UN Security Council for UN lists).
    """
    started = now()
    name = Path(source).name
    provenance = Provenance(added_by=actor, added_at=started, source=f"{fmt}:{name}@{sha256[:12]}")
    with db.uow() as uow:
        default_owner = _resolve_owner(uow, owner)
        run_id = uow.imports.start(fmt, source, sha256, default_owner, started)
        writer = _BatchWriter(uow, provenance, run_id, default_owner, batch_size, started)
        for item in records:
            try:
                refuse_nul(item.record.model_dump(exclude_defaults=True), "record")
            except ValidationError as error:
                raise FormatError(item.location, str(error)) from None
            writer.add(item)
        writer.flush()
        writer.write_links()
        uow.imports.finish(
            run_id,
            now(),
            added=writer.added,
            updated=writer.updated,
            unchanged=writer.unchanged,
        )
    return ImportSummary(fmt, source, writer.added, writer.updated, writer.unchanged)


def _resolve_owner(uow: UnitOfWork, owner: AgencySpec | str | None) -> int | None:
    if owner is None:
        return None
    if isinstance(owner, AgencySpec):
        return uow.agencies.ensure(owner).id
    return uow.agencies.get(owner).id


class _BatchWriter:
    """Buffers records, writes them a batch at a time, and resolves links at the end."""

    def __init__(
        self,
        uow: UnitOfWork,
        provenance: Provenance,
        run_id: int,
        default_owner: int | None,
        batch_size: int,
        now: datetime,
    ) -> None:
        self._uow = uow
        self._provenance = provenance
        self._run_id = run_id
        self._default_owner = default_owner
        self._batch_size = batch_size
        self._now = now
        self._batch: list[SourceRecord] = []
        self._seen: dict[str, Location] = {}
        self._owners: dict[str, int] = {}
        self._pending_links: list[tuple[int, tuple[Link, ...], Location]] = []
        self.added = self.updated = self.unchanged = 0

    def add(self, item: SourceRecord) -> None:
        uid = item.record.uid
        if uid in self._seen:
            raise FormatError(
                _at(item.location, "uid"),
                f"subject {uid} appears twice (first at {self._seen[uid]})",
            )
        self._seen[uid] = item.location
        self._batch.append(item)
        if len(self._batch) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        if not self._batch:
            return
        records = [item.record for item in self._batch]
        owners = [self._owner_of(item) for item in self._batch]
        result = self._uow.subjects.write(
            records, owners, self._provenance, now=self._now, import_run_id=self._run_id
        )
        self.added += result.added
        self.updated += result.updated
        self.unchanged += result.unchanged
        for item in self._batch:
            if item.record.uid in result.rewritten:
                self._pending_links.append(
                    (result.ids[item.record.uid], item.record.links, item.location)
                )
        self._batch = []

    def write_links(self) -> None:
        targets = {link.target for _, links, _ in self._pending_links for link in links}
        ids = self._uow.subjects.ids_for(sorted(targets))
        resolved: dict[int, list[tuple[int, Link]]] = {}
        for source, links, location in self._pending_links:
            resolved[source] = []
            for link in links:
                if link.target not in ids:
                    raise FormatError(
                        _at(location, "links"), f"links to subject {link.target}, which is unknown"
                    )
                resolved[source].append((ids[link.target], link))
        self._uow.subjects.replace_links(resolved)

    def _owner_of(self, item: SourceRecord) -> int:
        code = item.record.owner
        if code is None:
            if self._default_owner is None:
                raise FormatError(
                    _at(item.location, "owner"),
                    "names no owner agency, and none was given for the import",
                )
            return self._default_owner
        if code not in self._owners:
            try:
                self._owners[code] = self._uow.agencies.get(code).id
            except NotFoundError as error:
                raise FormatError(_at(item.location, "owner"), str(error)) from error
        return self._owners[code]


def _at(location: Location, field: str) -> Location:
    return Location(location.file, location.line, location.element, field)


def import_subjects(
    db: Database, records: Iterable[SubjectRecord], *, owner: str, actor: str
) -> ImportSummary:
    """Write records made in code (the CLI's ``subject add``, the demo world) as one import."""
    listed = list(records)
    digest = hashlib.sha256("".join(r.content_hash() for r in listed).encode()).hexdigest()
    items = (SourceRecord(r, Location(f"{actor}:{r.uid}")) for r in listed)
    return import_records(
        db, items, fmt="manual", source=actor, sha256=digest, owner=owner, actor=actor
    )
