"""What every command shares: settings, the database, the console, error reporting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import typer
from rich.console import Console
from rich.table import Table

from interlink.exc import FormatError, InterlinkError
from interlink.settings import Settings
from interlink.store import Database

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


@dataclass
class State:
    """Set by the root callback; commands read it from ``typer.Context.obj``."""

    settings: Settings
    _db: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        """The configured database, migrated to the newest schema on first use."""
        if self._db is None:
            self._db = Database(self.settings.database_url)
            self._db.migrate()
        return self._db

    def close(self) -> None:
        """Release the database's connections; runs when the command ends."""
        if self._db is not None:
            self._db.dispose()
            self._db = None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


@contextmanager
def reported() -> Iterator[None]:
    """Turn Interlink errors into a message on stderr and an exit code."""
    try:
        yield
    except FormatError as error:
        errors.print(f"[red]error:[/red] {error}", markup=True, soft_wrap=True)
        raise typer.Exit(2) from None
    except InterlinkError as error:
        errors.print(f"[red]error:[/red] {error}", markup=True, soft_wrap=True)
        raise typer.Exit(1) from None


def table(*headers: str, title: str | None = None, show_header: bool = True) -> Table:
    """A table whose cells wrap instead of being cut: names and codes must be read whole."""
    result = Table(title=title, show_header=show_header)
    for header in headers:
        result.add_column(header, overflow="fold")
    return result
