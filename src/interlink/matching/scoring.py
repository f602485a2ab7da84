"""Scoring: align name parts, weigh the evidence, calibrate to a probability.

Comparators take ``(query, candidate, config)`` (plus the index's part weights where rarity
matters) and return a score with its explanation. ``score_subject`` is the whole pipeline for
one candidate subject; ``MatchConfig`` documents the logistic it ends in. ``compare_parts``
compares two name parts; ``compare_parts_many`` compares a batch of pairs with the same results,
computing their spelling ratios in one call.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from interlink.domain import dates
from interlink.matching import kernels
from interlink.matching.config import MatchConfig
from interlink.matching.types import Alignment, Evidence, Explanation
from interlink.names.analysis import AnalysedName, NamePart
from interlink.names.parts import PartKind, masculine_form, russified_surname
from interlink.names.phonetic import phonetic_form

__all__ = [
    "HOWS",
    "HOW_CODES",
    "MINOR_KINDS",
    "Facts",
    "Memo",
    "birth_interval",
    "compare_birth_dates",
    "compare_names",
    "compare_numbered",
    "compare_parts",
    "compare_parts_coded",
    "compare_parts_many",
    "gate",
    "logit",
    "minor_factor",
    "name_floor",
    "score_subject",
]

Weigh = Callable[[NamePart], float]
Similarity = Callable[[NamePart, NamePart], tuple[float, str]]
# A birth date as ordinal days: (earliest, latest, approximate).
Birth = tuple[int, int, bool]
APPROXIMATE_DAYS = 366  # an approximate date is widened by a year each way
NEAR_DAYS = 2 * 366
# Parts often left out: a candidate's unmatched one weighs less (``minor_factor``).
MINOR_KINDS = (PartKind.PATRONYMIC, PartKind.NASAB, PartKind.LEGAL_FORM)
# A single typo in a word of five letters or more (Sidoorov, Hassna) scores this much: the
# normalised Indel ratio counts a swap of two letters as two edits and gives a long word's
# one slip about as much as a short word's, both too low for a name with one typo to alert.
ONE_EDIT = 0.95
_ONE_EDIT_MIN = 5
_ONE_EDIT_FROM = 0.7
# How many phonetic forms of each part the spelling ratio compares.
_FORMS = 6
# The least similarity of two parts with the same consonants (``_finish``).
_SAME_CONSONANTS = 0.92
# A similarity's factor when one part is a kunya and the other is not (``_kunya``).
_ONE_KUNYA = 0.85
# How two parts match, as ``compare_parts`` labels it, by code (``compare_parts_coded``).
HOWS = ("exact", "transliteration", "phonetic", "symbol", "typo", "surname form")
HOW_CODES = {how: code for code, how in enumerate(HOWS)}


class Facts:
    """What scoring needs of one subject, or of one query (a single name then)."""

    __slots__ = ("births", "documents", "gender", "names", "nationalities", "uid")

    def __init__(
        self,
        uid: str,
        names: tuple[tuple[AnalysedName, bool], ...],  # (name, is a weak alias)
        births: tuple[Birth, ...] = (),
        nationalities: tuple[str, ...] = (),
        gender: str | None = None,
        documents: tuple[str, ...] = (),
    ) -> None:
        self.uid = uid
        self.names = names
        self.births = births
        self.nationalities = nationalities
        self.gender = gender
        self.documents = documents


def birth_interval(value: str, value_to: str | None = None, approximate: bool = False) -> Birth:
    """A partial ISO date (or range) as ordinal days."""
    lo = dates.earliest(value).toordinal()
    hi = dates.latest(value_to or value).toordinal()
    return (lo, hi, approximate)


def compare_parts(query: NamePart, candidate: NamePart) -> tuple[float, str]:
    """Similarity of two parts in [0, 1] and how they match."""
    found = _shortcut(query, candidate)
    if found is None:
        found = _finish(query, candidate, _ratio(query, candidate))
    return _kunya(query, candidate, found)


def compare_parts_many(pairs: Sequence[tuple[NamePart, NamePart]]) -> list[tuple[float, str]]:
    """``compare_parts`` of each pair: the same floats and labels (``compare_parts_coded``)."""
    sims, hows = compare_parts_coded(pairs)
    return [(sim, HOWS[how]) for sim, how in zip(sims.tolist(), hows.tolist(), strict=True)]


def compare_parts_coded(
    pairs: Sequence[tuple[NamePart, NamePart]],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """``compare_parts`` of each pair as arrays: the similarities, the same floats, and the
    labels as indexes into ``HOWS``.

    A batch of searches meets thousands of new part pairs, nearly all of them unalike, and
    comparing them one Python call per pair cost more than their spelling ratios. Here each
    part's case-folded text, Latin spellings, forms, skeletons and symbols are hashed once
    (``part_code``), and a compiled loop (``kernels.part_pairs``) finds the pairs that share
    nothing: ``_shortcut`` cannot match those, and only the others, a few in a hundred, go
    through it in Python. The spelling ratios of every pair left are computed in a single
    ``rapidfuzz`` call: each pair's is the greatest over its pairs of forms, as ``_ratio``
    takes it, by the same function. A shared hash is only a reason to look: the rules read
    the strings themselves, so two strings of one hash change nothing."""
    numbers: dict[int, int] = {}
    parts: list[NamePart] = []
    numbered: list[int] = []
    for pair in pairs:
        for part in pair:
            number = numbers.get(id(part))
            if number is None:
                number = numbers[id(part)] = len(parts)
                parts.append(part)
            numbered.append(number)
    both = np.asarray(numbered, dtype=np.int32).reshape(-1, 2)
    return compare_numbered(parts, both[:, 0], both[:, 1])


def compare_numbered(
    parts: Sequence[NamePart], query: npt.NDArray[np.int32], candidate: npt.NDArray[np.int32]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """``compare_parts_coded`` of the pairs ``(parts[query[k]], parts[candidate[k]])``."""
    n = len(query)
    sims = np.zeros(n)
    hows = np.full(n, HOW_CODES["typo"], dtype=np.int8)
    if not n:
        return sims, hows
    codes = [part_code(p) for p in parts]
    at = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(code) >> 2 for code in codes], out=at[1:])
    flat = np.frombuffer(b"".join(codes), dtype=np.uint32)
    shared = kernels.part_pairs((query, candidate), flat, at)
    by_ratio = shared == 0  # the pairs scored from their spelling ratio
    consonants: list[int] = []  # ... of which those whose parts have a skeleton in common
    looked = np.flatnonzero(shared)
    numbered = zip(looked.tolist(), query[looked].tolist(), candidate[looked].tolist(), strict=True)
    for k, i, j in numbered:
        q, c = parts[i], parts[j]
        if shared[k] & kernels.MAY_MATCH:
            found = _shortcut(q, c)
            if found is not None:
                sims[k], hows[k] = found[0], HOW_CODES[found[1]]
                continue
        if shared[k] & kernels.MAY_SHARE_CONSONANTS and not q.consonant_set.isdisjoint(
            c.consonant_set
        ):
            consonants.append(k)
        by_ratio[k] = True
    left = np.flatnonzero(by_ratio)
    if len(left):
        sims[left] = _ratios(parts, (query[left], candidate[left]))
    if consonants:
        sims[consonants] = np.maximum(sims[consonants], _SAME_CONSONANTS)
        hows[consonants] = HOW_CODES["phonetic"]
    kunya = np.fromiter((p.kind is PartKind.KUNYA for p in parts), dtype=np.bool_)
    sims[kunya[query] != kunya[candidate]] *= _ONE_KUNYA  # Abu Bakr is not Bakr
    return sims, hows


def _ratios(
    parts: Sequence[NamePart],
    numbered: tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]],
) -> npt.NDArray[np.float64]:
    """The spelling ratio of each pair of parts (by number: ``numbered``), raised to
    ``ONE_EDIT`` for a single typo in a long word: ``_finish`` short of its consonant rule."""
    forms: list[str] = []
    forms_at = [0]
    for part in parts:
        forms += part.forms[:_FORMS]
        forms_at.append(len(forms))
    ends = np.asarray(forms_at, dtype=np.int32)
    query, candidate = numbered
    count = np.diff(ends)
    both = (count[query] > 0) & (count[candidate] > 0)  # else a ratio of 0
    ratios = np.zeros(len(query))
    if both.any():
        left, right, starts = kernels.form_pairs((query[both], candidate[both]), ends)
        strings = np.empty(len(forms), dtype=object)
        strings[:] = forms
        scores = process.cpdist(
            strings[left], strings[right], scorer=Indel.normalized_similarity, dtype=np.float64
        )
        ratios[both] = np.maximum.reduceat(scores, starts.astype(np.intp))
    close = np.flatnonzero((ratios >= _ONE_EDIT_FROM) & (ratios < ONE_EDIT))
    for k in close.tolist():
        if _one_edit(parts[query[k]], parts[candidate[k]]):
            ratios[k] = ONE_EDIT
    return ratios


# The array type code of an unsigned 32-bit word ("I" on every platform Python builds for).
_WORD = next(t for t in "IL" if array(t).itemsize == 4)


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


def _tajik(part: NamePart) -> bool:
    """Whether the part may be a Tajik surname in its Tajik form (``_surname_forms``)."""
    return bool(part.latin) and part.latin[0].endswith("zoda")


def part_code(part: NamePart) -> bytes:
    """What ``kernels.part_pairs`` reads of a part, as unsigned 32-bit words: the CRC-32 of its
    case-folded text, whether it may be a Tajik surname (``_surname_forms``), the counts of
    the four sets that follow, and each set's hashes in ascending order: its Latin spellings,
    its forms, its consonant skeletons, its symbols. Made once per part and kept on it (a part
    unpickled from an index an earlier version saved has none yet)."""
    code = getattr(part, "code", None)
    if code is None:
        hashed = [
            sorted({_crc(s) for s in strings})
            for strings in (part.latin_set, part.forms_set, part.consonant_set, part.symbols)
        ]
        words = [_crc(part.text.casefold()), int(_tajik(part)), *map(len, hashed)]
        for block in hashed:
            words += block
        code = array(_WORD, words).tobytes()
        object.__setattr__(part, "code", code)
    return code


def _ratio(q: NamePart, c: NamePart) -> float:
    """The greatest normalised Indel similarity of the parts' first ``_FORMS`` phonetic forms
    (0 when either has none)."""
    return max(
        (Indel.normalized_similarity(a, b) for a in q.forms[:_FORMS] for b in c.forms[:_FORMS]),
        default=0.0,
    )


def _kunya(q: NamePart, c: NamePart, found: tuple[float, str]) -> tuple[float, str]:
    """A similarity lowered when one part is a kunya and the other is not."""
    if (q.kind is PartKind.KUNYA) != (c.kind is PartKind.KUNYA):
        return found[0] * _ONE_KUNYA, found[1]  # Abu Bakr is not Bakr
    return found


def _shortcut(q: NamePart, c: NamePart) -> tuple[float, str] | None:
    """The similarity of two parts that match without comparing their spellings letter by
    letter: written alike, spelled alike in Latin or phonetically, or one name by a shared
    symbol. None for the others, which ``_finish`` scores from their spelling ratio."""
    if q.text.casefold() == c.text.casefold():
        return 1.0, "exact"
    if not q.latin_set.isdisjoint(c.latin_set):
        return 1.0, "exact" if q.ascii and c.ascii else "transliteration"
    if not q.forms_set.isdisjoint(c.forms_set):
        return 1.0, "phonetic"  # equal after folding the spelling-equivalence classes
    shared = q.symbols & c.symbols
    if shared:
        # "ar:" ids are the curated spellings of one Arabic name: a known transliteration.
        if any(s.startswith("ar:") for s in shared):
            return 1.0, "transliteration"
        # One Wikidata name with the same consonants: Alexander/Aleksandr.
        same_consonants = not q.consonant_set.isdisjoint(c.consonant_set)
        return (1.0, "phonetic") if same_consonants else (0.97, "symbol")
    tajik = q.latin and c.latin and (_tajik(q) or _tajik(c))
    if tajik and (_surname_forms(q, c) or _surname_forms(c, q)):
        return ONE_EDIT, "surname form"
    return None


def _surname_forms(tajik: NamePart, other: NamePart) -> bool:
    """Whether ``tajik`` is a Tajik surname in its Tajik form and ``other`` the same surname
    Russified (Karimzoda, Karimov or Karimova: ``names.parts.russified_surname``). Scored as
    a single typo is: two forms of one family name, which need not be one person's."""
    russified = {phonetic_form(r) for r in map(russified_surname, tajik.latin[:3]) if r}
    if not russified:
        return False
    return any(phonetic_form(masculine_form(s) or s) in russified for s in other.latin[:3])


