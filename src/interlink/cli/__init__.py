"""The ``interlink`` command line (typer + rich).

Every command reads ``Settings`` once, opens the database named there (or by ``--database``),
brings its schema up to date, and maps Interlink errors to a one-line message and an exit code:
2 for bad input (the message says where), 1 for everything else.
"""

from __future__ import annotations

from interlink.cli.app import app, main

__all__ = ["app", "main"]
