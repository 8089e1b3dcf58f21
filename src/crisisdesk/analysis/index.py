"""The escalation index: daily Goldstein sums per actor pair normalised by the day's coverage, a
rolling 7-day line, and a CrisisWatch-like weekly verdict (deteriorated / improved / stable).

What is counted is what analysis/escalation.py counts (its COUNTED and party_sql, shared): asserted,
dated events of articles that are not a copy of another article, by directed pair of parties (actor country, else CAMEO code; an event without a target counts for its
source's country line only). Every mention counts, not only distinct events: the index measures how
much of the news is about conflict, so it is normalised by the number of articles published that
day. More news does not read as more war; a larger share of conflict in the news does.

    index(day)    = 100 x (Goldstein sum of the pair's events that day) / (articles published that day)
    rolling 7-day = the same ratio over the 7 days ending that day (sums, not a mean of ratios)

The weekly verdict rule was fixed before looking at any crisis data, from general principles
(a week is compared with the normal range of the eight weeks before it, with robust statistics,
and no single event may decide a verdict):

    I_w    = 100 x Goldstein sum of the pair's events in ISO week w / articles published in week w
    m, MAD = median and median absolute deviation of I over the 8 weeks before w that had articles
    s      = max(1.4826 x MAD, 100 x 10 / articles of week w)
             (1.4826 x MAD estimates a standard deviation; the floor is the weight one event at the
              end of the Goldstein scale, |10|, has in week w, so noise of one event is never a signal)
    deteriorated if I_w < m - 2 s; improved if I_w > m + 2 s; stable otherwise
             (2 spreads: the conventional two-sided 95% band)
    fewer than 4 earlier weeks with articles: "insufficient history" (no verdict)
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from .escalation import COUNTED, party_sql
from .tables import one, temp_values

BASELINE_WEEKS = 8
MIN_BASELINE_WEEKS = 4  # half the baseline: a median of fewer weeks is one or two weeks' accident
SPREADS = 2.0
MAD_TO_SD = 1.4826  # the MAD of a normal distribution times this is its standard deviation
GOLDSTEIN_EXTREME = 10.0
ROLLING_DAYS = 7

DETERIORATED, IMPROVED, STABLE, INSUFFICIENT = "deteriorated", "improved", "stable", "insufficient history"

_INDEX_SELECT = f"""
    SELECT e.date, {party_sql("source")} AS src,
           coalesce({party_sql("target")}, '') AS tgt,
           count(*), sum(e.goldstein),
           count(*) FILTER (WHERE e.quad_class = 1), count(*) FILTER (WHERE e.quad_class = 2),
           count(*) FILTER (WHERE e.quad_class = 3), count(*) FILTER (WHERE e.quad_class = 4)
    FROM events e
    WHERE {COUNTED} AND {party_sql("source")} IS NOT NULL {{where}}
    GROUP BY 1, 2, 3
"""

_COVERAGE_SELECT = f"""
    SELECT day, sum(articles)::INTEGER, sum(events)::INTEGER FROM (
        SELECT published AS day, count(*) AS articles, 0 AS events FROM articles
        WHERE duplicate_of IS NULL AND published IS NOT NULL {{where_a}} GROUP BY 1
        UNION ALL
        SELECT e.date, 0, count(*) FROM events e WHERE {COUNTED} {{where_e}} GROUP BY 1
    ) GROUP BY day
