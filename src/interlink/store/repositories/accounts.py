"""API tokens and login attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, select

from interlink.store.tables import agencies, api_tokens, login_attempts, users


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A token as stored: never the token itself, only its digest."""

    id: int
    user_id: int
    username: str
    agency_code: str
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def state(self, now: datetime) -> str:
        """ "active", "revoked" or "expired" at ``now``."""
        if self.revoked_at is not None:
            return "revoked"
        return "active" if now < self.expires_at else "expired"


_TOKEN_COLUMNS = (
    api_tokens.c.id,
    api_tokens.c.user_id,
    users.c.username,
    agencies.c.code.label("agency_code"),
    api_tokens.c.name,
    api_tokens.c.created_at,
    api_tokens.c.expires_at,
    api_tokens.c.revoked_at,
    api_tokens.c.last_used_at,
)


class TokenRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def _query(self) -> Select[Any]:
        return (
            select(*_TOKEN_COLUMNS)
            .join(users, users.c.id == api_tokens.c.user_id)
            .join(agencies, agencies.c.id == users.c.agency_id)
        )

    def add(
        self, user_id: int, name: str, digest: str, created_at: datetime, expires_at: datetime
    ) -> TokenRecord:
        new_id = self._conn.execute(
            api_tokens.insert().returning(api_tokens.c.id),
            {
                "user_id": user_id,
                "name": name,
                "token_sha256": digest,
                "created_at": created_at,
                "expires_at": expires_at,
            },
        ).scalar_one()
        found = self.get(new_id)
        assert found is not None
        return found

    def get(self, token_id: int) -> TokenRecord | None:
        row = self._conn.execute(self._query().where(api_tokens.c.id == token_id)).first()
        return None if row is None else TokenRecord(*row)

    def by_digest(self, digest: str) -> TokenRecord | None:
        """The token with this digest, if its user is not disabled."""
        row = self._conn.execute(
            self._query().where(api_tokens.c.token_sha256 == digest, users.c.disabled_at.is_(None))
        ).first()
        return None if row is None else TokenRecord(*row)

    def for_agency(self, agency_code: str) -> list[TokenRecord]:
        rows = self._conn.execute(
            self._query().where(agencies.c.code == agency_code).order_by(api_tokens.c.id)
        )
        return [TokenRecord(*r) for r in rows]

    def revoke(self, token_id: int, by: str, at: datetime) -> None:
        self._conn.execute(
            api_tokens.update()
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at, revoked_by=by)
        )

    def touch(self, token_id: int, at: datetime) -> None:
        self._conn.execute(
            api_tokens.update().where(api_tokens.c.id == token_id).values(last_used_at=at)
        )


class LoginAttemptRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def record(self, username: str, source: str, at: datetime, succeeded: bool) -> None:
        self._conn.execute(
            login_attempts.insert(),
            {"username": username[:64], "source": source[:64], "at": at, "succeeded": succeeded},
        )

    def failures_since(
        self, since: datetime, *, username: str | None = None, source: str | None = None
    ) -> list[datetime]:
        """Times of failed attempts after ``since`` for a user name or a source."""
        query = select(login_attempts.c.at).where(
            login_attempts.c.at > since, login_attempts.c.succeeded.is_(False)
        )
        if username is not None:
            query = query.where(login_attempts.c.username == username[:64])
        if source is not None:
            query = query.where(login_attempts.c.source == source[:64])
        return list(self._conn.execute(query).scalars())
