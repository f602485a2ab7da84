"""``screen`` and ``judge``: batch screening of travellers, and judgements on the pairs it finds."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from interlink.cli.context import State, console, errors, reported, state, table
from interlink.domain.subjects import SubjectRecord
from interlink.store.repositories.judgements import Judgement

if TYPE_CHECKING:
    from distributed import Client

    from interlink.domain.travellers import Traveller
    from interlink.exc import Location
    from interlink.services.screening import ScreeningLine, ScreeningSettings


def _watchlist(st: State, source: str) -> list[SubjectRecord]:
    from interlink.services.screening import watchlist_records

    if source in ("db", "database"):
        # The operator of the embedded database screens against everything in it; the hub's
        # access policy filters what each agency's screening runs may see.
        with st.database().uow(read_only=True) as uow:
            return list(uow.subjects.iter_records())
    return list(watchlist_records(source))


def screen(
    ctx: typer.Context,
    watchlist: Annotated[
        str,
        typer.Argument(
            help="A watchlist file (the project's JSONL or CSV, a UN list XML, an OFAC "
            "folder), or 'db' for the database (not with --dask)."
        ),
    ],
    travellers: Annotated[
        Path,
        typer.Argument(exists=True, help="Travellers: CSV, JSONL, PAXLST or PNRGOV EDIFACT."),
    ],
    top: Annotated[
        int,
        typer.Option(
            min=1,
            max=100,
            help="Candidates kept per traveller, and those tied with the last (up to 36 in all).",
        ),
    ] = 10,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Alert at or above this probability (default: the engine's)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes here, for the index build and the screening (with --dask "
            "local: the Dask workers).",
        ),
    ] = 2,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="<address>",
            help="Screen on a Dask cluster: a scheduler address (tcp://host:port), or 'local' to "
            "start one here with --workers processes. Each worker indexes WATCHLIST itself, so it "
            "must be a file every worker can read at that path; for the database, export it "
            "first (interlink export jsonl).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSON lines to write (default: stdout).")
    ] = None,
) -> None:
    """Screen travellers against a watchlist: one JSON line per traveller, with its alerts."""
    from interlink.formats.travellers import read_travellers
    from interlink.matching import DEFAULT_CONFIG
    from interlink.services.screening import ScreeningSettings

    st = state(ctx)
    if dask is not None and watchlist in ("db", "database"):
        raise typer.BadParameter(
            "Dask workers read the watchlist from a file: export the database first "
            "(interlink export jsonl --output subjects.jsonl) and screen against that file.",
            param_hint="'--dask'",
        )
    with reported(), ExitStack() as stack:
        with st.database().uow() as uow:
            suppressed = frozenset(uow.judgements.false_positives())
        settings = ScreeningSettings(
            top=top,
            threshold=DEFAULT_CONFIG.threshold if threshold is None else threshold,
            suppressed=suppressed,
        )
        screener: _LocalScreener | _DaskScreener
        if dask is None:
            screener = _LocalScreener(_watchlist(st, watchlist), workers)
        else:
            screener = _DaskScreener(watchlist, stack.enter_context(_dask(dask, workers)))
        partial = output.with_name(output.name + ".partial") if output else None
        sink = partial.open("w", encoding="utf-8") if partial else sys.stdout
        screened = alerts = alerted = 0
        begun = time.perf_counter()
        try:
            with Progress(
                TextColumn(f"screening {travellers.name}"),
                BarColumn(),
                DownloadColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[n]} travellers"),
                console=errors,
                transient=True,
            ) as bar:
                task = bar.add_task("read", total=travellers.stat().st_size, n=0)
                stream = (
                    (item.traveller, item.location)
                    for item in read_travellers(travellers, lambda n: bar.advance(task, n))
                )
                for line in screener.screen(stream, settings):
                    sink.write(line.to_json() + "\n")
                    screened += 1
                    alerts += len(line.candidates)
                    alerted += bool(line.candidates)
                    if screened % 256 == 0:
                        bar.update(task, n=screened)
        finally:
            if partial:
                sink.close()
        if partial and output:
            partial.replace(output)
        seconds = time.perf_counter() - begun
        indexed = screener.describe()
    out = table(
        "travellers", "alerts", "travellers alerting", "per second", "seconds", title="screening"
    )
    out.add_row(
        str(screened),
        str(alerts),
        str(alerted),
        f"{screened / max(seconds, 1e-9):,.0f}",
        f"{seconds:.1f}",
    )
    errors.print(out)
    errors.print(
        f"watchlist: {indexed}; {len(suppressed):,} pairs judged false positives are not alerted"
    )


class _LocalScreener:
    """The index built here, screened on forked worker processes that inherit it."""

    def __init__(self, records: list[SubjectRecord], workers: int) -> None:
        from interlink.matching import Index

        started = time.perf_counter()
        self.index = Index.build(records, workers=workers)
        self.built = time.perf_counter() - started
        self.workers = workers

    def screen(
        self, stream: Iterable[tuple[Traveller, Location]], settings: ScreeningSettings
    ) -> Iterator[ScreeningLine]:
        from interlink.services.screening import screen_travellers

        return screen_travellers(self.index, stream, settings, workers=self.workers)

    def describe(self) -> str:
        return f"{len(self.index):,} subjects indexed in {self.built:.1f} s"


class _DaskScreener:
    """Batches screened on a Dask cluster whose workers each index the watchlist file."""

    def __init__(self, source: str, client: Client) -> None:
        self.source = os.path.abspath(source)
        self.client = client

    def screen(
        self, stream: Iterable[tuple[Traveller, Location]], settings: ScreeningSettings
    ) -> Iterator[ScreeningLine]:
        from interlink.services.screening_dask import screen_travellers_dask

        return screen_travellers_dask(self.source, stream, settings, client=self.client)

    def describe(self) -> str:
        from interlink.services.screening_dask import worker_indexes

        held = {
            address: index
            for address, indexes in worker_indexes(self.client).items()
            for index in indexes
            if index.source == self.source
        }
        if not held:
            return "indexed on no Dask worker (no travellers to screen)"
        one = next(iter(held.values()))
        return (
            f"{one.subjects:,} subjects indexed on {len(held)} of "
            f"{len(self.client.nthreads())} Dask workers, the slowest in "
            f"{max(index.seconds for index in held.values()):.1f} s"
        )


def _dask(address: str, workers: int) -> AbstractContextManager[Client]:
    from interlink.services.screening_dask import dask_client

    return dask_client(address, workers=workers)


def judge(
    ctx: typer.Context,
    traveller_key: Annotated[str, typer.Argument(help="The traveller_key of a screening line.")],
    subject: Annotated[str, typer.Argument(help="The uid of the candidate subject.")],
    judgement: Annotated[Judgement, typer.Option(help="What the pair is.")],
    by: Annotated[str, typer.Option(help="Who decides.")],
    note: Annotated[str | None, typer.Option(help="Why.")] = None,
) -> None:
    """Record a judgement on a screening pair; a false positive does not alert again."""
    with reported(), state(ctx).database().uow() as uow:
        uow.judgements.record(
            traveller_key, subject, judgement, decided_by=by, at=datetime.now(UTC), note=note
        )
    console.print(f"recorded {judgement.value} for {traveller_key} / {subject}")
