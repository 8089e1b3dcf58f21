"""The escalation index: coverage normalisation, the 7-day line, weekly verdicts with evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crisisdesk.analysis.clusters import rebuild_clusters
from crisisdesk.analysis.index import (
    DETERIORATED,
    IMPROVED,
    INSUFFICIENT,
    STABLE,
    index_series,
    judge,
    quad_share,
    rebuild_index,
    refresh_index,
    weekly_verdicts,
)

from .analysis_helpers import filler, make_article, make_event, store_with

D0 = dt.date(2022, 1, 3)  # a Monday


def _day_items(day: dt.date, articles: int, events: list[tuple[str, str, str, float, int]], site: str = "Wire"):
    """`articles` articles published on `day`; the events (source, target, cameo, goldstein, quad) spread over them."""
    items = []
    for n in range(articles):
        phrase = f"Report {n} of {day}"
        art = make_article(f"{phrase} says things happened. {filler()}", day.isoformat(), site=f"{site}{n}")
        evs = [make_event(art, phrase, s, t, c, day.isoformat(), goldstein=g, quad=q, n=k)
               for k, (s, t, c, g, q) in enumerate(events[n::articles])]
        items.append((art, evs))
    return items


ATTACK = ("RUS", "UKR", "190", -10.0, 4)
TALKS = ("RUS", "UKR", "040", 1.0, 1)


def test_index_more_news_does_not_read_as_more_war(tmp_path: Path) -> None:
    d1, d2 = D0, D0 + dt.timedelta(days=1)
    store = store_with(tmp_path / "s.duckdb", _day_items(d1, 10, [ATTACK] * 2) + _day_items(d2, 20, [ATTACK] * 4))
    rebuild_index(store.con)
    p1, p2 = index_series(store.con, "RUS", "UKR", start=d1, end=d2)
    assert (p1.events, p2.events) == (2, 4)
    assert (p1.articles, p2.articles) == (10, 20)
    assert p1.index == pytest.approx(-200.0) and p2.index == pytest.approx(p1.index)
    assert p2.rolling == pytest.approx(100 * (-20 - 40) / 30)  # a ratio of sums over the window
    store.close()


def test_index_copies_and_unasserted_events_do_not_count(tmp_path: Path) -> None:
    body = f"Russian forces attacked Kharkiv at dawn. {filler(80)}"
    wire = make_article(body, D0.isoformat(), site="Wire", title="A")
    copy = make_article(body + " Reprinted.", D0.isoformat(), site="Reprint", title="B")
    threat = make_article(f"Russia could attack Kharkiv. {filler()}", D0.isoformat(), site="Daily")
    items = [
        (wire, [make_event(wire, "attacked Kharkiv", "RUS", "UKR", "190", D0.isoformat())]),
        (copy, [make_event(copy, "attacked Kharkiv", "RUS", "UKR", "190", D0.isoformat())]),
        (threat, [make_event(threat, "could attack", "RUS", "UKR", "190", D0.isoformat(), modality="hypothetical")]),
    ]
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_index(store.con)
    (point,) = index_series(store.con, "RUS", "UKR", start=D0, end=D0)
    assert (point.events, point.articles) == (1, 2)  # the copy is neither an event nor coverage
    assert quad_share(store.con, "RUS", "UKR", D0, D0) == (1.0, 1)
    assert index_series(store.con, "UKR", "RUS", start=D0, end=D0, directed=True)[0].events == 0
    store.close()


def test_index_refresh_of_some_days_equals_rebuild(tmp_path: Path) -> None:
    items = [it for k in range(5) for it in _day_items(D0 + dt.timedelta(days=k), 3, [ATTACK, TALKS] * (k + 1))]
    store = store_with(tmp_path / "s.duckdb", items[:9])
    rebuild_index(store.con)
    for article, records in items[9:]:
        store.add(article, records)
    refresh_index(store.con, [D0 + dt.timedelta(days=3), D0 + dt.timedelta(days=4)])
    incremental = store.con.execute("SELECT * FROM daily_index ORDER BY ALL").fetchall()
    rebuild_index(store.con)
    assert store.con.execute("SELECT * FROM daily_index ORDER BY ALL").fetchall() == incremental
    store.close()


@pytest.mark.parametrize(
    ("index", "articles", "baseline", "verdict"),
    [
        (-50.0, 700, [-5, -6, -4, -5, -7, -5, -6, -4], DETERIORATED),
        (20.0, 700, [-5, -6, -4, -5, -7, -5, -6, -4], IMPROVED),
        (-7.0, 700, [-5, -6, -4, -5, -7, -5, -6, -4], STABLE),
        # one -10 event in a week of 100 articles is noise, whatever the quiet weeks before
        (-10.0, 100, [0, 0, 0, 0, 0, 0, 0, 0], STABLE),
        (-25.0, 100, [0, 0, 0, 0, 0, 0, 0, 0], DETERIORATED),
        (-50.0, 700, [-5, -6, -4], INSUFFICIENT),
        (None, 0, [-5, -6, -4, -5, -7, -5, -6, -4], INSUFFICIENT),
    ],
)
def test_index_judge_rule(index, articles, baseline, verdict) -> None:
    assert judge(index, articles, [float(b) for b in baseline])[0] == verdict


def test_index_weekly_verdicts_find_the_escalation_week_with_evidence(tmp_path: Path) -> None:
    items = []
    for k in range(10 * 7):
        day = D0 + dt.timedelta(days=k)
        week = k // 7
        if week == 9:
            events = [ATTACK, ATTACK, TALKS]  # the war week
        else:
            events = [TALKS, ("RUS", "UKR", "111", -2.0, 3)] if k % 2 else [TALKS]
        items += _day_items(day, 2, events)
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_clusters(store.con)
    rebuild_index(store.con)
    verdicts = weekly_verdicts(store.con, "RUS", "UKR", start=D0, end=D0 + dt.timedelta(days=69))
    by_week = {v.week: v for v in verdicts}
    assert all(v.week.weekday() == 0 for v in verdicts)
    assert [v.verdict for v in verdicts[:4]] == [INSUFFICIENT] * 4
    assert all(v.verdict == STABLE for v in verdicts[4:9])
    war = by_week[D0 + dt.timedelta(weeks=9)]
    assert war.verdict == DETERIORATED
    # distinct events, the most conflictual first, each with its sentence
    assert war.evidence[0]["cameo"] == "190" and war.evidence[0]["sentence"]
    scores = [e["goldstein"] for e in war.evidence]
    assert scores == sorted(scores) and len({e["cluster_id"] for e in war.evidence}) == len(war.evidence)
    store.close()


def test_index_event_dated_by_week_is_stored_and_not_counted_on_a_day(tmp_path: Path) -> None:
    art = make_article(f"Russia will attack next week, officials warned. {filler()}", D0.isoformat())
    week = make_event(art, "will attack next week", "RUS", "UKR", "190", "2022-W02")
    dated = make_event(art, "officials warned", "RUS", "UKR", "190", D0.isoformat(), n=1)
    store = store_with(tmp_path / "s.duckdb", [(art, [week, dated])])
    assert store.con.execute("SELECT count(*), count(date) FROM events").fetchone() == (2, 1)
    rebuild_index(store.con)
    assert index_series(store.con, "RUS", "UKR", start=D0, end=D0)[0].events == 1
    store.close()


def test_index_week_evidence_shows_each_event_by_its_most_confident_mention(tmp_path: Path) -> None:
    items = []
    for k in range(10 * 7):
        day = D0 + dt.timedelta(days=k)
        items += _day_items(day, 2, [ATTACK, ATTACK, TALKS] if k // 7 == 9 else [TALKS])
    war_day = D0 + dt.timedelta(weeks=9)
    vague = make_article(f"He said it happened on that day. {filler()}", war_day.isoformat(), site="Vague")
    clear = make_article(f"Varenian forces shelled the border town at dawn. {filler()}", war_day.isoformat(), site="Clear")
    low = make_event(vague, "He said it happened", "RUS", "UKR", "190", war_day.isoformat(), confidence=0.2)
    high = make_event(clear, "Varenian forces shelled", "RUS", "UKR", "190", war_day.isoformat(), confidence=0.95)
    items += [(vague, [low]), (clear, [high])]
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_clusters(store.con)
    rebuild_index(store.con)
    war = {v.week: v for v in weekly_verdicts(store.con, "RUS", "UKR", start=D0, end=D0 + dt.timedelta(days=69))}[war_day]
    shown = {e["sentence"] for e in war.evidence}
    assert any("shelled the border town" in s for s in shown)
    assert not any(s.startswith("He said it happened") for s in shown)
    store.close()


@pytest.mark.parametrize(
    ("country", "code", "expected"),
    [("RUS", "RUSGOV", "RUS"), (None, "WSTGOV", "WST"), (None, "WST", "WST"), (None, "IGOWSTNAT", "IGOWSTNAT"), (None, None, None)],
)
def test_index_party_of_a_region_is_its_code_and_sql_agrees(country: str | None, code: str | None, expected: str | None) -> None:
    """ "the West" and "Western leaders" are one party (WST) in pairs and indices, in Python and in SQL alike."""
    import duckdb

    from crisisdesk.analysis.escalation import party_sql
    from crisisdesk.nlp.kb import party

    assert party(country, code) == expected
    con = duckdb.connect()
    con.execute("CREATE TABLE e (source_country VARCHAR, source_code VARCHAR)")
    con.execute("INSERT INTO e VALUES (?, ?)", [country, code])
    assert con.execute(f"SELECT {party_sql('source')} FROM e").fetchone()[0] == expected
