"""Storage: SQLAlchemy tables, the unit of work, repositories and Alembic migrations.

This package is the only place that knows which database it talks to.
"""

from interlink.store.database import Database
from interlink.store.uow import UnitOfWork

__all__ = ["Database", "UnitOfWork"]
