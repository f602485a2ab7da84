"""Agreements between agencies: parties, topic terms, validity and suspension."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from interlink.domain.agencies import AgreementKind, AgreementSpec, TopicTerm
from interlink.domain.codes import Priority, SharingLevel, Topic
from interlink.exc import ConflictError, NotFoundError
from interlink.store.tables import agencies, agreement_parties, agreement_terms, agreements


@dataclass(frozen=True, slots=True)
class Agreement:
    id: int
    code: str
    title: str
    kind: AgreementKind
    parties: tuple[str, ...]
    terms: tuple[TopicTerm, ...]
    valid_from: date
    valid_to: date | None
    suspended_at: datetime | None
    suspended_reason: str | None
    # Parties that have not accepted yet: the agreement is pending until none is left.
    pending: tuple[str, ...] = ()
    # Hours to answer a request, per priority; the defaults for those left out.
    response_hours: Mapping[Priority, int] = field(default_factory=dict)

    def in_force(self, on: date) -> bool:
        """True when every party accepted, the agreement is valid on ``on`` and not suspended."""
        if self.suspended_at is not None or self.pending:
            return False
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class AgreementRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add(self, spec: AgreementSpec, proposed_by: tuple[str, str] | None = None) -> Agreement:
        """Store an agreement. Entered by the operator (``proposed_by`` None) it is accepted by
        every party; proposed by ``(agency code, user name)`` only that party has accepted, and
        the agreement is pending until every other party accepts (``accept``)."""
        ids = {
            code: agency_id
            for code, agency_id in self._conn.execute(
                select(agencies.c.code, agencies.c.id).where(agencies.c.code.in_(spec.parties))
            )
        }
        missing = [code for code in spec.parties if code not in ids]
        if missing:
            raise NotFoundError(f"no agency with code {', '.join(missing)}")
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    agreements.insert().returning(agreements.c.id),
                    {
                        "code": spec.code,
                        "title": spec.title,
                        "kind": spec.kind.value,
                        "valid_from": spec.valid_from,
                        "valid_to": spec.valid_to,
                        "created_at": datetime.now(UTC),
                        "response_hours": (
                            json.dumps({p.value: h for p, h in spec.response_hours.items()})
                            if spec.response_hours
                            else None
                        ),
                    },
                ).scalar_one()
        except IntegrityError as error:
            raise ConflictError(f"agreement {spec.code} exists already") from error
        now = datetime.now(UTC)
        accepted = {
            c: (now, proposed_by[1] if proposed_by else "operator")
            for c in spec.parties
            if proposed_by is None or c == proposed_by[0]
        }
        self._conn.execute(
            agreement_parties.insert(),
            [
                {
                    "agreement_id": new_id,
                    "agency_id": ids[c],
                    "accepted_at": accepted.get(c, (None, None))[0],
                    "accepted_by": accepted.get(c, (None, None))[1],
                }
                for c in spec.parties
            ],
        )
        self._conn.execute(
            agreement_terms.insert(),
            [
                {"agreement_id": new_id, "topic": t.topic.value, "level": t.level.value}
                for t in spec.terms
            ],
        )
        return self.get(spec.code)

    def suspend(self, code: str, reason: str, at: datetime) -> Agreement:
        agreement = self.get(code)
        self._conn.execute(
            agreements.update()
            .where(agreements.c.id == agreement.id)
            .values(suspended_at=at, suspended_reason=reason)
        )
        return self.get(code)

    def accept(self, code: str, agency: str, by: str, at: datetime) -> Agreement:
        """Record ``agency``'s acceptance (by the user ``by``)."""
        agreement = self.get(code)
        agency_id = select(agencies.c.id).where(agencies.c.code == agency).scalar_subquery()
        self._conn.execute(
            agreement_parties.update()
            .where(
                agreement_parties.c.agreement_id == agreement.id,
                agreement_parties.c.agency_id == agency_id,
                agreement_parties.c.accepted_at.is_(None),
            )
            .values(accepted_at=at, accepted_by=by)
        )
        return self.get(code)

    def resume(self, code: str) -> Agreement:
        agreement = self.get(code)
        self._conn.execute(
            agreements.update()
            .where(agreements.c.id == agreement.id)
            .values(suspended_at=None, suspended_reason=None)
        )
        return self.get(code)

    def get(self, code: str) -> Agreement:
        found = self._load(agreements.c.code == code)
        if not found:
            raise NotFoundError(f"no agreement with code {code}")
        return found[0]

    def all(self, agency_code: str | None = None) -> list[Agreement]:
        found = self._load(None)
        if agency_code is None:
            return found
        return [a for a in found if agency_code in a.parties]

    def _load(self, where: object) -> list[Agreement]:
        query = select(agreements).order_by(agreements.c.code)
        if where is not None:
            query = query.where(where)  # type: ignore[arg-type]
        rows = self._conn.execute(query).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        parties: dict[int, list[str]] = {}
        pending: dict[int, list[str]] = {}
        for agreement_id, code, accepted_at in self._conn.execute(
            select(
                agreement_parties.c.agreement_id, agencies.c.code, agreement_parties.c.accepted_at
            )
            .join(agencies, agencies.c.id == agreement_parties.c.agency_id)
            .where(agreement_parties.c.agreement_id.in_(ids))
            .order_by(agencies.c.code)
        ):
            parties.setdefault(agreement_id, []).append(code)
            if accepted_at is None:
                pending.setdefault(agreement_id, []).append(code)
        terms: dict[int, list[TopicTerm]] = {}
        for term in self._conn.execute(
            select(agreement_terms)
            .where(agreement_terms.c.agreement_id.in_(ids))
            .order_by(agreement_terms.c.topic)
        ):
            terms.setdefault(term.agreement_id, []).append(
                TopicTerm(topic=Topic(term.topic), level=SharingLevel(term.level))
            )
        return [
            Agreement(
                r.id,
                r.code,
                r.title,
                AgreementKind(r.kind),
                tuple(parties.get(r.id, [])),
                tuple(terms.get(r.id, [])),
                r.valid_from,
                r.valid_to,
                r.suspended_at,
                r.suspended_reason,
                tuple(pending.get(r.id, [])),
                {Priority(p): h for p, h in json.loads(r.response_hours or "{}").items()},
            )
            for r in rows
        ]
