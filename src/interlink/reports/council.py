"""The council report: the statistics of one period as a PDF, with its charts.

The report is drawn from a ``CouncilStatistics``, the figures the asking agency may see, and
from nothing else: the same figures as ``GET /api/v1/statistics`` and its CSV tables. It holds
counts and times only, never a record, a name or a subject.

Pages (A4, portrait): a summary with the key figures and how they are counted; the charts, two
to a page; then the tables (per agency, per pair, alerts, movements), continued over as many
pages as they need. Every page carries the period, the agency it was made for and its number.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from interlink.reports.charts import CHARTS, GREY
from interlink.services.statistics import CouncilStatistics, table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

A4 = (8.27, 11.69)  # inches
# The band at the bottom of every page (a fraction of its height) that holds the footer alone.
FOOTER = 0.05
ROWS_PER_PAGE = 40
_CHART_PAGES = (("requests", "on-time"), ("answer-times", "pairs"), ("alerts", "movements"))
_TABLES = (
    ("agencies", "Per agency: requests sent, and how the agency answered those it received"),
    ("pairs", "Per pair: requests from the sender to the recipient, and how they were answered"),
    ("alerts", "Screening alerts by the country of the screening agency and month"),
    ("movements", "Confirmed movements by the country of the reporting agency and month"),
)
_HEADINGS = {
    "agency": "agency",
    "requests_sent": "sent",
    "sender": "sender",
    "recipient": "recipient",
    "sent": "requests",
    "received_sent": "received",
    "answered": "answered",
    "received_answered": "answered",
    "refused": "refused",
    "received_refused": "refused",
    "median_hours": "median h",
    "received_median_hours": "median h",
    "p90_hours": "p90 h",
    "received_p90_hours": "p90 h",
    "on_time_share": "on time",
    "received_on_time_share": "on time",
    "overdue_now": "overdue",
    "received_overdue_now": "overdue",
    "country": "country",
    "month": "month",
    "alerts": "alerts",
    "movements": "movements",
}


def _cell(column: str, value: object) -> str:
    if value is None:
        return "–"
    if column.endswith("on_time_share") and isinstance(value, float):
        return _share(value)
    if column.endswith("hours") and isinstance(value, float):
        return _hours(value, unit="")
    return str(value)


def _page() -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=A4)
    figure.set_facecolor("white")
    return figure


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _hours(value: float | None, unit: str = " h") -> str:
    return "–" if value is None else f"{value:.1f}{unit}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _section(page: Figure, top: float, lines: Sequence[str]) -> None:
    """A heading (the first line) and its lines, from ``top`` down."""
    for i, line in enumerate(lines):
        bold = i == 0
        page.text(0.08, top - i * 0.022, line, fontsize=10 if bold else 8,
                  fontweight="bold" if bold else "normal")  # fmt: skip


def _summary(stats: CouncilStatistics) -> Figure:
    page = _page()
    last = stats.period.end - timedelta(days=1)
    page.text(0.08, 0.93, "Council report", fontsize=24, fontweight="bold")
    page.text(
        0.08,
        0.895,
        f"{stats.period.label}: {_day(stats.period.start)} to {_day(last)}",
        fontsize=13,
    )
    others = [code for code in stats.scope if code != stats.viewer]
    scope = (
        f"Figures between the {len(stats.scope)} agencies of its council: "
        if others
        else "Figures of its own requests, alerts and movements only."
    )
    page.text(0.08, 0.86, f"Made for {stats.viewer} ({stats.viewer_name})", fontsize=10)
    page.text(0.08, 0.84, scope, fontsize=9, color=GREY)
    listed = textwrap.wrap(", ".join(stats.scope), 120, break_on_hyphens=False) if others else []
    for i, line in enumerate(listed[:4]):
        page.text(0.08, 0.822 - i * 0.014, line, fontsize=7, color=GREY)
    page.text(
        0.08,
        0.80 - 0.014 * min(len(listed), 4),
        f"Generated {_day(stats.generated_at)}, {stats.generated_at:%H:%M} UTC. Counts and "
        "times only: no record, name or subject appears in this report.",
        fontsize=8,
        color=GREY,
    )
    total = stats.total
    alerts = sum(r.count for r in stats.alerts)
    movements = sum(r.count for r in stats.movements)
    boxes = (
        ("requests", str(total.sent)),
        ("answered", str(total.answered)),
        ("refused", str(total.refused)),
        ("overdue now", str(total.overdue_now)),
        ("answered on time", _share(total.on_time_share)),
        ("median time to answer", _hours(total.median_hours)),
        ("90% answered within", _hours(total.p90_hours)),
        ("alerts · movements", f"{alerts} · {movements}"),
    )
    for i, (label, value) in enumerate(boxes):
        x, y = 0.08 + (i % 4) * 0.215, 0.70 - (i // 4) * 0.085
        page.text(
            x,
            y + 0.025,
            value,
            fontsize=18,
            fontweight="bold",
            color="#D55E00" if label == "overdue now" and total.overdue_now else "black",
        )
        page.text(x, y, label, fontsize=8, color=GREY)
    notes = (
        "How the figures are counted",
        "· A request is counted once per recipient, in the period it was sent in.",
        "· The time to answer runs from sending to the first answer released to the sender, or "
        "to the refusal.",
        "· On time: answered by the deadline (urgent 8 h, high 3 days, normal 7 days, or what "
        "the agreement sets).",
        "  The share counts the requests answered or refused, those still open past their "
        "deadline, and those closed unanswered after it.",
        "· Overdue now: open past the deadline when the report was made.",
        "· Alerts: screening alerts of runs started in the period, by the screening agency's "
        "country.",
        "· Movements: movements confirmed in the period, by the reporting agency's country.",
    )
    _section(page, 0.50, notes)
    contents = [
        "Contents",
        "· Charts: requests, on time, hours to answer, pairs, alerts, movements",
        *(f"· Table: {title}" for _, title in _TABLES),
    ]
    _section(page, 0.29, contents)
    return page


def _charts(stats: CouncilStatistics) -> list[Figure]:
    """Two charts to a page. Each chart's axes are fitted when the page is drawn (constrained
    layout) so that its ticks, labels and legend, however many agencies they name, stay between
    the margins and above the footer's band: the pairs heatmap's rotated labels take more room
    the more agencies there are."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    pages = []
    for names in _CHART_PAGES:
        page = _page()
        page.set_layout_engine(
            ConstrainedLayoutEngine(
                rect=(0.08, FOOTER + 0.01, 0.84, 0.95 - FOOTER), h_pad=0.1, hspace=0.12
            )
        )
        grid = page.add_gridspec(len(names), 1)
        for row, name in enumerate(names):
            draw, _ = CHARTS[name]
            draw(page.add_subplot(grid[row]), stats)
        pages.append(page)
    return pages


