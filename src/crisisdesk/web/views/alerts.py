"""The alerts page: what the user's rules raised, with the events behind each alert."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..api_analysis import alerts
from ..pages import NavItem, render
from ..params import reader
from ..queries import MAX_PAGE, Reader

router = APIRouter(include_in_schema=False)
NAV = NavItem("Alerts", "/alerts", 25)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, db: Reader = Depends(reader)) -> HTMLResponse:
    """Alerts sent so far, newest first."""
    return render(request, "alerts.html", title="Alerts · crisisdesk", alerts=alerts(limit=MAX_PAGE, db=db))