def _finish(q: NamePart, c: NamePart, ratio: float) -> tuple[float, str]:
    """The similarity of two parts ``_shortcut`` leaves, from their spelling ratio (``_ratio``):
    raised for a single typo in a long word (``_one_edit``) and for the same consonants."""
    if _ONE_EDIT_FROM <= ratio < ONE_EDIT and _one_edit(q, c):
        ratio = ONE_EDIT
    if not q.consonant_set.isdisjoint(c.consonant_set):
        # Same consonants, other vowels: what unvocalised Arabic and e/ie/ye variation give;
        # Hasan/Husayn pass too, deliberately, at less than 1.
        return max(ratio, _SAME_CONSONANTS), "phonetic"
    return ratio, "typo"


def _one_edit(q: NamePart, c: NamePart) -> bool:
    """Whether a spelling of one part is a single typo of the other's (one letter inserted,
    left out, changed, or two neighbours swapped), in words of at least ``_ONE_EDIT_MIN``
    letters."""
    return any(
        min(len(a), len(b)) >= _ONE_EDIT_MIN and OSA.distance(a, b, score_cutoff=1) <= 1
        for a in q.latin[:3]
        for b in c.latin[:3]
    )


def compare_names(
    query: AnalysedName,
    candidate: AnalysedName,
    config: MatchConfig,
    weigh: Weigh,
    similarity: Similarity = compare_parts,
) -> tuple[float, list[Alignment], list[str], list[str]]:
    """Order-free alignment of the parts (greedy assignment on the similarity matrix, best
    pairs first) and the name score: aligned weight times similarity over all weight, where
    unmatched parts count by their rarity (patronymics and nasab less). ``similarity`` may be
    a memoised ``compare_parts``.

    Two names with the same kunya and abd- words of their own (Abu, Abdul) are also compared
    with those words set aside (``AnalysedName.ungrouped``), and the better of the two
    readings counts (the grouped one on a tie): Abdul Hafiz ZAMANI is then Hafiz Abdul
    ZAMANI, and Abdul ZAMANI is Abdul Wadud ZAMANI with a word left out. Parts weigh as
    ``AnalysedName.weighed`` says. Names with other particles, or none, are compared grouped
    only: Bakr HADDAD is not Abu Bakr HADDAD with a particle left out (Abu Bakr is a name of
    its own), nor Abu Rahman Abdul Rahman."""
    found = _aligned(query, candidate, config, weigh, similarity)
    apart, other = query.ungrouped, candidate.ungrouped
    if apart is not None and other is not None and apart.particles == other.particles:
        read_apart = _aligned(apart, other, config, weigh, similarity)
        if read_apart[0] > found[0]:
            found = read_apart
    return found


