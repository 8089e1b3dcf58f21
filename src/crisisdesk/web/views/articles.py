"""The article pages: a list, and one article's text with its annotations marked and linked."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..highlight import marks_for, render_text
from ..pages import NavItem, page_links, render
from ..params import MAX_TEXT, article_filter, check_window, reader
from ..queries import ArticleFilter, Reader, get_article, list_articles

router = APIRouter(include_in_schema=False)
NAV = NavItem("Articles", "/articles", 60)


@router.get("/articles", response_class=HTMLResponse)
def article_list(
    request: Request,
    flt: ArticleFilter = Depends(article_filter),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    db: Reader = Depends(reader),
) -> HTMLResponse:
    """Articles newest first, filtered by title words, site and dates."""
    check_window(flt.date_from, flt.date_to)
    page = list_articles(db, flt, limit=50, offset=offset)
    return render(request, "articles.html", title="Articles · crisisdesk", page=page, links=page_links(request, page), flt=flt)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: str,
    event: str | None = Query(None, max_length=MAX_TEXT, description="event whose evidence to highlight"),
    quote: str | None = Query(None, max_length=MAX_TEXT, description="quote to highlight"),
    db: Reader = Depends(reader),
) -> HTMLResponse:
    """The article's text with quotes, events, actors and dates marked; the chosen event's evidence highlighted."""
    found = get_article(db, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    body = render_text(found["text"], marks_for(found, selected_event=event, selected_quote=quote))
    selected = next((e for e in found["events"] if e["id"] == event), None)
    return render(request, "article.html", title=f"{found['title'] or article_id} · crisisdesk", article=found, body=body,
                  selected=selected, selected_quote=quote)
