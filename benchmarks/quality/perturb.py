"""Query buckets: list aliases, cross-script pairs and seeded perturbations of listed names.

``build(seed)`` returns the gallery and every query of both splits. A query's own name is never
in the gallery: an OFAC alias query sees its entry under the primary name only, a Cyrillic
query sees the EU entry's Latin names only, and so on (see benchmarks/README.md).
"""

from __future__ import annotations

import random
from dataclasses import replace

from benchmarks.quality.datasets import (
    GalleryEntry,
    Query,
    accept_sets,
    digest,
    has_script,
    is_held_out,
    normalise,
    read_distractors,
    read_eu,
    read_ofac,
    script,
    split_of,
)

from interlink.names import romanize_cyrillic

# Romanizations a traveller's document might use that the EU list (mostly ICAO / BGN) does not.
OTHER_SYSTEMS = ("gost_52535", "mvd_310", "mvd_310_fr", "iso9", "german", "french", "polish")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
KEYBOARD_NEIGHBOURS = {
    ch: row[max(i - 1, 0) : i] + row[i + 1 : i + 2] for row in _ROWS for i, ch in enumerate(row)
}


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random(digest(seed, *parts))


def typo(name: str, rng: random.Random) -> str:
    """One or two keyboard slips: substitution, deletion, insertion or a transposition."""
    chars = list(name)
    for _ in range(rng.choice((1, 1, 2))):
        letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
        if len(letters) < 3:
            break
        i = rng.choice(letters[1:])
        op = rng.choice(("sub", "del", "ins", "swap"))
        near = KEYBOARD_NEIGHBOURS.get(chars[i].lower(), "e")
        if chars[i].isupper():
            near = near.upper()
        if op == "sub":
            chars[i] = rng.choice(near)
        elif op == "del":
            del chars[i]
        elif op == "ins":
            chars.insert(i, rng.choice(near))
        elif i + 1 < len(chars) and chars[i + 1].isalpha():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def swap(name: str, rng: random.Random) -> str | None:
    """Family name first (last token to the front) or two tokens exchanged."""
    tokens = name.split()
    if len(tokens) < 2:
        return None
    if len(tokens) == 2 or rng.random() < 0.5:
        return " ".join([tokens[-1], *tokens[:-1]])
    i, j = sorted(rng.sample(range(len(tokens)), 2))
    tokens[i], tokens[j] = tokens[j], tokens[i]
    return " ".join(tokens)


def drop_middle(name: str, rng: random.Random) -> str | None:
    """Leave out a middle name or patronymic: one inner token of a name of 3+ tokens."""
    tokens = name.split()
    if len(tokens) < 3:
        return None
    del tokens[rng.randrange(1, len(tokens) - 1)]
    return " ".join(tokens)


def _query(seed: int, bucket: str, name: str, entry: GalleryEntry, n: int, **kw: object) -> Query:
    dob = next((d for d in entry.birth_dates if len(d) == 10), None)
    base = {"birth_date": dob, "nationality": entry.nationality, "gender": entry.gender}
    base.update(kw)
    return Query(
        qid=f"{bucket}:{entry.uid}:{n}",
        bucket=bucket,
        name=name,
        target=entry.uid,
        split=split_of(seed, entry.uid),
        **base,  # type: ignore[arg-type]
    )


def _cross_script(seed: int, entry: GalleryEntry, other: str, tag: str) -> tuple:
    """Hide one script of an EU person; the query is written in the hidden script."""
    latin = [n for n in entry.names if script(n) == "LATIN"]
    foreign = [n for n in entry.names if script(n) == other]
    if digest(seed, "direction", entry.uid) % 2 == 0:
        shown = tuple(n for n in entry.names if not has_script(n, other))
        bucket, name = f"eu_{tag}2lat", foreign[0]
    else:
        shown = tuple(n for n in entry.names if script(n) == other or not has_script(n, "LATIN"))
        bucket, name = f"eu_lat2{tag}", latin[0]
    return replace(entry, names=shown), _query(seed, bucket, name, entry, 0)


