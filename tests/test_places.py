"""Places: toponyms to countries and coordinates, metonymy."""

from __future__ import annotations

from collections import Counter

import pytest

from crisisdesk.nlp.places import dateline_locations, is_metonymic, resolve_name


@pytest.mark.parametrize(
    ("name", "countries", "country"),
    [
        ("Kyiv", Counter(), "UKR"),
        ("Paris", Counter(), "FRA"),
        ("Paris", Counter({"USA": 10}), "USA"),
        ("Georgia", Counter({"RUS": 3, "GEO": 2}), "GEO"),
        ("Ontario", Counter({"CAN": 2}), "CAN"),
    ],
)
def test_places_resolve_name_uses_context(name: str, countries: Counter, country: str) -> None:
    place = resolve_name(name, countries, Counter())
    assert place is not None and place.country == country


def test_places_dateline_gets_countries_and_coordinates() -> None:
    moscow, london = dateline_locations(["MOSCOW", "LONDON"])
    assert (moscow.country, london.country) == ("RUS", "GBR")
    assert moscow.lat is not None and 55 < moscow.lat < 56


@pytest.mark.parametrize(
    ("text", "word", "metonymic"),
    [
        ("Moscow said the drills were over.", "Moscow", True),
        ("It was cold in Moscow on Monday.", "Moscow", False),
        ("Talks with Moscow resumed.", "Moscow", True),
        ("Scholz flew to Moscow.", "Moscow", False),
    ],
)
def test_places_metonymy_by_syntax(nlp, text: str, word: str, metonymic: bool) -> None:
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(text)
    start = text.index(word)
    assert is_metonymic(doc.char_span(start, start + len(word))) is metonymic
