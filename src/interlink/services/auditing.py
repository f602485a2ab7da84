"""The audit log for its readers: an agency's report of who accessed its records (a page at a
time, newest first, or whole as CSV) and the verification of the whole chain.

Reading the report is itself an audit event (``AUDIT_REPORT`` on the agency, with the filters
in its detail), as the API's report and ``interlink audit report`` record one. A verification
recomputes every event's hash and compares the chain with the stored checkpoints, exactly as
``interlink audit verify`` does (which shares ``verify_log``); on the hub it is an
``AUDIT_REPORT`` on the ``audit_log``, naming its verdict, and belongs to no agency's report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from interlink.audit import (
    AuditAction,
    Checkpoint,
    NewEvent,
    Verdict,
    format_time,
    verify,
    verify_signature,
)
from interlink.exc import ValidationError
from interlink.formats.csvrows import spreadsheet_cell
from interlink.services.accounts import Principal, audit_event
from interlink.store import Database
from interlink.store.repositories.audit import Access
from interlink.store.uow import UnitOfWork

CSV_COLUMNS = ("seq", "at", "username", "agency", "action", "object_type", "object_ref", "purpose")
ACTIONS = tuple(a.value for a in AuditAction)
# Rows read per query when the whole report streams.
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class AccessFilter:
    """Which lines of the report: from ``since`` (included) to ``until`` (excluded), by users
    of ``agency`` only, of ``action`` only; None is any. Build it with ``checked``."""

    since: datetime | None = None
    until: datetime | None = None
    agency: str | None = None
    action: str | None = None

    @classmethod
    def checked(
        cls,
        since: datetime | None = None,
        until: datetime | None = None,
        agency: str | None = None,
        action: str | None = None,
    ) -> AccessFilter:
        """The filter, times in UTC (naive ones taken as UTC), the agency's code upper-cased;
        ``ValidationError`` naming the field (``since: ...``) for a value that cannot be. An
        empty range is no error: it holds no line."""
        since, until = _in_utc("since", since), _in_utc("until", until)
        code = (agency or "").strip().upper() or None
        if code is not None and (len(code) > 32 or "\x00" in code):
            raise ValidationError("agency: not an agency's code")
        if action and action not in ACTIONS:
            raise ValidationError(f"action: no action {action[:40]!r}")
        return cls(since, until, code, action or None)

    def detail(self) -> dict[str, object]:
        """The filter as an audit event's detail."""
        return {
            "since": format_time(self.since) if self.since else None,
            "until": format_time(self.until) if self.until else None,
            "agency": self.agency,
            "action": self.action,
        }


def _in_utc(name: str, moment: datetime | None) -> datetime | None:
    """``moment`` in UTC; ``ValidationError`` for one so near the ends of the calendar that it
    has no UTC time (0001-01-01T00:00+01:00)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValidationError(f"{name}: {moment.isoformat()} is out of range in UTC") from None


@dataclass(frozen=True, slots=True)
class AccessPage:
    """Lines of the report, newest first; ``older`` is the ``before`` of the next page (None
    on the last)."""

    rows: list[Access]
    older: int | None


def report_event(who: Principal, wanted: AccessFilter, now: datetime, **detail: object) -> NewEvent:
    """The event of reading the caller's agency's report, with the filter in its detail."""
    return audit_event(
        who,
        AuditAction.AUDIT_REPORT,
        object_type="agency",
        ref=who.agency,
        owner=who.agency,
        at=now,
        detail={**wanted.detail(), **detail},
    )


def access_page(
    uow: UnitOfWork, owner: str, wanted: AccessFilter, before: int | None, size: int
) -> AccessPage:
    """``size`` lines of ``owner``'s report before seq ``before`` (None: the newest)."""
    rows = uow.audit.latest_accesses(
        owner,
        wanted.since,
        wanted.until,
        agency=wanted.agency,
        action=wanted.action,
        before=before,
        limit=size + 1,
    )
    older = rows[size - 1].seq if len(rows) > size else None
    return AccessPage(rows[:size], older)


def stream_accesses(
    db: Database, owner: str, wanted: AccessFilter, before: int
) -> Iterator[Access]:
    """Every line of ``owner``'s report before seq ``before``, newest first, read a batch at a
    time, each in a short transaction of its own: a slow download holds no transaction open."""
    cursor: int | None = before
    while cursor is not None:
        with db.uow(read_only=True) as uow:
            found = access_page(uow, owner, wanted, cursor, _BATCH)
        yield from found.rows
        cursor = found.older


def access_csv(rows: Iterable[Access], chunk: int = 500) -> Iterator[str]:
    """The report as CSV (``CSV_COLUMNS``, times in UTC to the microsecond, lines ended by
    CRLF), ``chunk`` rows to a string. A cell a spreadsheet would run as a formula is
    prefixed with a single quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for count, row in enumerate(rows, start=1):
        fields = (
            row.seq,
            format_time(row.at),
            row.username,
            row.agency,
            row.action,
            row.object_type,
            row.object_ref,
            row.purpose,
        )
        writer.writerow([spreadsheet_cell(value) for value in fields])
        if count % chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()


# Verification of the chain.


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """A verification of the whole chain at ``at``: its ``verdict``, the newest stored
    checkpoint (None if there is none) and how many checkpoint signatures were verified (0
    without keys: then signatures were not checked)."""

    verdict: Verdict
    last_checkpoint: Checkpoint | None
    signatures: int
    at: datetime


def check_signatures(
    checkpoints: Iterable[tuple[str, Checkpoint]], keys: dict[str, Ed25519PublicKey]
) -> int:
    """Verify each (source, checkpoint) with the key it names; raise for a bad or unknown one."""
    checked = 0
    for source, checkpoint in checkpoints:
        key = keys.get(checkpoint.key_id)
        if key is None:
            raise ValidationError(
                f"{source}: the checkpoint at seq {checkpoint.seq} was signed by key "
                f"{checkpoint.key_id[:16]}…, which no --public-key names"
            )
        verify_signature(checkpoint, key, source)
        checked += 1
    return checked


def verify_log(
    uow: UnitOfWork,
    at: datetime,
    held: Iterable[tuple[str, Checkpoint]] = (),
    keys: dict[str, Ed25519PublicKey] | None = None,
) -> ChainCheck:
    """Recompute the chain of every stored event and compare it with the stored checkpoints
    and the ``held`` ones, (source, checkpoint) pairs. With ``keys``, every checkpoint's
    signature must verify first (else ``ValidationError``); without, none is checked. Streams
    the events in constant memory, in ``uow``'s transaction."""
    stored = uow.audit.checkpoints()
    sources = [(f"the database's checkpoint at seq {c.seq}", c) for c in stored]
    sources.extend(held)
    signed = check_signatures(sources, keys) if keys else 0
    verdict = verify(uow.audit.events(), [c for _, c in sources])
    return ChainCheck(verdict, stored[-1] if stored else None, signed, at)


def verification_event(who: Principal, check: ChainCheck) -> NewEvent:
    """The event of a verification on the hub: the log belongs to no agency's report."""
    verdict = check.verdict
    return audit_event(
        who,
        AuditAction.AUDIT_REPORT,
        object_type="audit_log",
        ref=str(verdict.head_seq),
        at=check.at,
        detail={
            "verified": "intact" if verdict.ok else "broken",
            "events": verdict.count,
            "checkpoints": verdict.checkpoints,
            "problem": verdict.problem.value if verdict.problem else None,
            "broken_at": verdict.seq,
        },
    )
