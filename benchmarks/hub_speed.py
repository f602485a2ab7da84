"""The hub under load: blind hit checks and searches over HTTP, 50 concurrent clients.

    .venv/bin/python benchmarks/hub_speed.py --subjects 100000 --requests 20000 --workers 2

Builds a SQLite hub with the generated world (seed 2026: its agencies, agreements and users,
``--subjects`` subjects imported as `interlink import` would), starts ``interlink serve`` with
``--workers`` uvicorn workers (each builds its own index; the clock starts once /health
answers), then a bounded load generator in another process: ``--clients`` concurrent
connections that each send their share of ``--requests`` requests and stop. Queries are held-out
spellings of listed subjects (a third) and names of another generated world (on no list), as a
screening officer of one agency would send them. Prints requests per second, p50 / p95 / p99
latency, the share answered "hit", and the server's resident memory. The load generator shares
the machine's cores with the server, as on a 2-core box it must.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx2 as httpx

from interlink.auth import hash_password
from interlink.exc import Location
from interlink.formats.base import SourceRecord
from interlink.services.accounts import Principal, issue_token
from interlink.services.importing import import_records
from interlink.services.world import generate_world
from interlink.settings import Settings
from interlink.store import Database

SECRET = "benchmark secret of the hub, not for production"


def build(db_path: Path, subjects: int) -> tuple[str, list[str]]:
    """The hub's database; returns a screening officer's token and the query names."""
    db = Database(f"sqlite:///{db_path}")
    db.migrate()
    world = generate_world(2026, subjects)
    with db.uow() as uow:
        for spec in world.agencies:
            uow.agencies.ensure(spec)
        shared = hash_password("benchmark password")
        for user in world.users:
            uow.users.add(user, uow.agencies.get(user.agency), shared)
        for agreement in world.agreements:
            uow.agreements.add(agreement)
    names: list[str] = []
    rng = random.Random(7)

    def records():  # type: ignore[no-untyped-def]
        for n, generated in enumerate(world.subjects()):
            if n % 30 == 0 and generated.held_out:
                names.append(rng.choice(generated.held_out).text)
            yield SourceRecord(generated.record, Location("benchmark world", n + 1))

    started = time.perf_counter()
    import_records(
        db,
        records(),
        fmt="demo",
        source="benchmark world",
        sha256=hashlib.sha256(b"hub bench").hexdigest(),
        actor="benchmark",
    )
    print(f"imported {subjects:,} subjects in {time.perf_counter() - started:.1f} s")
    names += [g.record.primary_name.full for g in generate_world(2027, 2 * len(names)).subjects()]
    rng.shuffle(names)
    officer = next(u for u in world.users if u.username.endswith(".screening_officer"))
    with db.uow() as uow:
        found = uow.users.credentials(officer.username)
        assert found is not None
        who = Principal.from_user(found[0])
        token, _ = issue_token(uow, Settings(), who, who.username, "benchmark", datetime.now(UTC))
    db.dispose()
    return token, names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(
    url: str, path: str, token: str, names: list[str], clients: int, total: int, purpose: str
) -> tuple[float, list[float], int, int]:
    """``total`` requests from ``clients`` concurrent clients; (wall, latencies, hits, errors)."""
    latencies: list[float] = []
    hits = errors = 0
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as c:

        async def client(k: int) -> None:
            nonlocal hits, errors
            for n in range(k, total, clients):
                body = {"name": names[n % len(names)], "purpose": purpose}
                t = time.perf_counter()
                answer = await c.post(path, json=body)
                latencies.append(time.perf_counter() - t)
                if answer.status_code != 200:
                    errors += 1
                elif answer.json().get("hit") or answer.json().get("results"):
                    hits += 1

        started = time.perf_counter()
        await asyncio.gather(*(client(k) for k in range(clients)))
        return time.perf_counter() - started, latencies, hits, errors


def rss_of_tree(pid: int) -> float:
    """Resident MiB of a process and its children (the uvicorn workers)."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True
    ).stdout
    return sum(int(x) for x in out.split()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this database")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    db_path = args.db or folder / "hub.db"
    meta = db_path.with_suffix(".json")
    if args.db and meta.exists():
        token, names = json.loads(meta.read_text())
    else:
        token, names = build(db_path, args.subjects)
        meta.write_text(json.dumps([token, names]))
    port = free_port()
    env = {
        **os.environ,
        "INTERLINK_DATABASE_URL": f"sqlite:///{db_path}",
        "INTERLINK_SECRET_KEY": SECRET,
        "INTERLINK_PORT": str(port),
        "INTERLINK_WORKERS": str(args.workers),
    }
    started = time.perf_counter()
    command = Path(sys.executable).parent / "interlink"
    server = subprocess.Popen([str(command), "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        # Every worker must be up (each builds its index): /health names the worker answering.
        seen: set[int] = set()
        while len(seen) < args.workers:
            try:
                seen.add(httpx.get(url + "/health", timeout=1).json()["worker"])
            except httpx.HTTPError:
                time.sleep(0.5)
            if server.poll() is not None:
                raise SystemExit("the server stopped")
        print(f"server up in {time.perf_counter() - started:.1f} s ({args.workers} workers)")
        for path in ("/api/v1/hits", "/api/v1/search"):
            asyncio.run(
                load(url, path, token, names, args.clients, min(500, args.requests), "warm-up")
            )
            wall, lat, hits, errors = asyncio.run(
                load(url, path, token, names, args.clients, args.requests, "benchmark")
            )
            q = statistics.quantiles(lat, n=100)
            print(
                f"{path}: {len(lat):,} requests, {args.clients} clients: {len(lat) / wall:,.0f}/s; "
                f"p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms; "
                f"answered with a match {hits / len(lat):.0%}; errors {errors}"
            )
        print(f"server resident: {rss_of_tree(server.pid):,.0f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
