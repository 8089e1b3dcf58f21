"""The claims ledger page: forecasts and warnings, who made them, about whom, and what came of them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..api_analysis import Status, claims
from ..pages import NavItem, render
from ..params import reader
from ..queries import MAX_PAGE, Reader

router = APIRouter(include_in_schema=False)
NAV = NavItem("Claims", "/claims", 55)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, status: Status = None, db: Reader = Depends(reader)) -> HTMLResponse:
    """The ledger, soonest due first, filtered by status."""
    rows = claims(status=status, action=None, actor=None, due_from=None, due_to=None, limit=MAX_PAGE, offset=0, db=db)
    return render(request, "claims.html", title="Claims · crisisdesk", claims=rows, status=status)
