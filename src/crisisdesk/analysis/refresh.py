"""Bring the analysis tables up to date with the store: run after each ingest, or rebuild them whole.

The store remembers which articles have been analysed (`analysed_articles`), so an ingest that was
killed halfway is caught up by the next one, and the analysis never counts an article twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, TextIO

import duckdb

from . import alerts as alerts_mod
from .claims import store_claims, update_statuses
from .clusters import rebuild_clusters, update_clusters
from .index import days_of_articles, rebuild_index, refresh_index
from .tables import insert_rows, one, temp_values

# Past this many pending articles, when they are also a quarter of the store, one rebuild pass over
# every mention costs about what the update does (it reloads the open clusters of every day touched);
# an order-of-magnitude choice, not tuned: both give the same tables for articles in date order.
REBUILD_AT = 2000


@dataclass
class AnalysisReport:
    """What one analysis pass did."""

    articles: int = 0
    rebuilt: bool = False
    events_touched: int = 0
    days: int = 0
    claims: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def pending_articles(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Stored articles the analysis has not seen yet."""
    return [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM analysed_articles) ORDER BY published NULLS LAST, id"
    ).fetchall()]


def analyse_pending(
    con: duckdb.DuckDBPyConnection,
    rules: alerts_mod.RuleSet | None = None,
    *,
    rebuild: bool = False,
    stdout: TextIO | None = None,
) -> AnalysisReport:
    """Analyse every article not analysed yet (or everything, with rebuild); check the alert rules."""
    began = time.perf_counter()
    report = AnalysisReport()
    pending = pending_articles(con)
    total = int(one(con, "SELECT count(*) FROM articles")[0])
    report.articles = len(pending)
    if not pending and not rebuild:
        return report
    rebuild = rebuild or (len(pending) > REBUILD_AT and len(pending) * 4 > total)
    temp_values(con, "pending_articles", "id", pending)
    days = days_of_articles(con, pending)
    if rebuild:
        report.rebuilt = True
        report.events_touched = rebuild_clusters(con)
        rebuild_index(con)
        con.execute("DELETE FROM claims")
        all_ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        report.claims = store_claims(con, all_ids)
    else:
        report.events_touched = update_clusters(con, pending)
        refresh_index(con, days)
        family = [r[0] for r in con.execute(
            """SELECT id FROM articles WHERE coalesce(duplicate_of, id) IN
                 (SELECT coalesce(duplicate_of, id) FROM articles WHERE id IN (SELECT id FROM pending_articles))"""
        ).fetchall()]
        report.claims = store_claims(con, family)
    report.days = len(days)
    report.statuses = update_statuses(con)
    if rules is not None:
        new_events = [r[0] for r in con.execute(
            "SELECT id FROM events WHERE article_id IN (SELECT id FROM pending_articles) ORDER BY id").fetchall()]
        report.alerts, report.problems = alerts_mod.check(con, rules, days, new_events, stdout=stdout)
    insert_rows(con, "analysed_articles", ["article_id"], [(i,) for i in pending], mode="INSERT OR IGNORE")
    report.seconds = time.perf_counter() - began
    return report
