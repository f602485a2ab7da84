"""Statistics for the council: requests and answer times per agency and pair, alerts and
confirmed movements by country and month, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from interlink.api.deps import CurrentPrincipal, HubDep
from interlink.api.downloads import download_headers
from interlink.formats.csvrows import spreadsheet_cell
from interlink.reports.charts import CHARTS, FORMATS, drawn
from interlink.services.accounts import Principal
from interlink.services.hub import Hub
from interlink.services.statistics import table

router = APIRouter(tags=["statistics"])

PeriodQuery = Annotated[
    str, Query(max_length=10, description="A year, quarter or month: 2026, 2026-Q3, 2026-09")
]


class StatisticsPublic(BaseModel):
    viewer: str
    period: str
    start: datetime
    end: datetime
    generated_at: datetime
    scope: Annotated[list[str], Field(description="The agencies whose figures you see")]
    total: Annotated[dict[str, Any], Field(description="Every request you see, together")]
    agencies: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    movements: list[dict[str, Any]]


@router.get("/statistics", response_model=StatisticsPublic)
def statistics(who: CurrentPrincipal, hub: HubDep, period: PeriodQuery) -> StatisticsPublic:
    """Requests sent and received per agency and per pair (median and p90 hours to answer,
    share answered on time, overdue now), alerts and confirmed movements by country and month:
    what your agency may see (a secretariat: its council's members)."""
    found = hub.statistics(who, period)
    return StatisticsPublic(
        viewer=found.viewer,
        period=found.period.label,
        start=found.period.start,
        end=found.period.end,
        generated_at=found.generated_at,
        scope=list(found.scope),
        total=asdict(found.total),
        agencies=[asdict(a) for a in found.agencies],
        pairs=[asdict(p) for p in found.pairs],
        alerts=[asdict(c) for c in found.alerts],
        movements=[asdict(c) for c in found.movements],
    )


@router.get(
    "/statistics/{name}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def statistics_csv(
    name: Annotated[str, Path(pattern="^(agencies|pairs|alerts|movements)$")],
    who: CurrentPrincipal,
    hub: HubDep,
    period: PeriodQuery,
) -> Response:
    """One table of the statistics as CSV: `agencies`, `pairs`, `alerts` or `movements`."""
    columns, rows = table(hub.statistics(who, period), name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_cell(v) for v in row] for row in rows])
    filename = f"interlink-{name}-{period}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers=_headers(filename, "attachment"),
    )


def _headers(filename: str, disposition: str) -> dict[str, str]:
    """Figures of the agency's own, served as any download (an SVG keeps its own styles)."""
    return download_headers(filename, disposition, inline_styles=True)


@router.get(
    "/statistics/charts/{name}.{fmt}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
)
def statistics_chart(
    name: Annotated[str, Path(pattern="^(" + "|".join(CHARTS) + ")$")],
    fmt: Annotated[str, Path(pattern="^(png|svg)$", description="png or svg")],
    who: CurrentPrincipal,
    hub: HubDep,
    period: PeriodQuery,
) -> Response:
    """One chart of the statistics as PNG or SVG: `requests` (sent and received per agency),
    `answer-times` (median and p90 hours), `on-time` (share answered by the deadline, overdue
    now), `pairs` (who asked whom), `alerts` and `movements` (by month and country)."""
    return chart_response(hub, who, name, fmt, period)


def chart_response(hub: Hub, who: Principal, name: str, fmt: str, period: str) -> Response:
    """Chart ``name`` (one of ``CHARTS``) of ``period`` as the caller's agency may see it, as
    ``fmt`` (png or svg), inline; an audit event with the form in its detail."""
    found = hub.statistics(who, period, f"chart:{name}.{fmt}")
    data = drawn(found, name, fmt)
    filename = f"interlink-{name}-{found.period.label}.{fmt}"
    return Response(data, media_type=FORMATS[fmt], headers=_headers(filename, "inline"))


@router.get(
    "/statistics/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def council_report(who: CurrentPrincipal, hub: HubDep, period: PeriodQuery) -> Response:
    """The council report of the period as PDF: the key figures, the charts and the tables,
    as your agency may see them (the same figures as `GET /statistics`)."""
    data = hub.council_report(who, period)
    filename = f"interlink-council-report-{period.strip()}.pdf"
    return Response(data, media_type="application/pdf", headers=_headers(filename, "attachment"))