def _table_pages(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> list[Figure]:
    chunks = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    pages = []
    for n, chunk in enumerate(chunks):
        page = _page()
        heading = title if n == 0 else f"{title.split(':')[0]} (continued)"
        page.text(0.08, 0.95, heading, fontsize=11, fontweight="bold")
        if not chunk:
            page.text(0.08, 0.92, "Nothing in this period.", fontsize=9, color=GREY)
            pages.append(page)
            continue
        height = 0.0205 * (len(chunk) + 1)
        from matplotlib.transforms import Bbox

        ax = page.add_axes((0.08, 0.93 - height, 0.84, height))
        ax.set_axis_off()
        cells = [[_cell(c, v) for c, v in zip(columns, row, strict=True)] for row in chunk]
        shown = ax.table(
            cellText=cells,
            colLabels=[_HEADINGS.get(c, c) for c in columns],
            loc="upper center",
            cellLoc="center",
            colLoc="center",
            bbox=Bbox.from_bounds(0, 0, 1, 1),
        )
        shown.auto_set_font_size(False)
        shown.set_fontsize(7.5)
        for (r, _), cell in shown.get_celld().items():
            cell.set_edgecolor("#dddddd")
            cell.set_linewidth(0.4)
            if r == 0:
                cell.set_text_props(fontweight="bold")
                cell.set_facecolor("#eef2f7")
            elif r % 2 == 0:
                cell.set_facecolor("#f8f8f8")
        pages.append(page)
    return pages


def council_pages(stats: CouncilStatistics) -> list[Figure]:
    """The council report of ``stats``, a figure per page, each with its footer."""
    pages = [_summary(stats), *_charts(stats)]
    for name, title in _TABLES:
        columns, rows = table(stats, name)
        pages.extend(_table_pages(title, columns, rows))
    footer = f"Interlink · council report {stats.period.label} · made for {stats.viewer}"
    for n, page in enumerate(pages, start=1):
        page.text(0.08, 0.025, footer, fontsize=7, color=GREY, gid="footer")
        page.text(
            0.92, 0.025, f"page {n} of {len(pages)}", fontsize=7, color=GREY, ha="right",
            gid="footer",
        )  # fmt: skip
    return pages


def council_pdf(stats: CouncilStatistics) -> bytes:
    """The council report of ``stats`` as PDF bytes."""
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    metadata = {
        "Title": f"Council report {stats.period.label}",
        "Author": "Interlink",
        "Subject": f"Cooperation statistics made for {stats.viewer}",
        "Creator": "Interlink",
        "CreationDate": stats.generated_at,
    }
    with PdfPages(out, metadata=metadata) as pdf:
        for page in council_pages(stats):
            pdf.savefig(page)
    return out.getvalue()
