"""The claims ledger: forward-looking statements with who, about whom, the date, and their fate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crisisdesk.analysis.claims import (
    BORNE_OUT,
    NOT_BORNE_OUT,
    OPEN,
    lexicon,
    list_claims,
    period,
    sentence_span,
    update_statuses,
)
from crisisdesk.runner import ingest_paths
from crisisdesk.store.store import Store

from .conftest import FIXTURES

CLAIMS = FIXTURES / "claims"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-16", (dt.date(2022, 2, 16), dt.date(2022, 2, 16))),
        ("2022-02-16T04:00", (dt.date(2022, 2, 16), dt.date(2022, 2, 16))),
        ("2022-W07", (dt.date(2022, 2, 14), dt.date(2022, 2, 20))),
        ("2022-02", (dt.date(2022, 2, 1), dt.date(2022, 2, 28))),
        ("2022-12", (dt.date(2022, 12, 1), dt.date(2022, 12, 31))),
        ("P2D", None),
        ("FUTURE_REF", None),
        ("2022-02-30", None),
        (None, None),
    ],
)
def test_claims_period_of_a_timex_value(value, expected) -> None:
    assert period(value) == expected


def test_claims_sentence_span_stops_at_sentence_ends() -> None:
    text = "First one. Russia could invade on Wednesday, he said. Third.\nFourth"
    at = text.index("invade")
    lo, hi = sentence_span(text, at, at + 6)
    assert text[lo:hi] == "Russia could invade on Wednesday, he said."
    lo, hi = sentence_span(text, text.index("Fourth"))
    assert text[lo:hi] == "Fourth"


@pytest.mark.parametrize(
    ("sentence", "marker", "action"),
    [
        ("Russia could invade Ukraine as early as Wednesday", True, "attack"),
        ("Scholz will visit Moscow on Tuesday", True, "visit"),
        ("Troops are ready to strike at any moment", True, "attack"),
        ("The talks are expected to resume next week", True, "talks"),
        ("Russia invaded Ukraine on Thursday", False, "attack"),
        ("The minister visited Kyiv", False, "visit"),
    ],
)
def test_claims_lexicon_markers_and_actions(sentence: str, marker: bool, action: str) -> None:
    lex = lexicon()
    assert bool(lex.markers.search(sentence)) is marker
    found = [name for name, _roots, pattern in lex.actions if pattern.search(sentence)]
    assert found and found[0] == action


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, example_settings):
    """The three hand-written claim articles ingested (real pipeline) with the analysis run after."""
    path = tmp_path_factory.mktemp("claims") / "s.duckdb"
    store = Store.open(path)
    report = ingest_paths([CLAIMS], store, settings=example_settings)
    assert report.added == 3 and report.analysis is not None
    yield store
    store.close()


def _claim(claims: list[dict], words: str) -> dict:
    found = [c for c in claims if words in c["text"]]
    assert found, f"no claim with {words!r}: {[c['text'] for c in claims]}"
    return found[0]


def test_claims_dated_warning_borne_out_by_a_later_event(ledger) -> None:
    claims = list_claims(ledger.con)
    c = _claim(claims, "as early as Wednesday")
    assert c["action"] == "attack"
    assert c["speaker_name"] == "Nils Hovland"
    assert (c["subject_party"], c["object_party"]) == ("XVR", "XOS")
    assert c["target_date"] == "2024-04-03" and c["published"] == "2024-04-01"
    assert c["status"] == BORNE_OUT
    attack = ledger.con.execute("SELECT article_id, date FROM events WHERE id = ?", [c["status_event_id"]]).fetchone()
    assert attack[0] != c["article_id"] and attack[1] == dt.date(2024, 4, 3)


def test_claims_announced_visit_not_borne_out_once_its_day_has_passed(ledger) -> None:
    c = _claim(list_claims(ledger.con), "will visit Geneva on Friday")
    assert (c["action"], c["target_date"], c["subject_party"]) == ("visit", "2024-04-05", "XVR")
    assert c["status"] == NOT_BORNE_OUT


def test_claims_undated_warning_kept_with_its_speaker(ledger) -> None:
    c = _claim(list_claims(ledger.con), "ready to strike at any moment")
    assert c["target_date"] is None and c["action"] == "attack"
    assert "Hovland" in c["speaker_name"]


def test_claims_status_follows_the_store(ledger, tmp_path: Path) -> None:
    # Without the later articles the visit is still open: its day has not passed in the store.
    con = ledger.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM events WHERE article_id IN (SELECT id FROM articles WHERE published > '2024-04-01')")
        con.execute("DELETE FROM articles WHERE published > '2024-04-01'")
        statuses = {c["text"][:20]: c["status"] for c in (update_statuses(con) and list_claims(con))}
        assert set(statuses.values()) == {OPEN}
    finally:
        con.execute("ROLLBACK")
    update_statuses(con)
    assert _claim(list_claims(con), "as early as Wednesday")["status"] == BORNE_OUT


def test_claims_filters(ledger) -> None:
    con = ledger.con
    assert {c["action"] for c in list_claims(con, action="visit")} == {"visit"}
    assert all(c["status"] == BORNE_OUT for c in list_claims(con, status=BORNE_OUT))
    due = list_claims(con, due_from=dt.date(2024, 4, 4), due_to=dt.date(2024, 4, 30))
    assert [c["target_date"] for c in due] == ["2024-04-05"]


def _hand_store(tmp_path: Path, sentence: str, actors: list[tuple[str, str]], when: str = "Wednesday"):
    """One article of one sentence, its actor mentions (surface, country) and a time expression, by hand."""
    from crisisdesk.records import ActorRecord, Timex

    from .analysis_helpers import filler, make_article, ref

    art = make_article(f"{sentence} {filler()}", "2022-02-14")
    records = []
    for surface, country in actors:
        at = art.text.index(surface)
        records.append(ActorRecord(article_id=art.id, mentions=[(at, at + len(surface))], **ref(country)))
    at = art.text.index(when)
    records.append(Timex(article_id=art.id, text=when, start=at, end=at + len(when), kind="date", value="2022-02-16"))
    store = Store.open(tmp_path / "s.duckdb")
    store.add(art, records)
    from crisisdesk.analysis.claims import store_claims

    store_claims(store.con, [art.id])
    update_statuses(store.con)
    return store


@pytest.mark.parametrize(
    ("sentence", "actors", "subject", "object_"),
    [
        ("Officials fear a Russian invasion of Ukraine could begin on Wednesday.", [("Ukraine", "UKR")], "RUS", "UKR"),
        ("An invasion of Ukraine by Russia could begin on Wednesday, officials said.", [("Ukraine", "UKR"), ("Russia", "RUS")], "RUS", "UKR"),
        ("Russia could invade Ukraine on Wednesday, officials said.", [("Russia", "RUS"), ("Ukraine", "UKR")], "RUS", "UKR"),
    ],
)
def test_claims_subject_and_object_of_the_action(tmp_path: Path, sentence: str, actors, subject: str, object_: str) -> None:
    store = _hand_store(tmp_path, sentence, actors)
    (c,) = list_claims(store.con)
    assert (c["subject_party"], c["object_party"], c["target_date"]) == (subject, object_, "2022-02-16")
    store.close()


def test_claims_without_any_actor_stay_open(tmp_path: Path) -> None:
    from .analysis_helpers import filler, make_article

    store = _hand_store(tmp_path, "An attack could come on Wednesday, officials said.", [])
    store.add(make_article(f"Much later. {filler()}", "2022-04-01"), [])  # the named day is long past
    update_statuses(store.con)
    (c,) = list_claims(store.con)
    assert (c["subject_party"], c["object_party"], c["status"]) == (None, None, OPEN)
    store.close()


@pytest.mark.parametrize(
    ("report", "status"),
    [
        ("Russian forces invaded Ukraine on Wednesday at dawn.", BORNE_OUT),
        ("The West will respond should Russia invade Ukraine on Wednesday.", NOT_BORNE_OUT),  # a condition, not a fact
        ("Russia could still invade Ukraine on Wednesday, analysts said.", NOT_BORNE_OUT),
    ],
)
def test_claims_borne_out_only_by_a_reported_fact(tmp_path: Path, report: str, status: str) -> None:
    from .analysis_helpers import filler, make_article, make_event

    store = _hand_store(tmp_path, "Russia could invade Ukraine on Wednesday, officials said.", [("Russia", "RUS"), ("Ukraine", "UKR")])
    later = make_article(f"{report} {filler()}", "2022-02-16", site="Later")
    store.add(later, [make_event(later, "invade" if "invade " in report else "invaded", "RUS", "UKR", "192", "2022-02-16")])
    store.add(make_article(f"Much later. {filler()}", "2022-03-01", site="Later2"), [])
    update_statuses(store.con)
    (c,) = list_claims(store.con)
    assert c["status"] == status
    store.close()
