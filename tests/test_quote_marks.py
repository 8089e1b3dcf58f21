"""Quoted stretches: every kind of mark, nesting, paragraphs, and marks that do not balance."""

from __future__ import annotations

import pytest

from crisisdesk.nlp.quote_marks import find_stretches


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_stretches(text)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“We will not be provoked,” she said.", ["We will not be provoked"]),
        ('"Fine," Putin replied.', ["Fine"]),
        ("«Nous restons prêts», a-t-il dit.", ["Nous restons prêts"]),
        ("''Throughout the talks,'' he said.", ["Throughout the talks"]),
        ("He said: ”A closer typed as an opener.” Then he left.", ["A closer typed as an opener."]),
        ("No marks at all.", []),
    ],
)
def test_quote_marks_curly_straight_angle_and_doubled_apostrophes(text: str, quoted: list[str]) -> None:
    assert _texts(text) == quoted


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“They tell us ‘these are only exercises’, but they are not,” she said.", ["They tell us ‘these are only exercises’, but they are not"]),
        ('"He called it \'a bite\', not a buffer," he said.', ["He called it 'a bite', not a buffer"]),
        ("The leaders’ talks ended. ‘We are ready,’ she said in a note.", ["We are ready"]),
    ],
)
def test_quote_marks_nested_single_quotes_stay_inside(text: str, quoted: list[str]) -> None:
    assert _texts(text) == quoted


def test_quote_marks_paragraph_left_open_continues_when_next_opens() -> None:
    text = "“The first paragraph has no closing mark.\n\n“The second closes it,” he said.\n\nNarrative after."
    stretches = find_stretches(text)
    assert [text[s.start : s.end] for s in stretches] == ["The first paragraph has no closing mark.", "The second closes it"]
    assert stretches[0].group == stretches[1].group
    assert stretches[0].close_at is None and stretches[1].close_at is not None


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # an opener never closed ends with its paragraph: the rest of the article stays out
        ("He said “no.\n\nThe rest of the article is here and “has” marks.", ["no.", "has"]),
        ('He said "there is a chance.\n\nNext paragraph stays out.', ["there is a chance."]),
        # a second opener before any closer ends the first quotation there
        ("“One “two” three", ["One", "two"]),
        # stray closers and a lone straight mark are ignored
        ("A stray ” closer and “ an opener here” end.", ["an opener here"]),
        ('Five " marks " in " a " row "', []),
    ],
)
def test_quote_marks_odd_counts_never_swallow_the_article(text: str, quoted: list[str]) -> None:
    assert _texts(text) == quoted


def test_quote_marks_separate_paragraphs_are_separate_quotations() -> None:
    text = "“One,” she said.\n\nThen “two,” he said."
    groups = [s.group for s in find_stretches(text)]
    assert len(set(groups)) == 2
