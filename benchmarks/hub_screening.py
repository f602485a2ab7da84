"""A screening run on the hub: upload, background screening, alerts stored, one worker.

    .venv/bin/python benchmarks/hub_screening.py --db /tmp/hb20k.db --travellers 6000

Opens a hub on the database ``benchmarks/hub_speed.py`` builds (``--db``, with its ``.json``
of a screening officer's token and query names; built here with ``--subjects`` when missing),
uploads a JSONL manifest of ``--travellers`` travellers named from the query names (held-out
spellings of listed subjects and names on no list), and times reading the manifest and the run
in the worker's background thread to its end (alerts, audit events and owners' notifications
committed batch by batch). Prints travellers per second and the alerts stored.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from hub_speed import SECRET, build
from interlink.services.hub import Hub
from interlink.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--subjects", type=int, default=20_000)
    parser.add_argument("--travellers", type=int, default=6_000)
    args = parser.parse_args()
    meta = args.db.with_suffix(".json")
    if not meta.exists():
        token, names = build(args.db, args.subjects)
        meta.write_text(json.dumps([token, names]))
    token, names = json.loads(meta.read_text())
    settings = Settings(database_url=f"sqlite:///{args.db}", secret_key=SECRET)
    started = time.perf_counter()
    hub = Hub.open(settings)
    print(f"hub open with {len(hub.gallery):,} subjects in {time.perf_counter() - started:.0f} s")
    try:
        who = hub.principal(token)
        content = "".join(
            json.dumps({"ref": f"BM{n}", "name": names[n % len(names)]}, ensure_ascii=False) + "\n"
            for n in range(args.travellers)
        ).encode()
        started = time.perf_counter()
        run = hub.runs.start(who, "benchmark run", "bench.jsonl", content)
        read = time.perf_counter() - started
        hub.runs.wait()
        screened = time.perf_counter() - started - read
        done = hub.runs.run(who, run.id)
        print(
            f"{args.travellers:,} travellers: manifest read and stored in {read:.2f} s; "
            f"screened in {screened:.1f} s = {args.travellers / screened:,.0f}/s; "
            f"status {done.status}, {done.alerts:,} alerts"
        )
    finally:
        hub.close()


if __name__ == "__main__":
    main()