def _aligned(
    query: AnalysedName,
    candidate: AnalysedName,
    config: MatchConfig,
    weigh: Weigh,
    similarity: Similarity,
) -> tuple[float, list[Alignment], list[str], list[str]]:
    """``compare_names`` of one reading of each name."""
    query_parts, candidate_parts = query.parts, candidate.parts
    query_weights = [weigh(p) for p in query.weighed()]
    candidate_weights = [weigh(p) for p in candidate.weighed()]
    pairs: list[tuple[float, int, int, str]] = []
    for i, qp in enumerate(query_parts):
        for j, cp in enumerate(candidate_parts):
            sim, how = similarity(qp, cp)
            if sim >= config.part_min:
                pairs.append((sim, i, j, how))
    pairs.sort(key=lambda p: -p[0])
    used_q: set[int] = set()
    used_c: set[int] = set()
    alignments: list[Alignment] = []
    matched = total = 0.0
    for sim, i, j, how in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        weight = (query_weights[i] + candidate_weights[j]) / 2
        matched += weight * sim
        total += weight
        alignments.append(Alignment(query_parts[i].text, candidate_parts[j].text, how, sim, weight))
    unmatched_q = [i for i in range(len(query_parts)) if i not in used_q]
    unmatched_c = [j for j in range(len(candidate_parts)) if j not in used_c]
    for i in unmatched_q:
        factor = minor_factor(query_parts[i], config)
        total += query_weights[i] * config.unmatched_query * factor
    query_kinds = {p.kind for p in query_parts}
    for j in unmatched_c:
        # A patronymic, nasab or legal form the query does not have at all was left out, not
        # contradicted: passenger data never carries a patronymic.
        p = candidate_parts[j]
        absent = p.kind in MINOR_KINDS and p.kind not in query_kinds
        factor = config.absent_part if absent else minor_factor(p, config)
        total += candidate_weights[j] * config.unmatched_candidate * factor
    score = matched / total if total else 0.0
    return (
        score,
        alignments,
        [query_parts[i].text for i in unmatched_q],
        [candidate_parts[j].text for j in unmatched_c],
    )


