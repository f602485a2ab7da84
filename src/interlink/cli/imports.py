"""``import un|ofac|eu|jsonl|csv`` and ``export jsonl``.

An import is one transaction: it shows a progress bar over the bytes read, and ends with what it
added, updated and found unchanged. Any error leaves the database as it was.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from interlink.cli.context import console, errors, reported, state, table
from interlink.domain.agencies import AgencySpec
from interlink.formats.base import ProgressFn, SourceRecord
from interlink.services.importing import ImportSummary, import_file

import_app = typer.Typer(help="Import watchlists and subject files.", no_args_is_help=True)
export_app = typer.Typer(help="Export subjects.", no_args_is_help=True)

Reader = Callable[[Path, ProgressFn | None], Iterator[SourceRecord]]

_FILE = typer.Argument(exists=True, readable=True, help="The file to import.")


def _total_bytes(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return path.stat().st_size


def _run(
    ctx: typer.Context, fmt: str, path: Path, reader: Reader, owner: AgencySpec | str | None
) -> None:
    settings = state(ctx).settings
    with reported():
        size = path.stat().st_size if path.is_file() else 0
        if size > settings.max_import_bytes:
            errors.print(
                f"error: {path} is {size:,} bytes; the limit is {settings.max_import_bytes:,} "
                "(INTERLINK_MAX_IMPORT_BYTES)"
            )
            raise typer.Exit(2)
        db = state(ctx).database()
        started = time.perf_counter()
        with Progress(
            TextColumn(f"importing {path.name}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=errors,
            transient=True,
        ) as bar:
            task = bar.add_task("read", total=_total_bytes(path) or None)
            summary = import_file(
                db,
                reader(path, lambda n: bar.advance(task, n)),
                fmt=fmt,
                path=path,
                owner=owner,
                batch_size=settings.import_batch_size,
            )
        _print_summary(summary, time.perf_counter() - started)


def _print_summary(summary: ImportSummary, seconds: float) -> None:
    out = table("added", "updated", "unchanged", "total", "seconds", title=summary.file)
    out.add_row(
        str(summary.added),
        str(summary.updated),
        str(summary.unchanged),
        str(summary.total),
        f"{seconds:.1f}",
    )
    console.print(out)


_OWNER = typer.Option(help="Agency code that owns the records (default: the list's authority).")


@import_app.command("un")
def import_un(
    ctx: typer.Context,
    path: Annotated[Path, _FILE],
    owner: Annotated[str | None, _OWNER] = None,
) -> None:
    """Import the UN Security Council Consolidated List (XML)."""
    from interlink.formats.un import UN_AUTHORITY, read_un

    _run(ctx, "un", path, read_un, owner or UN_AUTHORITY)


@import_app.command("ofac")
def import_ofac(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            exists=True, help="A folder with sdn.csv, alt.csv and add.csv, or the sdn.csv file."
        ),
    ],
    owner: Annotated[str | None, _OWNER] = None,
) -> None:
    """Import the OFAC SDN list (legacy CSV set: sdn, alt, add)."""
    from interlink.formats.ofac import OFAC_AUTHORITY, read_ofac

    _run(ctx, "ofac", path, read_ofac, owner or OFAC_AUTHORITY)


@import_app.command("eu")
def import_eu(
    ctx: typer.Context,
    path: Annotated[Path, _FILE],
    owner: Annotated[str | None, _OWNER] = None,
) -> None:
    """Import the EU Financial Sanctions Files list (XML 1.1)."""
    from interlink.formats.eu import EU_AUTHORITY, read_eu

    _run(ctx, "eu", path, read_eu, owner or EU_AUTHORITY)


_OWN_OWNER = typer.Option(help="Agency code that owns records naming no owner of their own.")


@import_app.command("jsonl")
def import_jsonl(
    ctx: typer.Context,
    path: Annotated[Path, _FILE],
    owner: Annotated[str | None, _OWN_OWNER] = None,
) -> None:
    """Import subjects in the project's JSONL format (docs/formats.md)."""
    from interlink.formats.jsonl import read_jsonl

    _run(ctx, "jsonl", path, read_jsonl, owner)


@import_app.command("csv")
def import_csv(
    ctx: typer.Context,
    path: Annotated[Path, _FILE],
    owner: Annotated[str | None, _OWN_OWNER] = None,
) -> None:
    """Import subjects in the project's CSV format (docs/formats.md)."""
    from interlink.formats.subjects_csv import read_csv

    _run(ctx, "csv", path, read_csv, owner)


@export_app.command("jsonl")
def export_jsonl_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only subjects of this agency.")] = None,
) -> None:
    """Export subjects as JSONL; importing the file again changes nothing."""
    from interlink.services.exporting import export_jsonl

    with reported():
        db = state(ctx).database()
        if output is None:
            count = export_jsonl(db, sys.stdout, owner=owner)
        else:
            partial = output.with_name(output.name + ".partial")
            with partial.open("w", encoding="utf-8", newline="\n") as handle:
                count = export_jsonl(db, handle, owner=owner)
            partial.replace(output)
    errors.print(f"exported {count} subjects")
