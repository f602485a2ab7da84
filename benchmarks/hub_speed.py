"""The hub under load: blind hit checks and searches over HTTP, 50 concurrent clients.

    .venv/bin/python benchmarks/hub_speed.py --subjects 100000 --requests 20000 --workers 2
    .venv/bin/python benchmarks/hub_speed.py ... --compare /tmp/old/src --rounds 3

Builds a SQLite hub with the generated world (seed 2026: its agencies, agreements and users,
``--subjects`` subjects imported as `interlink import` would), starts ``interlink serve`` with
``--workers`` uvicorn workers (each builds its own index; the clock starts once /health
answers), then a bounded load generator in this process: ``--clients`` concurrent keep-alive
connections that each send their share of ``--requests`` requests and stop. Queries are
held-out spellings of listed subjects (a third) and names of another generated world (on no
list), as a screening officer of one agency would send them (with ``--viewers N``, the
officers of N agencies, one per client in turn: each sees other records, and the hub's
searcher batches only the queries of one view together). Prints requests per second, the
server's CPU time per request (its processes' user and system time over the run, divided by
the requests: a figure that other load on a shared machine does not inflate as it does the
rates), p50 / p95 / p99 latency, the share answered with a match, and the server's resident
memory.
The load generator shares the machine's cores with the server, as on a 2-core box it must.

``--compare`` serves the code of another ``src`` folder (a worktree of an older commit) in turn
with this one, on the same database, alternating which goes first each round, and prints the
median of each over ``--rounds``: the side-by-side figures a noisy shared machine needs.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
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


def officers_tokens(db_path: Path, count: int) -> list[str]:
    """Tokens of the screening officers of ``count`` agencies of the benchmark's database."""
    db = Database(f"sqlite:///{db_path}")
    tokens = []
    with db.uow() as uow:
        for spec in generate_world(2026, 0).users:
            if len(tokens) < count and spec.username.endswith(".screening_officer"):
                found = uow.users.credentials(spec.username)
                assert found is not None
                who = Principal.from_user(found[0])
                now = datetime.now(UTC)
                tokens.append(issue_token(uow, Settings(), who, who.username, "benchmark", now)[0])
    db.dispose()
    if len(tokens) < count:
        raise SystemExit(f"--viewers: the world has {len(tokens)} screening officers")
    return tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(
    port: int,
    path: str,
    tokens: list[str],
    names: list[str],
    clients: int,
    total: int,
    purpose: str,
) -> tuple[float, list[float], int, int]:
    """``total`` requests from ``clients`` concurrent keep-alive connections, client ``k``
    with ``tokens[k % len(tokens)]``; (wall, latencies, answers with a match, errors).

    Each connection writes its request and reads the answer (status line, headers,
    Content-Length bytes) on asyncio streams: a client kept light because it shares the cores
    with the server, as on a 2-core machine it must."""
    latencies: list[float] = []
    hits = errors = 0

    async def client(k: int) -> None:
        nonlocal hits, errors
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {tokens[k % len(tokens)]}\r\n"
            "Content-Type: application/json\r\n"
        ).encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for n in range(k, total, clients):
                body = json.dumps(
                    {"name": names[n % len(names)], "purpose": purpose}, ensure_ascii=False
                ).encode()
                request = head + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
                t = time.perf_counter()
                try:
                    writer.write(request)
                    answer_head = await reader.readuntil(b"\r\n\r\n")
                    length = int(_LENGTH.search(answer_head).group(1))  # type: ignore[union-attr]
                    payload = await reader.readexactly(length)
                except (asyncio.IncompleteReadError, ConnectionError):
                    # The server closed the connection: an error, and a new connection.
                    latencies.append(time.perf_counter() - t)
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - t)
                if answer_head[9:12] != b"200":
                    errors += 1
                elif b'"hit":true' in payload or b'"results":[{' in payload:
                    hits += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    return time.perf_counter() - started, latencies, hits, errors


_LENGTH = re.compile(rb"(?i)content-length:\s*(\d+)")


