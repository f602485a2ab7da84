"""Agencies and users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from interlink.domain.agencies import AgencyKind, AgencySpec, Role, UserSpec
from interlink.exc import ConflictError, NotFoundError
from interlink.store.tables import agencies, user_roles, users


@dataclass(frozen=True, slots=True)
class Agency:
    id: int
    code: str
    name: str
    kind: AgencyKind
    country: str | None
    # Answers to requests under H2 or H3 wait for a second officer's release.
    four_eyes: bool = True


def _agency(row: Any) -> Agency:
    return Agency(row.id, row.code, row.name, AgencyKind(row.kind), row.country, row.four_eyes)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    agency_code: str
    display_name: str
    roles: tuple[Role, ...]
    clearance: str


class AgencyRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add(self, spec: AgencySpec) -> Agency:
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    agencies.insert().returning(agencies.c.id),
                    {**spec.model_dump(mode="json"), "created_at": datetime.now(UTC)},
                ).scalar_one()
        except IntegrityError as error:
            raise ConflictError(f"agency {spec.code} exists already") from error
        return Agency(new_id, spec.code, spec.name, spec.kind, spec.country)

    def get(self, code: str) -> Agency:
        found = self.find(code)
        if found is None:
            raise NotFoundError(f"no agency with code {code}")
        return found

    def find(self, code: str) -> Agency | None:
        row = self._conn.execute(select(agencies).where(agencies.c.code == code)).first()
        if row is None:
            return None
        return _agency(row)

    def ensure(self, spec: AgencySpec) -> Agency:
        """The agency with ``spec.code``, created from ``spec`` if it does not exist yet."""
        return self.find(spec.code) or self.add(spec)

    def all(self) -> list[Agency]:
        rows = self._conn.execute(select(agencies).order_by(agencies.c.code))
        return [_agency(r) for r in rows]

    def set_four_eyes(self, code: str, on: bool) -> Agency:
        self.get(code)
        self._conn.execute(agencies.update().where(agencies.c.code == code).values(four_eyes=on))
        return self.get(code)

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(agencies)).scalar_one())


class UserRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add(self, spec: UserSpec, agency: Agency, password_hash: str | None = None) -> User:
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    users.insert().returning(users.c.id),
                    {
                        "username": spec.username,
                        "agency_id": agency.id,
                        "display_name": spec.display_name,
                        "clearance": spec.clearance,
                        "password_hash": password_hash,
                        "created_at": datetime.now(UTC),
                    },
                ).scalar_one()
        except IntegrityError as error:
            raise ConflictError(f"user {spec.username} exists already") from error
        self._conn.execute(
            user_roles.insert(), [{"user_id": new_id, "role": r.value} for r in spec.roles]
        )
        return User(
            new_id, spec.username, agency.code, spec.display_name, spec.roles, spec.clearance
        )

    def credentials(self, username: str) -> tuple[User, str | None] | None:
        """The active user called ``username`` and their password hash, or None when there is
        no such user or the user is disabled."""
        row = self._conn.execute(
            select(users, agencies.c.code.label("agency_code"))
            .join(agencies, agencies.c.id == users.c.agency_id)
            .where(users.c.username == username, users.c.disabled_at.is_(None))
        ).first()
        if row is None:
            return None
        return self._user(row), row.password_hash

    def get_by_id(self, user_id: int) -> User:
        """The active user with id ``user_id`` (``NotFoundError`` when missing or disabled)."""
        row = self._conn.execute(
            select(users, agencies.c.code.label("agency_code"))
            .join(agencies, agencies.c.id == users.c.agency_id)
            .where(users.c.id == user_id, users.c.disabled_at.is_(None))
        ).first()
        if row is None:
            raise NotFoundError(f"no active user with id {user_id}")
        return self._user(row)

    def _user(self, row: Any) -> User:
        roles = self._conn.execute(
            select(user_roles.c.role).where(user_roles.c.user_id == row.id)
        ).scalars()
        return User(
            row.id,
            row.username,
            row.agency_code,
            row.display_name,
            tuple(sorted(Role(r) for r in roles)),
            row.clearance,
        )

    def set_password(self, user_id: int, password_hash: str) -> None:
        self._conn.execute(
            users.update().where(users.c.id == user_id).values(password_hash=password_hash)
        )

    def disable(self, user_id: int, at: datetime) -> None:
        """Disable a user: logins and the user's tokens stop working; the row stays."""
        self._conn.execute(users.update().where(users.c.id == user_id).values(disabled_at=at))

    def all(self, agency_code: str | None = None) -> list[User]:
        query = (
            select(users, agencies.c.code.label("agency_code"))
            .join(agencies, agencies.c.id == users.c.agency_id)
            .order_by(users.c.username)
        )
        if agency_code is not None:
            query = query.where(agencies.c.code == agency_code)
        rows = self._conn.execute(query).all()
        roles: dict[int, list[Role]] = {}
        for user_id, role in self._conn.execute(select(user_roles.c.user_id, user_roles.c.role)):
            roles.setdefault(user_id, []).append(Role(role))
        return [
            User(
                r.id,
                r.username,
                r.agency_code,
                r.display_name,
                tuple(sorted(roles.get(r.id, []))),
                r.clearance,
            )
            for r in rows
        ]
