"""The overview page: escalation lines of the most active pairs, the newest events and quotes."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ...analysis import escalation
from ..charts import Line, line_chart
from ..pages import NavItem, pair_href, render
from ..params import reader
from ..queries import EventFilter, QuoteFilter, Reader, list_events, list_quotes

router = APIRouter(include_in_schema=False)
NAV = NavItem("Overview", "/", 10)

# The overview looks back this many days from the newest event: a quarter shows a crisis's build-up
# without squeezing the last weeks into a few pixels.
WINDOW_DAYS = 90
# Lines on the overview chart: more than five crossing lines cannot be told apart.
TOP_PAIRS = 5


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: Reader = Depends(reader)) -> HTMLResponse:
    """Escalation lines of the most active pairs over the last WINDOW_DAYS, newest events and quotes."""
    with db.connection() as con:
        end = escalation.latest_event_date(con)
        start = end - dt.timedelta(days=WINDOW_DAYS - 1) if end else None
        top = escalation.top_pairs(con, TOP_PAIRS, start=start, end=end)
        series = [(p, escalation.pair_series(con, p.a, p.b, start=start, end=end)) for p in top]
    if series:  # start the chart at the first day any of its pairs has an event
        start = min((pt.date for _, pts in series for pt in pts if pt.events), default=start)
        series = [(p, [pt for pt in pts if start is None or pt.date >= start]) for p, pts in series]
    lines = [Line(f"{p.a}–{p.b}", [(pt.date, pt.goldstein_mean) for pt in pts], pair_href(p.a, p.b)) for p, pts in series]
    chart = line_chart(lines, label="Mean Goldstein score per day of the most active pairs", y_label="mean Goldstein",
                       y_range=(-10, 10)) if lines else None
    legend = [(line.label, line.href) for line in lines]
    return render(
        request,
        "overview.html",
        title="Overview · crisisdesk",
        chart=chart,
        legend=legend,
        pairs=top,
        window=(start, end),
        events=list_events(db, EventFilter(), limit=15).items,
        quotes=list_quotes(db, QuoteFilter(), limit=10).items,
        counts={t: db.scalar(f"SELECT count(*) FROM {t}") for t in ("articles", "quotes", "events", "actors")},
    )
