"""The quote explorer: search and filter quotes by speaker, speaker's country, words and date."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..pages import NavItem, page_links, render
from ..params import check_window, quote_filter, reader
from ..queries import QuoteFilter, Reader, list_quotes

router = APIRouter(include_in_schema=False)
NAV = NavItem("Quotes", "/quotes", 40)


@router.get("/quotes", response_class=HTMLResponse)
def quote_explorer(
    request: Request,
    flt: QuoteFilter = Depends(quote_filter),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    db: Reader = Depends(reader),
) -> HTMLResponse:
    """Quotes matching the form's filters, newest first."""
    check_window(flt.date_from, flt.date_to)
    page = list_quotes(db, flt, limit=50, offset=offset)
    countries = [r["c"] for r in db.rows("SELECT DISTINCT speaker_country AS c FROM quotes WHERE speaker_country IS NOT NULL ORDER BY 1")]
    return render(request, "quotes.html", title="Quotes · crisisdesk", page=page, links=page_links(request, page), flt=flt, countries=countries)