def minor_factor(part: NamePart, config: MatchConfig) -> float:
    """A part's weight factor: ``minor_part`` for a patronymic, nasab or legal form, else 1."""
    return config.minor_part if part.kind in MINOR_KINDS else 1.0


def compare_birth_dates(
    query: Birth, candidate: tuple[Birth, ...], config: MatchConfig
) -> tuple[str, float] | None:
    """The best birth-date evidence over the candidate's dates: exact (same day), compatible
    (overlapping: same year or month, inside a range or an approximate date), near (within two
    years), conflicting; None when either side has no date."""
    if not candidate:
        return None
    best: tuple[str, float] | None = None
    for lo, hi, approx in candidate:
        if approx:
            lo, hi = lo - APPROXIMATE_DAYS, hi + APPROXIMATE_DAYS
        qlo, qhi = query[0], query[1]
        if query[2]:
            qlo, qhi = qlo - APPROXIMATE_DAYS, qhi + APPROXIMATE_DAYS
        if qlo <= hi and lo <= qhi:
            exact = qlo == qhi == lo == hi
            found = ("exact", config.dob_exact) if exact else ("compatible", config.dob_compatible)
        elif min(abs(qlo - hi), abs(lo - qhi)) <= NEAR_DAYS:
            found = ("near", config.dob_near)
        else:
            found = ("conflicting", config.dob_conflict)
        if best is None or found[1] > best[1]:
            best = found
    return best


