"""The paragraph-break component: sentences start at paragraph breaks, not at hard line wraps."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He left\n\nShe stayed behind", ["He left", "She stayed behind"]),
        ("A headline without a stop\n\nThe body starts here.", ["A headline without a stop", "The body starts here."]),
        ("The talks, which began on\nMonday, ended.", ["The talks, which began on\nMonday, ended."]),
        ("It ended.\nA new line starts here.", ["It ended.", "A new line starts here."]),
        # a crosshead flattened into the text stands alone; acronyms before a name do not
        (
            "They stayed home. VELSKA RESPONDS TO THE ATTACK Ostmark's president urged calm.",
            ["They stayed home.", "VELSKA RESPONDS TO THE ATTACK", "Ostmark's president urged calm."],
        ),
        ("They stayed home. UK PM Boris Johnson urged calm.", ["They stayed home.", "UK PM Boris Johnson urged calm."]),
        ("They stayed home. NATO said it was calm.", ["They stayed home.", "NATO said it was calm."]),
    ],
)
def test_pipeline_paragraph_breaks_start_sentences(nlp, text: str, sentences: list[str]) -> None:
    with nlp.select_pipes(enable=["tok2vec", "tagger", "crisisdesk_paragraphs", "parser"]):
        doc = nlp(text)
    assert [s.text.strip() for s in doc.sents] == sentences
