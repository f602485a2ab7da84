"""One typed settings object, read from ``INTERLINK_`` environment variables.

Settings are passed in, never imported as a global: ``Settings()`` reads the environment once
where the program starts (the CLI callback, the app factory) and hands the object down.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from interlink.exc import ConfigError


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
    # Largest manifest accepted for a screening run on the hub, in bytes (kept in the database).
    max_manifest_bytes: int = Field(default=64 * 1024**2, ge=1)
    # The most a request's or an answer's attachments may hold together, in bytes.
    max_attachment_bytes: int = Field(default=16 * 1024**2, ge=1, le=1024**3)
    # Seconds a webhook's receiver has to answer; a delivery is retried after a failure.
    webhook_timeout_seconds: int = Field(default=10, ge=1, le=120)
    # Attempts of a webhook delivery before it is set aside for an admin to replay.
    webhook_attempts: int = Field(default=6, ge=1, le=20)
    # Allow webhooks to private, loopback and link-local addresses (a closed network).
    webhook_allow_private: bool = False
    # Where `interlink demo` writes its database when no database URL is set explicitly.
    demo_dir: Path = Field(default=Path("var/demo"))
    # Days an API token lives unless its holder asks for less; tokens never live forever.
    token_lifetime_days: int = Field(default=30, ge=1, le=365)
    # Failed logins for one user name within the window that lock it until the oldest ages out.
    login_max_failures: int = Field(default=5, ge=1, le=100)
    # The throttling window, in seconds.
    login_window_seconds: int = Field(default=900, ge=1, le=86_400)
    # The hub's secret (32 characters or more): keys the opaque references of blind hits.
    # Required outside demo mode; the app refuses to start without it (``require_secrets``).
    secret_key: SecretStr | None = None
    # Address and port `interlink serve` listens on, and how many worker processes it runs.
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65_535)
    workers: int = Field(default=1, ge=1, le=64)
    # Threads per worker that run requests (the work holds the interpreter lock: few is faster).
    threads: int = Field(default=4, ge=1, le=256)
    # Whether a hub worker keeps a signed snapshot of its gallery, to load at the next start
    # rather than build the index from every subject (``services/snapshot.py``).
    snapshots: bool = True
    # Where that snapshot is kept. Default: beside an SQLite database file (<file>.gallery);
    # none for a server database unless set.
    snapshot_file: Path | None = None

    def require_secrets(self) -> str:
        """The secret key, refusing a missing, short or demo one outside demo mode (in demo
        mode a missing one is the published demo secret)."""
        key = self.secret_key.get_secret_value() if self.secret_key else None
        if self.demo:
            return key or DEMO_SECRET
        if key is None:
            raise ConfigError("INTERLINK_SECRET_KEY is required outside demo mode")
        if len(key) < 32 or key == DEMO_SECRET:
            raise ConfigError(
                "INTERLINK_SECRET_KEY must be 32 characters or more, and not the demo secret"
            )
        return key


# Published on purpose: only demo mode accepts them (a hub outside demo mode refuses the demo
# secret at start and the demo password at every login).
DEMO_SECRET = "interlink-demo-secret-never-use-in-production"
DEMO_PASSWORD = "interlink-demo-2026"
