"""Daily escalation series per country pair and per country: Goldstein mean and sum, quad-class and event counts.

Only asserted events of articles that are not near-duplicates of another article count, so a
republished story does not double the day. A "party" is an actor's country (ISO alpha-3), else its
region's CAMEO code ("the West" and "Western leaders" are both `WST`), else its CAMEO code
(international bodies such as NATO, `IGOWSTNAT`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import duckdb

from ..nlp.kb import region_codes

# Longest window a dense (zero-filled) series may span: ten years of days keeps a response under a
# megabyte and a chart readable; longer spans are asked for in pieces.
MAX_SERIES_DAYS = 3660

Role = Literal["any", "source", "target"]


def party_sql(side: Literal["source", "target"], alias: str = "e") -> str:
    """The SQL expression of the party (country, else region, else code) of an event's source or
    target, as nlp.kb.party gives it; `alias` "" for unqualified columns."""
    col = f"{alias}." if alias else ""
    code = f"{col}{side}_code"
    regions = ", ".join(f"'{r}'" for r in sorted(region_codes()))
    return f"coalesce({col}{side}_country, CASE WHEN left({code}, 3) IN ({regions}) THEN left({code}, 3) ELSE {code} END)"


# Counted events: asserted, dated, from an article that is its duplicate cluster's representative.
# The duplicates are few, so an anti-join on them is cheaper than joining every event to its article.
COUNTED = (
    "e.modality = 'asserted' AND e.date IS NOT NULL "
    "AND e.article_id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"
)


@dataclass(frozen=True)
class DayPoint:
    """One day of a series: event count, Goldstein sum and mean (None on a day without events), quad counts."""

    date: dt.date
    events: int
    goldstein_sum: float
    goldstein_mean: float | None
    quad_counts: tuple[int, int, int, int]

    def to_json(self) -> dict[str, Any]:
        """The point as a JSON-ready dict."""
        q1, q2, q3, q4 = self.quad_counts
        return {
            "date": self.date.isoformat(),
            "events": self.events,
            "goldstein_sum": round(self.goldstein_sum, 3),
            "goldstein_mean": None if self.goldstein_mean is None else round(self.goldstein_mean, 3),
            "quad1": q1,
            "quad2": q2,
            "quad3": q3,
            "quad4": q4,
        }


@dataclass(frozen=True)
class PairActivity:
    """An undirected pair of parties (a < b) with its counted events and mean Goldstein score."""

    a: str
    b: str
    events: int
    goldstein_mean: float

    def to_json(self) -> dict[str, Any]:
        """The pair as a JSON-ready dict."""
        return {"a": self.a, "b": self.b, "events": self.events, "goldstein_mean": round(self.goldstein_mean, 3)}


def _window(con: duckdb.DuckDBPyConnection, where: str, args: list[Any], start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The window to fill: the given bounds, else the data's first and last day (at most MAX_SERIES_DAYS)."""
    if start is None or end is None:
        lo, hi = con.execute(f"SELECT min(e.date), max(e.date) FROM events e WHERE {COUNTED} AND {where}", args).fetchone() or (None, None)
        if lo is None:
            return None
        start = start or max(lo, (end or hi) - dt.timedelta(days=MAX_SERIES_DAYS - 1))
        end = end or max(hi, start)
    if end < start:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    if (end - start).days + 1 > MAX_SERIES_DAYS:
        raise ValueError(f"the window {start}..{end} is longer than {MAX_SERIES_DAYS} days: ask for less at a time")
    return start, end


def _series(con: duckdb.DuckDBPyConnection, where: str, args: list[Any], start: dt.date | None, end: dt.date | None, fill: bool) -> list[DayPoint]:
    window = _window(con, where, args, start, end)
    if window is None:
        return []
    lo, hi = window
    rows = con.execute(
        f"""SELECT e.date, count(*), sum(e.goldstein), avg(e.goldstein),
                   count(*) FILTER (WHERE e.quad_class = 1), count(*) FILTER (WHERE e.quad_class = 2),
                   count(*) FILTER (WHERE e.quad_class = 3), count(*) FILTER (WHERE e.quad_class = 4)
            FROM events e WHERE {COUNTED} AND {where} AND e.date BETWEEN ? AND ?
            GROUP BY e.date ORDER BY e.date""",
        [*args, lo, hi],
    ).fetchall()
    points = {r[0]: DayPoint(r[0], int(r[1]), float(r[2]), float(r[3]), (int(r[4]), int(r[5]), int(r[6]), int(r[7]))) for r in rows}
    if not fill:
        return list(points.values())
    days = (hi - lo).days + 1
    empty = (0, 0, 0, 0)
    return [points.get(d) or DayPoint(d, 0, 0.0, None, empty) for d in (lo + dt.timedelta(days=i) for i in range(days))]


def pair_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    directed: bool = False,
    fill: bool = True,
) -> list[DayPoint]:
    """The daily series of events between parties a and b (a to b only when directed), one point per day when filled."""
    src, tgt = party_sql("source"), party_sql("target")
    if directed:
        where, args = f"{src} = ? AND {tgt} = ?", [a, b]
    else:
        where, args = f"(({src} = ? AND {tgt} = ?) OR ({src} = ? AND {tgt} = ?))", [a, b, b, a]
    return _series(con, where, args, start, end, fill)


def country_series(
    con: duckdb.DuckDBPyConnection,
    country: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    role: Role = "any",
    fill: bool = True,
) -> list[DayPoint]:
    """The daily series of events in which a party acts (source), is acted on (target) or either."""
    src, tgt = party_sql("source"), party_sql("target")
    if role == "source":
        where, args = f"{src} = ?", [country]
    elif role == "target":
        where, args = f"{tgt} = ?", [country]
    else:
        where, args = f"({src} = ? OR {tgt} = ?)", [country, country]
    return _series(con, where, args, start, end, fill)


def top_pairs(
    con: duckdb.DuckDBPyConnection, n: int = 5, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[PairActivity]:
    """The n undirected pairs of distinct parties with the most counted events in the window."""
    src, tgt = party_sql("source"), party_sql("target")
    rows = con.execute(
        f"""SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, count(*) AS n, avg(e.goldstein)
            FROM events e WHERE {COUNTED} AND {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt}
              AND (CAST(? AS DATE) IS NULL OR e.date >= ?) AND (CAST(? AS DATE) IS NULL OR e.date <= ?)
            GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT ?""",
        [start, start, end, end, n],
    ).fetchall()
    return [PairActivity(r[0], r[1], int(r[2]), float(r[3])) for r in rows]


def latest_event_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The date of the newest counted event, the natural end of a default window."""
    row = con.execute(f"SELECT max(e.date) FROM events e WHERE {COUNTED}").fetchone()
    return row[0] if row else None