def _perturbations(seed: int, entry: GalleryEntry, base: str) -> list[Query]:
    rng = rng_for(seed, "perturb", entry.uid)
    out = [_query(seed, "pert_typo", typo(base, rng), entry, 0)]
    if swapped := swap(base, rng):
        out.append(_query(seed, "pert_swap", swapped, entry, 0))
    if dropped := drop_middle(base, rng):
        out.append(_query(seed, "pert_drop_middle", dropped, entry, 0))
    return out


def build(seed: int) -> tuple[list[GalleryEntry], list[Query]]:
    gallery: list[GalleryEntry] = []
    queries: list[Query] = []
    full_names: dict[str, tuple[str, ...]] = {}
    for entry, aliases in read_ofac():
        full_names[entry.uid] = entry.names + tuple(aliases)
        if entry.kind != "person":
            gallery.append(replace(entry, names=full_names[entry.uid]))
            continue
        gallery.append(entry)  # primary name only: every alias is a query
        primary = normalise(entry.names[0])
        seen = {primary}
        for n, alias in enumerate(aliases):
            if (key := normalise(alias)) in seen:
                continue
            seen.add(key)
            query = _query(seed, "ofac_alias", alias, entry, n)
            queries.append(query)
            if query.birth_date:  # the same alias: full birth date, year only, none
                key = query.qid.split(":", 1)[1]
                for bucket, dob in (
                    ("dob_full", query.birth_date),
                    ("dob_year", query.birth_date[:4]),
                    ("dob_none", None),
                ):
                    queries.append(
                        replace(query, bucket=bucket, qid=f"{bucket}:{key}", birth_date=dob)
                    )
        queries += _perturbations(seed, entry, entry.names[0])
    for entry in read_eu():
        full_names[entry.uid] = entry.names
        scripts = {script(n) for n in entry.names}
        shown, latin_base = entry, entry.names[0] if script(entry.names[0]) == "LATIN" else None
        if entry.kind == "person" and "LATIN" in scripts:
            latin_base = latin_base or next(n for n in entry.names if script(n) == "LATIN")
            for other, tag in (("CYRILLIC", "cyr"), ("ARABIC", "ara")):
                if other in scripts:
                    shown, query = _cross_script(seed, entry, other, tag)
                    queries.append(query)
                    break
            if "LATIN" in {script(n) for n in shown.names}:
                queries += _perturbations(seed, entry, latin_base)
                cyrillic = [n for n in entry.names if script(n) == "CYRILLIC"]
                if cyrillic:  # the Cyrillic original in a system the list does not use
                    rng = rng_for(seed, "translit", entry.uid)
                    system = rng.choice(OTHER_SYSTEMS)
                    name = romanize_cyrillic(cyrillic[0], system)
                    if normalise(name) not in {normalise(n) for n in shown.names}:
                        queries.append(
                            replace(_query(seed, "pert_translit", name, entry, 0), note=system)
                        )
        gallery.append(shown)
    accept = accept_sets(gallery, full_names)
    queries = [replace(q, accept=accept[q.target]) for q in queries if q.target]
    for entry in read_distractors():
        if not is_held_out(seed, entry.uid):
            gallery.append(entry)
            continue
        dob = entry.birth_dates[0] if entry.birth_dates else None
        queries.append(
            Query(
                qid=f"negative:{entry.uid}",
                bucket="negative",
                name=entry.names[0],
                target=None,
                split=split_of(seed, entry.uid),
                birth_date=dob,
                nationality=entry.nationality,
                gender=entry.gender,
            )
        )
    return gallery, queries


def sample(queries: list[Query], split: str, per_bucket: int | None, seed: int) -> list[Query]:
    """Up to ``per_bucket`` queries of each bucket in ``split``, the same ones on every run."""
    chosen: list[Query] = []
    buckets = sorted({q.bucket for q in queries})
    for bucket in buckets:
        pool = sorted(
            (q for q in queries if q.split == split and q.bucket == bucket),
            # Keyed without the bucket: the dob_* buckets sample the same aliases.
            key=lambda q: digest(seed, "sample", q.qid.split(":", 1)[1]),
        )
        chosen += pool if per_bucket is None else pool[:per_bucket]
    return chosen
