"""Charts of the council statistics, drawn with matplotlib.

Each chart is drawn from a ``CouncilStatistics``, the figures one agency may see, and nothing
else: a chart cannot show more than the statistics it is given. Figures are made with
``matplotlib.figure.Figure`` and never through ``pyplot``, whose global state is not safe in a
server's threads; matplotlib itself is imported only when a chart is drawn (it costs a few
hundred milliseconds).

Text in the SVG output is drawn as paths (matplotlib's default), so a served SVG carries no
text an agency code could turn into markup.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from interlink.exc import ValidationError
from interlink.services.statistics import AgencyRow, CouncilStatistics, CountRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
WIDTH = 7.5  # inches: the text width of an A4 page with margins

# Okabe and Ito's palette, told apart by readers with any common colour blindness.
BLUE, ORANGE, GREEN, RED, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#777777",
)
_SERIES = (BLUE, ORANGE, GREEN, RED, SKY, PURPLE, YELLOW, "#BBBBBB")  # the last: others


def _figure(height: float) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _frame(ax: Axes, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)


def _empty(ax: Axes, title: str, text: str) -> None:
    _frame(ax, title)
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=10, color=GREY)


def _active(stats: CouncilStatistics) -> list[AgencyRow]:
    """The agencies that sent or received a request."""
    return [a for a in stats.agencies if a.sent or a.received.sent]


def draw_requests(ax: Axes, stats: CouncilStatistics) -> None:
    """Requests sent and received per agency."""
    rows = _active(stats)
    title = f"Requests sent and received, {stats.period.label}"
    if not rows:
        _empty(ax, title, "No requests in this period")
        return
    from matplotlib.ticker import MaxNLocator

    rows.reverse()  # the first agency on top
    y = list(range(len(rows)))
    ax.barh([v + 0.2 for v in y], [a.sent for a in rows], 0.4, color=BLUE, label="sent")
    ax.barh(
        [v - 0.2 for v in y], [a.received.sent for a in rows], 0.4, color=ORANGE, label="received"
    )
    ax.set_yticks(y, [a.agency for a in rows])
    ax.set_xlabel("requests", fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    _frame(ax, title)


def draw_answer_times(ax: Axes, stats: CouncilStatistics) -> None:
    """Median and 90th percentile of the hours each agency took to answer."""
    rows = [a for a in stats.agencies if a.received.median_hours is not None]
    title = f"Hours to answer, as the recipient, {stats.period.label}"
    if not rows:
        _empty(ax, title, "No answers in this period")
        return
    rows.reverse()
    y = list(range(len(rows)))
    p90 = [a.received.p90_hours or 0.0 for a in rows]
    median = [a.received.median_hours or 0.0 for a in rows]
    ax.barh(y, p90, 0.7, color=SKY, label="90th percentile")
    ax.barh(y, median, 0.7, color=BLUE, label="median")
    for v, hours in zip(y, p90, strict=True):
        ax.text(hours, v, f" {hours:.0f} h", va="center", fontsize=7, color=GREY)
    ax.set_yticks(y, [a.agency for a in rows])
    ax.set_xlabel("hours from sending to the answer", fontsize=8)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    _frame(ax, title)


def draw_on_time(ax: Axes, stats: CouncilStatistics) -> None:
    """The share of requests each agency answered by the deadline, and those overdue now."""
    rows = [a for a in stats.agencies if a.received.on_time_share is not None]
    title = f"Answered on time, as the recipient, {stats.period.label}"
    if not rows:
        _empty(ax, title, "No request answered or overdue in this period")
        return
    rows.reverse()
    y = list(range(len(rows)))
    shares = [100 * (a.received.on_time_share or 0.0) for a in rows]
    colours = [GREEN if s >= 90 else ORANGE if s >= 60 else RED for s in shares]
    ax.barh(y, shares, 0.7, color=colours)
    for v, share, row in zip(y, shares, rows, strict=True):
        late = row.received.overdue_now
        label = f" {share:.0f}%" + (f"   {late} overdue now" if late else "")
        ax.text(share, v, label, va="center", fontsize=7, color="black" if late else GREY)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"])
    ax.set_yticks(y, [a.agency for a in rows])
    ax.set_xlabel("answered by the deadline, of those answered, overdue or closed late", fontsize=8)
    _frame(ax, title)


def draw_pairs(ax: Axes, stats: CouncilStatistics) -> None:
    """Who asked whom: requests per sender (rows) and recipient (columns)."""
    title = f"Requests by sender and recipient, {stats.period.label}"
    senders = sorted({p.sender for p in stats.pairs})
    recipients = sorted({p.recipient for p in stats.pairs})
    if not stats.pairs:
        _empty(ax, title, "No requests in this period")
        return
    import numpy as np

    counts = np.zeros((len(senders), len(recipients)))
    for p in stats.pairs:
        counts[senders.index(p.sender), recipients.index(p.recipient)] = p.timing.sent
    shown = np.ma.masked_equal(counts, 0)
    ax.imshow(shown, cmap="Blues", aspect="auto", vmin=0, vmax=max(1.0, float(counts.max())))
    top = float(counts.max())
    for (i, j), n in np.ndenumerate(counts):
        if n:
            ax.text(
                j,
                i,
                f"{n:.0f}",
                ha="center",
                va="center",
                fontsize=6,
                color="white" if n > top * 0.6 else "black",
            )
    ax.set_xticks(range(len(recipients)), recipients, rotation=60, ha="right")
    ax.set_yticks(range(len(senders)), senders)
    ax.set_xlabel("recipient", fontsize=8)
    ax.set_ylabel("sender", fontsize=8)
    _frame(ax, title)
    ax.tick_params(labelsize=6)


def _by_month(ax: Axes, rows: Sequence[CountRow], what: str) -> None:
    from matplotlib.ticker import MaxNLocator

    months = sorted({r.month for r in rows})
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r.country] += r.count
    # The biggest countries in colour, the rest together.
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    named = ranked[: len(_SERIES) - 1] if len(ranked) > len(_SERIES) else ranked
    series: dict[str, list[int]] = {c: [0] * len(months) for c in named}
    if len(named) < len(ranked):
        series["others"] = [0] * len(months)
    for r in rows:
        key = r.country if r.country in named else "others"
        series[key][months.index(r.month)] += r.count
    bottom = [0] * len(months)
    for colour, (country, counts) in zip(_SERIES, series.items(), strict=False):
        ax.bar(months, counts, 0.6, bottom=bottom, color=colour, label=country)
        bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
    for x, total in enumerate(bottom):
        ax.text(x, total, str(total), ha="center", va="bottom", fontsize=7, color=GREY)
    ax.set_ylim(0, max(bottom) * 1.12)
    ax.set_ylabel(what, fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(
        title="country",
        fontsize=7,
        title_fontsize=7,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )


def draw_alerts(ax: Axes, stats: CouncilStatistics) -> None:
    """Screening alerts by month, by the country of the screening agency."""
    title = f"Screening alerts by month and country, {stats.period.label}"
    if not stats.alerts:
        _empty(ax, title, "No screening alerts in this period")
        return
    _by_month(ax, stats.alerts, "alerts")
    _frame(ax, title)


def draw_movements(ax: Axes, stats: CouncilStatistics) -> None:
    """Confirmed movements by month, by the country of the reporting agency."""
    title = f"Confirmed movements by month and country, {stats.period.label}"
    if not stats.movements:
        _empty(ax, title, "No confirmed movements in this period")
        return
    _by_month(ax, stats.movements, "movements")
    _frame(ax, title)


def _bars(stats: CouncilStatistics) -> float:
    return max(2.2, 0.9 + 0.24 * len(_active(stats)))


def _matrix(stats: CouncilStatistics) -> float:
    side = max(len({p.sender for p in stats.pairs}), len({p.recipient for p in stats.pairs}))
    return max(2.2, min(9.0, 1.6 + 0.3 * side))


Draw = Callable[["Axes", CouncilStatistics], None]

# name: (how it is drawn, its height in inches standing alone)
CHARTS: dict[str, tuple[Draw, Callable[[CouncilStatistics], float]]] = {
    "requests": (draw_requests, _bars),
    "answer-times": (draw_answer_times, _bars),
    "on-time": (draw_on_time, _bars),
    "pairs": (draw_pairs, _matrix),
    "alerts": (draw_alerts, lambda _: 3.2),
    "movements": (draw_movements, lambda _: 3.2),
}


def chart(stats: CouncilStatistics, name: str) -> Figure:
    """The chart called ``name`` (one of ``CHARTS``) standing alone."""
    try:
        draw, height = CHARTS[name]
    except KeyError:
        raise ValidationError(f"chart: {name!r} is not one of {', '.join(CHARTS)}") from None
    figure = _figure(height(stats))
    draw(figure.add_subplot(), stats)
    return figure


def render(figure: Figure, fmt: str) -> bytes:
    """``figure`` as PNG (150 dpi) or SVG bytes, without a creation date."""
    if fmt not in FORMATS:
        raise ValidationError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "Interlink"}
    figure.savefig(out, format=fmt, dpi=150, metadata=metadata)
    return out.getvalue()


# The same figures draw the same chart: drawn once, then served from memory. The key is the
# figures themselves (the time they were computed set aside, no chart shows it), so a chart is
# never older than its figures, and no agency is served a chart of figures it does not see.
_COMPUTED = datetime(2000, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=128)
def _drawn(stats: CouncilStatistics, name: str, fmt: str) -> bytes:
    return render(chart(stats, name), fmt)


def drawn(stats: CouncilStatistics, name: str, fmt: str) -> bytes:
    """Chart ``name`` of ``stats`` as ``fmt`` bytes, drawn once for the same figures."""
    return _drawn(replace(stats, generated_at=_COMPUTED), name, fmt)
