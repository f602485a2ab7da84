"""The audit journal's writes of hit checks: sealing their events, and appending them with the
owners' notifications in group commits, as the hub's journal thread does.

Each hit check writes one event for the query and one per hit, and one notification per hit
for its owner (the shape of ``Hub._answer``'s writes for a hit check of another agency's
records). ``--batch`` hit checks are appended in one transaction (``Journal._append``), into a
fresh SQLite file (WAL) or the PostgreSQL database of ``--url``.

Compare two versions by running each tree in its own process, alternating::

    PYTHONPATH=<tree>/src .venv/bin/python benchmarks/journal_speed.py --label <name>

or let the script alternate them itself: ``--compare OTHER_SRC`` (it runs this tree and the
other, one process at a time, ``--rounds`` times each).

The names and purposes are synthetic.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
SRC = HERE.parent.parent / "src"


def _events(hits: int, i: int, at: datetime) -> tuple[list[object], list[object]]:
    from interlink.audit import AuditAction, NewEvent
    from interlink.store.repositories.notifications import NewNotification

    why = "border screening of flight XY1234, passenger list of the morning"
    action = AuditAction.HIT_CHECK
    events: list[object] = [
        NewEvent(
            action,
            "officer.a",
            "AA-BORDER",
            "subject",
            None,
            None,
            why,
            {"query": f"Traveller Number{i} Synthetic", "returned": hits},
            at,
        )
    ]
    notices: list[object] = []
    for h in range(hits):
        uid = f"bb:{i:07d}-{h}"
        reference = f"BB-2026-{i:07d}{h}"
        events.append(
            NewEvent(
                action,
                "officer.a",
                "AA-BORDER",
                "subject",
                uid,
                "BB-POLICE",
                why,
                {"level": "hit", "reference": reference},
                at,
            )
        )
        notices.append(
            NewNotification(
                agency="BB-POLICE",
                kind="hit",
                subject_uid=uid,
                reference=reference,
                by_agency="AA-BORDER",
                by_username="officer.a",
                action=action.value,
                purpose=why,
                detail={"level": "hit"},
                at=at,
            )
        )
    return events, notices


def run(args: argparse.Namespace) -> dict[str, float]:
    from interlink.audit.chain import GENESIS_HASH, seal
    from interlink.store import Database

    at = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    checks = [_events(args.hits, i, at + timedelta(microseconds=i)) for i in range(args.checks)]
    # Sealing alone, every event of every hit check.
    started = time.perf_counter()
    prev = GENESIS_HASH
    seq = 0
    for events, _ in checks:
        for new in events:
            seq += 1
            prev = seal(new, seq=seq, prev_hash=prev, at=at).hash  # type: ignore[arg-type]
    sealing = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.url or f"sqlite:///{tmp}/journal.db")
        db.migrate()
        started = time.perf_counter()
        cpu = time.process_time()
        for first in range(0, len(checks), args.batch):
            batch = checks[first : first + args.batch]
            with db.uow() as uow:
                uow.audit.append_many([e for events, _ in batch for e in events])  # type: ignore[misc]
                uow.notifications.add_many([n for _, notices in batch for n in notices])  # type: ignore[misc]
        appending = time.perf_counter() - started
        cpu = time.process_time() - cpu
        db.engine.dispose()
    return {
        "seal_us_per_event": sealing / seq * 1e6,
        "append_us_per_check": appending / len(checks) * 1e6,
        "append_cpu_us_per_check": cpu / len(checks) * 1e6,
    }


def _line(label: str, figures: dict[str, float]) -> str:
    return (
        f"{label}: sealing {figures['seal_us_per_event']:.1f} µs an event; "
        f"appending {figures['append_us_per_check']:.1f} µs a hit check, "
        f"CPU {figures['append_cpu_us_per_check']:.1f} µs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=20_000, help="hit checks written")
    parser.add_argument("--hits", type=int, default=2, help="hits per hit check")
    parser.add_argument("--batch", type=int, default=32, help="hit checks per transaction")
    parser.add_argument("--url", default="", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--label", default="this")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--compare", default="", help="another tree's src, run alternately")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.compare:
        result = run(args)
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            print(f"{_line(args.label, result)} ({args.hits} hits, {args.batch} a transaction)")
        return
    trees = [("this", SRC), ("compared", Path(args.compare))]
    figures: dict[str, list[dict[str, float]]] = {label: [] for label, _ in trees}
    for r in range(args.rounds):
        for label, src in trees if r % 2 == 0 else trees[::-1]:
            own = [
                sys.executable, str(HERE), "--checks", str(args.checks), "--hits",
                str(args.hits), "--batch", str(args.batch), "--url", args.url, "--json",
            ]  # fmt: skip
            env = {**os.environ, "PYTHONPATH": str(src)}
            out = subprocess.run(own, env=env, check=True, capture_output=True, text=True)
            result = json.loads(out.stdout)
            figures[label].append(result)
            print(_line(f"round {r + 1} {label}", result), flush=True)
    for label, rows in figures.items():
        medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
        print(_line(f"median of {len(rows)}, {label}", medians))


if __name__ == "__main__":
    main()
