"""The unit of work: one transaction and the repositories that share it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from interlink.store.repositories.accounts import LoginAttemptRepository, TokenRepository
from interlink.store.repositories.agencies import AgencyRepository, UserRepository
from interlink.store.repositories.agreements import AgreementRepository
from interlink.store.repositories.audit import AuditRepository
from interlink.store.repositories.encounters import EncounterRepository
from interlink.store.repositories.imports import ImportRunRepository
from interlink.store.repositories.judgements import JudgementRepository
from interlink.store.repositories.notifications import NotificationRepository
from interlink.store.repositories.requests import RequestRepository
from interlink.store.repositories.screenings import ScreeningRepository
from interlink.store.repositories.subjects import SubjectRepository


class UnitOfWork:
    """Repositories over one connection inside one transaction.

    Made by ``Database.uow()``; the transaction commits when that block ends without error.
    """

    def __init__(self, connection: Connection, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.agencies = AgencyRepository(connection)
        self.users = UserRepository(connection)
        self.agreements = AgreementRepository(connection)
        self.imports = ImportRunRepository(connection)
        self.tokens = TokenRepository(connection)
        self.logins = LoginAttemptRepository(connection)
        self.judgements = JudgementRepository(connection)
        self.subjects = SubjectRepository(connection, self.insert_ignore, dialect)
        self.audit = AuditRepository(connection, dialect)
        self.screenings = ScreeningRepository(connection, self.insert_ignore)
        self.notifications = NotificationRepository(connection)
        self.requests = RequestRepository(connection)
        self.encounters = EncounterRepository(connection)

    def insert_ignore(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows, skipping those that collide with an existing key (dialect-specific)."""
        if not rows:
            return
        if self.dialect == "postgresql":
            self.connection.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
        else:
            self.connection.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
