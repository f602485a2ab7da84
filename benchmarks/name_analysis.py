"""Name analysis, the largest part of an index build: names per subject, distinct names, and
the time per distinct name by script, on one core.

    .venv/bin/python benchmarks/name_analysis.py --subjects 100000

The watchlist is that of ``screening_speed.py`` (the same seed). Every distinct full name is
analysed once (``analyse_name``), Latin-script names first, then Cyrillic and other scripts,
then Arabic script, each group timed apart; the token-level caches fill as the run goes, as
they do in a build. Generation is not timed.
"""

from __future__ import annotations

import argparse
import time

from interlink.names.analysis import _is_arabic, analyse_name, name_symbols
from screening_speed import watchlist


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    records = watchlist(args.seed, args.subjects, 1000, [])
    names = [n.full for record in records for n in record.names]
    distinct = list(dict.fromkeys(names))
    print(
        f"{args.subjects:,} subjects: {len(names):,} names, {len(distinct):,} distinct "
        f"({len(distinct) / args.subjects:.2f} per subject)"
    )
    groups = {
        "Latin": [n for n in distinct if n.isascii()],
        "Cyrillic and other": [n for n in distinct if not n.isascii() and not _is_arabic(n)],
        "Arabic": [n for n in distinct if _is_arabic(n)],
    }
    analyse_name("warm up")
    total = 0.0
    for label, group in groups.items():
        started = time.perf_counter()
        for name in group:
            analyse_name(name)
        spent = time.perf_counter() - started
        total += spent
        per = spent / max(len(group), 1) * 1e6
        print(f"  {label:<20} {len(group):>10,} names {spent:8.1f} s {per:6.0f} µs/name")
    per = total / max(len(distinct), 1) * 1e6
    print(f"  {'all':<20} {len(distinct):>10,} names {total:8.1f} s {per:6.0f} µs/name")
    print(f"  rigour symbol look-ups: {name_symbols.cache_info().misses:,} distinct tokens")


if __name__ == "__main__":
    main()
