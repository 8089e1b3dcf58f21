"""Events versus mentions: one real-world event with all its mentions, copies adding none."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.analysis.clusters import content_words, rebuild_clusters, similarity, update_clusters
from crisisdesk.records import Article, Event
from crisisdesk.runner import read_articles

from .analysis_helpers import (
    EXAMPLES,
    filler,
    golden_events,
    make_article,
    make_event,
    records_store,
    store_with,
)


def _clusters(con) -> dict[str, int]:
    """Event id -> cluster id."""
    return dict(con.execute("SELECT event_id, cluster_id FROM event_mentions").fetchall())


def _partition(con) -> set[frozenset[str]]:
    """The clusters as sets of the sites reporting them (stable across stores of the same stories)."""
    groups: dict[int, set[str]] = {}
    for site, cluster_id in con.execute(
        "SELECT a.site, em.cluster_id FROM event_mentions em JOIN articles a ON a.id = em.article_id"
    ).fetchall():
        groups.setdefault(cluster_id, set()).add(site)
    return {frozenset(g) for g in groups.values()}


# -- the golden examples: events written by hand, articles read by the real reader ----------------

@pytest.fixture(scope="module")
def golden_store(tmp_path_factory):
    """The example articles (real reading and near-duplicate detection) with their golden events."""
    articles = [a for a in read_articles([EXAMPLES]) if isinstance(a, Article)]
    by_title = {a.title: a for a in articles}
    events: dict[str, list[Event]] = {}
    for n, gold in enumerate(golden_events()):
        article = by_title[gold["title"]]
        src, tgt = gold["source"], gold["target"]
        ev = make_event(article, gold["text"], src, tgt, str(gold["cameo"]), str(gold["date"]), modality=gold["modality"], n=n)
        events.setdefault(article.id, []).append(ev)
    store = store_with(tmp_path_factory.mktemp("golden") / "s.duckdb", [(a, events.get(a.id, [])) for a in articles])
    rebuild_clusters(store.con)
    yield store, by_title
    store.close()


def _cluster_with(con, article_id: str, phrase: str) -> dict:
    row = con.execute(
        """SELECT c.id, c.n_mentions, c.n_sources, c.n_articles, c.n_copies FROM events e
           JOIN event_mentions em ON em.event_id = e.id JOIN event_clusters c ON c.id = em.cluster_id
           WHERE e.article_id = ? AND json_extract_string(e.record, '$.sentence') LIKE '%' || ? || '%'""",
        [article_id, phrase],
    ).fetchone()
    assert row is not None, f"no clustered event for {phrase!r}"
    return dict(zip(("id", "mentions", "sources", "articles", "copies"), row, strict=True))


def test_clusters_story_told_twice_in_one_article_is_one_event_and_its_copy_adds_nothing(golden_store) -> None:
    store, by_title = golden_store
    original = by_title["Ostmark border village shelled, two civilians wounded"]
    copy = by_title["Shells hit Ostmark village as Varenia denies attack"]
    assert store.con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [copy.id]).fetchone()[0] == original.id
    lede = _cluster_with(store.con, original.id, "was shelled by Varenian artillery")
    again = _cluster_with(store.con, original.id, "Varenia had fired artillery at Brenna")
    assert lede["id"] == again["id"]
    assert (lede["mentions"], lede["sources"], lede["articles"], lede["copies"]) == (2, 1, 1, 1)
    # the copy's events are stored, but none of them is a mention
    assert store.con.execute("SELECT count(*) FROM events WHERE article_id = ?", [copy.id]).fetchone()[0] > 0
    assert store.con.execute("SELECT count(*) FROM event_mentions WHERE article_id = ?", [copy.id]).fetchone()[0] == 0
    # the denial is another fact, not a third mention of the shelling
    denial = _cluster_with(store.con, original.id, "denied firing on the village")
    assert denial["id"] != lede["id"]


def test_clusters_same_event_told_by_three_outlets_is_one_event(golden_store) -> None:
    store, by_title = golden_store
    first = by_title["Ostmark rejects Varenian 'buffer zone' plan"]
    cluster = _cluster_with(store.con, first.id, "rejected a Varenian proposal")
    assert (cluster["mentions"], cluster["sources"], cluster["articles"]) == (3, 3, 3)


def test_clusters_every_count_matches_the_mentions_table(golden_store) -> None:
    store, _ = golden_store
    bad = store.con.execute(
        """SELECT c.id FROM event_clusters c JOIN (SELECT cluster_id, count(*) n, count(DISTINCT article_id) a
                                                 FROM event_mentions GROUP BY 1) m ON m.cluster_id = c.id
           WHERE m.n <> c.n_mentions OR m.a <> c.n_articles"""
    ).fetchall()
    assert bad == []
    unclustered = store.con.execute(
        """SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id
           WHERE a.duplicate_of IS NULL AND e.id NOT IN (SELECT event_id FROM event_mentions)"""
    ).fetchone()[0]
    assert unclustered == 0


# -- rules, on hand-made articles ------------------------------------------------------------------

SHELLING = "Russian artillery shelled the city of Kharkiv overnight, killing four civilians near the central market"
SHELLING_2 = "Shelling by Russian forces killed four civilians near the central market of Kharkiv, officials said"
OTHER = "Russian troops attacked a border post in the Sumy region, wounding two guards at dawn"


def _one(tmp_path: Path, specs: list[tuple[str, str, str | None, str | None, str, str, str]]):
    items = []
    for n, (text, published, src, tgt, cameo, date, modality) in enumerate(specs):
        article = make_article(f"{text}. {filler()}", published, site=f"Site{n}")
        items.append((article, [make_event(article, text, src, tgt, cameo, date, modality=modality)]))
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_clusters(store.con)
    return store, [ev.id for _a, evs in items for ev in evs]


@pytest.mark.parametrize(
    ("second", "same"),
    [
        ((SHELLING_2, "2022-03-02", "RUS", "UKR", "194", "2022-03-01", "asserted"), True),   # same day, same family
        ((SHELLING_2, "2022-03-02", "RUS", None, "190", "2022-03-01", "asserted"), True),    # target left out
        ((SHELLING_2, "2022-03-02", "RUS", "UKR", "194", "2022-03-02", "asserted"), True),   # a day apart, similar text
        ((OTHER, "2022-03-02", "RUS", "UKR", "190", "2022-03-02", "asserted"), False),       # a day apart, other story
        ((SHELLING_2, "2022-03-05", "RUS", "UKR", "194", "2022-03-04", "asserted"), False),  # outside the window
        ((SHELLING_2, "2022-03-02", "RUS", "BLR", "194", "2022-03-01", "asserted"), False),  # another target
        ((SHELLING_2, "2022-03-02", "UKR", "RUS", "194", "2022-03-01", "asserted"), False),  # the other way round
        ((SHELLING_2, "2022-03-02", "RUS", "UKR", "173", "2022-03-01", "asserted"), False),  # another CAMEO family
        ((SHELLING_2, "2022-03-02", "RUS", "UKR", "194", "2022-03-01", "negated"), False),   # a denial is another fact
    ],
)
def test_clusters_matching_rules(tmp_path: Path, second: tuple, same: bool) -> None:
    store, ids = _one(tmp_path, [(SHELLING, "2022-03-01", "RUS", "UKR", "194", "2022-03-01", "asserted"), second])
    clusters = _clusters(store.con)
    assert (clusters[ids[0]] == clusters[ids[1]]) is same
    store.close()


def test_clusters_similarity_is_overlap_of_content_words() -> None:
    a, b = content_words(SHELLING), content_words(SHELLING_2)
    assert "kharkiv" in a and "the" not in a
    assert similarity(a, b) >= 0.3 > similarity(a, content_words(OTHER))
    assert similarity(a, frozenset()) == 0.0


def _story(tmp_path: Path, name: str, order: list[int]):
    """Four articles: a wire story, its reprint a day later, a rewrite, an unrelated one; stored in `order`."""
    body = f"{SHELLING}. {filler(60)}"
    arts = [
        make_article(body, "2022-03-01", site="Wire", title="Kharkiv shelled"),
        make_article(body + " Reprinted with permission.", "2022-03-02", site="Reprint", title="Kharkiv shelled again"),
        make_article(f"{SHELLING_2}. {filler()}", "2022-03-02", site="Daily"),
        make_article(f"{OTHER}. {filler()}", "2022-03-02", site="Other"),
    ]
    phrases = [SHELLING, SHELLING, SHELLING_2, OTHER]
    dates = ["2022-03-01", "2022-03-01", "2022-03-01", "2022-03-02"]
    items = [(a, [make_event(a, p, "RUS", "UKR", "194" if i < 3 else "190", d)]) for i, (a, p, d) in enumerate(zip(arts, phrases, dates, strict=True))]
    store = store_with(tmp_path / name, [items[i] for i in order])
    return store, arts


def test_clusters_rebuild_does_not_depend_on_ingest_order(tmp_path: Path) -> None:
    partitions = []
    for n, order in enumerate(([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2])):
        store, arts = _story(tmp_path, f"s{n}.duckdb", order)
        rebuild_clusters(store.con)
        partitions.append(_partition(store.con))
        counts = store.con.execute("SELECT n_mentions, n_articles, n_copies FROM event_clusters ORDER BY n_mentions DESC").fetchall()
        assert counts[0] == (2, 2, 1)  # wire story + rewrite; the reprint is a copy
        store.close()
    assert partitions[0] == partitions[1] == partitions[2]


def test_clusters_update_after_each_article_equals_rebuild(tmp_path: Path) -> None:
    # the reprint arrives first, then the wire story it copies (which becomes the representative)
    store, arts = _story(tmp_path, "inc.duckdb", [])
    con = store.con
    expected_store, _ = _story(tmp_path, "full.duckdb", [0, 1, 2, 3])
    rebuild_clusters(expected_store.con)
    order = [1, 0, 3, 2]
    full_items = {a.id: a for a in arts}
    for i in order:
        article = full_items[arts[i].id]
        phrase = [SHELLING, SHELLING, SHELLING_2, OTHER][i]
        date = "2022-03-02" if i == 3 else "2022-03-01"
        store.add(article, [make_event(article, phrase, "RUS", "UKR", "194" if i < 3 else "190", date)])
        update_clusters(con, [article.id])
    assert _partition(con) == _partition(expected_store.con)
    assert con.execute("SELECT count(*) FROM event_mentions WHERE article_id = ?", [arts[1].id]).fetchone()[0] == 0
    store.close()
    expected_store.close()


# -- the real pipeline on the examples ---------------------------------------------------------------

def test_clusters_real_pipeline_on_examples_copy_adds_no_mentions(tmp_path: Path, example_records: list[dict]) -> None:
    store = records_store(tmp_path / "ex.duckdb", example_records)
    rebuild_clusters(store.con)
    con = store.con
    copies = [r[0] for r in con.execute("SELECT id FROM articles WHERE duplicate_of IS NOT NULL").fetchall()]
    assert len(copies) == 1
    assert con.execute("SELECT count(*) FROM event_mentions WHERE article_id = ?", copies).fetchone()[0] == 0
    total = con.execute("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE a.duplicate_of IS NULL").fetchone()[0]
    assert con.execute("SELECT sum(n_mentions) FROM event_clusters").fetchone()[0] == total
    # the lede of the shelling story is one event reported once, its copy counted as a copy
    row = con.execute(
        """SELECT c.n_articles, c.n_copies FROM events e JOIN event_mentions em ON em.event_id = e.id
           JOIN event_clusters c ON c.id = em.cluster_id
           WHERE json_extract_string(e.record, '$.sentence') LIKE 'The Ostmark border village of Brenna was shelled%'"""
    ).fetchall()
    assert row and all(r == (1, 1) for r in row)
    store.close()


def test_clusters_stories_join_copies_and_articles_telling_the_same_events(tmp_path: Path) -> None:
    from crisisdesk.analysis.clusters import stories

    first = f"{SHELLING}. Russian troops attacked a border post in Sumy. {filler()}"
    retold = f"{filler(10)}. {SHELLING_2}. In Sumy, Russian troops attacked a border post. {filler()}"
    single = f"{SHELLING_2} again. {filler()}"
    arts = [make_article(t, "2022-03-01", site=f"S{n}") for n, t in enumerate((first, retold, single))]
    items = []
    for n, a in enumerate(arts):
        evs = [make_event(a, SHELLING if n == 0 else SHELLING_2, "RUS", "UKR", "194", "2022-03-01")]
        if n < 2:
            evs.append(make_event(a, "attacked a border post", "RUS", "UKR", "190", "2022-03-01", n=1))
            evs[-1].cameo, evs[-1].cameo_root = "173", "17"  # a second, different event both articles report
        items.append((a, evs))
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_clusters(store.con)
    story = stories(store.con)
    assert story[arts[0].id] == story[arts[1].id]  # two shared events, all of each article's events
    assert story[arts[2].id] != story[arts[0].id]  # one shared event is not enough
    assert stories(store.con, by_events=False)[arts[0].id] != stories(store.con, by_events=False)[arts[1].id]
    store.close()


def test_clusters_stories_are_not_joined_by_events_most_of_the_press_reports(tmp_path: Path) -> None:
    from crisisdesk.analysis.clusters import STORY_MAX_EVENT_ARTICLES, stories

    # Every article reports the same two big events, each in its own words around them.
    arts = [make_article(f"{filler()}. {SHELLING}. Russian troops attacked a border post in Sumy. {filler()}", "2022-03-01", site=f"S{n}")
            for n in range(STORY_MAX_EVENT_ARTICLES + 1)]
    items = []
    for a in arts:
        big = make_event(a, SHELLING, "RUS", "UKR", "194", "2022-03-01")
        other = make_event(a, "attacked a border post", "RUS", "UKR", "190", "2022-03-01", n=1)
        other.cameo, other.cameo_root = "173", "17"
        items.append((a, [big, other]))
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_clusters(store.con)
    assert store.con.execute("SELECT max(n_articles) FROM event_clusters").fetchone()[0] == len(arts)
    story = stories(store.con, by_text=False)
    assert len({story[a.id] for a in arts}) == len(arts)
    store.close()


def test_clusters_update_with_undated_articles_and_events(tmp_path: Path) -> None:
    art = make_article(f"{SHELLING}. {filler()}", None)  # no publication date, no event date
    store = store_with(tmp_path / "s.duckdb", [(art, [make_event(art, SHELLING, "RUS", "UKR", "194", None)])])
    assert update_clusters(store.con, [art.id]) == 1
    assert store.con.execute("SELECT date, n_mentions FROM event_clusters").fetchall() == [(None, 1)]
    store.close()


def test_clusters_stories_join_a_copy_cut_down_from_a_longer_story(tmp_path: Path) -> None:
    from crisisdesk.analysis.clusters import containment_links, stories

    long_story = filler(800)
    cut = " ".join(long_story.split()[200:460])  # a third of it, as a reprint keeps a few paragraphs
    arts = [
        make_article(long_story, "2022-03-01", site="Wire", title="Long"),
        make_article(f"{cut} {filler(15)}", "2022-03-02", site="Reprint", title="Cut"),
        make_article(f"{' '.join(long_story.split()[460:720])} {filler(15)}", "2022-03-09", site="Late", title="Cut later"),  # outside the window
        make_article(filler(300), "2022-03-01", site="Other", title="Other"),
    ]
    store = store_with(tmp_path / "s.duckdb", [(a, []) for a in arts])
    assert store.con.execute("SELECT count(duplicate_of) FROM articles").fetchone()[0] == 0  # too unlike for dedupe
    links = {(a, b) for a, b, _c in containment_links(store.con)}
    assert links == {(arts[0].id, arts[1].id)}
    story = stories(store.con)
    assert story[arts[0].id] == story[arts[1].id] != story[arts[2].id]
    assert stories(store.con, by_text=False)[arts[0].id] != stories(store.con, by_text=False)[arts[1].id]
    store.close()
