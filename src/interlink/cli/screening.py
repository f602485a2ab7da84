"""``screen`` and ``judge``: batch screening of travellers, and judgements on the pairs it finds."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from interlink.cli.context import State, console, errors, reported, state, table
from interlink.domain.subjects import SubjectRecord
from interlink.store.repositories.judgements import Judgement


def _watchlist(st: State, source: str) -> list[SubjectRecord]:
    from interlink.services.screening import watchlist_records

    if source in ("db", "database"):
        # The operator of the embedded database screens against everything in it; the hub's
        # access policy filters what each agency's screening runs may see.
        with st.database().uow() as uow:
            return list(uow.subjects.iter_records())
    return list(watchlist_records(source))


def screen(
    ctx: typer.Context,
    watchlist: Annotated[
        str,
        typer.Argument(
            help="A watchlist file (the project's JSONL or CSV, a UN list XML, an OFAC "
            "folder), or 'db' for the database."
        ),
    ],
    travellers: Annotated[
        Path,
        typer.Argument(exists=True, help="Travellers: CSV, JSONL, PAXLST or PNRGOV EDIFACT."),
    ],
    top: Annotated[int, typer.Option(min=1, max=100, help="Candidates kept per traveller.")] = 10,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Alert at or above this probability (default: the engine's)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 2,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSON lines to write (default: stdout).")
    ] = None,
) -> None:
    """Screen travellers against a watchlist: one JSON line per traveller, with its alerts."""
    from interlink.formats.travellers import read_travellers
    from interlink.matching import DEFAULT_CONFIG, Index
    from interlink.services.screening import ScreeningSettings, screen_travellers

    st = state(ctx)
    with reported():
        started = time.perf_counter()
        index = Index.build(_watchlist(st, watchlist))
        built = time.perf_counter() - started
        with st.database().uow() as uow:
            suppressed = frozenset(uow.judgements.false_positives())
        settings = ScreeningSettings(
            top=top,
            threshold=DEFAULT_CONFIG.threshold if threshold is None else threshold,
            suppressed=suppressed,
        )
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
                for line in screen_travellers(index, stream, settings, workers=workers):
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
        f"watchlist: {len(index):,} subjects indexed in {built:.1f} s; "
        f"{len(suppressed):,} pairs judged false positives are not alerted"
    )


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