"""


def rebuild_index(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the whole daily index and coverage; return the number of index rows."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM daily_index")
        con.execute("DELETE FROM daily_coverage")
        # Stored in pair order, so that the row groups of one pair are few and a pair's series skips the rest.
        con.execute("INSERT INTO daily_index " + _INDEX_SELECT.format(where="") + " ORDER BY 2, 3, 1")
        con.execute("INSERT INTO daily_coverage " + _COVERAGE_SELECT.format(where_a="", where_e=""))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return int(one(con, "SELECT count(*) FROM daily_index")[0])


def refresh_index(con: duckdb.DuckDBPyConnection, days: Iterable[dt.date]) -> int:
    """Recompute the index and coverage of some days only (after an ingest); return the days done."""
    todo = sorted({d for d in days if d is not None})
    if not todo:
        return 0
    temp_values(con, "refresh_days", "day", todo, "DATE")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM daily_index WHERE day IN (SELECT day FROM refresh_days)")
        con.execute("DELETE FROM daily_coverage WHERE day IN (SELECT day FROM refresh_days)")
        con.execute("INSERT INTO daily_index " + _INDEX_SELECT.format(where="AND e.date IN (SELECT day FROM refresh_days)"))
        con.execute(
            "INSERT INTO daily_coverage "
            + _COVERAGE_SELECT.format(where_a="AND published IN (SELECT day FROM refresh_days)", where_e="AND e.date IN (SELECT day FROM refresh_days)")
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(todo)


def days_of_articles(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> set[dt.date]:
    """The days whose index depends on these articles or on their duplicate clusters."""
    ids = list(article_ids)
    if not ids:
        return set()
    temp_values(con, "index_articles", "id", ids)
    rows = con.execute(
        """WITH fam AS (SELECT id FROM articles WHERE coalesce(duplicate_of, id) IN
                (SELECT coalesce(duplicate_of, id) FROM articles WHERE id IN (SELECT id FROM index_articles)))
           SELECT published FROM articles WHERE id IN (SELECT id FROM fam) AND published IS NOT NULL
           UNION SELECT date FROM events WHERE article_id IN (SELECT id FROM fam) AND date IS NOT NULL"""
    ).fetchall()
    return {r[0] for r in rows}


# -- series ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndexPoint:
    """One day of an index line."""

    date: dt.date
    events: int
    goldstein_sum: float
    quad_counts: tuple[int, int, int, int]
    articles: int
    index: float | None
    rolling: float | None

    def to_json(self) -> dict[str, Any]:
        """The point as a JSON-ready dict."""
        return {
            "date": self.date.isoformat(),
            "events": self.events,
            "goldstein_sum": round(self.goldstein_sum, 3),
            "quad_counts": list(self.quad_counts),
            "articles": self.articles,
            "index": None if self.index is None else round(self.index, 3),
            "rolling_7d": None if self.rolling is None else round(self.rolling, 3),
        }


def _scope(a: str, b: str | None, directed: bool) -> tuple[str, list[Any]]:
    """SQL condition on daily_index rows for a pair (a to b, or both ways) or one party (b None)."""
    if b is None:
        return "(source = ? OR target = ?)", [a, a]
    if directed:
        return "(source = ? AND target = ?)", [a, b]
    return "((source = ? AND target = ?) OR (source = ? AND target = ?))", [a, b, b, a]


def index_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    directed: bool = False,
) -> list[IndexPoint]:
    """The daily index of a pair (b given) or of a party's events (b None), every day of the window."""
    where, args = _scope(a, b, directed)
    if start is None or end is None:
        lo, hi = one(con, f"SELECT min(day), max(day) FROM daily_index WHERE {where}", args)
        if lo is None:
            return []
        start, end = start or lo, end or hi
    first = start - dt.timedelta(days=ROLLING_DAYS - 1)
    rows = con.execute(
        f"""WITH days AS (SELECT CAST(d AS DATE) AS day FROM range(CAST(? AS DATE), CAST(? AS DATE) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)),
                 pair AS (SELECT day, sum(events) AS n, sum(goldstein_sum) AS g, sum(quad1) q1, sum(quad2) q2, sum(quad3) q3, sum(quad4) q4
                          FROM daily_index WHERE {where} AND day BETWEEN ? AND ? GROUP BY day)
            SELECT days.day, coalesce(n, 0), coalesce(g, 0), coalesce(q1, 0), coalesce(q2, 0), coalesce(q3, 0), coalesce(q4, 0),
                   coalesce(c.articles, 0)
            FROM days LEFT JOIN pair USING (day) LEFT JOIN daily_coverage c USING (day) ORDER BY days.day""",
        [first, end, *args, first, end],
    ).fetchall()
    points: list[IndexPoint] = []
    window_g: list[float] = []
    window_a: list[int] = []
    for day, n, g, q1, q2, q3, q4, articles in rows:
        window_g.append(float(g))
        window_a.append(int(articles))
        if len(window_g) > ROLLING_DAYS:
            window_g.pop(0)
            window_a.pop(0)
        if day < start:
            continue
        idx = 100.0 * float(g) / articles if articles else None
        total_a = sum(window_a)
        rolling = 100.0 * sum(window_g) / total_a if total_a else None
        points.append(IndexPoint(day, int(n), float(g), (int(q1), int(q2), int(q3), int(q4)), int(articles), idx, rolling))
    return points


