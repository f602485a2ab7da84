"""Import speed: N generated subjects from JSONL into a fresh SQLite database.

    .venv/bin/python benchmarks/import_speed.py --subjects 100000 --runs 3

Generates a synthetic world (not timed), writes its subjects as JSONL, then runs
``interlink import jsonl`` in a child process ``--runs`` times, each into a fresh SQLite file,
and once more per run into the same file (a re-import: every record unchanged). Prints the
median wall times, records per second, and the children's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interlink.formats.jsonl import write_jsonl
from interlink.services.world import generate_world
from interlink.store import Database

BIN = Path(sys.executable).parent


def prepare(workdir: Path, subjects: int, seed: int) -> tuple[Path, list[str]]:
    started = time.perf_counter()
    world = generate_world(seed, subjects)
    path = workdir / "subjects.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_jsonl((g.record for g in world.subjects()), handle)
    print(
        f"generated {subjects:,} subjects in {time.perf_counter() - started:.1f} s "
        f"({path.stat().st_size / 1e6:.0f} MB of JSONL)"
    )
    return path, [a.code for a in world.agencies]


def fresh_database(workdir: Path, run: int, seed: int) -> str:
    url = f"sqlite:///{workdir / f'run{run}.db'}"
    db = Database(url)
    db.migrate()
    with db.uow() as uow:
        for agency in generate_world(seed, 0).agencies:
            uow.agencies.add(agency)
    db.dispose()
    return url


def timed_import(url: str, path: Path) -> float:
    env = {**os.environ, "INTERLINK_DATABASE_URL": url}
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "interlink"), "import", "jsonl", str(path)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="interlink-bench-") as tmp:
        workdir = Path(tmp)
        path, _ = prepare(workdir, args.subjects, args.seed)
        first, again = [], []
        for run in range(args.runs):
            url = fresh_database(workdir, run, args.seed)
            first.append(timed_import(url, path))
            again.append(timed_import(url, path))
            print(f"run {run + 1}: import {first[-1]:.1f} s, re-import {again[-1]:.1f} s")
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = (workdir / "run0.db").stat().st_size / 1e6
    median_first = statistics.median(first)
    median_again = statistics.median(again)
    print(f"subjects: {args.subjects:,}; runs: {args.runs}")
    print(
        f"import into a fresh SQLite file: median {median_first:.1f} s "
        f"({args.subjects / median_first:,.0f} subjects/s); all runs {[round(t, 1) for t in first]}"
    )
    print(
        f"re-import, all unchanged:        median {median_again:.1f} s "
        f"({args.subjects / median_again:,.0f} subjects/s); all runs {[round(t, 1) for t in again]}"
    )
    print(
        f"peak resident memory of an import process: {peak_mib:,.0f} MiB; "
        f"database {size_mb:,.0f} MB"
    )


if __name__ == "__main__":
    main()
