"""The HTTP API and dashboard over a store (FastAPI; pages are server-rendered and escaped)."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..store.store import Store

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
MAX_PAGE = 500


def create_app(db: str | Path, token: str | None = None) -> FastAPI:
    """Build the app over the store at `db`; with a token, every request must carry it as a Bearer header."""
    store = Store.open(db)
    lock = threading.Lock()  # one DuckDB connection; cursors are cheap but its writer is single
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="crisisdesk",
        version=__version__,
        description="Quotes, actors, dates and events from crisis news, with evidence.",
        lifespan=lifespan,
    )

    def authorise(request: Request) -> None:
        if token is None:
            return
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise HTTPException(status_code=401, detail="missing or wrong bearer token")

    def query(sql: str, args: list[Any]) -> list[dict[str, Any]]:
        with lock:
            cur = store.con.cursor()
            rel = cur.execute(sql, args)
            names = [d[0] for d in rel.description]
            return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]

    def records(sql: str, args: list[Any]) -> list[dict[str, Any]]:
        return [json.loads(r["record"]) for r in query(sql, args)]

    @app.get("/api/articles", dependencies=[Depends(authorise)])
    def articles(limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        """Articles, newest first, without their text."""
        rows = query(
            "SELECT id, title, site, url, CAST(published AS VARCHAR) AS published, duplicate_of FROM articles ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return rows

    @app.get("/api/articles/{article_id}", dependencies=[Depends(authorise)])
    def article(article_id: str) -> dict[str, Any]:
        """One article with its quotes, events, actors and time expressions."""
        rows = query("SELECT id, title, site, url, CAST(published AS VARCHAR) AS published, text, duplicate_of FROM articles WHERE id = ?", [article_id])
        if not rows:
            raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
        out = rows[0]
        for table in ("quotes", "events", "actors", "timexes"):
            out[table] = records(f"SELECT record FROM {table} WHERE article_id = ?", [article_id])
        return out

    @app.get("/api/quotes", dependencies=[Depends(authorise)])
    def quotes(
        speaker: str | None = Query(None, description="speaker name or actor id (substring, case-insensitive)"),
        q: str | None = Query(None, description="text search in the quoted words"),
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0),
    ) -> list[dict[str, Any]]:
        """Quotes, filtered by speaker and text."""
        return records(
            """SELECT q.record FROM quotes q WHERE (? IS NULL OR q.speaker_name ILIKE '%' || ? || '%' OR q.speaker_id = ?)
               AND (? IS NULL OR q.text ILIKE '%' || ? || '%') ORDER BY q.article_id, q.start LIMIT ? OFFSET ?""",
            [speaker, speaker, speaker, q, q, limit, offset],
        )

    @app.get("/api/events", dependencies=[Depends(authorise)])
    def events(
        actor: str | None = Query(None, description="source or target actor id or code"),
        cameo_root: str | None = Query(None, pattern=r"^\d{2}$"),
        quad_class: int | None = Query(None, ge=1, le=4),
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0),
    ) -> list[dict[str, Any]]:
        """Events, filtered by actor, CAMEO root and quad class."""
        return records(
            """SELECT record FROM events WHERE (? IS NULL OR ? IN (source_id, target_id, source_code, target_code, source_country, target_country))
               AND (? IS NULL OR cameo_root = ?) AND (? IS NULL OR quad_class = ?) ORDER BY date, id LIMIT ? OFFSET ?""",
            [actor, actor, cameo_root, cameo_root, quad_class, quad_class, limit, offset],
        )

    @app.get("/", response_class=HTMLResponse, dependencies=[Depends(authorise)])
    def overview(request: Request) -> HTMLResponse:
        """The overview page: newest articles, quotes and events."""
        context = {
            "articles": articles(limit=20, offset=0),
            "quotes": quotes(speaker=None, q=None, limit=20, offset=0),
            "events": events(actor=None, cameo_root=None, quad_class=None, limit=20, offset=0),
            "version": __version__,
        }
        return TEMPLATES.TemplateResponse(request, "overview.html", context)

    return app
