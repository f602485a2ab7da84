"""``interlink report``: the council report, as PDF, with its charts as PNG and SVG."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from interlink.audit import AuditAction, NewEvent
from interlink.cli.audit import operator
from interlink.cli.context import console, reported, state
from interlink.domain.agencies import AgencyKind
from interlink.exc import ValidationError

report_app = typer.Typer(help="Reports for the council.", no_args_is_help=True)


@report_app.command("council")
def council(
    ctx: typer.Context,
    period: Annotated[str, typer.Option(help="A year, quarter or month: 2026, 2026-Q3, 2026-09.")],
    agency: Annotated[
        str | None,
        typer.Option(
            help="The agency the report is made for: its figures only. Default: the hub's one "
            "secretariat.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The PDF to write. Default: council-report-PERIOD-AGENCY.pdf."
        ),
    ] = None,
    charts: Annotated[
        Path | None,
        typer.Option(help="Also write every chart as PNG and SVG into this folder."),
    ] = None,
) -> None:
    """Write the council report of a period as PDF: key figures, charts and tables of the
    requests, answer times, alerts and movements that the agency may see (a secretariat: those
    between its council's members). The report is an audit event of the agency."""
    from interlink.reports.charts import CHARTS, chart, render
    from interlink.reports.council import council_pdf
    from interlink.services.statistics import Period, council_statistics

    with reported():
        span = Period.parse(period)
        now = datetime.now(UTC)
        db = state(ctx).database()
        with db.uow() as uow:
            if agency is None:
                councils = [a for a in uow.agencies.all() if a.kind is AgencyKind.SECRETARIAT]
                if len(councils) != 1:
                    raise ValidationError(
                        f"--agency: the hub has {len(councils)} secretariats; name the agency "
                        "the report is for"
                    )
                agency = councils[0].code
            made_for = uow.agencies.get(agency)
            stats = council_statistics(uow, made_for.code, span, now)
            # Recorded with the figures' read: no report leaves without its event.
            uow.audit.append(
                NewEvent(
                    AuditAction.READ,
                    username=operator(),
                    agency=made_for.code,
                    object_type="statistics",
                    object_ref=span.label,
                    object_owner=made_for.code,
                    detail={"scope": list(stats.scope), "form": "report.pdf"},
                )
            )
        pdf = council_pdf(stats)
        target = output or Path(f"council-report-{span.label}-{made_for.code}.pdf")
        part = target.with_name(f"{target.name}.part")
        part.write_bytes(pdf)
        part.replace(target)  # whole or not at all
        console.print(
            f"{target}: council report {span.label} for {made_for.code}, "
            f"{stats.total.sent} requests, {stats.total.overdue_now} overdue now, "
            f"{len(pdf) // 1024} KiB",
            markup=False,
        )
        if charts is not None:
            charts.mkdir(parents=True, exist_ok=True)
            for name in CHARTS:
                figure = chart(stats, name)
                for fmt in ("png", "svg"):
                    (charts / f"{name}.{fmt}").write_bytes(render(figure, fmt))
            console.print(f"{charts}: {len(CHARTS)} charts as PNG and SVG", markup=False)
