"""Quotation spans and attribution on text we wrote."""

from __future__ import annotations

import pytest

from crisisdesk.nlp.quote_marks import find_stretches


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“We will not be provoked,” she said.", ["We will not be provoked"]),
        ('"Fine," Putin replied.', ["Fine"]),
        ("He said “no.\n\nThe rest of the article is here and “has” marks.", ["no.", "has"]),
        ("“One “two” three", ["One", "two"]),
        ("He said \"there is a chance and more.\n\nNext paragraph stays out.", ["there is a chance and more."]),
        ("No marks at all.", []),
        ("“Outer ‘inner’ words,” she said.", ["Outer ‘inner’ words"]),
    ],
)
def test_quotes_spans_never_cross_paragraphs(text: str, quoted: list[str]) -> None:
    assert [text[s.start : s.end] for s in find_stretches(text)] == quoted


def test_quotes_speaker_resolved_for_split_quote_and_pronoun(nlp) -> None:
    from crisisdesk.nlp.quotes import find_quotes

    doc = nlp("Foreign Minister Sergey Lavrov met reporters. “We will not be provoked,” he said. “But we are ready.”")
    quotes = find_quotes(doc)
    assert [doc.text[q.start : q.end] for q in quotes] == ["We will not be provoked", "But we are ready."]
    assert all(q.speaker is not None and q.speaker.name == "Sergey Lavrov" for q in quotes)


@pytest.mark.parametrize("text", ["The day will be marked as “Unity Day.”", "It met in the “COBR” committee."])
def test_quotes_names_in_quote_marks_are_not_quotations(nlp, text: str) -> None:
    from crisisdesk.nlp.quotes import find_quotes

    assert find_quotes(nlp(text)) == []
