"""Speed of the analysis on a synthetic store: 1,000,000 events over two years among 200 actors.

Run: python -m benchmarks analysis [EVENTS]   (default 1,000,000; --clusters also times the cluster rebuild)

The store is built with DuckDB SQL straight into the real schema (migrations applied by Store.open):
articles spread over 730 days (2% of them copies of another), events drawn from the CAMEO codebook
with GDELT's Goldstein scores and quad classes, between 200 parties with a skew towards a few busy
pairs, dated on or up to two days before their article. Targets: the escalation series of one pair
over a year in under 200 ms, a full rebuild of the daily index in under 60 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from .common import peak_rss_mb, save

EVENTS = 1_000_000
EVENTS_PER_ARTICLE = 4
DAYS = 730
ACTORS = 200
START = "2022-01-01"


def build(path: Path, n_events: int = EVENTS) -> dict:
    """Create the synthetic store; return its sizes and the build time."""
    from crisisdesk.nlp.codebook import codebook
    from crisisdesk.store.store import Store

    began = time.perf_counter()
    store = Store.open(path)
    con = store.con
    n_articles = n_events // EVENTS_PER_ARTICLE
    con.execute("SELECT setseed(0.42)")
    con.execute("CREATE TEMP TABLE codes (k INTEGER, cameo VARCHAR, root VARCHAR, goldstein DOUBLE, quad_class INTEGER)")
    rows = [c for c in codebook().values() if len(c.code) >= 3]
    con.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?)", [[k, c.code, c.root, c.goldstein, c.quad_class] for k, c in enumerate(rows)])
    n_codes = con.execute("SELECT count(*) FROM codes").fetchone()[0]
    # Parties: three-letter codes P000..P199; a Zipf-like skew (squared uniform) makes a few pairs busy.
    con.execute(
        f"""INSERT INTO articles (id, source, url, site, title, published, language, text, duplicate_of, warnings, dateline, extra, text_hash)
            SELECT 'a' || i, 'synthetic', 'https://s' || (i % 40) || '.example/' || i, 'site' || (i % 40), 'Article ' || i,
                   DATE '{START}' + CAST(floor(random() * {DAYS}) AS INTEGER), 'en', 'Synthetic article ' || i || '.',
                   CASE WHEN i % 50 = 7 THEN 'a' || (i - 1) END, [], [], '{{}}', md5(CAST(i AS VARCHAR))
            FROM range({n_articles}) t(i)"""
    )
    con.execute(
        f"""INSERT INTO events
            WITH r AS (
                SELECT i, 'a' || CAST(floor(random() * {n_articles}) AS BIGINT) AS article_id,
                       CAST(floor(pow(random(), 2) * {ACTORS}) AS INTEGER) AS s,
                       CAST(floor(pow(random(), 2) * {ACTORS}) AS INTEGER) AS t,
                       CAST(floor(random() * {n_codes}) AS INTEGER) AS k,
                       CAST(floor(random() * 3) AS INTEGER) AS back,
                       random() AS m
                FROM range({n_events}) x(i)
            )
            SELECT 'e' || r.i, r.article_id, 'p' || lpad(CAST(s AS VARCHAR), 3, '0'), 'P' || lpad(CAST(s AS VARCHAR), 3, '0'),
                   'P' || lpad(CAST(s AS VARCHAR), 3, '0'),
                   CASE WHEN t = s THEN NULL ELSE 'p' || lpad(CAST(t AS VARCHAR), 3, '0') END,
                   CASE WHEN t = s THEN NULL ELSE 'P' || lpad(CAST(t AS VARCHAR), 3, '0') END,
                   CASE WHEN t = s THEN NULL ELSE 'P' || lpad(CAST(t AS VARCHAR), 3, '0') END,
                   c.cameo, c.root, NULL, CAST(c.goldstein AS DOUBLE), CAST(c.quad_class AS INTEGER),
                   CASE WHEN m < 0.9 THEN 'asserted' WHEN m < 0.95 THEN 'hypothetical' ELSE 'negated' END,
                   a.published - CAST(r.back AS INTEGER), 0, 10,
                   '{{"sentence": "Synthetic event ' || r.i || ' between parties."}}'
            FROM r JOIN codes c ON c.k = r.k JOIN articles a ON a.id = r.article_id"""
    )
    counts = store.counts()
    store.close()
    return {"articles": counts["articles"], "events": counts["events"], "build_s": round(time.perf_counter() - began, 1)}


def _best_of(fn, runs: int = 5) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(runs):
        began = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - began)
    return best, value


def main(n_events: int = EVENTS, clusters: bool = False) -> dict:
    import datetime as dt

    from crisisdesk.analysis import escalation
    from crisisdesk.analysis.index import index_series, rebuild_index, weekly_verdicts
    from crisisdesk.store.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.duckdb"
        figures: dict = {"events_requested": n_events}
        figures.update(build(path, n_events))
        store = Store.open(path)
        con = store.con
        began = time.perf_counter()
        rows = rebuild_index(con)
        figures["index_rebuild_s"] = round(time.perf_counter() - began, 2)
        figures["index_rows"] = rows
        a, b = con.execute(
            "SELECT least(source, target), greatest(source, target) FROM daily_index WHERE target <> '' AND source <> target "
            "GROUP BY 1, 2 ORDER BY sum(events) DESC LIMIT 1"
        ).fetchone()
        start = dt.date(2023, 1, 1)
        end = start + dt.timedelta(days=364)
        seconds, series = _best_of(lambda: index_series(con, a, b, start=start, end=end))
        figures["pair"] = f"{a}-{b}"
        figures["pair_events_in_year"] = sum(p.events for p in series)
        figures["pair_series_year_ms"] = round(seconds * 1000, 1)
        # The same pair straight from the events table (analysis/escalation.py, no materialised index).
        seconds, _ = _best_of(lambda: escalation.pair_series(con, a, b, start=start, end=end))
        figures["pair_series_year_from_events_ms"] = round(seconds * 1000, 1)
        seconds, _ = _best_of(lambda: weekly_verdicts(con, a, b, start=start, end=end, evidence=0), runs=3)
        figures["weekly_verdicts_year_ms"] = round(seconds * 1000, 1)
        if clusters:
            from crisisdesk.analysis.clusters import rebuild_clusters

            began = time.perf_counter()
            figures["event_clusters"] = rebuild_clusters(con)
            figures["clusters_rebuild_s"] = round(time.perf_counter() - began, 1)
        store.close()
    figures["peak_mb"] = round(peak_rss_mb())
    figures["targets"] = {"pair_series_year_ms": "< 200", "index_rebuild_s": "< 60"}
    save("analysis", figures)
    return figures


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else EVENTS, clusters="--clusters" in sys.argv)
