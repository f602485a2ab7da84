"""Result types: fast ``__slots__`` classes for the hot path, ``to_dict()`` for people.

A ``Match`` carries its ``Explanation``: which query part aligned with which candidate part and
how (exact, transliteration, phonetic, symbol, typo, surname form), the parts left unmatched,
and what each piece of evidence (birth date, nationality, gender, document, weak alias) added
to the logit.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Alignment", "Evidence", "Explanation", "Match", "Query"]


class Alignment:
    """One query part aligned with one candidate part."""

    __slots__ = ("candidate", "how", "query", "similarity", "weight")

    def __init__(
        self, query: str, candidate: str, how: str, similarity: float, weight: float
    ) -> None:
        self.query = query
        self.candidate = candidate
        self.how = how  # exact | transliteration | phonetic | symbol | typo | surname form
        self.similarity = similarity
        self.weight = weight  # the pair's rarity weight in the name score

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "candidate": self.candidate,
            "how": self.how,
            "similarity": round(self.similarity, 3),
            "weight": round(self.weight, 3),
        }


class Evidence:
    """What one feature added to the logit, and why."""

    __slots__ = ("contribution", "feature", "value")

    def __init__(self, feature: str, value: str, contribution: float) -> None:
        self.feature = feature  # name | birth_date | nationality | gender | document | ...
        self.value = value  # exact | compatible | near | conflicting | match | mismatch ...
        self.contribution = contribution

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "value": self.value,
            "contribution": round(self.contribution, 3),
        }


class Explanation:
    __slots__ = (
        "alignments",
        "evidence",
        "logit",
        "name_score",
        "unmatched_candidate",
        "unmatched_query",
    )

    def __init__(
        self,
        name_score: float,
        alignments: list[Alignment],
        unmatched_query: list[str],
        unmatched_candidate: list[str],
        evidence: list[Evidence],
        logit: float,
    ) -> None:
        self.name_score = name_score
        self.alignments = alignments
        self.unmatched_query = unmatched_query
        self.unmatched_candidate = unmatched_candidate
        self.evidence = evidence
        self.logit = logit

    def to_dict(self) -> dict[str, Any]:
        return {
            "name_score": round(self.name_score, 3),
            "alignments": [a.to_dict() for a in self.alignments],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_candidate": list(self.unmatched_candidate),
            "evidence": [e.to_dict() for e in self.evidence],
            "logit": round(self.logit, 3),
        }


class Match:
    """A scored candidate: ``score`` is a calibrated probability in [0, 1]."""

    __slots__ = ("explanation", "name", "score", "uid")

    def __init__(self, uid: str, score: float, name: str, explanation: Explanation) -> None:
        self.uid = uid
        self.score = score
        self.name = name  # the candidate's name that matched best
        self.explanation = explanation

    def __repr__(self) -> str:
        return f"Match({self.uid!r}, {self.score:.3f}, {self.name!r})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "score": round(self.score, 4),
            "name": self.name,
            "explanation": self.explanation.to_dict(),
        }


class Query:
    """One query of a batch (``Index.search_many``); the fields of ``Index.search``."""

    __slots__ = ("birth_date", "document_number", "gender", "name", "nationality")

    def __init__(
        self,
        name: str,
        birth_date: str | None = None,
        nationality: str | None = None,
        gender: str | None = None,
        document_number: str | None = None,
    ) -> None:
        self.name = name
        self.birth_date = birth_date
        self.nationality = nationality
        self.gender = gender
        self.document_number = document_number
