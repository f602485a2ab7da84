"""The chain: canonical bytes, sealing, and ``verify`` naming the first tampered seq."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interlink.audit import (
    GENESIS_HASH,
    AuditAction,
    AuditEvent,
    Checkpoint,
    NewEvent,
    Problem,
    canonical_bytes,
    seal,
    verify,
)
from interlink.audit.chain import sealed
from interlink.exc import ValidationError

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def chain(news: list[NewEvent], times: list[datetime] | None = None) -> list[AuditEvent]:
    """Seal ``news`` as a log from seq 1."""
    events: list[AuditEvent] = []
    prev = GENESIS_HASH
    for index, new in enumerate(news):
        at = times[index] if times else T0 + timedelta(seconds=index)
        events.append(seal(new, seq=index + 1, prev_hash=prev, at=at))
        prev = events[-1].hash
    return events


def rechain(events: list[AuditEvent], start: int) -> list[AuditEvent]:
    """``events`` with prev_hash and hash recomputed from index ``start`` on, as an attacker
    who rewrote an event would do to hide it."""
    out = list(events[:start])
    for event in events[start:]:
        prev = out[-1].hash if out else GENESIS_HASH
        out.append(seal(_as_new(event), seq=event.seq, prev_hash=prev, at=event.at))
    return out


def _as_new(event: AuditEvent) -> NewEvent:
    return NewEvent(
        AuditAction(event.action),
        event.username,
        event.agency,
        event.object_type,
        event.object_ref,
        event.object_owner,
        event.purpose,
        event.detail,
    )


def held(event: AuditEvent) -> Checkpoint:
    """A checkpoint of ``event`` as a partner holds it (verify does not read the signature)."""
    return Checkpoint(event.seq, event.hash, T0, "ab" * 32, "")


def test_canonical_bytes_of_version_1_never_change() -> None:
    event = seal(
        NewEvent(
            AuditAction.READ,
            username="a.ivanov",
            agency="KZ-KNB",
            object_type="subject",
            object_ref="de:17",
            object_owner="DE-BKA",
            purpose="проверка по запросу",
            detail={"z": [1, 2.5], "a": "ظواهري"},
        ),
        seq=1,
        prev_hash=GENESIS_HASH,
        at=datetime(2026, 3, 1, 10, 0, 0, 5, tzinfo=timezone(timedelta(hours=2))),
    )
    assert canonical_bytes(event).decode() == (
        '{"action":"read","agency":"KZ-KNB","at":"2026-03-01T08:00:00.000005Z",'
        '"detail":{"a":"ظواهري","z":[1,2.5]},"object_owner":"DE-BKA","object_ref":"de:17",'
        '"object_type":"subject","prev_hash":"' + "0" * 64 + '","purpose":"проверка по запросу",'
        '"seq":1,"username":"a.ivanov"}'
    )
    # The same as `printf %s "<the bytes above>" | sha256sum`.
    assert event.hash == "4e3782366ea9b2e09289d48b37d4b3fcf887beab08897e41906f6e80ccfaa725"


def test_seal_reads_detail_back_as_the_database_will() -> None:
    event = seal(
        NewEvent(AuditAction.EXPORT, detail={"rows": (1, 2), "n": 3}),
        seq=1,
        prev_hash=GENESIS_HASH,
        at=T0,
    )
    assert event.detail == {"n": 3, "rows": [1, 2]}


@pytest.mark.parametrize(
    ("new", "at", "message"),
    [
        (NewEvent(AuditAction.READ), datetime(2026, 3, 1), "naive"),
        (NewEvent(AuditAction.READ, username="u" * 65), T0, "username is 65 characters"),
        (NewEvent(AuditAction.READ, purpose="a\x00b"), T0, "purpose contains a NUL"),
        (NewEvent(AuditAction.READ, purpose="\ud800"), T0, "purpose is not valid Unicode"),
        (NewEvent(AuditAction.READ, detail={"x": float("nan")}), T0, "not a JSON object"),
        (NewEvent(AuditAction.READ, detail={"x": {1, 2}}), T0, "not a JSON object"),
        (NewEvent("peek"), T0, "unknown audit action .peek."),  # type: ignore[arg-type]
    ],
)
def test_seal_refuses_what_cannot_be_stored_and_read_back(
    new: NewEvent, at: datetime, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        seal(new, seq=1, prev_hash=GENESIS_HASH, at=at)


def test_an_empty_log_verifies_at_the_genesis() -> None:
    verdict = verify([])
    assert (verdict.ok, verdict.count, verdict.head_seq, verdict.head_hash) == (
        True,
        0,
        0,
        GENESIS_HASH,
    )


def test_a_tampered_event_is_named_with_a_reason() -> None:
    log = chain([NewEvent(AuditAction.READ, username=f"u{i}") for i in range(5)])
    log[2] = replace(log[2], purpose="nothing to see")
    verdict = verify(log)
    assert (verdict.problem, verdict.seq, verdict.count, verdict.head_seq) == (
        Problem.EDITED,
        3,
        2,
        2,
    )
    assert str(verdict) == (
        "audit log broken at seq 3: edited: its stored hash does not match its content"
    )


# Hypothesis: random logs, one random tampering each, and the seq verify must name.

_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
_CODE = st.none() | st.sampled_from(["KZ-KNB", "DE-BKA", "UZ-SGB", "ФСБ", "مديرية"])
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)
_NEW = st.builds(
    NewEvent,
    action=st.sampled_from(AuditAction),
    username=st.none() | _TEXT,
    agency=_CODE,
    object_type=st.none() | st.sampled_from(["subject", "agreement"]),
    object_ref=st.none() | _TEXT,
    object_owner=_CODE,
    purpose=st.none() | _TEXT,
    detail=st.none() | st.dictionaries(_TEXT, _JSON, max_size=3),
)
_TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@st.composite
def logs(draw: st.DrawFn, min_size: int = 1) -> list[AuditEvent]:
    news = draw(st.lists(_NEW, min_size=min_size, max_size=10))
    times = draw(st.lists(_TIMES, min_size=len(news), max_size=len(news)))
    return chain(news, times)


Tampered = tuple[list[AuditEvent], list[Checkpoint], int, Problem]
_FIELDS = [
    "seq", "at", "username", "agency", "action", "object_type", "object_ref", "object_owner",
    "purpose", "detail", "prev_hash", "hash",
]  # fmt: skip


def _changed(field: str, value: Any) -> Any:
    """Another value for ``field``: a real edit, never the same value."""
    if field == "at":
        return value + timedelta(microseconds=1)
    if field == "detail":
        return {**(value or {}), "edited": not (value or {}).get("edited", False)}
    if field in ("hash", "prev_hash"):
        return value[:-1] + ("0" if value.endswith("1") else "1")
    return "x" if value is None else value + "x"


def edit(log: list[AuditEvent], data: st.DataObject) -> Tampered:
    index = data.draw(st.integers(0, len(log) - 1))
    field = data.draw(st.sampled_from(_FIELDS))
    if field == "seq":
        seq = data.draw(st.integers(-3, len(log) + 3).filter(lambda s: s != index + 1))
        log[index] = replace(log[index], seq=seq)
    else:
        log[index] = replace(log[index], **{field: _changed(field, getattr(log[index], field))})
    problem = Problem.UNLINKED if field == "prev_hash" else Problem.EDITED
    return log, [], index + 1, problem


def delete(log: list[AuditEvent], data: st.DataObject) -> Tampered:
    index = data.draw(st.integers(0, len(log) - 1))
    # The newest event deleted is a truncated tail: only a checkpoint can tell.
    last = index == len(log) - 1
    checkpoints = [held(log[-1])] if last else []
    del log[index]
    return log, checkpoints, index + 1, Problem.TRUNCATED if last else Problem.DELETED


def insert(log: list[AuditEvent], data: st.DataObject) -> Tampered:
    """A forged event, well chained and hashed, claiming the seq of a genuine one."""
    index = data.draw(st.integers(0, len(log) - 1))
    prev = log[index - 1].hash if index else GENESIS_HASH
    forged = seal(data.draw(_NEW), seq=index + 1, prev_hash=prev, at=data.draw(_TIMES))
    log.insert(index + data.draw(st.integers(0, 1)), forged)
    return log, [], index + 1, Problem.INSERTED


def swap(log: list[AuditEvent], data: st.DataObject) -> Tampered:
    first = data.draw(st.integers(0, len(log) - 2))
    second = data.draw(st.integers(first + 1, len(log) - 1))
    log[first], log[second] = log[second], log[first]
    return log, [], first + 1, Problem.DELETED


def truncate(log: list[AuditEvent], data: st.DataObject) -> Tampered:
    keep = data.draw(st.integers(0, len(log) - 1))
    checkpoint = held(log[data.draw(st.integers(keep, len(log) - 1))])
    return log[:keep], [checkpoint], keep + 1, Problem.TRUNCATED


def rewrite(log: list[AuditEvent], data: st.DataObject) -> Tampered:
    """Edit one event and recompute every later hash; a checkpoint covering it still catches it."""
    index = data.draw(st.integers(0, len(log) - 1))
    covering = data.draw(st.integers(index, len(log) - 1))
    checkpoints = [held(log[covering])]
    if index:
        checkpoints.append(held(log[data.draw(st.integers(0, index - 1))]))
    log[index] = replace(log[index], purpose=(log[index].purpose or "") + " (amended)")
    return rechain(log, index), checkpoints, covering + 1, Problem.REWRITTEN


# Details as callers may pass them: keys that are not strings (written as strings, and sorted
# otherwise once they are), tuples, nested objects.
_DETAILS = (
    st.none()
    | st.dictionaries(_TEXT, _JSON, max_size=3)
    | st.dictionaries(st.integers(-20, 20), _JSON, max_size=4)
    | st.dictionaries(_TEXT, st.tuples(_JSON, _JSON) | st.dictionaries(st.integers(), _JSON))
    | st.dictionaries(_TEXT, st.sampled_from(AuditAction) | _JSON, max_size=3)
)


def _shape(value: Any) -> Any:
    """A JSON value's types, keys sorted: what equality does not tell (an enum member equals
    its value; a dict equals another in any key order)."""
    if isinstance(value, dict):
        return sorted((k, type(k).__name__, _shape(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_shape(v) for v in value])
    return (type(value).__name__, value)


@given(
    new=_NEW,
    detail=_DETAILS,
    seq=st.integers(1, 2**62),
    prev=st.text("0123456789abcdef", min_size=64, max_size=64),
    at=_TIMES,
)
def test_sealing_writes_the_canonical_bytes_that_verify_reads(
    new: NewEvent, detail: dict[Any, Any] | None, seq: int, prev: str, at: datetime
) -> None:
    """``sealed`` hashes the bytes written field by field and encodes the detail once more; the
    hash must be that of ``canonical_bytes`` (what ``verify`` recomputes), and the stored text
    what the database's reader accepts as canonical."""
    event, text = sealed(replace(new, detail=detail), seq=seq, prev_hash=prev, at=at)
    assert event.hash == hashlib.sha256(canonical_bytes(event)).hexdigest()
    body = {
        "action": event.action,
        "agency": event.agency,
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "detail": event.detail,
        "object_owner": event.object_owner,
        "object_ref": event.object_ref,
        "object_type": event.object_type,
        "prev_hash": prev,
        "purpose": event.purpose,
        "seq": seq,
        "username": event.username,
    }
    plain = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical_bytes(event) == plain.encode()
    if detail is None:
        assert (event.detail, text) == (None, None)
    else:
        assert text is not None and json.loads(text) == event.detail
        assert _shape(event.detail) == _shape(json.loads(text))
        assert text == json.dumps(
            event.detail, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )


