"""A digest of a built index: what a search reads of it, hashed, so that two versions of the
build can be shown to give the same index on the benchmark's watchlist.

    PYTHONPATH=<tree>/src:benchmarks .venv/bin/python benchmarks/index_digest.py \
        --subjects 200000 --workers 2

Builds the watchlist of ``build_speed.py`` (seed 2026) and prints one md5 per piece: the rows'
facts (uid, each name's text and script with every field of its parts and of its ungrouped
reading, which names and parts are one object, birth intervals, nationalities, gender,
documents), the row of each uid, and both posting tables (keys, document frequencies, rows,
the typo dictionary). The same digests mean the same index, object sharing included.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterable
from typing import Any

from build_speed import build_options
from interlink.matching import Index
from screening_speed import watchlist


def _part(part: Any) -> tuple[object, ...]:
    return (
        part.text,
        int(part.kind),
        part.latin,
        part.forms,
        part.keys,
        tuple(sorted(part.symbols)),
    )


def digests(index: Index) -> dict[str, str]:
    """The md5 of each piece of what a search reads."""
    numbering: dict[int, int] = {}

    def number(obj: object) -> int:
        return numbering.setdefault(id(obj), len(numbering))

    def name(reading: Any) -> tuple[object, ...]:
        if reading is None:
            return ()
        apart = getattr(reading, "ungrouped", None)
        weighed = getattr(reading, "weighed_as", ())
        return (
            number(reading),
            reading.text,
            reading.script,
            [(number(p), _part(p)) for p in reading.parts],
            [(number(p), _part(p)) for p in weighed],
            getattr(reading, "particles", ()),
            name(apart),
        )

    def md5(items: Iterable[object]) -> str:
        h = hashlib.md5()
        for item in items:
            h.update(repr(item).encode())
            h.update(b"\n")
        return h.hexdigest()

    facts = (
        None
        if f is None
        else (
            f.uid,
            [(name(n), weak) for n, weak in f.names],
            f.births,
            f.nationalities,
            f.gender,
            f.documents,
        )
        for f in index._facts
    )
    out = {"facts": md5(facts), "rows": md5(sorted(index._rows.items()))}
    for label, postings in (("postings", index._postings), ("apart", index._apart)):
        postings.compact()  # the typo strings still pending merged, as a lookup would
        deletes = postings._deletes
        out[label] = md5(
            [
                postings._keys,
                postings._df,
                *(a.tolist() for a in postings._base),
                deletes._codes.tolist(),
                deletes._ids.tolist(),
                sorted(deletes._other.items()),
            ]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    records = watchlist(args.seed, args.subjects, args.subjects, [])
    index = Index.build(records, **build_options(args.workers))
    for label, digest in digests(index).items():
        print(f"{label}: {digest}")


if __name__ == "__main__":
    main()
