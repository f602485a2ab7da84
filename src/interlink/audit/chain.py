"""The audit chain: events, their canonical bytes and hashes, and verification. Pure, no I/O.

Every event is chained to the one before: ``hash = sha256(canonical bytes)`` and the canonical
bytes include ``prev_hash``, the previous event's hash (``GENESIS_HASH`` for seq 1). Editing,
deleting, inserting or reordering an event therefore breaks the chain at that point.

The canonical bytes (encoding version 1; never change it, old logs must keep verifying) are the
UTF-8 of one JSON object holding every field but ``hash``, keys sorted, no whitespace, non-ASCII
characters as themselves, ``at`` in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``, ``detail`` as a JSON
object (or null)::

    {"action":"read","agency":"KZ-KNB","at":"2026-03-01T08:00:00.000000Z","detail":null,
     "object_owner":"DE-BKA","object_ref":"de:17","object_type":"subject","prev_hash":"000…",
     "purpose":"проверка","seq":1,"username":"a.ivanov"}

A chain alone cannot stop someone who rewrites an event and recomputes every later hash; signed
checkpoints (``interlink.audit.checkpoints``) held outside the database can, and ``verify``
compares them with the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from interlink.exc import ValidationError

GENESIS_HASH = "0" * 64

# Column widths of ``audit_events``, checked here so that both databases accept the same events
# (SQLite would store a longer value that PostgreSQL refuses).
_LIMITS = {"username": 64, "agency": 32, "object_type": 32, "object_ref": 200, "object_owner": 32}


class AuditAction(StrEnum):
    """What an event records. Every read, search, hit check, export and change is an event."""

    READ = "read"
    LIST = "list"
    SEARCH = "search"
    HIT_CHECK = "hit_check"
    EXPORT = "export"
    IMPORT = "import"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SCREEN = "screen"
    TRIAGE = "triage"
    JUDGE = "judge"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    TOKEN_CREATE = "token_create"
    TOKEN_REVOKE = "token_revoke"
    USER_CREATE = "user_create"
    USER_UPDATE = "user_update"
    USER_DISABLE = "user_disable"
    AGENCY_CREATE = "agency_create"
    AGREEMENT_PROPOSE = "agreement_propose"
    AGREEMENT_ACCEPT = "agreement_accept"
    AGREEMENT_SUSPEND = "agreement_suspend"
    AGREEMENT_RESUME = "agreement_resume"
    AGENCY_UPDATE = "agency_update"
    MOVEMENT_FLAG = "movement_flag"
    ENCOUNTER = "encounter"
    REQUEST_SEND = "request_send"
    REQUEST_ACKNOWLEDGE = "request_acknowledge"
    REQUEST_ANSWER = "request_answer"
    REQUEST_RELEASE = "request_release"
    REQUEST_REFUSE = "request_refuse"
    REQUEST_CLOSE = "request_close"
    AUDIT_REPORT = "audit_report"
    CHECKPOINT = "checkpoint"


@dataclass(frozen=True, slots=True)
class NewEvent:
    """What a caller records; the appender adds seq, hashes and (when ``at`` is None) the time.

    ``object_owner`` is the agency that owns the object: each agency's access report reads it.
    ``detail`` must be a JSON object of JSON values (no NaN or infinity).
    """

    action: AuditAction
    username: str | None = None
    agency: str | None = None
    object_type: str | None = None
    object_ref: str | None = None
    object_owner: str | None = None
    purpose: str | None = None
    detail: dict[str, Any] | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One stored event. ``action`` is a plain string: a stored value is verified, not trusted."""

    seq: int
    at: datetime
    username: str | None
    agency: str | None
    action: str
    object_type: str | None
    object_ref: str | None
    object_owner: str | None
    purpose: str | None
    detail: dict[str, Any] | None
    prev_hash: str
    hash: str


def format_time(at: datetime) -> str:
    """``at`` in UTC to the microsecond, ``Z``-suffixed; naive datetimes are refused."""
    if at.tzinfo is None:
        raise ValidationError("audit times must be aware UTC datetimes, not naive ones")
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


# ``json.dumps`` with these options, made once (``dumps`` makes an encoder per call for them).
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)
# A string as ``_CANONICAL`` writes it (quotes and escapes, non-ASCII kept): json's own.
_quoted: Callable[[str], str] = json.encoder.encode_basestring


# Values whose JSON reads back as an equal value of the same type (exact types: an enum member
# reads back as its plain value).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def canonical_json(value: Any) -> str:
    """The one JSON text of ``value``: sorted keys, compact, non-ASCII kept, no NaN."""
    return _CANONICAL.encode(value)


def canonical_bytes(event: AuditEvent) -> bytes:
    """The bytes whose SHA-256 is ``event.hash`` (encoding version 1, see the module docstring)."""
    return _canonical_text(
        str(event.action),
        event.agency,
        format_time(event.at),
        canonical_json(event.detail),
        event.object_owner,
        event.object_ref,
        event.object_type,
        event.prev_hash,
        event.purpose,
        event.seq,
        event.username,
    ).encode("utf-8")


