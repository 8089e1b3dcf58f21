"""Time expressions found and normalised against the publication date: one table per kind of the issue.

The sentences are written for these tests. Unless a case says otherwise the story is published on
Monday 14 February 2022.
"""

from __future__ import annotations

import pytest

from crisisdesk.nlp.timex import TimexMatch, find_timexes

MONDAY = "2022-02-14"


@pytest.fixture(scope="module")
def tag(nlp):
    """Parse a text with the real pipeline and tag it as if published on a date."""

    def run(text: str, published: str = MONDAY, date_order: str = "MDY") -> list[TimexMatch]:
        return find_timexes(nlp(text), published, date_order)

    return run


def _only(found: list[TimexMatch], expression: str) -> TimexMatch:
    hits = [t for t in found if t.text == expression]
    assert len(hits) == 1, f"{expression!r} not found once in {[(t.text, t.value) for t in found]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Russian officials said on Wednesday that some units were returning to base.", "Wednesday", "2022-02-09"),
        ("Western officials warned that Wednesday could mark the start of an invasion.", "Wednesday", "2022-02-16"),
        ("An invasion could begin on Wednesday, US officials said.", "Wednesday", "2022-02-16"),
        ("Intelligence officials warned Wednesday could bring an attack.", "Wednesday", "2022-02-16"),
        ("Scholz will visit Moscow on Tuesday.", "Tuesday", "2022-02-15"),
        ("Scholz is travelling to Kyiv on Tuesday.", "Tuesday", "2022-02-15"),
        ("Putin met Macron on Monday.", "Monday", "2022-02-14"),
        ("The ministers met on Friday in Munich.", "Friday", "2022-02-11"),
        ("The talks resume Thursday in Geneva.", "Thursday", "2022-02-17"),
        ("She invited him to continue the talks on Friday.", "Friday", "2022-02-18"),
        ("Last Friday the two leaders spoke by phone.", "Last Friday", "2022-02-11"),
        ("They will meet again next Friday.", "next Friday", "2022-02-18"),
        ("Saturday's talks ended without a deal.", "Saturday", "2022-02-12"),
    ],
)
def test_timex_weekday_by_tense_and_context(tag, text: str, expression: str, value: str) -> None:
    assert _only(tag(text), expression).value == value


@pytest.mark.parametrize(
    ("text", "expression", "kind", "value"),
    [
        ("The drills ended yesterday.", "yesterday", "date", "2022-02-13"),
        ("The vote is tomorrow.", "tomorrow", "date", "2022-02-15"),
        ("Troops arrived last week.", "last week", "date", "2022-W06"),
        ("Talks continue this week.", "this week", "date", "2022-W07"),
        ("Elections are due next month.", "next month", "date", "2022-03"),
        ("Prices rose sharply last year.", "last year", "date", "2021"),
        ("The exercises were announced earlier this year.", "earlier this year", "date", "2022"),
        ("A deal is not expected in the near future.", "the near future", "date", "FUTURE_REF"),
        ("The convoy left two days ago.", "two days ago", "date", "2022-02-12"),
        ("Now the border is quiet.", "Now", "date", "PRESENT_REF"),
        ("The president will speak tonight.", "tonight", "time", "2022-02-14TNI"),
        ("Shelling was reported this morning.", "this morning", "time", "2022-02-14TMO"),
        ("Fighting flared over the weekend.", "the weekend", "date", "2022-W06-WE"),
        ("The embassy moved a few years ago.", "a few years ago", "date", "202X"),
    ],
)
def test_timex_relative_phrases(tag, text: str, expression: str, kind: str, value: str) -> None:
    found = _only(tag(text), expression)
    assert (found.kind, found.value) == (kind, value)


@pytest.mark.parametrize(
    ("text", "expression", "date_order", "value"),
    [
        ("The deadline is Feb. 14 at noon.", "Feb. 14", "MDY", "2022-02-14"),
        ("Troops massed near the border on 14 February 2022.", "14 February 2022", "MDY", "2022-02-14"),
        ("The invasion began on February 24, 2022.", "February 24, 2022", "MDY", "2022-02-24"),
        ("The memo is dated 2/14/22.", "2/14/22", "MDY", "2022-02-14"),
        ("The memo is dated 3/2/22.", "3/2/22", "MDY", "2022-03-02"),
        ("The memo is dated 3/2/22.", "3/2/22", "DMY", "2022-02-03"),
        ("The memo is dated 14/2/22.", "14/2/22", "MDY", "2022-02-14"),
        ("The report was filed on 2022-02-10.", "2022-02-10", "MDY", "2022-02-10"),
        ("The ceasefire collapsed on Dec. 24.", "Dec. 24", "MDY", "2021-12-24"),
        ("Talks resume on Saturday, Feb. 19.", "Saturday, Feb. 19", "MDY", "2022-02-19"),
        ("The treaty was signed in March last year.", "March last year", "MDY", "2021-03"),
        ("Parliament met in January.", "January", "MDY", "2022-01"),
    ],
)
def test_timex_explicit_dates_in_common_formats(tag, text: str, expression: str, date_order: str, value: str) -> None:
    assert _only(tag(text, date_order=date_order), expression).value == value


