"""How fast the desk's pages answer on the demo world.

Serves a demo database (``interlink demo --no-serve`` builds one, by default in
``var/demo/interlink.db``) with ``interlink serve`` in demo mode on a free loopback port, logs a
demo account in through the login form, then asks each page ``--rounds`` times one after the
other (after ``--warm`` rounds not counted) and prints the median, p95 and worst time of each,
from the request sent to the whole body read, as a Markdown table.

    .venv/bin/interlink demo --no-serve
    .venv/bin/python benchmarks/desk_pages.py --db var/demo/interlink.db --rounds 30
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx2 as httpx

PASSWORD = "interlink-demo-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "INTERLINK_DATABASE_URL": f"sqlite:///{db}",
        "INTERLINK_DEMO": "true",
        "INTERLINK_PORT": str(port),
        "INTERLINK_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-c", "from interlink.cli import main; main()", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            httpx.get(url + "/health", timeout=1)
            return server, url
        except httpx.HTTPError:
            if server.poll() is not None:
                raise SystemExit("the server stopped") from None
            time.sleep(0.3)


def log_in(client: httpx.Client, username: str) -> str:
    """The session cookie's value. The cookie is ``Secure``, which an HTTP client keeps for
    HTTPS only; a browser sends it to the loopback, so it is sent by hand here."""
    form = client.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce is not None
    done = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "nonce": nonce.group(1), "next": "/"},
        headers={"Cookie": f"interlink_login={form.cookies['interlink_login']}"},
    )
    if done.status_code != 303:
        raise SystemExit(f"login failed: {done.status_code}")
    return str(done.cookies["interlink_session"])


def _agency(user: str) -> str:
    return user.split(".")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("var/demo/interlink.db"))
    parser.add_argument("--user", default="ru-fsb.analyst")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warm", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no such database; run `interlink demo --no-serve` first")
    agency = _agency(args.user)
    admin, auditor = f"{agency}.agency_admin", f"{agency}.auditor"
    server, url = serve(args.db)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            sessions = {u: log_in(client, u) for u in (args.user, admin, auditor)}
            headers = {u: {"Cookie": f"interlink_session={s}"} for u, s in sessions.items()}
            purpose = {"purpose": "benchmark"}
            searches = {
                "search, Latin": "Abu Bakr al-Baghdadi",
                "search, Cyrillic": "Абу Бакр аль-Багдади",
                "search, Arabic": "أبو بكر البغدادي",
            }
            # (label, user, path): the analyst's pages, then the admin's and the auditor's.
            pages: dict[str, tuple[str, str]] = {
                "login": (args.user, "/login"),
                "dashboard": (args.user, "/"),
            }
            for label, name in searches.items():
                pages[label] = (args.user, "/search?" + urlencode({"name": name, **purpose}))
            found = client.get(pages["search, Latin"][1], headers=headers[args.user]).text
            uid = re.search(r'href="(/subjects/[^"?]+)\?', found)
            if uid is not None:
                pages["subject"] = (args.user, uid.group(1) + "?" + urlencode(purpose))
            pages["notifications"] = (args.user, "/notifications")
            year = time.gmtime().tm_year
            pages["statistics"] = (args.user, f"/statistics?period={year}")
            pages["chart, requests (SVG)"] = (args.user, f"/charts/requests.svg?period={year}")
            pages["requests, inbox"] = (args.user, "/requests")
            pages["requests, outbox"] = (args.user, "/requests?box=outbox")
            inbox = client.get("/requests", headers=headers[args.user]).text
            one = re.search(r'href="(/requests/\d+)"', inbox)
            if one is not None:
                pages["a request"] = (args.user, one.group(1))
            pages["new request (form)"] = (args.user, "/requests/new")
            pages["new subject (form)"] = (args.user, "/subjects/new")
            pages["administration"] = (admin, "/admin")
            pages["users"] = (admin, "/admin/users")
            pages["tokens"] = (admin, "/admin/tokens")
            pages["agreements"] = (admin, "/admin/agreements")
            pages["audit trail"] = (auditor, "/audit")
            css = re.search(r'href="(/static/css/app\.css\?v=\w+)"', found)
            if css is not None:
                pages["stylesheet"] = (args.user, css.group(1))
            times: dict[str, list[float]] = {label: [] for label in pages}
            for round_ in range(args.warm + args.rounds):
                for label, (user, path) in pages.items():
                    started = time.perf_counter()
                    answer = client.get(path, headers=headers[user])
                    elapsed = (time.perf_counter() - started) * 1000
                    if answer.status_code != 200:
                        raise SystemExit(f"{path}: {answer.status_code}")
                    if round_ >= args.warm:
                        times[label].append(elapsed)
            # A chart is drawn once per figures, then served from memory: its first drawing is
            # measured apart, once for each month and quarter of the year (figures not drawn yet).
            periods = [f"{year}-{m:02d}" for m in range(1, 13)] + [
                f"{year}-Q{q}" for q in (1, 2, 3, 4)
            ]
            first: list[float] = []
            for period in periods:
                started = time.perf_counter()
                answer = client.get(
                    f"/charts/requests.svg?period={period}", headers=headers[args.user]
                )
                first.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise SystemExit(f"chart of {period}: {answer.status_code}")
            print(f"{args.rounds} rounds after {args.warm} warm-up, {args.user}, {args.db}")
            print("| page | user | bytes | median | p95 | worst |")
            print("|---|---|---|---|---|---|")
            for label, (user, path) in pages.items():
                values = sorted(times[label])
                p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
                size = len(client.get(path, headers=headers[user]).content)
                print(
                    f"| {label} | {user} | {size:,} | {statistics.median(values):.1f} ms "
                    f"| {p95:.1f} ms | {values[-1]:.1f} ms |"
                )
            first.sort()
            print(
                f"| chart, first drawing ({len(first)} periods) | {args.user} | | "
                f"{statistics.median(first):.1f} ms "
                f"| {first[min(len(first) - 1, round(0.95 * (len(first) - 1)))]:.1f} ms "
                f"| {first[-1]:.1f} ms |"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
