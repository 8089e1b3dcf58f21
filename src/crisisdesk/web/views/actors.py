"""The actor pages: a searchable list, and one actor's words, deeds, partners and activity over time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ...analysis.escalation import MAX_SERIES_DAYS
from ..charts import Edge, Line, line_chart, network
from ..pages import NavItem, actor_href, page_links, render
from ..params import actor_filter, reader
from ..queries import (
    ActorFilter,
    EventFilter,
    QuoteFilter,
    Reader,
    actor_activity,
    actor_reference,
    list_actors,
    list_events,
    list_quotes,
    partners,
)

router = APIRouter(include_in_schema=False)
NAV = NavItem("Actors", "/actors", 30)
# Rows per list on an actor's page: enough to read, with a link to the full list in the explorers.
ROWS = 20


def dense_days(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per-day rows with the missing days (inside the span, at most MAX_SERIES_DAYS back from the last) as zeros."""
    if not rows:
        return []
    by_day = {r["day"]: r for r in rows}
    last = rows[-1]["day"]
    first = max(rows[0]["day"], last - dt.timedelta(days=MAX_SERIES_DAYS - 1))
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [by_day.get(d) or {"day": d, **dict.fromkeys(keys, 0)} for d in days]


@router.get("/actors", response_class=HTMLResponse)
def actor_list(
    request: Request,
    flt: ActorFilter = Depends(actor_filter),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    db: Reader = Depends(reader),
) -> HTMLResponse:
    """Actors by presence, filtered by name, country and kind."""
    page = list_actors(db, flt, limit=50, offset=offset)
    return render(request, "actors.html", title="Actors · crisisdesk", page=page, links=page_links(request, page), flt=flt)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str, db: Reader = Depends(reader)) -> HTMLResponse:
    """What the actor said, what they did and what was done to them, with whom, over time."""
    ref = actor_reference(db, actor_id)
    if ref is None:
        raise HTTPException(404, f"no actor {actor_id!r}")
    activity = dense_days(actor_activity(db, actor_id), ("said", "did", "got"))
    lines = [
        Line("quotes (said)", [(r["day"], float(r["said"])) for r in activity]),
        Line("events as source (did)", [(r["day"], float(r["did"])) for r in activity]),
        Line("events as target (done to)", [(r["day"], float(r["got"])) for r in activity]),
    ]
    chart = line_chart(lines, label=f"{ref['name']}: quotes and events per day", y_label="count", integer=True) if activity else None
    found = partners(db, actor_id)
    net = network(
        ref["name"] or actor_id,
        [Edge(p.name, p.out_events, p.in_events, p.goldstein_mean, actor_href(p.actor_id)) for p in found],
        label=f"Actors {ref['name']} acted on or was acted on by",
    )
    return render(
        request,
        "actor.html",
        title=f"{ref['name']} · crisisdesk",
        ref=ref,
        chart=chart,
        legend=[line.label for line in lines],
        network=net,
        partners=found,
        quotes=list_quotes(db, QuoteFilter(speaker=actor_id), limit=ROWS),
        did=list_events(db, EventFilter(source=actor_id), limit=ROWS),
        got=list_events(db, EventFilter(target=actor_id), limit=ROWS),
    )
