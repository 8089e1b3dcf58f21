"""Read-only queries over a store that the API and the pages share: filters, paging, profiles."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from ..analysis.escalation import COUNTED, party_sql
from ..analysis.tables import most_frequent
from ..store.store import Store

# The most rows one request returns: a page the browser renders quickly and a CSV a user can open.
MAX_PAGE = 500
# Offsets beyond this are refused: DuckDB takes a BIGINT, and no store here holds a billion rows.
MAX_OFFSET = 1_000_000_000


class Reader:
    """One store connection shared by the server's threads; DuckDB runs one query per connection at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection, held for the duration of the block."""
        with self._lock:
            yield self.store.con

    def rows(self, sql: str, args: list[Any] | None = None) -> list[dict[str, Any]]:
        """The rows of a query as dicts."""
        with self.connection() as con:
            rel = con.execute(sql, args or [])
            names = [d[0] for d in rel.description]
            return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]

    def scalar(self, sql: str, args: list[Any] | None = None) -> Any:
        """The first value of the first row of a query."""
        with self.connection() as con:
            row = con.execute(sql, args or []).fetchone()
        return row[0] if row else None

    def records(self, sql: str, args: list[Any] | None = None) -> list[dict[str, Any]]:
        """The JSON `record` column of a query, parsed."""
        return [json.loads(r["record"]) for r in self.rows(sql, args)]

    def page(self, table: str, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        """Rows of a query that selects `rid` (a rowid of `table`) and more, each with its parsed `record` added.

        Sorting rows that carry their records would read every matching record (a hundred thousand
        for a busy pair); the page's row ids are found first and only their records are read.
        """
        with self.connection() as con:  # one hold: the row ids stay valid between the two queries
            rel = con.execute(sql, args)
            names = [d[0] for d in rel.description]
            rows = [dict(zip(names, row, strict=True)) for row in rel.fetchall()]
            if not rows:
                return []
            found = dict(con.execute(f"SELECT rowid, record FROM {table} WHERE rowid = ANY(?)", [[r["rid"] for r in rows]]).fetchall())
        return [{**r, "record": json.loads(found[r["rid"]])} for r in rows]


@dataclass
class Page:
    """A page of results with the total count of the filtered rows."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        """The page as a JSON-ready dict."""
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


@dataclass
class Where:
    """A conjunction of SQL conditions with their arguments, built one filter at a time."""

    parts: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, sql: str, *args: Any) -> None:
        """Add one condition."""
        self.parts.append(sql)
        self.args.extend(args)

    @property
    def sql(self) -> str:
        """The WHERE clause (or nothing)."""
        return "WHERE " + " AND ".join(self.parts) if self.parts else ""


def icontains(column: str, text: str) -> tuple[str, list[Any]]:
    """A case-insensitive substring test, the user's % and _ taken literally.

    ILIKE without ESCAPE is DuckDB's fast path (five times faster than with it on 300,000 quotes);
    text holding a wildcard takes the slower literal test instead.
    """
    if any(c in text for c in "%_\\"):
        return f"contains(lower({column}), lower(?))", [text]
    return f"{column} ILIKE ?", [f"%{text}%"]


def _total(w: Where) -> str:
    """The select item giving a filtered page its total, counted in the same scan (a second query when unfiltered)."""
    return "count(*) OVER () AS total_rows" if w.parts else "NULL AS total_rows"


def _count(reader: Reader, rows: list[dict[str, Any]], w: Where, offset: int, count_sql: str) -> int:
    """The total of a page's query: from its window count, else (unfiltered, or past the end) by counting."""
    if rows and rows[0]["total_rows"] is not None:
        return int(rows[0]["total_rows"])
    if not w.parts or offset > 0:
        return int(reader.scalar(f"{count_sql} {w.sql}", w.args))
    return 0


def _cond(sql_args: tuple[str, list[Any]]) -> list[Any]:
    sql, args = sql_args
    return [sql, *args]


# -- events ---------------------------------------------------------------------------------------
@dataclass
class EventFilter:
    """What an event list can be filtered by; every field is optional."""

    actor: str | None = None  # actor id, CAMEO code or country, on either side
    source: str | None = None
    target: str | None = None
    pair: tuple[str, str] | None = None  # parties (country, else code), either direction
    cameo: str | None = None  # a code or a prefix of one ("19" takes 190..196)
    cameo_root: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    article_id: str | None = None
    counted: bool = False  # only the events escalation series count (asserted, non-duplicate)

    def where(self) -> Where:
        """The SQL conditions of this filter over `events e`."""
        w = Where()
        for side_value, sides in ((self.actor, ("source", "target")), (self.source, ("source",)), (self.target, ("target",))):
            if side_value:
                ors = [f"? IN (e.{s}_id, e.{s}_code, e.{s}_country)" for s in sides]
                w.add("(" + " OR ".join(ors) + ")", *([side_value] * len(sides)))
        if self.pair:
            a, b = self.pair
            src, tgt = party_sql("source"), party_sql("target")
            w.add(f"(({src} = ? AND {tgt} = ?) OR ({src} = ? AND {tgt} = ?))", a, b, b, a)
        if self.cameo:
            w.add("starts_with(e.cameo, ?)", self.cameo)
        if self.cameo_root:
            w.add("e.cameo_root = ?", self.cameo_root)
        if self.plover:
            w.add("e.plover = ?", self.plover.upper())
        if self.quad_class:
            w.add("e.quad_class = ?", self.quad_class)
        if self.modality:
            w.add("e.modality = ?", self.modality)
        if self.date_from:
            w.add("e.date >= ?", self.date_from)
        if self.date_to:
            w.add("e.date <= ?", self.date_to)
        if self.article_id:
            w.add("e.article_id = ?", self.article_id)
        if self.counted:
            w.add(COUNTED)
        return w


def list_events(reader: Reader, flt: EventFilter, limit: int = 50, offset: int = 0) -> Page:
    """Events matching a filter, newest first (undated last), as full records."""
    w = flt.where()
    rows = reader.page(
        "events",
        f"SELECT e.rowid AS rid, {_total(w)} FROM events e {w.sql} ORDER BY e.date DESC NULLS LAST, e.article_id, e.start, e.id LIMIT ? OFFSET ?",
        [*w.args, limit, offset],
    )
    items = [r["record"] for r in rows]
    return Page(items, _count(reader, rows, w, offset, "SELECT count(*) FROM events e"), limit, offset)


# -- quotes ---------------------------------------------------------------------------------------
@dataclass
class QuoteFilter:
    """What a quote list can be filtered by: speaker, speaker's country, words, publication dates."""

    speaker: str | None = None  # a substring of the speaker's canonical name, or an exact actor id
    country: str | None = None
    q: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    article_id: str | None = None
    kind: str | None = None

    def where(self) -> Where:
        """The SQL conditions of this filter over `quotes q` joined to `articles a`."""
        w = Where()
        if self.speaker:
            sql, args = icontains("q.speaker_name", self.speaker)
            w.add(f"(q.speaker_id = ? OR {sql})", self.speaker, *args)
        if self.country:
            w.add("q.speaker_country = ?", self.country.upper())
        if self.q:
            w.add(*_cond(icontains("q.text", self.q)))
        if self.date_from:
            w.add("a.published >= ?", self.date_from)
        if self.date_to:
            w.add("a.published <= ?", self.date_to)
        if self.article_id:
            w.add("q.article_id = ?", self.article_id)
        if self.kind:
            w.add("q.kind = ?", self.kind)
        return w

    @property
    def needs_articles(self) -> bool:
        """Whether the filter reads the articles table (dates)."""
        return bool(self.date_from or self.date_to)


def list_quotes(reader: Reader, flt: QuoteFilter, limit: int = 50, offset: int = 0) -> Page:
    """Quotes matching a filter, newest article first, each with its article's date and title."""
    w = flt.where()
    rows = reader.page(
        "quotes",
        f"""SELECT q.rowid AS rid, CAST(a.published AS VARCHAR) AS published, a.title, {_total(w)} FROM quotes q
            JOIN articles a ON a.id = q.article_id {w.sql}
            ORDER BY a.published DESC NULLS LAST, q.article_id, q.start LIMIT ? OFFSET ?""",
        [*w.args, limit, offset],
    )
    items = [{**r["record"], "published": r["published"], "article_title": r["title"]} for r in rows]
    join = "JOIN articles a ON a.id = q.article_id" if flt.needs_articles else ""
    return Page(items, _count(reader, rows, w, offset, f"SELECT count(*) FROM quotes q {join}"), limit, offset)


# -- articles -------------------------------------------------------------------------------------
ARTICLE_FIELDS = "a.id, a.title, a.site, a.url, a.author, CAST(a.published AS VARCHAR) AS published, a.language, a.duplicate_of"


@dataclass
class ArticleFilter:
    """What an article list can be filtered by."""

    q: str | None = None  # words in the title
    site: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    duplicates: bool = True

    def where(self) -> Where:
        """The SQL conditions of this filter over `articles a`."""
        w = Where()
        if self.q:
            w.add(*_cond(icontains("a.title", self.q)))
        if self.site:
            w.add("a.site = ?", self.site)
        if self.date_from:
            w.add("a.published >= ?", self.date_from)
        if self.date_to:
            w.add("a.published <= ?", self.date_to)
        if not self.duplicates:
            w.add("a.duplicate_of IS NULL")
        return w


def list_articles(reader: Reader, flt: ArticleFilter, limit: int = 50, offset: int = 0) -> Page:
    """Articles without their text, newest first."""
    w = flt.where()
    items = reader.rows(
        f"SELECT {ARTICLE_FIELDS} FROM articles a {w.sql} ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
        [*w.args, limit, offset],
    )
    total = int(reader.scalar(f"SELECT count(*) FROM articles a {w.sql}", w.args))
    return Page(items, total, limit, offset)


def get_article(reader: Reader, article_id: str) -> dict[str, Any] | None:
    """One article with its text and every annotation (quotes, events, actors, time expressions), or None."""
    rows = reader.rows(f"SELECT {ARTICLE_FIELDS}, a.text, a.dateline, a.warnings FROM articles a WHERE a.id = ?", [article_id])
    if not rows:
        return None
    out = rows[0]
    out["dateline"] = list(out["dateline"] or [])
    out["warnings"] = list(out["warnings"] or [])
    out["quotes"] = reader.records("SELECT record FROM quotes WHERE article_id = ? ORDER BY start, id", [article_id])
    out["events"] = reader.records("SELECT record FROM events WHERE article_id = ? ORDER BY start, id", [article_id])
    out["actors"] = reader.records("SELECT record FROM actors WHERE article_id = ? ORDER BY actor_id", [article_id])
    out["timexes"] = reader.records("SELECT record FROM timexes WHERE article_id = ? ORDER BY idx", [article_id])
    return out


# -- actors ---------------------------------------------------------------------------------------
@dataclass
class ActorFilter:
    """What an actor list can be filtered by."""

    q: str | None = None  # a substring of the canonical name
    country: str | None = None
    kind: str | None = None

    def where(self) -> Where:
        """The SQL conditions of this filter over `actors`."""
        w = Where()
        if self.q:
            w.add(*_cond(icontains("name", self.q)))
        if self.country:
            w.add("country = ?", self.country.upper())
        if self.kind:
            w.add("kind = ?", self.kind)
        return w


_REF_COLUMNS = ("name", "kind", "country", "sector", "code")


def _actor_refs(where: str) -> tuple[str, str]:
    """Columns and FROM clause of actor rows grouped by actor_id, each reference field its most frequent value.

    With `most_frequent`, not mode(): the same actor read from a store and from a Parquet dataset
    showed two names ("Village", "Villages") when mode() broke a tie by hash order.
    """
    counts = ", ".join(f"count(*) OVER (PARTITION BY actor_id, {c}) AS n_{c}" for c in _REF_COLUMNS)
    picks = ", ".join(f"{most_frequent(c, 'n_' + c)} AS {c}" for c in _REF_COLUMNS)
    return picks, f"FROM (SELECT *, {counts} FROM actors {where})"


def list_actors(reader: Reader, flt: ActorFilter, limit: int = 50, offset: int = 0) -> Page:
    """Actors with the number of articles and mentions they have, most present first."""
    w = flt.where()
    picks, source = _actor_refs(w.sql)
    items = reader.rows(
        f"""SELECT actor_id, {picks}, count(DISTINCT article_id) AS articles, CAST(sum(n_mentions) AS BIGINT) AS mentions
            {source} GROUP BY actor_id ORDER BY articles DESC, mentions DESC, actor_id LIMIT ? OFFSET ?""",
        [*w.args, limit, offset],
    )
    total = int(reader.scalar(f"SELECT count(DISTINCT actor_id) FROM actors {w.sql}", w.args))
    return Page(items, total, limit, offset)


def actor_reference(reader: Reader, actor_id: str) -> dict[str, Any] | None:
    """The actor's reference (name, kind, country, code), from its mentions, else from events and quotes."""
    picks, source = _actor_refs("WHERE actor_id = ?")
    rows = reader.rows(f"SELECT actor_id, {picks}, count(DISTINCT article_id) AS articles {source} GROUP BY actor_id", [actor_id])
    if rows:
        return rows[0]
    for sql in (
        "SELECT record FROM events WHERE source_id = ? LIMIT 1",
        "SELECT record FROM events WHERE target_id = ? LIMIT 1",
        "SELECT record FROM quotes WHERE speaker_id = ? LIMIT 1",
    ):
        found = reader.records(sql, [actor_id])
        if found:
            rec = found[0]
            ref = rec.get("speaker") or (rec["source"] if rec.get("source", {}).get("actor_id") == actor_id else rec.get("target")) or {}
            return {**{k: ref.get(k) for k in ("actor_id", "name", "kind", "country", "sector", "code")}, "articles": 0}
    return None


@dataclass
class Partner:
    """Another actor an actor acted on (out) or was acted on by (in), with counts and mean Goldstein score."""

    actor_id: str
    name: str
    country: str | None
    out_events: int
    in_events: int
    goldstein_mean: float

    @property
    def events(self) -> int:
        """Events in both directions."""
        return self.out_events + self.in_events


def partners(reader: Reader, actor_id: str, limit: int = 12) -> list[Partner]:
    """The actors this actor has most events with, either direction (asserted events, any article)."""
    rows = reader.rows(
        f"""WITH x AS (
               SELECT target_id AS other, json_extract_string(record, '$.target.name') AS name, target_country AS country,
                      1 AS out_, 0 AS in_, goldstein FROM events WHERE source_id = ? AND target_id IS NOT NULL AND modality = 'asserted'
               UNION ALL
               SELECT source_id, json_extract_string(record, '$.source.name'), source_country,
                      0, 1, goldstein FROM events WHERE target_id = ? AND modality = 'asserted')
           SELECT other, {most_frequent("name", "n_name")} AS name, {most_frequent("country", "n_country")} AS country,
                  sum(out_) AS out_events, sum(in_) AS in_events, avg(goldstein) AS g
           FROM (SELECT *, count(*) OVER (PARTITION BY other, name) AS n_name, count(*) OVER (PARTITION BY other, country) AS n_country FROM x)
           WHERE other <> ? GROUP BY other ORDER BY count(*) DESC, other LIMIT ?""",
        [actor_id, actor_id, actor_id, limit],
    )
    return [Partner(r["other"], r["name"] or r["other"], r["country"], int(r["out_events"]), int(r["in_events"]), float(r["g"])) for r in rows]


def actor_activity(reader: Reader, actor_id: str) -> list[dict[str, Any]]:
    """Per day: quotes the actor gave (by publication date), events they did and events done to them."""
    return reader.rows(
        """WITH said AS (SELECT a.published AS day, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id
                          WHERE q.speaker_id = ? AND a.published IS NOT NULL GROUP BY 1),
                did AS (SELECT date AS day, count(*) AS n FROM events WHERE source_id = ? AND date IS NOT NULL GROUP BY 1),
                got AS (SELECT date AS day, count(*) AS n FROM events WHERE target_id = ? AND date IS NOT NULL GROUP BY 1),
                days AS (SELECT day FROM said UNION SELECT day FROM did UNION SELECT day FROM got)
           SELECT days.day, coalesce(said.n, 0) AS said, coalesce(did.n, 0) AS did, coalesce(got.n, 0) AS got
           FROM days LEFT JOIN said USING (day) LEFT JOIN did USING (day) LEFT JOIN got USING (day) ORDER BY days.day""",
        [actor_id, actor_id, actor_id],
    )


def parties(reader: Reader) -> list[str]:
    """Every party (country, else code) that is the source or target of an event, sorted."""
    src, tgt = party_sql("source"), party_sql("target")
    rows = reader.rows(f"SELECT DISTINCT p FROM (SELECT {src} AS p FROM events e UNION SELECT {tgt} FROM events e) WHERE p IS NOT NULL ORDER BY p")
    return [r["p"] for r in rows]


def party_names(reader: Reader) -> dict[str, str]:
    """A display name for each country code seen on a country actor (code -> name)."""
    rows = reader.rows(
        """SELECT country, first(name ORDER BY n DESC, name) AS name
           FROM (SELECT country, name, count(*) AS n FROM actors WHERE kind = 'country' AND country IS NOT NULL AND name IS NOT NULL GROUP BY 1, 2)
           GROUP BY country"""
    )
    return {r["country"]: r["name"] for r in rows}