def gate(name_score: float, config: MatchConfig) -> float:
    """How far the name score lets positive evidence count: 0 below ``gate_low``, 1 above
    ``gate_high``."""
    span = config.gate_high - config.gate_low
    return min(1.0, max(0.0, (name_score - config.gate_low) / span))


def logit(probability: float) -> float:
    """The logit of a probability in (0, 1): the score's threshold on the logit scale."""
    return math.log(probability / (1.0 - probability))


@lru_cache(maxsize=1024)
def name_floor(limit: float, bonus: float, config: MatchConfig) -> float:
    """The least name score ``s`` with ``intercept + name_weight * s + gate(s) * bonus`` at or
    above the logit of ``limit`` (bisection; the left side rises with ``s``); 1.0 when no name
    score reaches it."""
    if limit >= 1.0:
        return 1.0
    target = logit(limit)
    lo, hi = 0.0, 1.0
    if config.intercept + config.name_weight * hi + bonus < target:
        return 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if config.intercept + config.name_weight * mid + gate(mid, config) * bonus >= target:
            hi = mid
        else:
            lo = mid
    return hi


NameResult = tuple[float, list[Alignment], list[str], list[str]]


class Memo:
    """Comparisons remembered for one query name: part pairs by object identity (candidate
    parts are interned by the index and recur across candidates) and whole candidate names
    (the index interns identical names across subjects too). ``sibling`` shares the part
    comparisons with the other names of a batch."""

    __slots__ = ("_names", "_parts", "_weights")

    def __init__(self) -> None:
        self._parts: dict[tuple[int, int], tuple[float, str]] = {}
        self._names: dict[int, NameResult] = {}
        self._weights: dict[int, float] = {}

    def sibling(self) -> Memo:
        """A memo for another query name of the same batch: part comparisons and weights are
        shared (they do not depend on the query name, and every part object stays alive for
        the batch), whole-name comparisons are not."""
        other = Memo()
        other._parts = self._parts
        other._weights = self._weights
        return other

    @property
    def part_results(self) -> dict[tuple[int, int], tuple[float, str]]:
        """The part comparisons, by the parts' object ids (shared with the siblings): the
        caller may add ``compare_parts`` results it has made."""
        return self._parts

    def parts(self, query: NamePart, candidate: NamePart) -> tuple[float, str]:
        key = (id(query), id(candidate))
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = compare_parts(query, candidate)
        return found

    def names(
        self, query: AnalysedName, candidate: AnalysedName, config: MatchConfig, weigh: Weigh
    ) -> NameResult:
        found = self._names.get(id(candidate))
        if found is None:
            weights = self._weights

            def weigh_once(part: NamePart) -> float:
                w = weights.get(id(part))
                if w is None:
                    w = weights[id(part)] = weigh(part)
                return w

            found = compare_names(query, candidate, config, weigh_once, self.parts)
            self._names[id(candidate)] = found
        return found


