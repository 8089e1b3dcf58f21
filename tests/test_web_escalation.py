"""The daily escalation series (analysis/escalation.py) over a hand-written store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crisisdesk.analysis import escalation
from crisisdesk.store.store import Store

from .web_store import build

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("esc") / "s.duckdb"
    build(path)
    store = Store.open(path, read_only=True)
    yield store.con
    store.close()


def test_escalation_pair_counts_asserted_dated_events_of_representatives_only(con) -> None:
    # a1: shelled (-10, 03-01) and accused (-2, 03-03) count; the negated and the undated do not;
    # a2 (a republished copy of a1) counts nothing; a3: attacked (-10, 03-05).
    points = escalation.pair_series(con, "XVR", "XOS")
    assert [p.date for p in points] == [D("2024-03-01") + dt.timedelta(days=i) for i in range(5)]
    assert [p.events for p in points] == [1, 0, 1, 0, 1]
    assert [p.goldstein_mean for p in points] == [-10.0, None, -2.0, None, -10.0]
    assert [p.quad_counts for p in points] == [(0, 0, 0, 1), (0, 0, 0, 0), (0, 0, 1, 0), (0, 0, 0, 0), (0, 0, 0, 1)]


def test_escalation_pair_is_undirected_unless_asked(con) -> None:
    both = escalation.pair_series(con, "XOS", "XVR", fill=False)
    forward = escalation.pair_series(con, "XVR", "XOS", directed=True, fill=False)
    backward = escalation.pair_series(con, "XOS", "XVR", directed=True, fill=False)
    assert sum(p.events for p in both) == 3
    assert [(p.date, p.events) for p in forward] == [(D("2024-03-01"), 1)]
    assert sum(p.events for p in backward) == 2


def test_escalation_country_series_sums_and_means(con) -> None:
    points = {p.date: p for p in escalation.country_series(con, "XVR", fill=False)}
    # 03-02: NATO backed Varenia (+3.4) and Varenia arrested protesters (-5.0)
    assert points[D("2024-03-02")].events == 2
    assert points[D("2024-03-02")].goldstein_sum == pytest.approx(-1.6)
    assert points[D("2024-03-02")].goldstein_mean == pytest.approx(-0.8)
    assert sum(p.events for p in points.values()) == 5
    as_target = escalation.country_series(con, "XVR", role="target", fill=False)
    assert sum(p.events for p in as_target) == 4  # accused, backed, arrested (self), attacked


def test_escalation_party_without_country_is_its_code(con) -> None:
    points = escalation.pair_series(con, "IGOWSTNAT", "XVR", fill=False)
    assert [(p.date, p.events, p.goldstein_sum) for p in points] == [(D("2024-03-02"), 1, 3.4)]


def test_escalation_window_is_filled_and_clipped(con) -> None:
    points = escalation.pair_series(con, "XVR", "XOS", start=D("2024-02-28"), end=D("2024-03-02"))
    assert [p.events for p in points] == [0, 0, 1, 0]  # 2024 is a leap year: 02-28, 02-29, 03-01, 03-02
    assert escalation.pair_series(con, "XVR", "NOPE") == []


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2024-03-05", "2024-03-01", "before it starts"),
    ("2000-01-01", "2024-03-01", "longer than"),
])
def test_escalation_bad_window_is_refused(con, start: str, end: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        escalation.pair_series(con, "XVR", "XOS", start=D(start), end=D(end))


def test_escalation_top_pairs_skip_self_pairs_and_rank_by_events(con) -> None:
    top = escalation.top_pairs(con, 5)
    assert [(p.a, p.b, p.events) for p in top] == [("XOS", "XVR", 3), ("IGOWSTNAT", "XVR", 1)]
    assert top[0].goldstein_mean == pytest.approx(-22 / 3)
    assert escalation.top_pairs(con, 5, start=D("2024-03-04"))[0].events == 1


def test_escalation_point_json_has_every_field(con) -> None:
    point = escalation.pair_series(con, "XVR", "XOS")[0].to_json()
    assert point == {"date": "2024-03-01", "events": 1, "goldstein_sum": -10.0, "goldstein_mean": -10.0,
                     "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 1}


def test_escalation_latest_event_date(con, tmp_path: Path) -> None:
    assert escalation.latest_event_date(con) == D("2024-03-05")
    with Store.open(tmp_path / "empty.duckdb") as empty:
        assert escalation.latest_event_date(empty.con) is None
        assert escalation.pair_series(empty.con, "A", "B") == []