@given(log=logs(), checkpoints=st.data())
def test_an_untampered_log_verifies_with_its_checkpoints(
    log: list[AuditEvent], checkpoints: st.DataObject
) -> None:
    chosen = checkpoints.draw(st.lists(st.sampled_from(log), max_size=3))
    verdict = verify(iter(log), [held(event) for event in chosen])
    assert verdict.ok, str(verdict)
    assert (verdict.count, verdict.head_seq, verdict.head_hash) == (
        len(log),
        len(log),
        log[-1].hash,
    )
    assert verdict.checkpoints == len(chosen)


@pytest.mark.parametrize("tamper", [edit, delete, insert, swap, truncate, rewrite])
@given(log=logs(min_size=2), data=st.data())
def test_verify_names_the_first_tampered_seq(
    tamper: Callable[[list[AuditEvent], st.DataObject], Tampered],
    log: list[AuditEvent],
    data: st.DataObject,
) -> None:
    events, checkpoints, seq, problem = tamper(list(log), data)
    verdict = verify(iter(events), checkpoints)
    assert (verdict.problem, verdict.seq) == (problem, seq), str(verdict)
    assert verdict.count == seq - 1 or problem in (Problem.INSERTED, Problem.REWRITTEN)
    assert f"at seq {seq}:" in str(verdict)
