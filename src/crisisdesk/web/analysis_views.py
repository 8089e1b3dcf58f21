"""HTTP API and pages of the analysis: escalation index and verdicts, event clusters, claims, alerts.

Kept apart from app.py so the dashboard and the analysis can change independently; `create_app`
includes the router that `analysis_router` builds over the app's store.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..analysis import alerts as alerts_mod
from ..analysis import claims as claims_mod
from ..analysis import clusters as clusters_mod
from ..analysis import index as index_mod
from ..store.store import Store

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
MAX_PAGE = 500
PARTY = r"^[A-Za-z0-9]{2,12}$"  # a country (ISO alpha-3) or a CAMEO code such as IGOWSTNAT


def analysis_router(store: Store, lock: threading.Lock, authorise: Callable[..., None]) -> APIRouter:
    """The analysis endpoints and pages over an open store (reads share the app's lock)."""
    router = APIRouter(dependencies=[Depends(authorise)])

    def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with lock:
            try:
                return fn(store.con.cursor(), *args, **kwargs)
            except ValueError as exc:
                raise HTTPException(status_code=422, detail=str(exc)) from exc

    @router.get("/api/index")
    def index(
        a: str = Query(..., pattern=PARTY, description="party (country or CAMEO code)"),
        b: str | None = Query(None, pattern=PARTY, description="second party; without it, a's own line"),
        start: Annotated[dt.date | None, Query(alias="from")] = None,
        end: Annotated[dt.date | None, Query(alias="to")] = None,
        directed: bool = False,
    ) -> list[dict[str, Any]]:
        """The daily escalation index (per 100 articles) with its 7-day line."""
        if start and end and (end - start).days > 3660:
            raise HTTPException(status_code=422, detail="ask for at most ten years at a time")
        return [p.to_json() for p in run(index_mod.index_series, a.upper(), b.upper() if b else None, start=start, end=end, directed=directed)]

    @router.get("/api/verdicts")
    def verdicts(
        a: str = Query(..., pattern=PARTY),
        b: str = Query(..., pattern=PARTY),
        start: Annotated[dt.date | None, Query(alias="from")] = None,
        end: Annotated[dt.date | None, Query(alias="to")] = None,
    ) -> list[dict[str, Any]]:
        """Weekly verdicts (deteriorated / improved / stable) of a pair, with their evidence events."""
        return [v.to_json() for v in run(index_mod.weekly_verdicts, a.upper(), b.upper(), start=start, end=end)]

    @router.get("/api/event-clusters/{cluster_id}")
    def event_cluster(cluster_id: int) -> dict[str, Any]:
        """One event with all its mentions."""
        found = run(clusters_mod.event_cluster, cluster_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no event cluster {cluster_id}")
        return found

    @router.get("/api/claims")
    def claims(
        status: str | None = Query(None, pattern=r"^(open|borne out|not borne out)$"),
        action: str | None = Query(None, pattern=r"^[a-z]{2,20}$"),
        actor: str | None = Query(None, pattern=PARTY),
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
        limit: int = Query(100, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0),
    ) -> list[dict[str, Any]]:
        """The claims ledger, soonest due first."""
        return run(claims_mod.list_claims, status=status, action=action, party=actor.upper() if actor else None,
                   due_from=due_from, due_to=due_to, limit=limit, offset=offset)

    @router.get("/api/alerts")
    def alerts(limit: int = Query(100, ge=1, le=MAX_PAGE)) -> list[dict[str, Any]]:
        """Alerts sent so far, newest first."""
        return run(alerts_mod.recent_alerts, limit)

    @router.get("/claims", response_class=HTMLResponse)
    def claims_page(request: Request, status: str | None = Query(None, pattern=r"^(open|borne out|not borne out)$")) -> HTMLResponse:
        """The claims ledger as a page."""
        rows = claims(status=status, action=None, actor=None, due_from=None, due_to=None, limit=MAX_PAGE, offset=0)
        return TEMPLATES.TemplateResponse(request, "analysis_claims.html", {"claims": rows, "status": status})

    @router.get("/alerts", response_class=HTMLResponse)
    def alerts_page(request: Request) -> HTMLResponse:
        """Alerts sent so far, as a page."""
        return TEMPLATES.TemplateResponse(request, "analysis_alerts.html", {"alerts": alerts(limit=MAX_PAGE)})

    return router
