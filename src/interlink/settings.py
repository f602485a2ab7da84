"""One typed settings object, read from ``INTERLINK_`` environment variables.

Settings are passed in, never imported as a global: ``Settings()`` reads the environment once
where the program starts (the CLI callback, the app factory) and hands the object down.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Interlink's configuration. Every field is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="INTERLINK_", extra="forbid")

    # SQLAlchemy URL of the database. SQLite (the embedded default) or postgresql+psycopg://.
    database_url: str = Field(default="sqlite:///interlink.db")
    # Demo mode: allows built-in demo secrets and seeds a synthetic world. Never in production.
    demo: bool = False
    # Rows written per batch during imports; larger batches are faster and use more memory.
    import_batch_size: int = Field(default=2000, ge=1, le=100_000)
    # Largest watchlist or subject file accepted for import, in bytes.
    max_import_bytes: int = Field(default=2 * 1024**3, ge=1)
    # Where `interlink demo` writes its database when no database URL is set explicitly.
    demo_dir: Path = Field(default=Path("var/demo"))
