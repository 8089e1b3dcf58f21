"""Plain-text dumps: title line, site name, dateline and boilerplate."""

from __future__ import annotations

import pytest

from crisisdesk.ingest.plaintext import clean_plain_text, split_dateline

BODY = "Officials met on Monday to discuss the border. They agreed to talk again soon and said progress was made."


@pytest.mark.parametrize(
    ("second_line", "site"),
    [
        ("Talks resume at the border - NORDIC LEDGER", "NORDIC LEDGER"),
        ("Talks resume at the border- BPN TODAY", "BPN TODAY"),
        ("Talks resume at the border | The Baltic Wire", "The Baltic Wire"),
        ("Talks resume at the border – Daily Courier", "Daily Courier"),
        ("Daily Courier | Talks resume at the border", "Daily Courier"),
    ],
)
def test_plaintext_site_from_repeated_title(second_line: str, site: str) -> None:
    cleaned = clean_plain_text(f"Talks resume at the border\n\n{second_line}\n\n{BODY}")
    assert cleaned.title == "Talks resume at the border"
    assert cleaned.site == site
    assert cleaned.body == BODY


def test_plaintext_title_without_site_is_not_body() -> None:
    cleaned = clean_plain_text(f"Talks resume at the border\n\n{BODY}")
    assert cleaned.title == "Talks resume at the border"
    assert cleaned.site is None
    assert cleaned.body.startswith("Officials met")


def test_plaintext_long_first_paragraph_is_not_a_title() -> None:
    text = BODY + " " + BODY + "\n\nA second paragraph follows here."
    cleaned = clean_plain_text(text)
    assert cleaned.title is None
    assert cleaned.body.startswith("Officials met")


@pytest.mark.parametrize(
    ("paragraph", "places", "agency", "rest"),
    [
        ("MOSCOW/LONDON – Russia held the door open.", ["MOSCOW", "LONDON"], None, "Russia held the door open."),
        ("WASHINGTON (Reuters) - The Pentagon said.", ["WASHINGTON"], "Reuters", "The Pentagon said."),
        ("KYIV, Ukraine (AP) — Shelling resumed.", ["KYIV"], "AP", "Shelling resumed."),
        ("NEW YORK — The UN met.", ["NEW YORK"], None, "The UN met."),
        ("UNITED NATIONS, Feb 14 (Reuters) - Envoys met.", ["UNITED NATIONS"], "Reuters", "Envoys met."),
        ("NATO said on Monday it would respond.", [], None, "NATO said on Monday it would respond."),
        ("BREAKING - Troops move.", [], None, "BREAKING - Troops move."),
    ],
)
def test_plaintext_dateline_forms(paragraph: str, places: list[str], agency: str | None, rest: str) -> None:
    assert split_dateline(paragraph) == (places, agency, rest)


@pytest.mark.parametrize(
    "footer",
    [
        ["Share this", "Leave a Reply", "Your email address will not be published."],
        ["Related posts", "Comments are closed."],
        ["Click here to subscribe to our newsletter", "All rights reserved."],
    ],
)
def test_plaintext_trailing_boilerplate_removed(footer: list[str]) -> None:
    cleaned = clean_plain_text("\n\n".join(["A headline here", BODY, "Last real paragraph of the story.", *footer]))
    assert cleaned.body.endswith("Last real paragraph of the story.")
    assert all(f not in cleaned.body for f in footer)


def test_plaintext_story_sentence_mentioning_sharing_is_kept() -> None:
    story = "Share prices fell sharply in Moscow on Monday as investors weighed the risk of war and sanctions on banks."
    cleaned = clean_plain_text("\n\n".join(["A headline here", BODY, story]))
    assert cleaned.body.endswith(story)
