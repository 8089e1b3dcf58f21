"""GDELT 2.0 export: Events (61 columns) and Mentions, read back with the codebook's column lists."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from crisisdesk.analysis.clusters import rebuild_clusters
from crisisdesk.analysis.gdelt import (
    EVENTS_FILE,
    MENTIONS_FILE,
    columns,
    export_gdelt,
    read_gdelt,
    sentence_number,
)

from .analysis_helpers import filler, make_article, make_event, store_with
from .conftest import ROOT


def test_gdelt_column_lists_are_the_codebooks() -> None:
    events, mentions = columns("events"), columns("mentions")
    assert len(events) == 61 and len(mentions) == 16
    assert (events[0], events[26], events[30], events[-1]) == ("GLOBALEVENTID", "EventCode", "GoldsteinScale", "SOURCEURL")
    assert (mentions[0], mentions[5], mentions[-1]) == ("GLOBALEVENTID", "MentionIdentifier", "Extras")


@pytest.fixture()
def exported(tmp_path: Path):
    lede = "Russian artillery shelled Kharkiv on Tuesday, killing four civilians"
    rewrite = "Shelling by Russian artillery killed four civilians in Kharkiv on Tuesday"
    a1 = make_article(f"KHARKIV (Wire)\n\n{lede}. Officials said more strikes followed.\n\n{filler()}", "2022-03-01", site="wire.example")
    a2 = make_article(f"{filler(20)}. {rewrite}.\tTabbed. {filler()}", "2022-03-02", site="daily\tnews")
    denial = make_article(f"Russia denied that its artillery shelled Kharkiv. {filler()}", "2022-03-02", site="other.example")
    items = [
        (a1, [make_event(a1, lede, "RUS", "UKR", "194", "2022-03-01", n=0)]),
        (a2, [make_event(a2, rewrite, "RUS", "UKR", "194", "2022-03-01", n=0),
              make_event(a2, "Tabbed", "UKR", None, "042", "2022-03-02", goldstein=1.9, quad=1, n=1)]),
        (denial, [make_event(denial, "shelled Kharkiv", "RUS", "UKR", "194", "2022-03-01", modality="negated")]),
    ]
    store = store_with(tmp_path / "s.duckdb", items)
    rebuild_clusters(store.con)
    counts = export_gdelt(store.con, tmp_path / "gdelt")
    yield store, counts, tmp_path / "gdelt", {"a1": a1, "a2": a2}
    store.close()


def test_gdelt_export_reads_back_with_the_column_lists(exported) -> None:
    store, counts, out, arts = exported
    events = read_gdelt(out / EVENTS_FILE, "events")
    mentions = read_gdelt(out / MENTIONS_FILE, "mentions")
    assert (counts["events"], counts["mentions"]) == (len(events), len(mentions)) == (2, 3)  # the denial is not exported
    shelling = next(e for e in events if e["EventCode"] == "194")
    assert (shelling["SQLDATE"], shelling["MonthYear"], shelling["Year"]) == ("20220301", "202203", "2022")
    assert float(shelling["FractionDate"]) == pytest.approx(2022 + 59 / 365, abs=1e-4)
    assert (shelling["Actor1Code"], shelling["Actor1CountryCode"], shelling["Actor2Code"]) == ("RUS", "RUS", "UKR")
    assert (shelling["EventBaseCode"], shelling["EventRootCode"], shelling["QuadClass"]) == ("194", "19", "4")
    assert float(shelling["GoldsteinScale"]) == -10.0
    assert (shelling["NumMentions"], shelling["NumSources"], shelling["NumArticles"]) == ("2", "2", "2")
    assert shelling["IsRootEvent"] == "1"  # the lede of the first report
    assert shelling["SOURCEURL"].startswith("https://wire.example")
    assert len(shelling["DATEADDED"]) == 14
    per_event = Counter(m["GLOBALEVENTID"] for m in mentions)
    assert all(int(e["NumMentions"]) == per_event[e["GLOBALEVENTID"]] for e in events)


def test_gdelt_mentions_point_into_the_article(exported) -> None:
    store, _counts, out, arts = exported
    mentions = read_gdelt(out / MENTIONS_FILE, "mentions")
    second = [m for m in mentions if m["MentionSourceName"] == "daily news"]  # tab replaced, row intact
    assert len(second) == 2
    text = arts["a2"].text
    for m in second:
        offset = int(m["ActionCharOffset"])
        assert 0 <= offset < len(text) and int(m["MentionDocLen"]) == len(text)
        assert int(m["SentenceID"]) == sentence_number(text, offset) >= 2
        assert m["MentionType"] == "1" and m["InRawText"] == "1" and m["Confidence"] == "90"
        assert m["MentionTimeDate"] == "20220302000000"


@pytest.mark.parametrize(("offset", "number"), [(0, 1), (12, 2), (30, 3)])
def test_gdelt_sentence_number(offset: int, number: int) -> None:
    text = "One thing. Two things.\nThree things."
    assert sentence_number(text, offset) == number


def test_gdelt_reader_parses_real_gdelt_sample() -> None:
    """Our column lists read GDELT's own files (where the shared sample data is present)."""
    shared = Path(os.environ.get("CRISISDESK_SHARED_DATA", ROOT.parent / "shared" / "data")) / "events" / "gdelt" / "samples"
    if not (shared / "spark-gdelt_test_events.csv").exists():
        pytest.skip("shared GDELT samples not present")
    rows = read_gdelt(shared / "spark-gdelt_test_events.csv", "events")
    assert rows and all(r["EventCode"].startswith(r["EventRootCode"]) for r in rows)
    assert read_gdelt(shared / "spark-gdelt_test_mentions.csv", "mentions")


def test_gdelt_reader_rejects_a_short_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.CSV"
    path.write_text("1\t2\t3\n")
    with pytest.raises(ValueError, match="3 fields"):
        read_gdelt(path, "events")


@pytest.mark.parametrize(
    ("ref", "country"),
    [({"code": "WSTGOV", "country": None, "name": "Government of the West", "sector": "GOV"}, "WST"),
     ({"code": "RUSMIL", "country": "RUS", "name": "Armed forces of Russia", "sector": "MIL"}, "RUS"),
     ({"code": "IGOWSTNAT", "country": None, "name": "NATO", "sector": None}, "")],
)
def test_gdelt_country_code_is_cameo_s_with_regions(ref: dict, country: str) -> None:
    from crisisdesk.analysis.gdelt import _actor_fields

    assert _actor_fields(ref)[2] == country