def _canonical_text(
    action: str,
    agency: str | None,
    at: str,
    detail: str,
    object_owner: str | None,
    object_ref: str | None,
    object_type: str | None,
    prev_hash: str,
    purpose: str | None,
    seq: int,
    username: str | None,
) -> str:
    """The canonical JSON object of an event's fields, ``at`` formatted and ``detail`` already
    canonical JSON, written field by field in key order: what ``canonical_json`` would write of
    them as a dict (a test compares it with ``json.dumps`` over generated events), without
    encoding the detail again."""
    return (
        f'{{"action":{_quoted(action)},"agency":{_text(agency)},"at":{_quoted(at)},'
        f'"detail":{detail},"object_owner":{_text(object_owner)},'
        f'"object_ref":{_text(object_ref)},"object_type":{_text(object_type)},'
        f'"prev_hash":{_quoted(prev_hash)},"purpose":{_text(purpose)},'
        f'"seq":{int(seq)},"username":{_text(username)}}}'
    )


def event_hash(event: AuditEvent) -> str:
    """SHA-256 hex of the event's canonical bytes; ``event.hash`` itself is not read."""
    return hashlib.sha256(canonical_bytes(event)).hexdigest()


def _checked_text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    limit = _LIMITS.get(name)
    if limit is not None and len(value) > limit:
        raise ValidationError(f"audit {name} is {len(value)} characters long; the limit is {limit}")
    if "\x00" in value:
        raise ValidationError(f"audit {name} contains a NUL character, which cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(f"audit {name} is not valid Unicode: {error.reason}") from None
    return value


def _checked_detail(detail: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str]:
    """The detail as it reads back from its canonical JSON (tuples become lists, and so on), so
    that the event hashed here equals the event read from the database, and the canonical JSON
    of that (``null`` for none): what the database stores, and the hash reads."""
    if detail is None:
        return None, "null"
    try:
        text = canonical_json(detail)
        text.encode("utf-8")
    except (TypeError, ValueError) as error:
        raise ValidationError(
            f"audit detail is not a JSON object of JSON values: {error}"
        ) from None
    if all(type(k) is str and type(v) in _PLAIN for k, v in detail.items()):
        # Plain values under string keys read back as themselves, and sort the same.
        return dict(detail), text
    parsed: dict[str, Any] = json.loads(text)
    # Written again from what was read: keys that were not strings sort otherwise as strings.
    return parsed, canonical_json(parsed)


def _text(value: str | None) -> str:
    return "null" if value is None else _quoted(value)


def seal(new: NewEvent, *, seq: int, prev_hash: str, at: datetime) -> AuditEvent:
    """The event ``new`` as number ``seq`` after the event hashed ``prev_hash``, with its hash.

    Raises ``ValidationError`` for a value that cannot be stored and read back unchanged.
    """
    return sealed(new, seq=seq, prev_hash=prev_hash, at=at)[0]


def sealed(
    new: NewEvent, *, seq: int, prev_hash: str, at: datetime
) -> tuple[AuditEvent, str | None]:
    """``seal``, and the canonical JSON of the event's detail as the database stores it (None
    for no detail). The detail is encoded once (twice when it must be read back first: tuples,
    nested values, keys that are not strings), and that text is both hashed and stored."""
    when = format_time(at)  # refuses a naive time before astimezone() would take it as local
    try:
        action = AuditAction(new.action).value
    except ValueError:
        raise ValidationError(f"unknown audit action {new.action!r}") from None
    username = _checked_text("username", new.username)
    agency = _checked_text("agency", new.agency)
    object_type = _checked_text("object_type", new.object_type)
    object_ref = _checked_text("object_ref", new.object_ref)
    object_owner = _checked_text("object_owner", new.object_owner)
    purpose = _checked_text("purpose", new.purpose)
    detail, detail_text = _checked_detail(new.detail)
    body = _canonical_text(
        action,
        agency,
        when,
        detail_text,
        object_owner,
        object_ref,
        object_type,
        prev_hash,
        purpose,
        seq,
        username,
    )
    event = AuditEvent(
        seq=seq,
        at=at.astimezone(UTC),
        username=username,
        agency=agency,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        object_owner=object_owner,
        purpose=purpose,
        detail=detail,
        prev_hash=prev_hash,
        hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )
    return event, None if detail is None else detail_text


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement that event ``seq`` of the chain had ``hash`` at time ``at``.

    ``key_id`` names the Ed25519 key and ``signature`` is base64; ``interlink.audit.checkpoints``
    makes and checks them. ``verify`` uses ``seq`` and ``hash`` only: check signatures first.
    """

    seq: int
    hash: str
    at: datetime
    key_id: str
    signature: str


class Problem(StrEnum):
    """The kind of the first fault ``verify`` finds."""

    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    UNLINKED = "unlinked"
    TRUNCATED = "truncated"
    REWRITTEN = "rewritten"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What ``verify`` found. When the log is intact, ``problem`` and ``seq`` are None.

    Otherwise ``seq`` is the first seq at fault, and ``count`` events verified before the fault
    showed, the last being ``head_seq`` with ``head_hash``. (For a seq that appears twice, that
    includes its first holder: nothing tells which is genuine until the second arrives.)
    ``checkpoints`` counts the checkpoints that agreed.
    """

    count: int
    head_seq: int
    head_hash: str
    checkpoints: int
    problem: Problem | None = None
    seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    def __str__(self) -> str:
        if self.ok:
            return (
                f"audit log intact: {self.count} events, head seq {self.head_seq} "
                f"(sha256 {self.head_hash[:16]}…), {self.checkpoints} checkpoint(s) matched"
            )
        return f"audit log broken at seq {self.seq}: {self.problem}: {self.reason}"


def _link_problem(
    event: AuditEvent, expected: int, prev_hash: str
) -> tuple[Problem, int, str] | None:
    """What is wrong with ``event`` in the place of seq ``expected``, after ``prev_hash``."""
    found = event.seq
    if found == expected:
        if event.prev_hash == prev_hash:
            return None
        before = f"the hash of seq {expected - 1}" if expected > 1 else "the genesis hash"
        return (
            Problem.UNLINKED,
            expected,
            f"its prev_hash does not match {before}: an event was replaced or inserted here, or "
            "the log was reordered",
        )
    if event.prev_hash == prev_hash:
        # Linked to the event before it, so it is in its place: only its number changed.
        return Problem.EDITED, expected, f"it is stored as seq {found}: its seq was edited"
    if found > expected:
        return (
            Problem.DELETED,
            expected,
            f"expected seq {expected}, found seq {found}: events {expected}..{found - 1} were "
            "deleted or moved",
        )
    if found == expected - 1:
        return Problem.INSERTED, found, f"seq {found} appears twice: an event was inserted"
    return (
        Problem.INSERTED,
        expected,
        f"found seq {found} after seq {expected - 1}: an event was inserted or the log reordered",
    )


def _describe(checkpoint: Checkpoint) -> str:
    return f"the checkpoint signed {format_time(checkpoint.at)} by key {checkpoint.key_id[:16]}"


def verify(events: Iterable[AuditEvent], checkpoints: Iterable[Checkpoint] = ()) -> Verdict:
    """Recompute the chain over ``events`` (in seq order) and compare it with ``checkpoints``.

    Streams the events in constant memory (the checkpoints, few, are held). Stops at the first
    fault: an edited event (hash and content disagree), a gap (deleted), a repeated or misplaced
    seq (inserted), a broken link (prev_hash), a checkpoint past the end (the tail was deleted) or
    a checkpoint whose hash differs from the event at its seq (the log was rewritten and every
    later hash recomputed, which only a checkpoint held outside the database reveals). Checkpoint
    signatures are not checked here.
    """
    pending = sorted(checkpoints, key=lambda c: c.seq)
    count, matched, last_matched, index = 0, 0, 0, 0
    head_seq, head_hash = 0, GENESIS_HASH

    def broken(problem: Problem, seq: int, reason: str) -> Verdict:
        return Verdict(count, head_seq, head_hash, matched, problem, seq, reason)

    def compare_checkpoints(seq: int, hash: str) -> Verdict | None:
        """Check the checkpoints up to ``seq`` (0, the genesis, included) against ``hash``."""
        nonlocal index, matched, last_matched
        while index < len(pending) and pending[index].seq <= seq:
            checkpoint = pending[index]
            index += 1
            if checkpoint.hash != hash:
                return broken(
                    Problem.REWRITTEN,
                    seq,
                    f"its hash differs from {_describe(checkpoint)}: the log was rewritten after "
                    f"seq {last_matched} and up to seq {seq}, later hashes recomputed",
                )
            matched, last_matched = matched + 1, checkpoint.seq
        return None

    if (fault := compare_checkpoints(0, GENESIS_HASH)) is not None:
        return fault
    for event in events:
        link = _link_problem(event, head_seq + 1, head_hash)
        if link is not None:
            return broken(*link)
        if event_hash(event) != event.hash:
            return broken(Problem.EDITED, event.seq, "its stored hash does not match its content")
        if (fault := compare_checkpoints(event.seq, event.hash)) is not None:
            return fault
        count, head_seq, head_hash = count + 1, event.seq, event.hash
    if index < len(pending):
        checkpoint = pending[-1]
        return broken(
            Problem.TRUNCATED,
            head_seq + 1,
            f"the log ends at seq {head_seq} but {_describe(checkpoint)} covers seq "
            f"{checkpoint.seq}: events after seq {head_seq} were deleted",
        )
    return Verdict(count, head_seq, head_hash, matched)