def quad_share(
    con: duckdb.DuckDBPyConnection, source: str, target: str, start: dt.date, end: dt.date, quad_class: int = 4
) -> tuple[float | None, int]:
    """The share of one quad class among the directed pair's counted events in a window, and the event count."""
    n, q = one(
        con,
        f"SELECT sum(events), sum(quad{int(quad_class)}) FROM daily_index WHERE source = ? AND target = ? AND day BETWEEN ? AND ?",
        [source, target, start, end],
    )
    n = int(n or 0)
    return (float(q) / n if n else None), n


# -- weekly verdicts -------------------------------------------------------------------------------

@dataclass
class WeekVerdict:
    """The verdict of one ISO week for a pair, with the figures behind it and its evidence events."""

    week: dt.date  # the Monday
    events: int
    articles: int
    index: float | None
    baseline_median: float | None
    spread: float | None
    verdict: str
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The verdict as a JSON-ready dict."""
        r = lambda v: None if v is None else round(v, 3)  # noqa: E731
        return {
            "week": self.week.isoformat(),
            "events": self.events,
            "articles": self.articles,
            "index": r(self.index),
            "baseline_median": r(self.baseline_median),
            "spread": r(self.spread),
            "verdict": self.verdict,
            "evidence": self.evidence,
        }


def monday(day: dt.date) -> dt.date:
    """The Monday of a day's ISO week."""
    return day - dt.timedelta(days=day.weekday())


def judge(index: float | None, articles: int, baseline: list[float]) -> tuple[str, float | None, float | None]:
    """Apply the verdict rule: (verdict, baseline median, spread) of a week's index against earlier weeks."""
    if index is None or len(baseline) < MIN_BASELINE_WEEKS:
        return INSUFFICIENT, None, None
    m = statistics.median(baseline)
    mad = statistics.median(abs(x - m) for x in baseline)
    spread = max(MAD_TO_SD * mad, 100.0 * GOLDSTEIN_EXTREME / articles)
    if index < m - SPREADS * spread:
        return DETERIORATED, m, spread
    if index > m + SPREADS * spread:
        return IMPROVED, m, spread
    return STABLE, m, spread


