"""The analysis API: the normalised escalation index and weekly verdicts, events with their mentions,
the claims ledger and the alerts sent (analysis/ does the work; this layer only reads and checks)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from ..analysis import alerts as alerts_mod
from ..analysis import claims as claims_mod
from ..analysis import clusters as clusters_mod
from ..analysis import index as index_mod
from .params import PARTY_PATTERN, check_window, reader
from .queries import MAX_PAGE, Reader

router = APIRouter(prefix="/api", tags=["analysis"])

Party = Annotated[str, Query(pattern=PARTY_PATTERN, description="a party: country (ISO alpha-3) or CAMEO code")]
From = Annotated[dt.date | None, Query(alias="from")]
To = Annotated[dt.date | None, Query(alias="to")]
Status = Annotated[str | None, Query(pattern=r"^(open|borne out|not borne out)$")]


@router.get("/index")
def index(a: Party, b: Annotated[str | None, Query(pattern=PARTY_PATTERN)] = None, start: From = None, end: To = None,
          directed: bool = False, db: Reader = Depends(reader)) -> list[dict[str, Any]]:
    """The daily escalation index (Goldstein points per 100 articles of the day) and its 7-day line; without b, a's own line."""
    check_window(start, end)
    with db.connection() as con:
        points = index_mod.index_series(con, a.upper(), b.upper() if b else None, start=start, end=end, directed=directed)
    return [p.to_json() for p in points]


@router.get("/verdicts")
def verdicts(a: Party, b: Party, start: From = None, end: To = None, db: Reader = Depends(reader)) -> list[dict[str, Any]]:
    """Weekly verdicts of a pair (deteriorated / improved / stable) with the figures and events behind them."""
    check_window(start, end)
    with db.connection() as con:
        weeks = index_mod.weekly_verdicts(con, a.upper(), b.upper(), start=start, end=end)
    return [w.to_json() for w in weeks]


@router.get("/event-clusters/{cluster_id}")
def event_cluster(cluster_id: int, db: Reader = Depends(reader)) -> dict[str, Any]:
    """One event as GDELT separates it, with all its mentions (article, site, sentence)."""
    with db.connection() as con:
        found = clusters_mod.event_cluster(con, cluster_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no event cluster {cluster_id}")
    return found


@router.get("/claims")
def claims(
    status: Status = None,
    action: Annotated[str | None, Query(pattern=r"^[a-z]{2,20}$")] = None,
    actor: Annotated[str | None, Query(pattern=PARTY_PATTERN, description="party as speaker, subject or object")] = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    db: Reader = Depends(reader),
) -> list[dict[str, Any]]:
    """The claims ledger, soonest due first: who said what will happen, about whom, when, and whether it did."""
    with db.connection() as con:
        return claims_mod.list_claims(con, status=status, action=action, party=actor.upper() if actor else None,
                                      due_from=due_from, due_to=due_to, limit=limit, offset=offset)


@router.get("/alerts")
def alerts(limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100, db: Reader = Depends(reader)) -> list[dict[str, Any]]:
    """Alerts sent so far, newest first."""
    with db.connection() as con:
        return alerts_mod.recent_alerts(con, limit)
