"""The time expression that governs an event's verb, and the date an event record gets from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.nlp.timex import TimexMatch, event_day, find_timexes, governing_timex

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
