"""The JSON API (and CSV downloads of its tables): articles, actors, quotes, events, escalation series."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from ..analysis import escalation
from .params import (
    PARTY_PATTERN,
    Paging,
    actor_filter,
    article_filter,
    check_window,
    event_filter,
    quote_filter,
    reader,
    split_pair,
)
from .queries import (
    ActorFilter,
    ArticleFilter,
    EventFilter,
    Page,
    QuoteFilter,
    Reader,
    actor_activity,
    actor_reference,
    get_article,
    list_actors,
    list_articles,
    list_events,
    list_quotes,
    partners,
)

router = APIRouter(prefix="/api", tags=["api"])

# Characters that make a spreadsheet read a cell as a formula; such text cells get a leading quote
# (OWASP's advice on CSV injection), since article text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _ref(side: str) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    def get(key: str) -> Callable[[dict[str, Any]], Any]:
        return lambda r: (r.get(side) or {}).get(key)

    return [(f"{side}_{k}", get(k)) for k in ("name", "actor_id", "country", "code")]


def _field(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: r.get(key)


def _fields(*keys: str) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    return [(k, _field(k)) for k in keys]


# The columns of each CSV download: (header, how to read it from an item).
EVENT_COLUMNS = [
    *_fields("id", "article_id", "date"), *_ref("source"), *_ref("target"),
    *_fields("cameo", "cameo_root", "plover", "plover_mode", "goldstein", "quad_class", "modality", "confidence", "start", "end", "sentence"),
]
QUOTE_COLUMNS = [
    *_fields("id", "article_id", "published", "kind"), *_ref("speaker"),
    *_fields("speaker_text", "cue", "text", "start", "end", "sentence"),
]
ARTICLE_COLUMNS = _fields("id", "published", "site", "title", "author", "url", "language", "duplicate_of")
ACTOR_COLUMNS = _fields("actor_id", "name", "kind", "country", "sector", "code", "articles", "mentions")
SERIES_COLUMNS = _fields("date", "events", "goldstein_sum", "goldstein_mean", "quad1", "quad2", "quad3", "quad4")


def csv_response(items: Sequence[dict[str, Any]], columns: Sequence[tuple[str, Callable[[dict[str, Any]], Any]]], name: str) -> Response:
    """A CSV download of the items."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([header for header, _ in columns])
    for item in items:
        writer.writerow([_cell(get(item)) for _, get in columns])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def paged(page: Page, paging: Paging, columns: Sequence[tuple[str, Callable[[dict[str, Any]], Any]]], name: str) -> Any:
    """The page as JSON or as a CSV download."""
    return csv_response(page.items, columns, name) if paging.format == "csv" else page.to_json()


PAGE_DOC = "A page: `{total, limit, offset, items}`; `format=csv` downloads the rows instead."


@router.get("/articles", summary="Articles (without text)", description=PAGE_DOC)
def articles(flt: ArticleFilter = Depends(article_filter), paging: Paging = Depends(), db: Reader = Depends(reader)) -> Any:
    """Articles newest first, filtered by title words, site and publication dates."""
    check_window(flt.date_from, flt.date_to)
    return paged(list_articles(db, flt, paging.limit, paging.offset), paging, ARTICLE_COLUMNS, "articles")