def rss_of_tree(pid: int) -> float:
    """Resident MiB of a process and its children (the uvicorn workers)."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True
    ).stdout
    return sum(int(x) for x in out.split()) / 1024


def cpu_of_tree(pid: int) -> float:
    """CPU seconds (user and system) spent so far by ``pid`` and its children: the server's
    work per request, which other load on a shared machine does not inflate as it does
    wall-clock rates."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, ... utime and stime are fields 14 and 15 of stat.
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def serve(src: Path, db_path: Path, workers: int) -> tuple[subprocess.Popen[bytes], int, float]:
    """``interlink serve`` of the code in ``src``, once every worker answers /health."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "INTERLINK_DATABASE_URL": f"sqlite:///{db_path}",
        "INTERLINK_SECRET_KEY": SECRET,
        "INTERLINK_PORT": str(port),
        "INTERLINK_WORKERS": str(workers),
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-c", "from interlink.cli import main; main()", "serve"], env=env
    )
    url = f"http://127.0.0.1:{port}"
    # Every worker must be up (each builds its index): /health names the worker answering.
    seen: set[int] = set()
    while len(seen) < workers:
        try:
            seen.add(httpx.get(url + "/health", timeout=1).json()["worker"])
        except httpx.HTTPError:
            time.sleep(0.5)
        if server.poll() is not None:
            raise SystemExit("the server stopped")
    return server, port, time.perf_counter() - started


def measure(
    server: int, port: int, tokens: list[str], names: list[str], args: argparse.Namespace
) -> dict[str, dict[str, float]]:
    out = {}
    for path in ("/api/v1/hits", "/api/v1/search"):
        asyncio.run(
            load(port, path, tokens, names, args.clients, min(500, args.requests), "warm-up")
        )
        cpu = cpu_of_tree(server)
        wall, lat, hits, errors = asyncio.run(
            load(port, path, tokens, names, args.clients, args.requests, "benchmark")
        )
        cpu = cpu_of_tree(server) - cpu
        q = statistics.quantiles(lat, n=100)
        out[path] = {
            "cpu": cpu / len(lat) * 1000,
            "rate": len(lat) / wall,
            "p50": q[49] * 1000,
            "p95": q[94] * 1000,
            "p99": q[98] * 1000,
            "matched": hits / len(lat),
            "errors": errors,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) this database")
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="the src folder of other code (a worktree of an older commit): served in turn "
        "with this code, round after round, on the same database",
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--viewers",
        type=int,
        default=1,
        help="the clients ask as the screening officers of this many agencies, in turn (each "
        "agency sees its own records and its partners'), instead of one officer",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    db_path = args.db or folder / "hub.db"
    meta = db_path.with_suffix(".json")
    if args.db and meta.exists():
        token, names = json.loads(meta.read_text())
    else:
        token, names = build(db_path, args.subjects)
        meta.write_text(json.dumps([token, names]))
    tokens = [token] if args.viewers <= 1 else officers_tokens(db_path, args.viewers)
    here = Path(__file__).resolve().parents[1] / "src"
    codes = [("this", here)] + ([("compared", args.compare)] if args.compare else [])
    results: dict[str, list[dict[str, dict[str, float]]]] = {label: [] for label, _ in codes}
    for round_ in range(args.rounds):
        for label, src in codes if round_ % 2 == 0 else codes[::-1]:
            server, port, up = serve(src, db_path, args.workers)
            try:
                got = measure(server.pid, port, tokens, names, args)
                results[label].append(got)
                for path, r in got.items():
                    print(
                        f"round {round_ + 1} {label} {path}: {r['rate']:,.0f}/s, "
                        f"server CPU {r['cpu']:.2f} ms a request; "
                        f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms; "
                        f"matched {r['matched']:.0%}; errors {r['errors']:.0f} "
                        f"(up in {up:.0f} s, resident {rss_of_tree(server.pid):,.0f} MiB)",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait(timeout=60)
    for label, rows in results.items():
        for path in ("/api/v1/hits", "/api/v1/search"):
            rate = statistics.median(r[path]["rate"] for r in rows)
            p95 = statistics.median(r[path]["p95"] for r in rows)
            cpu = statistics.median(r[path]["cpu"] for r in rows)
            print(
                f"median of {len(rows)}, {label} {path}: {rate:,.0f}/s, p95 {p95:.1f} ms, "
                f"server CPU {cpu:.2f} ms a request"
            )


if __name__ == "__main__":
    main()
