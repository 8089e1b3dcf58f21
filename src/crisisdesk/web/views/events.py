"""The event explorer: events filtered by actor, pair, CAMEO, PLOVER, quad class, modality and dates."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..pages import NavItem, page_links, render
from ..params import check_window, event_filter, reader
from ..queries import EventFilter, Reader, list_events

router = APIRouter(include_in_schema=False)
NAV = NavItem("Events", "/events", 50)


@router.get("/events", response_class=HTMLResponse)
def event_explorer(
    request: Request,
    flt: EventFilter = Depends(event_filter),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    db: Reader = Depends(reader),
) -> HTMLResponse:
    """Events matching the form's filters, newest first, each linked to its evidence."""
    check_window(flt.date_from, flt.date_to)
    page = list_events(db, flt, limit=50, offset=offset)
    plovers = [r["p"] for r in db.rows("SELECT DISTINCT plover AS p FROM events WHERE plover IS NOT NULL ORDER BY 1")]
    return render(request, "events.html", title="Events · crisisdesk", page=page, links=page_links(request, page), flt=flt, plovers=plovers)
