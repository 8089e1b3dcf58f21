"""Events versus mentions, as GDELT separates them: one real-world event with all its mentions.

Every coded event record is a *mention*. Mentions of the same real-world event, in one article or in
many, are grouped into one *event cluster* (GDELT's event row, with its NumMentions, NumSources and
NumArticles). Two mentions are the same event when they share

- the modality (an asserted attack and a denied one are not the same fact),
- the source party (actor country, else CAMEO code) and the CAMEO root (the "family"),
- compatible targets (the same party, or one of them without a target) and compatible places,
- a date within one day, and, when the dates differ, similar sentences (text similarity).

On the same day this is GDELT's own identity (actors, action and day) taken at the CAMEO root, so
that "shelled" (194) and "fired artillery at" (190) in one story are one event. Articles that are
near-duplicates of another (`duplicate_of`) add no mentions: a reprint is counted as a copy of its
representative's story, never as a new report.

Clusters are built online, mention by mention in a fixed order (event date, publication date,
article id, offset), so a rebuild gives the same clusters whatever order the articles came in, and
an ingest of newer articles only attaches mentions to recent clusters.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from ..ingest.dedupe import DisjointSets
from .escalation import party_sql
from .tables import insert_rows, most_frequent, one, temp_values

# Mentions one day apart are the same event only when their sentences are this similar (overlap
# coefficient of content words). 0.3 is chosen from first principles, not tuned: a third of the
# shorter sentence's content words must recur, which reworded wire copy of one incident passes and
# two different same-day incidents of one actor (other places, other victims) rarely do.
MIN_SIMILARITY_ACROSS_DAYS = 0.3
# Event dates resolved from "on Sunday" in one article and from the publication date in another
# differ by a day at most for the same incident; a wider window would merge a week of shelling.
DATE_WINDOW_DAYS = 1

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    """the a an and or but of to in on at for from by with as that this these those is are was were be been
    being has have had it its he she they them his her their we our you your not no said says say told
    would could should will may might can also after before over into than then there which who whom
    what when where while about against between during under more most some any all one two""".split()
)


def party(country: str | None, code: str | None) -> str | None:
    """The party of an actor: its country (ISO alpha-3), else its CAMEO code (international bodies)."""
    return country or code or None


def content_words(sentence: str | None) -> frozenset[str]:
    """Lower-cased content words of a sentence (stop words and one-letter words dropped)."""
    if not sentence:
        return frozenset()
    return frozenset(w for w in (m.group(0).lower().strip("'-") for m in _WORD.finditer(sentence)) if len(w) > 2 and w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient of two word sets: shared words over the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass
class Mention:
    """One coded event record as the clusterer sees it."""

    event_id: str
    article_id: str
    site: str | None
    published: date | None
    date: date | None
    source: str | None
    target: str | None
    cameo: str
    cameo_root: str
    modality: str
    location: str | None
    start: int
    words: frozenset[str]

    def order_key(self) -> tuple:
        """The fixed order in which mentions are clustered."""
        return (self.date or date.max, self.published or date.max, self.article_id, self.start, self.event_id)


@dataclass
class Cluster:
    """An event being built: its mentions and the features new mentions are compared with."""

    id: int
    date: date | None
    block: tuple
    mentions: list[Mention] = field(default_factory=list)
    targets: dict[str, int] = field(default_factory=dict)
    location: str | None = None
    words: set[str] = field(default_factory=set)

    @property
    def target(self) -> str | None:
        """The most often named target (ties broken alphabetically), or None."""
        if not self.targets:
            return None
        return min(self.targets, key=lambda t: (-self.targets[t], t))

    def add(self, m: Mention) -> None:
        """Attach a mention."""
        self.mentions.append(m)
        if m.target:
            self.targets[m.target] = self.targets.get(m.target, 0) + 1
        self.location = self.location or m.location
        self.words |= m.words


def _block(m: Mention) -> tuple:
    return (m.modality, m.source or "", m.cameo_root)


def _score(m: Mention, c: Cluster) -> float | None:
    """How well a mention fits a cluster: None when it cannot be the same event, else a similarity."""
    if m.source is None and m.target is None:
        return None  # an event with no actor at all cannot be identified with another
    if m.date is None or c.date is None:
        if m.date is not c.date:
            return None
        days = 0
    else:
        days = abs((m.date - c.date).days)
    if days > DATE_WINDOW_DAYS:
        return None
    target = c.target
    if m.target and target and m.target != target:
        return None
    if m.location and c.location and m.location != c.location:
        return None
    sim = similarity(m.words, frozenset(c.words))
    if days and sim < MIN_SIMILARITY_ACROSS_DAYS:
        return None
    return sim


class Clusterer:
    """Online clustering of mentions into events, with clusters kept open for DATE_WINDOW_DAYS."""

    def __init__(self, next_id: int = 1, open_clusters: Iterable[Cluster] = ()) -> None:
        self.next_id = next_id
        self.by_block: dict[tuple, list[Cluster]] = defaultdict(list)
        for c in open_clusters:
            self.by_block[c.block].append(c)
        self.touched: dict[int, Cluster] = {}

    def add(self, m: Mention) -> tuple[Cluster, float]:
        """Attach a mention to its best cluster, or start a new one; return the cluster and the similarity."""
        candidates = self.by_block[_block(m)]
        best: tuple[float, int, int] | None = None
        best_cluster: Cluster | None = None
        for c in candidates:
            score = _score(m, c)
            if score is None:
                continue
            same_day = int(m.date == c.date)
            key = (score, same_day, -c.id)
            if best is None or key > best:
                best, best_cluster = key, c
        if best_cluster is None:
            best_cluster = Cluster(self.next_id, m.date, _block(m))
            self.next_id += 1
            candidates.append(best_cluster)
            sim = 1.0
        else:
            sim = best[0] if best else 1.0
        best_cluster.add(m)
        self.touched[best_cluster.id] = best_cluster
        # Clusters older than the window can take no more mentions in date order: drop them.
        if m.date is not None:
            horizon = m.date - timedelta(days=DATE_WINDOW_DAYS)
            self.by_block[_block(m)] = [c for c in candidates if c.date is None or c.date >= horizon]
        return best_cluster, sim


# -- the store side ------------------------------------------------------------------------------

_MENTION_SQL = """
    SELECT e.id, e.article_id, a.site, a.published, e.date,
           {src}, {tgt},
           e.cameo, e.cameo_root, e.modality,
           json_extract_string(e.record, '$.location.name'), e.start,
           json_extract_string(e.record, '$.sentence')
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE a.duplicate_of IS NULL {where}
"""


def _mentions(con: duckdb.DuckDBPyConnection, where: str = "", args: list[Any] | None = None) -> list[Mention]:
    rows = con.execute(_MENTION_SQL.format(where=where, src=party_sql("source"), tgt=party_sql("target")), args or []).fetchall()
    out = [
        Mention(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], int(r[11] or 0), content_words(r[12]))
        for r in rows
    ]
    out.sort(key=Mention.order_key)
    return out


def _write(con: duckdb.DuckDBPyConnection, clusters: Iterable[Cluster], assignments: list[tuple[str, int, str, float]]) -> None:
    """Insert mention assignments and (re)compute the stored figures of the touched clusters."""
    if assignments:
        insert_rows(con, "event_mentions", ["event_id", "cluster_id", "article_id", "similarity"], assignments, mode="INSERT OR REPLACE")
    ids = sorted({c.id for c in clusters})
    if not ids:
        return
    temp_values(con, "touched_clusters", "id", ids, "BIGINT")
    con.execute("DELETE FROM event_clusters WHERE id IN (SELECT id FROM touched_clusters)")
    # The cluster's coded fields come from its first mention (the earliest report, as GDELT keeps
    # the first-seen coding); the counts from all of them. Copies are the duplicates of its articles.
    con.execute(
        f"""
        INSERT INTO event_clusters
        WITH m AS (
            SELECT em.cluster_id, e.*, a.site, a.published,
                   row_number() OVER (PARTITION BY em.cluster_id ORDER BY e.date NULLS LAST, a.published NULLS LAST, e.article_id, e.start, e.id) AS rank
            FROM event_mentions em JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = e.article_id
            WHERE em.cluster_id IN (SELECT id FROM touched_clusters)
        ), counts AS (
            SELECT cluster_id, count(*) AS n_mentions, count(DISTINCT coalesce(site, article_id)) AS n_sources,
                   count(DISTINCT article_id) AS n_articles,
                   {most_frequent("party", "n_party")} AS target_party
            FROM (SELECT *, {party_sql("target", "")} AS party,
                         count(*) OVER (PARTITION BY cluster_id, {party_sql("target", "")}) AS n_party FROM m)
            GROUP BY cluster_id
        ), copies AS (
            SELECT c.cluster_id, count(DISTINCT d.id) AS n_copies
            FROM (SELECT DISTINCT cluster_id, article_id FROM m) c JOIN articles d ON d.duplicate_of = c.article_id
            GROUP BY c.cluster_id
        )
        SELECT m.cluster_id, m.date, {party_sql("source", "m")}, counts.target_party,
               m.source_code, m.target_code, m.cameo, m.cameo_root, m.quad_class, m.goldstein, m.modality,
               json_extract_string(m.record, '$.location.name'), m.id,
               counts.n_mentions, counts.n_sources, counts.n_articles, coalesce(copies.n_copies, 0), current_timestamp
        FROM m JOIN counts USING (cluster_id) LEFT JOIN copies USING (cluster_id)
        WHERE m.rank = 1
        """
    )


def rebuild_clusters(con: duckdb.DuckDBPyConnection) -> int:
    """Cluster every mention of the store from scratch; return the number of event clusters."""
    mentions = _mentions(con)
    clusterer = Clusterer()
    assignments = []
    for m in mentions:
        cluster, sim = clusterer.add(m)
        assignments.append((m.event_id, cluster.id, m.article_id, round(sim, 4)))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM event_mentions")
        con.execute("DELETE FROM event_clusters")
        _write(con, clusterer.touched.values(), assignments)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(clusterer.touched)


def _open_clusters(con: duckdb.DuckDBPyConnection, since: date) -> list[Cluster]:
    """Stored clusters dated on or after `since`, with their mentions, to attach new mentions to."""
    rows = con.execute(
        "SELECT em.event_id FROM event_mentions em JOIN event_clusters c ON c.id = em.cluster_id WHERE c.date >= ?", [since]
    ).fetchall()
    if not rows:
        return []
    temp_values(con, "open_events", "id", [r[0] for r in rows])
    mentions = _mentions(con, "AND e.id IN (SELECT id FROM open_events)")
    cluster_of = dict(con.execute("SELECT event_id, cluster_id FROM event_mentions WHERE event_id IN (SELECT id FROM open_events)").fetchall())
    clusters: dict[int, Cluster] = {}
    for m in mentions:
        cid = cluster_of[m.event_id]
        if cid not in clusters:
            clusters[cid] = Cluster(cid, m.date, _block(m))
        clusters[cid].add(m)
    return list(clusters.values())


def update_clusters(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> int:
    """Attach the mentions of newly stored articles (and of their duplicate clusters) to events.

    A new article may have changed which member of its duplicate cluster is the representative:
    mentions of members that are now copies leave their events, and the representative's mentions
    that are not yet clustered join. Returns the number of events touched.
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return 0
    temp_values(con, "new_articles", "id", ids)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE family AS
           SELECT id FROM articles WHERE coalesce(duplicate_of, id) IN
               (SELECT coalesce(a.duplicate_of, a.id) FROM articles a WHERE a.id IN (SELECT id FROM new_articles))"""
    )
    con.execute("BEGIN TRANSACTION")
    try:
        # Mentions of articles that are copies now leave their events.
        stale = con.execute(
            """SELECT DISTINCT em.cluster_id FROM event_mentions em JOIN articles a ON a.id = em.article_id
               WHERE a.id IN (SELECT id FROM family) AND a.duplicate_of IS NOT NULL"""
        ).fetchall()
        con.execute(
            "DELETE FROM event_mentions WHERE article_id IN (SELECT id FROM family WHERE id IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL))"
        )
        fresh = _mentions(
            con,
            "AND e.article_id IN (SELECT id FROM family) AND e.id NOT IN (SELECT event_id FROM event_mentions)",
        )
        touched: dict[int, Cluster] = {}
        if fresh:
            dated = [m.date for m in fresh if m.date is not None]
            since = min(dated) - timedelta(days=DATE_WINDOW_DAYS) if dated else date.min
            open_clusters = _open_clusters(con, since)
            next_id = int(one(con, "SELECT coalesce(max(id), 0) + 1 FROM event_clusters")[0])
            clusterer = Clusterer(next_id, open_clusters)
            # Open clusters must see the new mentions in date order, as a rebuild would.
            assignments = []
            for m in fresh:
                cluster, sim = clusterer.add(m)
                assignments.append((m.event_id, cluster.id, m.article_id, round(sim, 4)))
            touched = dict(clusterer.touched)
            _write(con, touched.values(), assignments)
        # Events that lost mentions to the copies: recount, and drop those left empty.
        lost = [Cluster(int(r[0]), None, ()) for r in stale if int(r[0]) not in touched]
        if lost:
            _write(con, lost, [])
        con.execute("DELETE FROM event_clusters WHERE id NOT IN (SELECT DISTINCT cluster_id FROM event_mentions)")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(touched) + len(stale)


# -- reading ---------------------------------------------------------------------------------------

def cluster_of_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """The event cluster a mention belongs to, with its mentions (article, site, sentence), or None."""
    row = con.execute("SELECT cluster_id FROM event_mentions WHERE event_id = ?", [event_id]).fetchone()
    return event_cluster(con, int(row[0])) if row else None


def event_cluster(con: duckdb.DuckDBPyConnection, cluster_id: int) -> dict[str, Any] | None:
    """One event cluster with its mentions."""
    cur = con.cursor()
    rel = cur.execute("SELECT * EXCLUDE (added_at) FROM event_clusters WHERE id = ?", [cluster_id])
    names = [d[0] for d in rel.description]
    row = rel.fetchone()
    if row is None:
        return None
    out = dict(zip(names, row, strict=True))
    out["date"] = out["date"].isoformat() if out["date"] else None
    out["mentions"] = [
        {"event_id": r[0], "article_id": r[1], "site": r[2], "title": r[3], "published": r[4].isoformat() if r[4] else None, "sentence": r[5]}
        for r in cur.execute(
            """SELECT e.id, e.article_id, a.site, a.title, a.published, json_extract_string(e.record, '$.sentence')
               FROM event_mentions em JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = e.article_id
               WHERE em.cluster_id = ? ORDER BY a.published, e.article_id, e.start""",
            [cluster_id],
        ).fetchall()
    ]
    return out


# Two representative articles tell one story when they report at least this many of the same events
# and those make at least this share of the events of the one reporting fewer. Fixed from what a
# reprint is (a copy cut or extended by a paragraph keeps most of its events), not tuned on the
# crisis2022 pairs: two events rule out the coincidence of one big shared event (an invasion every
# outlet reports), and half of the smaller article rules out two long round-ups that overlap a little.
STORY_MIN_SHARED = 2
STORY_MIN_SHARE = 0.5
# Only events told by a few articles are evidence that two articles are one story. An event most of
# the press reports (the invasion, the build-up) is shared by stories that have nothing else in
# common, and joining through it chained a whole crisis into one "story" (4,633 crisis2022 articles
# with no cap). Five: a story and its rewrites by a handful of outlets; fixed, not tuned.
STORY_MAX_EVENT_ARTICLES = 5


def story_links(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """Pairs of representative articles that tell one story by their events: (a, b, shared events)."""
    return [
        (r[0], r[1], int(r[2]))
        for r in con.execute(
            """WITH per AS (SELECT article_id, count(DISTINCT cluster_id) AS n FROM event_mentions GROUP BY 1),
                    specific AS (SELECT cluster_id FROM event_mentions GROUP BY 1 HAVING count(DISTINCT article_id) <= ?),
                    em AS (SELECT DISTINCT article_id, cluster_id FROM event_mentions WHERE cluster_id IN (SELECT cluster_id FROM specific)),
                    pairs AS (SELECT a.article_id AS x, b.article_id AS y, count(*) AS shared
                              FROM em a JOIN em b ON a.cluster_id = b.cluster_id AND a.article_id < b.article_id
                              GROUP BY 1, 2)
               SELECT x, y, shared FROM pairs JOIN per px ON px.article_id = x JOIN per py ON py.article_id = y
               WHERE shared >= ? AND shared >= ? * least(px.n, py.n) ORDER BY x, y""",
            [STORY_MAX_EVENT_ARTICLES, STORY_MIN_SHARED, STORY_MIN_SHARE],
        ).fetchall()
    ]


# A reprint cut down to a few paragraphs, or a wire story inside a longer page, has a low Jaccard
# similarity with its source (the near-duplicate test misses it) but most of its text is in the
# other: its containment is high. 0.8 is the usual definition of a contained copy (and the one of
# the silver pairs of crisis2022, said here plainly); the day window is that of reprints.
STORY_MIN_CONTAINMENT = 0.8
STORY_WINDOW_DAYS = 2
# Containment is estimated from the stored MinHash signatures (128 permutations): below a Jaccard of
# 0.07 the estimate is within three standard errors of zero, too noisy to scale up by a length ratio.
STORY_MIN_JACCARD = 0.07


def containment_links(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, float]]:
    """Pairs of representative articles published within STORY_WINDOW_DAYS where one holds most of the other's text.

    Containment of the shorter A in B is |A & B| / |A| = J (|A| + |B|) / ((1 + J) |A|), with the
    Jaccard J estimated from the MinHash signatures the store keeps and |A|, |B| the shingle counts.
    """
    import numpy as np

    from ..ingest.dedupe import shingles

    rows = con.execute(
        """SELECT a.id, a.published, a.text, m.signature FROM articles a JOIN minhashes m ON m.article_id = a.id
           WHERE a.duplicate_of IS NULL AND a.published IS NOT NULL ORDER BY a.published, a.id"""
    ).fetchall()
    if len(rows) < 2:
        return []
    ids = [r[0] for r in rows]
    days = np.array([r[1].toordinal() for r in rows])
    sizes = np.array([max(1, len(shingles(r[2]))) for r in rows], dtype=float)
    sigs = np.stack([np.frombuffer(r[3], dtype=np.uint64) for r in rows])
    links = []
    for i in range(len(rows)):
        j_end = int(np.searchsorted(days, days[i] + STORY_WINDOW_DAYS, side="right"))
        if j_end <= i + 1:
            continue
        jac = (sigs[i + 1:j_end] == sigs[i]).mean(axis=1)
        other = sizes[i + 1:j_end]
        small = np.minimum(other, sizes[i])
        cont = jac * (other + sizes[i]) / ((1 + jac) * small)
        for k in np.nonzero((jac >= STORY_MIN_JACCARD) & (cont >= STORY_MIN_CONTAINMENT))[0]:
            links.append((ids[i], ids[i + 1 + int(k)], float(min(1.0, cont[k]))))
    return links


def stories(con: duckdb.DuckDBPyConnection, *, by_events: bool = True, by_text: bool = True) -> dict[str, str]:
    """Story of every article: its near-duplicate cluster, joined with articles that contain most of
    its text (by_text) and with articles telling the same events (by_events).

    The story id is the smallest representative id in it, so it does not depend on ingest order.
    """
    sets = DisjointSets()
    for aid, rep in con.execute("SELECT id, coalesce(duplicate_of, id) FROM articles").fetchall():
        sets.union(aid, rep)
    if by_events:
        for a, b, _n in story_links(con):
            sets.union(a, b)
    if by_text:
        for a, b, _c in containment_links(con):
            sets.union(a, b)
    return sets.roots()


def to_json(value: Any) -> str:
    """JSON text of a cluster (dates as ISO strings)."""
    return json.dumps(value, default=str, ensure_ascii=False)
