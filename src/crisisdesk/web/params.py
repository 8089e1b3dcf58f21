"""Query parameters shared by the API and the pages, validated once (a bad value is a 422 naming it)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import HTTPException, Query, Request

from .queries import MAX_OFFSET, MAX_PAGE, ActorFilter, ArticleFilter, EventFilter, QuoteFilter, Reader

# A CSV download may hold more rows than a JSON page: 50,000 rows of events is about 20 MB.
MAX_DOWNLOAD = 50_000
# Free-text parameters longer than this are refused: no name or phrase needs more.
MAX_TEXT = 200
# A party or actor id: a country or CAMEO code, or an id slug.
ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,80}$"
PARTY_PATTERN = r"^[A-Za-z0-9_.\-]{2,40}$"

Modality = Literal["asserted", "negated", "hypothetical", "future"]
Format = Literal["json", "csv"]


def reader(request: Request) -> Reader:
    """The app's store reader."""
    return request.app.state.reader


class Paging:
    """limit/offset paging and the output format; JSON pages hold at most MAX_PAGE rows."""

    def __init__(
        self,
        limit: int = Query(50, ge=1, le=MAX_DOWNLOAD, description=f"rows per page (JSON at most {MAX_PAGE}, CSV at most {MAX_DOWNLOAD})"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET, description="rows to skip"),
        format: Format = Query("json", description="json, or csv for a download"),
    ) -> None:
        if format == "json" and limit > MAX_PAGE:
            raise HTTPException(422, f"bad parameters: limit: a JSON page holds at most {MAX_PAGE} rows (ask for format=csv to download more)")
        self.limit, self.offset, self.format = limit, offset, format


def split_pair(pair: str | None) -> tuple[str, str] | None:
    """'XVR,XOS' -> ('XVR', 'XOS')."""
    if pair is None:
        return None
    a, b = pair.split(",")
    return a.upper(), b.upper()


def event_filter(
    actor: str | None = Query(None, pattern=ID_PATTERN, description="actor id, CAMEO actor code or country, as source or target"),
    source: str | None = Query(None, pattern=ID_PATTERN, description="actor id, code or country of the source"),
    target: str | None = Query(None, pattern=ID_PATTERN, description="actor id, code or country of the target"),
    pair: str | None = Query(None, pattern=r"^[A-Za-z0-9_.\-]{2,40},[A-Za-z0-9_.\-]{2,40}$",
                             description="two parties (country, else CAMEO code), comma separated, either direction: XVR,XOS"),
    cameo: str | None = Query(None, pattern=r"^\d{2,4}$", description="CAMEO code or its prefix (19 takes 190-196)"),
    cameo_root: str | None = Query(None, pattern=r"^\d{2}$", description="CAMEO root (two digits)"),
    plover: str | None = Query(None, pattern=r"^[A-Za-z_]{2,40}$", description="PLOVER event type, e.g. CONSULT"),
    quad_class: int | None = Query(None, ge=1, le=4, description="1 verbal cooperation .. 4 material conflict"),
    modality: Modality | None = Query(None),
    date_from: dt.date | None = Query(None, alias="from", description="first event date (YYYY-MM-DD)"),
    date_to: dt.date | None = Query(None, alias="to", description="last event date (YYYY-MM-DD)"),
    article_id: str | None = Query(None, max_length=MAX_TEXT),
    counted: bool = Query(False, description="only the events escalation series count: asserted, of non-duplicate articles"),
) -> EventFilter:
    """The event filter from query parameters."""
    return EventFilter(actor, source, target, split_pair(pair), cameo, cameo_root, plover, quad_class, modality,
                       date_from, date_to, article_id, counted)


def quote_filter(
    speaker: str | None = Query(None, max_length=MAX_TEXT, description="speaker's actor id, or part of their name"),
    country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="speaker's country (ISO alpha-3)"),
    q: str | None = Query(None, max_length=MAX_TEXT, description="words in the quote"),
    date_from: dt.date | None = Query(None, alias="from", description="first publication date"),
    date_to: dt.date | None = Query(None, alias="to", description="last publication date"),
    article_id: str | None = Query(None, max_length=MAX_TEXT),
    kind: Literal["direct", "indirect", "mixed"] | None = Query(None),
) -> QuoteFilter:
    """The quote filter from query parameters."""
    return QuoteFilter(speaker, country, q, date_from, date_to, article_id, kind)


def article_filter(
    q: str | None = Query(None, max_length=MAX_TEXT, description="words in the title"),
    site: str | None = Query(None, max_length=MAX_TEXT),
    date_from: dt.date | None = Query(None, alias="from", description="first publication date"),
    date_to: dt.date | None = Query(None, alias="to", description="last publication date"),
    duplicates: bool = Query(True, description="include near-duplicates of other articles"),
) -> ArticleFilter:
    """The article filter from query parameters."""
    return ArticleFilter(q, site, date_from, date_to, duplicates)


def actor_filter(
    q: str | None = Query(None, max_length=MAX_TEXT, description="part of the actor's name"),
    country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$"),
    kind: Literal["person", "organization", "country", "group"] | None = Query(None),
) -> ActorFilter:
    """The actor filter from query parameters."""
    return ActorFilter(q, country, kind)


# Daily series are filled day by day, so a window of two thousand years costs minutes of CPU (found by
# the API fuzzing); digital news archives start in the 1970s (GDELT's back file in 1979).
EARLIEST, LATEST = dt.date(1970, 1, 1), dt.date(2100, 12, 31)


def check_window(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Refuse a window that ends before it starts or reaches outside the years news archives cover."""
    for name, day in (("from", date_from), ("to", date_to)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise HTTPException(422, f"bad parameters: {name} ({day}) must lie between {EARLIEST} and {LATEST}")
    if date_from and date_to and date_to < date_from:
        raise HTTPException(422, f"bad parameters: to ({date_to}) is before from ({date_from})")
