"""The pair pages: the most active pairs, and one pair's escalation line with the events under it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...analysis import escalation
from ..charts import QUAD_COLOURS, QUAD_LABELS, Line, line_chart, stacked_bars
from ..pages import NavItem, page_links, pair_href, render
from ..params import PARTY_PATTERN, check_window, reader
from ..queries import EventFilter, Reader, list_events, parties, party_names

router = APIRouter(include_in_schema=False)
NAV = NavItem("Pairs", "/pairs", 20)
# Events listed under the chart per page.
EVENTS_PER_PAGE = 50


@router.get("/pairs", response_class=HTMLResponse)
def pair_list(request: Request, db: Reader = Depends(reader)) -> HTMLResponse:
    """The most active pairs of parties, and a form to open any pair."""
    with db.connection() as con:
        top = escalation.top_pairs(con, 50)
    return render(request, "pairs.html", title="Pairs · crisisdesk", pairs=top, parties=parties(db), names=party_names(db))


@router.get("/pairs/open")
def open_pair(a: str = Query(pattern=PARTY_PATTERN), b: str = Query(pattern=PARTY_PATTERN)) -> RedirectResponse:
    """The pair form's target: go to the pair's page."""
    return RedirectResponse(pair_href(a.upper(), b.upper()), status_code=303)


@router.get("/pairs/{a}/{b}", response_class=HTMLResponse)
def pair_page(
    request: Request,
    a: str = Path(pattern=PARTY_PATTERN),
    b: str = Path(pattern=PARTY_PATTERN),
    date_from: dt.date | None = Query(None, alias="from"),
    date_to: dt.date | None = Query(None, alias="to"),
    every: bool = Query(False, alias="all", description="list every event of the pair, not only counted ones"),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    db: Reader = Depends(reader),
) -> HTMLResponse:
    """The pair's daily mean Goldstein line and quad-class bars, and its events (each linked to its evidence)."""
    a, b = a.upper(), b.upper()
    check_window(date_from, date_to)
    try:
        with db.connection() as con:
            points = escalation.pair_series(con, a, b, start=date_from, end=date_to)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    names = party_names(db)
    title = f"{names.get(a, a)} – {names.get(b, b)}"
    days = [p.date for p in points]
    line = line_chart(
        [Line(f"{a}–{b}", [(p.date, p.goldstein_mean) for p in points])],
        label=f"Mean Goldstein score per day, {a}–{b}",
        y_label="mean Goldstein",
        y_range=(-10, 10),
        point_href=f"?from={{date}}&to={{date}}{'&all=true' if every else ''}",
    )
    bars = stacked_bars(
        days,
        [(QUAD_LABELS[i], QUAD_COLOURS[i], [p.quad_counts[i] for p in points]) for i in range(4)],
        label=f"Counted events per day by quad class, {a}–{b}",
        y_label="events",
    )
    flt = EventFilter(pair=(a, b), date_from=date_from, date_to=date_to, counted=not every)
    page = list_events(db, flt, limit=EVENTS_PER_PAGE, offset=offset)
    links = page_links(request, page)
    api_query: dict[str, Any] = {"pair": f"{a},{b}", "counted": str(not every).lower()}
    if date_from:
        api_query["from"] = date_from.isoformat()
    if date_to:
        api_query["to"] = date_to.isoformat()
    links["csv"] = str(request.url.replace(path="/api/events", query="").include_query_params(**api_query, format="csv", limit=50000))
    links["json"] = str(request.url.replace(path="/api/escalation", query="").include_query_params(
        pair=f"{a},{b}", **{k: v for k, v in api_query.items() if k in ("from", "to")}))
    totals = {
        "events": sum(p.events for p in points),
        "goldstein_sum": sum(p.goldstein_sum for p in points),
        "days": sum(1 for p in points if p.events),
    }
    return render(
        request, "pair.html", title=f"{title} · crisisdesk", heading=title, a=a, b=b, line=line, bars=bars,
        page=page, links=links, every=every, window=(days[0], days[-1]) if days else None, totals=totals,
        date_from=date_from, date_to=date_to,
    )
