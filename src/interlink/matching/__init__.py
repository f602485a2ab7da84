"""Matching: the watchlist index, candidate retrieval, scoring with explanations.

Pure computation, no I/O: ``Index.build(records)`` from ``SubjectRecord``s, then
``index.search(name, ...)`` or ``index.search_many(queries)``.
"""

from __future__ import annotations

from interlink.matching.config import DEFAULT_CONFIG, MatchConfig
from interlink.matching.index import Index
from interlink.matching.types import Alignment, Evidence, Explanation, Match, Query

__all__ = [
    "DEFAULT_CONFIG",
    "Alignment",
    "Evidence",
    "Explanation",
    "Index",
    "Match",
    "MatchConfig",
    "Query",
]
