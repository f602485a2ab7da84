"""The council report: how long the figures, each chart and the PDF take on a demo database.

    .venv/bin/interlink demo --no-serve --requests 2000        # var/demo/interlink.db
    .venv/bin/python benchmarks/council_report.py --db var/demo/interlink.db --period 2026

Times, over ``--rounds`` rounds, reading the statistics the secretariat sees
(``council_statistics``), drawing and rendering every chart as PNG and SVG, and writing the PDF
report; prints the median and the slowest of each, and the PDF's pages and size.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from interlink.reports.charts import CHARTS, chart, render
from interlink.reports.council import council_pdf
from interlink.services.statistics import CouncilStatistics, Period, council_statistics
from interlink.store import Database

T = TypeVar("T")


def timed(rounds: int, work: Callable[[], T]) -> tuple[float, float, T]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--period", default=str(datetime.now(UTC).year))
    parser.add_argument("--agency", default="CTC-SEC")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    db = Database(f"sqlite:///{args.db}")
    span, now = Period.parse(args.period), datetime.now(UTC)

    def figures() -> CouncilStatistics:
        with db.uow(read_only=True) as uow:
            return council_statistics(uow, args.agency, span, now)

    median, slowest, stats = timed(args.rounds, figures)
    print(
        f"statistics: median {median * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms "
        f"({stats.total.sent} requests seen)"
    )
    render(chart(stats, "requests"), "png")  # matplotlib's first import and font cache
    for name in CHARTS:
        for fmt in ("png", "svg"):
            median, slowest, data = timed(
                args.rounds, lambda n=name, f=fmt: render(chart(stats, n), f)
            )
            print(
                f"chart {name}.{fmt}: median {median * 1000:.0f} ms, "
                f"slowest {slowest * 1000:.0f} ms, {len(data) // 1024} KiB"
            )
    median, slowest, pdf = timed(args.rounds, lambda: council_pdf(stats))
    print(f"report.pdf: median {median:.2f} s, slowest {slowest:.2f} s, {len(pdf) // 1024} KiB")


if __name__ == "__main__":
    main()
