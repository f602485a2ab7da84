"""Gallery and query sets for the matching-quality benchmark.

Everything here is deterministic: the dev/test split and every choice are keyed on a hash of
the seed and an entity id, never on iteration order or Python's per-process string hash.

Gallery: every OFAC SDN entry (2021-07), every EU FSF entry (2025-05) and the distractor persons
not held out. Queries: see ``benchmarks/README.md`` for the buckets.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

from interlink.domain.countries import country_code

DATA = Path("/work/shared/data")
OFAC_DIR = DATA / "watchlists" / "ofac_sdn_2021-07"
EU_CSV = DATA / "watchlists" / "eu_fsf_parsed_2025-05.csv"
DISTRACTORS = (
    ("g", DATA / "distractors" / "negatives_global.csv"),
    ("us", DATA / "distractors" / "negatives_us.csv"),
)
# One distractor in HOLDOUT_MOD is kept out of the gallery and screened as a traveller.
HOLDOUT_MOD = 20
MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
DOB_RE = re.compile(r"\bDOB (?:circa )?(?:(\d{1,2}) ([A-Z][a-z]{2}) )?(\d{4})\b")
NATIONALITY_RE = re.compile(r"\bnationality ([A-Z][A-Za-z ,'()-]+?)\s*[;.]")
GENDER_RE = re.compile(r"\bGender (Male|Female)\b")


@dataclass(frozen=True)
class GalleryEntry:
    uid: str
    kind: str  # "person" | "organization"
    names: tuple[str, ...]  # names[0] is the primary name
    birth_dates: tuple[str, ...] = ()  # ISO prefixes: "1960-01-24" or "1960"
    nationality: str | None = None  # ISO 3166 alpha-2
    gender: str | None = None  # "male" | "female"
    source: str = ""  # "ofac" | "eu" | "distractor"


@dataclass(frozen=True)
class Query:
    qid: str
    bucket: str
    name: str
    target: str | None  # None: a distractor traveller on no list
    split: str
    birth_date: str | None = None
    nationality: str | None = None
    gender: str | None = None
    accept: frozenset[str] = field(default_factory=frozenset)
    note: str = ""  # how the query was made (system, perturbation)


def digest(seed: int, *parts: object) -> int:
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def split_of(seed: int, uid: str) -> str:
    return "dev" if digest(seed, "split", uid) % 2 == 0 else "test"


def normalise(name: str) -> str:
    """Lower case, accents off, punctuation to spaces, tokens sorted (token_sort's form)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(sorted(text.split()))


def letter_scripts(name: str) -> list[str]:
    return [unicodedata.name(ch, "?").split()[0] for ch in name if ch.isalpha()]


def script(name: str) -> str:
    """LATIN, CYRILLIC, ARABIC, ... when 90% of the letters are in it; MIXED or NONE otherwise.

    The EU file writes some Ukrainian names with a Latin "i" among Cyrillic letters.
    """
    letters = letter_scripts(name)
    if not letters:
        return "NONE"
    top = max(set(letters), key=letters.count)
    return top if letters.count(top) >= 0.9 * len(letters) else "MIXED"


def has_script(name: str, which: str) -> bool:
    return which in letter_scripts(name)


def _null(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-0-") else value


def _flip(name: str) -> str:
    """OFAC's "LAST, First" as a traveller's "First LAST"."""
    parts = [p.strip() for p in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name


def _dobs(remarks: str) -> tuple[str, ...]:
    out = []
    for day, month, year in DOB_RE.findall(remarks):
        if day and month in MONTHS:
            out.append(f"{year}-{MONTHS[month]:02d}-{int(day):02d}")
        else:
            out.append(year)
    return tuple(dict.fromkeys(out))


def read_ofac() -> Iterator[tuple[GalleryEntry, list[str]]]:
    """(entry with the primary name only, its aliases) for every SDN entry."""
    aliases: dict[str, list[str]] = defaultdict(list)
    with open(OFAC_DIR / "alt.csv", encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 4 and (alias := _null(row[3])):
                aliases[row[0].strip()].append(alias)
    with open(OFAC_DIR / "sdn.csv", encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 12 or not (name := _null(row[1])):
                continue
            person = (_null(row[2]) or "") == "individual"
            remarks = _null(row[11]) or ""
            nat = NATIONALITY_RE.search(remarks)
            gender = GENDER_RE.search(remarks)
            flip = _flip if person else (lambda n: n)
            entry = GalleryEntry(
                uid=f"ofac:{row[0].strip()}",
                kind="person" if person else "organization",
                names=(flip(name),),
                birth_dates=_dobs(remarks) if person else (),
                nationality=country_code(nat.group(1)) if nat and person else None,
                gender=gender.group(1).lower() if gender and person else None,
                source="ofac",
            )
            yield entry, [flip(a) for a in aliases.get(row[0].strip(), [])]


def read_eu() -> Iterator[GalleryEntry]:
    with open(EU_CSV, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            names = [row["Name"].strip()]
            names += [a.strip() for a in row["Alias"].split(", ")]
            names = list(dict.fromkeys(n for n in names if n))
            person = row["Designation"] == "person"
            nationality = row["Nationality"].strip()
            yield GalleryEntry(
                uid=f"eu:{i}",
                kind="person" if person else "organization",
                names=tuple(names),
                nationality=country_code(nationality) if nationality and person else None,
                source="eu",
            )


def read_distractors() -> Iterator[GalleryEntry]:
    for tag, path in DISTRACTORS:
        with open(path, encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                yield GalleryEntry(
                    uid=f"neg:{tag}:{i}",
                    kind="person",
                    names=(row["full_name"].strip(),),
                    birth_dates=(row["date_of_birth"],) if row["date_of_birth"] else (),
                    nationality=country_code(row["nationality"]) if row["nationality"] else None,
                    gender=row["gender"] or None,
                    source="distractor",
                )


def is_held_out(seed: int, uid: str) -> bool:
    return digest(seed, "holdout", uid) % HOLDOUT_MOD == 0


def skeleton(name: str) -> str | None:
    """A loose key for linking the same person across lists: ASCII-folded, vowels and the
    letters romanizations disagree on (y j h w ') dropped, doubled letters collapsed, tokens
    sorted. None for names of fewer than three such tokens (too many namesakes)."""
    tokens = []
    for token in normalise(anyascii(name).replace("'", "")).split():
        kept = "".join(ch for ch in token if ch not in "aeiouyjhw")
        kept = "".join(ch for i, ch in enumerate(kept) if i == 0 or ch != kept[i - 1])
        if kept:
            tokens.append(kept)
    if len(tokens) < 3 or sum(map(len, tokens)) < 8:
        return None
    return " ".join(sorted(tokens))


def accept_sets(
    gallery: list[GalleryEntry], full_names: dict[str, tuple[str, ...]]
) -> dict[str, frozenset[str]]:
    """uid -> the uids that also count as a hit for it: listed entries sharing a normalised name
    of 12+ letters with it, or (persons) a three-token name skeleton.

    The lists overlap (a person on OFAC and on the EU list, spelt differently) and each list
    repeats some persons; a query for one of them that finds the other is not a miss.
    """
    persons = {e.uid for e in gallery if e.kind == "person"}
    by_key: dict[str, set[str]] = defaultdict(set)

    def keys(uid: str, names: tuple[str, ...]) -> set[str]:
        # Short names ("Abu Luqman") are shared by different persons: no link on those.
        out = {"n:" + k for n in names if len((k := normalise(n)).replace(" ", "")) >= 12}
        if uid in persons:
            out |= {"s:" + k for n in names if (k := skeleton(n))}
        return out

    for uid, names in full_names.items():
        for key in keys(uid, names):
            by_key[key].add(uid)
    return {
        uid: frozenset({u for k in keys(uid, names) for u in by_key[k]} | {uid})
        for uid, names in full_names.items()
    }