def score_subject(
    query: Facts,
    candidate: Facts,
    config: MatchConfig,
    weigh: Weigh,
    memo: Memo | None = None,
    only: Sequence[int] | None = None,
) -> tuple[float, str, Explanation]:
    """Probability that ``candidate`` is the person ``query`` describes, the candidate name
    that matched best, and the explanation. ``memo`` must belong to this one query. With
    ``only``, the candidate's names at those positions are compared and not the others: the
    caller knows that none of the others can score best."""
    memo = memo or Memo()
    qname = query.names[0][0]
    best: tuple[float, AnalysedName, bool, list[Alignment], list[str], list[str]] | None = None
    names = candidate.names if only is None else [candidate.names[k] for k in only]
    for name, weak in names:
        score, aligned, un_q, un_c = memo.names(qname, name, config, weigh)
        if best is None or score > best[0]:
            best = (score, name, weak, aligned, un_q, un_c)
    assert best is not None  # a subject has at least one name
    name_score, name, weak, aligned, un_q, un_c = best
    gate_factor = gate(name_score, config)
    logit = config.intercept + config.name_weight * name_score
    evidence = [Evidence("name", f"{name_score:.3f}", logit)]
    if weak:
        evidence.append(Evidence("weak_alias", "matched a weak alias", config.weak_alias))
    if query.births:
        found = compare_birth_dates(query.births[0], candidate.births, config)
        if found is not None:
            evidence.append(Evidence("birth_date", found[0], _gated(found[1], gate_factor)))
    _add_nationality(query, candidate, config, gate_factor, evidence)
    if query.gender and candidate.gender:
        same = query.gender == candidate.gender
        value = config.gender_match if same else config.gender_mismatch
        evidence.append(
            Evidence("gender", "match" if same else "mismatch", _gated(value, gate_factor))
        )
    if query.documents and candidate.documents:
        if not set(query.documents).isdisjoint(candidate.documents):
            evidence.append(Evidence("document", "match", config.document_match))
        else:
            evidence.append(Evidence("document", "different", 0.0))
    logit += sum(e.contribution for e in evidence[1:])
    explanation = Explanation(name_score, aligned, un_q, un_c, evidence, logit)
    return _sigmoid(logit), name.text, explanation


def _add_nationality(
    query: Facts, candidate: Facts, config: MatchConfig, gate: float, out: list[Evidence]
) -> None:
    if not query.nationalities or not candidate.nationalities:
        return
    if not set(query.nationalities).isdisjoint(candidate.nationalities):
        out.append(Evidence("nationality", "match", _gated(config.nationality_match, gate)))
    else:
        out.append(Evidence("nationality", "mismatch", config.nationality_mismatch))


def _gated(value: float, gate: float) -> float:
    """Positive evidence only confirms a matching name; negative evidence always counts."""
    return value * gate if value > 0 else value


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
