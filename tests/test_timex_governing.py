"""The time expression that governs an event's verb, and the date an event record gets from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.nlp.timex import (
    TimexMatch,
    event_date,
    event_day,
    find_timexes,
    governing_timex,
    period_bounds,
)

MONDAY = "2022-02-14"


@pytest.fixture(scope="module")
def governed(nlp):
    """The text of the expression governing a verb (by its text) in a sentence, or None."""

    def run(text: str, verb: str) -> str | None:
        doc = nlp(text)
        doc._.timexes = find_timexes(doc, MONDAY)
        token = next(t for t in doc if t.text == verb)
        found = governing_timex(doc, token)
        return found.text if found else None

    return run


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        ("Russia said on Monday that its troops attacked on Sunday.", "said", "Monday"),
        ("Russia said on Monday that its troops attacked on Sunday.", "attacked", "Sunday"),
        ("Scholz will visit Moscow on Tuesday.", "visit", "Tuesday"),
        ("The minister, who arrived on Friday, met Putin.", "met", None),
        ("The minister, who arrived on Friday, met Putin.", "arrived", "Friday"),
        ("Officials said the drills would end within 48 hours.", "said", None),
        ("Officials said the drills would end within 48 hours.", "end", "48 hours"),
        ("Ukraine accused Russia of shelling a village on 14 February 2022.", "accused", None),
        ("On Wednesday Ukraine accused Russia of shelling a village.", "accused", "Wednesday"),
    ],
)
def test_timex_governing_expression_is_in_the_verbs_own_clause(governed, text: str, verb: str, expected: str | None) -> None:
    assert governed(text, verb) == expected


def test_timex_governing_prefers_a_date_over_a_duration(governed) -> None:
    assert governed("On Tuesday the army shelled the town for three hours.", "shelled") == "Tuesday"


@pytest.mark.parametrize(
    ("value", "day"),
    [("2022-02-16", "2022-02-16"), ("2022-02-14TNI", "2022-02-14"), ("2022-W07", None), ("2022", None),
     ("PRESENT_REF", None), ("P2D", None), (None, None)],
)
def test_timex_event_day_only_for_values_that_name_a_day(value: str | None, day: str | None) -> None:
    assert event_day(TimexMatch(0, 1, "x", "date", value)) == day


def test_timex_event_date_basis_text_else_published(tmp_path: Path, example_settings) -> None:
    from crisisdesk.runner import extract_records

    story = tmp_path / "story.txt"
    story.write_text(
        "Ostmark accuses Varenia\n\nOstmark accused Varenia on Saturday of moving troops to the border. "
        "Varenia rejected the claim.\n", "utf-8")
    events = [r for r in extract_records([story], published=MONDAY, settings=example_settings) if r["type"] == "event"]
    by_trigger = {e["date_text"]: (e["date"], e["date_basis"]) for e in events}
    assert by_trigger.get("Saturday") == ("2022-02-12", "text"), events
    assert any(e["date_basis"] == "published" and e["date"] == MONDAY for e in events), events


@pytest.mark.parametrize(
    ("value", "bounds"),
    [("2014", ("2014-01-01", "2014-12-31")), ("2022-02", ("2022-02-01", "2022-02-28")),
     ("2021-12", ("2021-12-01", "2021-12-31")), ("2022-W07", ("2022-02-14", "2022-02-20")),
     ("2022-Q4", ("2022-10-01", "2022-12-31")), ("2022-H1", ("2022-01-01", "2022-06-30")),
     ("201", ("2010-01-01", "2019-12-31")), ("2022-02-16", None), ("PAST_REF", None), ("P2D", None), (None, None)],
)
def test_timex_period_bounds_of_coarse_values(value: str | None, bounds: tuple[str, str] | None) -> None:
    got = period_bounds(value)
    assert (None if got is None else (got[0].isoformat(), got[1].isoformat())) == bounds


@pytest.mark.parametrize(
    ("value", "published", "expected"),
    [("2022-02-16", MONDAY, ("2022-02-16", "text")),
     ("2014", MONDAY, (None, "text-period")),          # "In 2014, Russia annexed Crimea"
     ("2022-01", MONDAY, (None, "text-period")),       # "in January"
     ("2022", MONDAY, (MONDAY, "published")),          # "this year" holds the publication day
     ("2022-W07", MONDAY, (MONDAY, "published")),
     ("PAST_REF", MONDAY, (MONDAY, "published")),
     ("2014", None, (None, "none")),
     (None, MONDAY + "T09:30:00", (MONDAY, "published"))],
)
def test_timex_event_date_leaves_periods_apart_from_the_publication_day_undated(
        value: str | None, published: str | None, expected: tuple[str | None, str]) -> None:
    timex = TimexMatch(0, 1, "x", "date", value) if value else None
    assert event_date(timex, published) == expected


def test_timex_historical_event_is_not_dated_to_the_publication_day(tmp_path: Path, example_settings) -> None:
    from crisisdesk.runner import extract_records

    story = tmp_path / "story.txt"
    story.write_text("Old wounds\n\nIn 2014, Ostmark troops attacked Varenia.\n", "utf-8")
    events = [r for r in extract_records([story], published=MONDAY, settings=example_settings) if r["type"] == "event"]
    assert events, "the attack is coded"
    assert all(e["date"] is None and e["date_basis"] == "text-period" and e["date_text"] == "2014" for e in events), events
