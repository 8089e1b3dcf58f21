"""The HTTP API and dashboard over a store (FastAPI): read-only, token-guarded when asked, every page escaped."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..store.schema import SCHEMA_VERSION
from ..store.store import Store
from . import api, api_analysis, pages, views, writer
from .queries import Reader

STATIC = Path(__file__).parent / "static"

# The browser may run only what this server sends: no inline script or style, no other origin.
# Even if some text escaped the templates' escaping, a <script> in it would not run.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """ASGI middleware: checks the bearer token (when one is set), drops empty query parameters, adds security headers."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.expected is not None and not scope["path"].startswith("/static/"):
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not secrets.compare_digest(given, self.expected):
                response = JSONResponse({"detail": "missing or wrong bearer token (send `Authorization: Bearer <CRISISDESK_TOKEN>`)"},
                                        status_code=401, headers={"WWW-Authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        # A submitted form sends its empty fields (`quad_class=`): they mean "no filter", not a bad value.
        query = scope.get("query_string", b"").decode("latin-1")
        if query:
            kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if v != ""]
            scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def open_store(db: str | Path, writable: bool = False) -> Store:
    """Open a store for serving: migrate it first if it is behind, then hold it read-only (or as its writer)."""
    if writable and Path(db).is_file():  # a missing store is an error below, not a new empty store
        return Store.open(db)
    store = Store.open(db, read_only=True)  # raises a StoreError naming the path when there is no store
    try:
        row = store.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = int(row[0]) if row and row[0] is not None else 0
    except duckdb.Error:
        version = 0
    if version >= SCHEMA_VERSION:
        return store
    store.close()
    Store.open(db).close()  # applies the pending migrations
    return Store.open(db, read_only=True)


def create_app(db: str | Path, token: str | None = None, writer_key: str | None = None) -> FastAPI:
    """Build the app over the store at `db`; with a token, every request must carry it as a Bearer header.

    With a writer key the server is the store's one writer: a local `ingest` that shows the key hands
    its documents to it (web/writer.py).
    """
    store = open_store(db, writable=writer_key is not None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="crisisdesk",
        version=__version__,
        description="Quotes, actors, dates and events from crisis news, with evidence. Read-only.",
        lifespan=lifespan,
        # The stock API explorers load their scripts from a CDN; /api-docs renders the document here instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.reader = Reader(store)
    app.add_middleware(Guard, token=token)
    app.include_router(api.router)
    app.include_router(api_analysis.router)
    if writer_key is not None and not store.read_only and not Path(db).is_dir():
        app.state.writer = writer.Writer(store, writer_key)
        app.include_router(writer.router)
    views.register(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if pages.wants_html(request):
            return pages.error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in err['loc'][1:]) or err['loc'][0]}: {err['msg']}" for err in exc.errors()
        ]
        if pages.wants_html(request):
            return pages.error_page(request, 422, "; ".join(problems))
        return JSONResponse({"detail": "bad parameters: " + "; ".join(problems), "errors": jsonable(exc.errors())}, status_code=422)
    return app


def jsonable(errors: Sequence[Any]) -> list[dict]:
    """Validation errors without the raw exception objects pydantic may put in `ctx`."""
    return [{k: (str(v) if k in ("ctx", "input") else v) for k, v in err.items()} for err in errors]