def weekly_verdicts(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    directed: bool = False,
    evidence: int = 5,
) -> list[WeekVerdict]:
    """A verdict for every ISO week of the window (weeks before it serve as the baseline)."""
    where, args = _scope(a, b, directed)
    lo, hi = one(con, "SELECT min(day), max(day) FROM daily_coverage")
    if lo is None:
        return []
    start, end = monday(start or lo), end or hi
    first = monday(start - dt.timedelta(weeks=BASELINE_WEEKS))
    rows = con.execute(
        f"""WITH w AS (SELECT date_trunc('week', day)::DATE AS week, sum(articles) AS articles FROM daily_coverage
                       WHERE day BETWEEN ? AND ? GROUP BY 1),
                 p AS (SELECT date_trunc('week', day)::DATE AS week, sum(events) AS n, sum(goldstein_sum) AS g FROM daily_index
                       WHERE {where} AND day BETWEEN ? AND ? GROUP BY 1)
            SELECT w.week, w.articles, coalesce(p.n, 0), coalesce(p.g, 0) FROM w LEFT JOIN p USING (week) ORDER BY w.week""",
        [first, end, *args, first, end],
    ).fetchall()
    weekly = {r[0]: (int(r[1]), int(r[2]), float(r[3])) for r in rows}
    out: list[WeekVerdict] = []
    week = start
    while week <= end:
        articles, n, g = weekly.get(week, (0, 0, 0.0))
        idx = 100.0 * g / articles if articles else None
        baseline = []
        for k in range(1, BASELINE_WEEKS + 1):
            ba, _bn, bg = weekly.get(week - dt.timedelta(weeks=k), (0, 0, 0.0))
            if ba:
                baseline.append(100.0 * bg / ba)
        verdict, m, s = judge(idx, articles, baseline)
        v = WeekVerdict(week, n, articles, idx, m, s, verdict)
        if evidence and verdict in (DETERIORATED, IMPROVED):
            v.evidence = week_evidence(con, a, b, week, directed=directed, worst=verdict == DETERIORATED, limit=evidence)
        out.append(v)
        week += dt.timedelta(weeks=1)
    return out


def week_evidence(
    con: duckdb.DuckDBPyConnection, a: str, b: str, week: dt.date, *, directed: bool = False, worst: bool = True, limit: int = 5
) -> list[dict[str, Any]]:
    """The events behind a week's verdict: distinct events of the pair, most conflictual (or cooperative) first, most reported first.

    Each event is shown by its most confident mention (a specific pattern, an explicit target), not
    by whichever came first: a cluster's first mention can be a bare "he" sentence."""
    pair = "(src = ? AND tgt = ?)" if directed else "((src = ? AND tgt = ?) OR (src = ? AND tgt = ?))"
    args = [a, b] if directed else [a, b, b, a]
    order = "goldstein ASC" if worst else "goldstein DESC"
    rows = con.execute(
        f"""WITH ev AS (
                SELECT e.id, e.article_id, e.date, e.cameo, e.goldstein, e.quad_class,
                       {party_sql("source")} AS src, {party_sql("target")} AS tgt,
                       json_extract_string(e.record, '$.sentence') AS sentence, coalesce(em.cluster_id, -1) AS cluster_id,
                       TRY_CAST(json_extract(e.record, '$.confidence') AS DOUBLE) AS confidence
                FROM events e LEFT JOIN event_mentions em ON em.event_id = e.id
                WHERE {COUNTED} AND e.date BETWEEN ? AND ?
            ), picked AS (
                SELECT *, count(*) OVER (PARTITION BY CASE WHEN cluster_id < 0 THEN id ELSE CAST(cluster_id AS VARCHAR) END) AS mentions,
                       row_number() OVER (PARTITION BY CASE WHEN cluster_id < 0 THEN id ELSE CAST(cluster_id AS VARCHAR) END
                                          ORDER BY confidence DESC NULLS LAST, date, article_id, id) AS k
                FROM ev WHERE {pair}
            )
            SELECT p.id, p.article_id, a.title, a.site, p.date, p.cameo, p.goldstein, p.quad_class, p.src, p.tgt, p.sentence, p.mentions, p.cluster_id
            FROM picked p JOIN articles a ON a.id = p.article_id WHERE k = 1
            ORDER BY {order}, mentions DESC, p.date, p.id LIMIT ?""",
        [week, week + dt.timedelta(days=6), *args, limit],
    ).fetchall()
    keys = ("event_id", "article_id", "title", "site", "date", "cameo", "goldstein", "quad_class", "source", "target", "sentence", "mentions", "cluster_id")
    out = []
    for r in rows:
        item = dict(zip(keys, r, strict=True))
        item["date"] = item["date"].isoformat() if item["date"] else None
        item["cluster_id"] = None if item["cluster_id"] < 0 else item["cluster_id"]
        out.append(item)
    return out
