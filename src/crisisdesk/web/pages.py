"""What every page shares: the template environment (autoescaping), the navigation, paging links, errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from .charts import QUAD_COLOURS, QUAD_LABELS
from .params import MAX_DOWNLOAD
from .queries import Page

TEMPLATE_DIR = Path(__file__).parent / "templates"
# Autoescape every template whatever its extension: article text and user input reach most pages.
ENV = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(default=True, default_for_string=True))
TEMPLATES = Jinja2Templates(env=ENV)


@dataclass(frozen=True)
class NavItem:
    """An entry of the navigation bar; `order` places it (gaps leave room for pages added later)."""

    label: str
    path: str
    order: int


NAV: list[NavItem] = []


def add_nav(item: NavItem) -> None:
    """Put a page in the navigation bar (views call this when they are registered)."""
    if item not in NAV:
        NAV.append(item)
        NAV.sort(key=lambda i: i.order)


def wants_html(request: Request) -> bool:
    """Whether an error should be shown as a page (a browser asking for a page) rather than JSON."""
    path = request.url.path
    return not (path.startswith("/api/") or path == "/openapi.json") and "text/html" in request.headers.get("accept", "text/html")


def page_links(request: Request, page: Page) -> dict[str, str | None]:
    """Links to the previous and next page of a listing, keeping its filters."""
    prev_offset = max(page.offset - page.limit, 0)
    nxt = page.offset + page.limit
    return {
        "prev": str(request.url.include_query_params(offset=prev_offset)) if page.offset > 0 else None,
        "next": str(request.url.include_query_params(offset=nxt)) if nxt < page.total else None,
        "csv": download_link(request, "csv"),
        "json": download_link(request, "json"),
    }


def download_link(request: Request, fmt: str) -> str:
    """The API address giving this page's table as CSV or JSON (pages at /x map to /api/x)."""
    url = request.url.include_query_params(format=fmt)
    if fmt == "csv":  # the whole table (up to the download limit), not the page on screen
        url = url.remove_query_params("offset").include_query_params(limit=MAX_DOWNLOAD)
    return str(url.replace(path="/api" + request.url.path))


def article_href(article_id: str, event: str | None = None, quote: str | None = None) -> str:
    """The article page, with an event's or quote's evidence highlighted and scrolled to."""
    base = "/articles/" + urlquote(article_id, safe="")
    if event:
        return f"{base}?event={urlquote(event, safe='')}#e-{urlquote(event, safe='')}"
    if quote:
        return f"{base}?quote={urlquote(quote, safe='')}#q-{urlquote(quote, safe='')}"
    return base


def web_url(url: str | None) -> str | None:
    """An article's own address if it is http(s), else None: a `javascript:` address must never become a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def actor_href(actor_id: str) -> str:
    """The page of an actor."""
    return "/actors/" + urlquote(actor_id, safe="")


def pair_href(a: str, b: str) -> str:
    """The page of a pair of parties."""
    return f"/pairs/{urlquote(a, safe='')}/{urlquote(b, safe='')}"


ENV.globals.update(
    article_href=article_href,
    actor_href=actor_href,
    pair_href=pair_href,
    web_url=web_url,
    quad_labels=QUAD_LABELS,
    quad_colours=QUAD_COLOURS,
    version=__version__,
)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template, with the navigation and the current path."""
    context.setdefault("title", "crisisdesk")
    return TEMPLATES.TemplateResponse(request, template, {"nav": NAV, "path": request.url.path, **context}, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An error as a page (the message is escaped like everything else)."""
    return render(request, "error.html", status_code=status_code, title=f"Error {status_code}", status=status_code, message=message)
