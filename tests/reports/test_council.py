"""The council report's pages: every drawn thing stays on the page and above its footer, with
as many agencies as the demo world's council (the pairs heatmap's rotated labels once ran into
the footer and its axis title into the margin)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from interlink.reports.council import FOOTER, council_pages, council_pdf
from interlink.services.statistics import (
    AgencyRow,
    CouncilStatistics,
    CountRow,
    PairRow,
    Period,
    Timing,
)

COUNTRIES = ("AE", "AZ", "DE", "EG", "FR", "GB", "IT", "JO", "KG", "KZ", "RU", "SA", "TJ")
NAMES = ("SSD", "DTX", "BKA", "NSS", "DGSI", "CTP", "DCPP", "GID", "GKNB", "MASAK")


def timing(n: int) -> Timing:
    return Timing(
        sent=n,
        answered=max(0, n - 1),
        refused=n % 2,
        median_hours=12.5 * n,
        p90_hours=40.0 * n,
        on_time_share=1 / (1 + n % 3),
        overdue_now=n % 3,
    )


def many_agencies(count: int = 26) -> CouncilStatistics:
    """A council of ``count`` agencies each asking eight others, with alerts and movements in
    every country over three months."""
    codes = sorted(
        f"{country}-{name}"
        for country, name in itertools.islice(itertools.product(COUNTRIES, NAMES), count)
    )
    pairs = tuple(
        PairRow(sender, codes[(i + k) % count], timing(1 + (i + k) % 4))
        for i, sender in enumerate(codes)
        for k in range(1, 9)
    )
    months = ("2026-07", "2026-08", "2026-09")
    counts = tuple(
        CountRow(c, m, 1 + (i + j) % 4)
        for i, c in enumerate(COUNTRIES)
        for j, m in enumerate(months)
    )
    return CouncilStatistics(
        viewer="CTC-SEC",
        viewer_name="Council of Heads of Services: Secretariat",
        period=Period.parse("2026-Q3"),
        generated_at=datetime(2026, 10, 2, 8, 30, tzinfo=UTC),
        scope=tuple(codes),
        total=timing(9),
        agencies=tuple(AgencyRow(c, 1 + i % 7, timing(1 + i % 5)) for i, c in enumerate(codes)),
        pairs=pairs,
        alerts=counts,
        movements=counts,
    )


def extents(page: Figure) -> list[tuple[Artist, Bbox]]:
    """What the page draws, each with its extent in pixels: every axes with its ticks, labels,
    title, legend and table, and every text of the page itself."""
    canvas = FigureCanvasAgg(page)
    canvas.draw()  # the layout runs as the page is drawn
    renderer = canvas.get_renderer()
    found: list[tuple[Artist, Bbox]] = []
    for ax in page.axes:
        box = ax.get_tightbbox(renderer)
        assert box is not None
        found.append((ax, box))
    found += [(t, t.get_window_extent(renderer)) for t in page.texts if t.get_text()]
    return found


@pytest.mark.parametrize("count", [3, 26, 40])
def test_every_page_keeps_within_the_page_and_above_its_footer(count: int) -> None:
    pages = council_pages(many_agencies(count))
    assert len(pages) >= 8  # a summary, three pages of charts, the tables over several
    for n, page in enumerate(pages, start=1):
        width, height = page.bbox.width, page.bbox.height
        above = FOOTER * height
        footers = 0
        for artist, box in extents(page):
            where = f"page {n}: {artist}"
            assert box.x0 >= 0 and box.x1 <= width, where
            assert box.y1 <= height, where
            if artist.get_gid() == "footer":
                footers += 1
                assert box.y0 >= 0 and box.y1 < above, where
            else:
                assert box.y0 >= above, f"{where} runs into the footer ({box.y0:.0f} px)"
        assert footers == 2  # the period and agency, and the page's number


def test_the_pdf_holds_those_pages() -> None:
    stats = many_agencies()
    pdf = pdfium.PdfDocument(council_pdf(stats))
    assert len(pdf) == len(council_pages(stats))
    last = pdf[len(pdf) - 1].get_textpage().get_text_range()
    assert f"page {len(pdf)} of {len(pdf)}" in last