@router.get("/articles/{article_id}", summary="One article with its annotations")
def article(article_id: str, db: Reader = Depends(reader)) -> dict[str, Any]:
    """One article with its text and its quotes, events, actors and time expressions."""
    found = get_article(db, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return found


@router.get("/actors", summary="Actors", description=PAGE_DOC)
def actors(flt: ActorFilter = Depends(actor_filter), paging: Paging = Depends(), db: Reader = Depends(reader)) -> Any:
    """Actors by the number of articles that mention them."""
    return paged(list_actors(db, flt, paging.limit, paging.offset), paging, ACTOR_COLUMNS, "actors")


@router.get("/actors/{actor_id}", summary="One actor: reference, partners, activity per day")
def actor(actor_id: str, db: Reader = Depends(reader)) -> dict[str, Any]:
    """An actor with the actors it acts on or is acted on by, and its quotes and events per day."""
    ref = actor_reference(db, actor_id)
    if ref is None:
        raise HTTPException(404, f"no actor {actor_id!r}")
    return {
        **ref,
        "partners": [{**p.__dict__, "events": p.events} for p in partners(db, actor_id)],
        "activity": [{**r, "day": r["day"].isoformat()} for r in actor_activity(db, actor_id)],
    }


@router.get("/quotes", summary="Quotes", description=PAGE_DOC)
def quotes(flt: QuoteFilter = Depends(quote_filter), paging: Paging = Depends(), db: Reader = Depends(reader)) -> Any:
    """Quotes newest first, filtered by speaker, speaker's country, words and publication dates."""
    check_window(flt.date_from, flt.date_to)
    return paged(list_quotes(db, flt, paging.limit, paging.offset), paging, QUOTE_COLUMNS, "quotes")


@router.get("/events", summary="Events", description=PAGE_DOC)
def events(flt: EventFilter = Depends(event_filter), paging: Paging = Depends(), db: Reader = Depends(reader)) -> Any:
    """Events newest first, filtered by actor, pair, CAMEO code or root, PLOVER type, quad class, modality and dates."""
    check_window(flt.date_from, flt.date_to)
    return paged(list_events(db, flt, paging.limit, paging.offset), paging, EVENT_COLUMNS, "events")


@router.get("/escalation", summary="Daily escalation series of a pair or a country")
def escalation_series(
    pair: str | None = Query(None, pattern=r"^[A-Za-z0-9_.\-]{2,40},[A-Za-z0-9_.\-]{2,40}$", description="two parties: XVR,XOS"),
    country: str | None = Query(None, pattern=PARTY_PATTERN, description="one party (country, else CAMEO code)"),
    date_from: dt.date | None = Query(None, alias="from"),
    date_to: dt.date | None = Query(None, alias="to"),
    directed: bool = Query(False, description="pair: only events from the first party to the second"),
    role: Literal["any", "source", "target"] = Query("any", description="country: as source, target or either"),
    fill: bool = Query(True, description="one point per day, days without events included"),
    format: Literal["json", "csv"] = Query("json"),
    db: Reader = Depends(reader),
) -> Any:
    """Per day: counted events (asserted, of non-duplicate articles), Goldstein sum and mean, counts by quad class."""
    if (pair is None) == (country is None):
        raise HTTPException(422, "bad parameters: give exactly one of pair (XVR,XOS) or country")
    check_window(date_from, date_to)
    try:
        with db.connection() as con:
            if pair:
                a, b = split_pair(pair)  # type: ignore[misc]
                points = escalation.pair_series(con, a, b, start=date_from, end=date_to, directed=directed, fill=fill)
                subject: dict[str, Any] = {"pair": [a, b], "directed": directed}
            else:
                points = escalation.country_series(con, country.upper(), start=date_from, end=date_to, role=role, fill=fill)  # type: ignore[union-attr]
                subject = {"country": country.upper(), "role": role}  # type: ignore[union-attr]
    except ValueError as exc:
        raise HTTPException(422, f"bad parameters: {exc}") from exc
    rows = [p.to_json() for p in points]
    if format == "csv":
        return csv_response(rows, SERIES_COLUMNS, "escalation")
    return {**subject, "from": rows[0]["date"] if rows else None, "to": rows[-1]["date"] if rows else None, "points": rows}


@router.get("/pairs", summary="The most active pairs of parties")
def pairs(
    n: int = Query(10, ge=1, le=200),
    date_from: dt.date | None = Query(None, alias="from"),
    date_to: dt.date | None = Query(None, alias="to"),
    db: Reader = Depends(reader),
) -> list[dict[str, Any]]:
    """Undirected pairs of distinct parties with the most counted events, with their mean Goldstein score."""
    check_window(date_from, date_to)
    with db.connection() as con:
        return [p.to_json() for p in escalation.top_pairs(con, n, start=date_from, end=date_to)]
