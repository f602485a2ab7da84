"""Judgements on screening pairs: rows, never overwrites; the newest row for a pair is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, func, select

from interlink.store.tables import match_judgements


class Judgement(StrEnum):
    FALSE_POSITIVE = "false_positive"
    CONFIRMED = "confirmed"
    # Takes back an earlier judgement: the pair alerts again.
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class JudgementRow:
    traveller_key: str
    subject_uid: str
    judgement: Judgement
    decided_by: str
    decided_at: datetime
    note: str | None


class JudgementRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def record(
        self,
        traveller_key: str,
        subject_uid: str,
        judgement: Judgement,
        *,
        decided_by: str,
        at: datetime,
        note: str | None = None,
        agency: str | None = None,
    ) -> None:
        self._conn.execute(
            match_judgements.insert(),
            {
                "traveller_key": traveller_key,
                "subject_uid": subject_uid,
                "judgement": judgement.value,
                "decided_by": decided_by,
                "decided_at": at,
                "note": note,
                "agency": agency,
            },
        )

    def false_positives(self, agency: str | None = None) -> set[tuple[str, str]]:
        """Every (traveller_key, subject_uid) pair whose newest judgement is a false positive:
        the operator's own (``agency`` None), or one agency's on the hub."""
        of_agency = (
            match_judgements.c.agency.is_(None)
            if agency is None
            else match_judgements.c.agency == agency
        )
        newest = (
            select(func.max(match_judgements.c.id))
            .where(of_agency)
            .group_by(match_judgements.c.traveller_key, match_judgements.c.subject_uid)
            .scalar_subquery()
        )
        query = select(match_judgements.c.traveller_key, match_judgements.c.subject_uid).where(
            match_judgements.c.id.in_(newest),
            match_judgements.c.judgement == Judgement.FALSE_POSITIVE.value,
        )
        return {(key, uid) for key, uid in self._conn.execute(query)}

    def history(self, traveller_key: str, subject_uid: str) -> list[JudgementRow]:
        query = (
            select(match_judgements)
            .where(
                match_judgements.c.traveller_key == traveller_key,
                match_judgements.c.subject_uid == subject_uid,
            )
            .order_by(match_judgements.c.id)
        )
        return [
            JudgementRow(
                r.traveller_key,
                r.subject_uid,
                Judgement(r.judgement),
                r.decided_by,
                r.decided_at,
                r.note,
            )
            for r in self._conn.execute(query)
        ]