@pytest.mark.parametrize(
    ("text", "expression", "value", "mod"),
    [
        ("Crimea was annexed in 2014.", "2014", "2014", None),
        ("The alliance grew in the 1990s.", "the 1990s", "199", None),
        ("Relations soured in the late 1990s.", "the late 1990s", "199", "END"),
        ("It was a habit of the '80s.", "the '80s", "198", None),
        ("The worst war of the 20th century.", "the 20th century", "19", None),
        ("Gas exports fell in the third quarter.", "the third quarter", "2021-Q3", None),
        ("Growth slowed in the first quarter of 2021.", "the first quarter of 2021", "2021-Q1", None),
        ("Sales rose in the fourth quarter.", "the fourth quarter", "2021-Q4", None),
        ("Output recovered in the first half of 2021.", "the first half of 2021", "2021-H1", None),
        ("The station was built in nineteen ninety-six.", "nineteen ninety-six", "1996", None),
    ],
)
def test_timex_years_decades_centuries_quarters(tag, text: str, expression: str, value: str, mod: str | None) -> None:
    found = _only(tag(text), expression)
    assert (found.value, found.mod) == (value, mod)


@pytest.mark.parametrize(
    ("text", "expression", "value", "mod"),
    [
        ("The exercise lasted more than a week.", "more than a week", "P1W", "MORE_THAN"),
        ("Kyiv was given 48 hours to answer.", "48 hours", "PT48H", None),
        ("The talks went on for nearly two years.", "nearly two years", "P2Y", "LESS_THAN"),
        ("Prices rose over the past two months.", "the past two months", "P2M", None),
        ("The standoff has lasted 2 1/2 years.", "2 1/2 years", "P2Y6M", None),
        ("They waited five and a half hours.", "five and a half hours", "PT5H30M", None),
        ("The siege could last several weeks.", "several weeks", "PXW", None),
        ("It was the coldest winter in a decade.", "a decade", "P10Y", None),
        ("He spent at least 72 hours in custody.", "at least 72 hours", "PT72H", "EQUAL_OR_MORE"),
        ("The ministers held a two-day meeting.", "two-day", "P2D", None),
    ],
)
def test_timex_durations_with_modifiers(tag, text: str, expression: str, value: str, mod: str | None) -> None:
    found = _only(tag(text), expression)
    assert (found.kind, found.value, found.mod) == ("duration", value, mod)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Protesters gather every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Flights run daily.", "daily", "P1D"),
        ("Inspectors visit twice a week.", "twice a week", "P1W"),
        ("The summit is held each year.", "each year", "P1Y"),
        ("Markets are closed on Sundays.", "Sundays", "XXXX-WXX-7"),
    ],
)
def test_timex_sets(tag, text: str, expression: str, value: str) -> None:
    found = _only(tag(text), expression)
    assert (found.kind, found.value) == ("set", value)


@pytest.mark.parametrize(
    "text",
    [
        "The Cold War ended long before the crisis.",
        "Crowds gathered to mark Unity Day in the capital.",
        "The veterans of the Autumn War marched again.",
        "He wrote for the Sunday Times.",
        "Russia may attack without warning.",
        "Thousands march through the capital.",
        "About 2000 troops crossed the river.",
        "A 41-year-old soldier was wounded.",
        "Three-quarters of the army is deployed.",
        "Independence Day parades were cancelled.",
        "The plan is known as Agenda 2030.",
    ],
)
def test_timex_names_and_numbers_are_not_time_expressions(tag, text: str) -> None:
    assert tag(text) == []


def test_timex_unresolved_without_publication_date(tag) -> None:
    found = tag("Talks resume on Tuesday and ended yesterday; the vote was on 2/14/22.", published=None)
    assert [(t.text, t.value) for t in found] == [
        ("Tuesday", "XXXX-WXX-2"), ("yesterday", None), ("2/14/22", "2022-02-14")]


def test_timex_offsets_index_the_text(tag) -> None:
    text = "On Friday, 18 February, officials said the drills would end within 48 hours."
    for t in tag(text):
        assert text[t.start : t.end] == t.text


def test_timex_date_order_setting_reaches_the_pipeline(monkeypatch) -> None:
    from crisisdesk.settings import Settings

    monkeypatch.setenv("CRISISDESK_DATE_ORDER", "dmy")
    assert Settings().date_order == "DMY"


@pytest.mark.parametrize(
    ("text", "published", "expression", "value"),
    [
        ("The boy was found on Thanksgiving Day.", "2022-01-10", "Thanksgiving Day", "2021-11-25"),
        ("Churches will be full at Easter.", "2022-02-14", "Easter", "2022-04-17"),
        ("The army withdrew in June 2021. The following month, talks began.", MONDAY, "The following month", "2021-07"),
        ("Shelling began on 3 May 2021. Earlier that day, sirens sounded.", MONDAY, "Earlier that day", "2021-05-03"),
        ("Profit rose in the third quarter. A year earlier it had fallen.", "2021-10-20", "A year earlier", "2020-Q3"),
    ],
)
def test_timex_holidays_and_dates_counted_from_the_text(tag, text: str, published: str, expression: str, value: str) -> None:
    assert _only(tag(text, published), expression).value == value


@pytest.mark.parametrize(
    "text",
    ["The summit was moved to February 30 by mistake.", "The ceasefire lasts until 31 April 2022.",
     "The vote on 2/30/22 was cancelled. Two days later the talks resumed."],
)
def test_timex_day_the_calendar_lacks_gives_no_value_and_no_error(tag, text: str) -> None:
    found = tag(text)
    assert all(t.value is None or not t.value.startswith(("2022-02-30", "2022-04-31")) for t in found), found
