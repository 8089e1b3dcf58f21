"""Places in actor linking: misspelt country words, and places that stand for their people."""

from __future__ import annotations

import pytest

from crisisdesk.nlp.actor_places import _one_edit
from crisisdesk.nlp.actors import mention_at, resolve_reference


def _doc(nlp, text: str, day: str = "2001-06-01"):
    doc = nlp.make_doc(text)
    doc._.published = day
    with nlp.select_pipes(disable=["crisisdesk_timex", "crisisdesk_quotes", "crisisdesk_events"]):
        return nlp(doc)


def _actor(doc, words: str):
    start = doc.text.rindex(words)
    span = doc.char_span(start, start + len(words), alignment_mode="expand")
    m = mention_at(doc, span.root)
    return m.actor if m else None


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [("Ethopia", "Ethiopia", True), ("Quatar", "Qatar", True), ("Isreal", "Israel", True), ("Phillippines", "Philippines", True),
     ("Austria", "Australia", False), ("Iran", "Iran", False), ("Russel", "Russia", False)],
)
def test_actor_places_one_edit_counts_one_typing_error(a: str, b: str, near: bool) -> None:
    assert _one_edit(a, b) is near


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        ("Ethopia has agreed to re-open its borders.", "Ethopia", "ETH"),
        ("Quatar's emir launched a mediation effort on Saturday.", "emir", "QATGOV"),
        ("Both the Phillippines military and the rebels broke the truce.", "military", "PHLMIL"),
    ],
)
def test_actor_places_a_misspelt_country_word_links_to_its_country(nlp, text: str, words: str, code: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.code == code


@pytest.mark.parametrize(
    ("text", "words"),
    [("Indiana lawmakers met on Monday.", "Indiana"), ("Students at Columbia University protested.", "Columbia")],
)
def test_actor_places_a_state_or_a_longer_name_is_no_misspelt_country(nlp, text: str, words: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is None or actor.country not in {"IND", "COL"}


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        ("Rebels shelled Baghdad on Sunday, killing ten people.", "Baghdad", "IRQCVL"),
        ("The president threatened to institute a curfew in Algiers.", "Algiers", "DZACVL"),
        ("Farmers said they would blockade Paris from Monday.", "Paris", "FRACVL"),
        ("Russian troops shelled Kharkiv on Thursday.", "Kharkiv", "UKRCVL"),
        ("Moscow said the drills were over.", "Moscow", "RUSGOV"),
        ("Helicopters evacuated the wounded from the besieged Bosnian town of Gorazde.", "Bosnian", "BIHCVL"),
    ],
)
def test_actor_places_an_attacked_or_restricted_place_is_its_people(nlp, text: str, words: str, code: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.code == code


def test_actor_places_a_place_is_nobody_a_later_pronoun_means(nlp) -> None:
    doc = _doc(nlp, "Russian troops shelled Kharkiv. They said the city was a military target.")
    they = next(t for t in doc if t.text == "They")
    m = resolve_reference(doc, they)
    assert m is not None and m.actor.code == "RUSMIL"


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        ("The government outlawed the largest Protestant extremist organization in Northern Ireland.", "organization", "GBRREB"),
        ("Hezbollah denounced an Israeli peace movement on Monday.", "movement", "ISROPP"),
    ],
)
def test_actor_places_group_nouns_take_the_sector_of_their_modifier(nlp, text: str, words: str, code: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.code == code


def test_actor_places_a_misspelling_learnt_in_one_document_does_not_reach_the_next(nlp) -> None:
    later = "Officials of the Quatar Trading Company in Doha met Ethiopian buyers."
    alone = [(m.start, m.end, m.actor.code) for m in _doc(nlp, later)._.actor_mentions]
    taught = _doc(nlp, "Quatar and Ethopia signed a trade deal on Monday.")
    assert {m.actor.country for m in taught._.actor_mentions} >= {"QAT", "ETH"}
    kb = nlp.get_pipe("crisisdesk_actors").kb
    assert "Quatar" not in kb.surfaces and "Ethopia" not in kb.surfaces
    assert [(m.start, m.end, m.actor.code) for m in _doc(nlp, later)._.actor_mentions] == alone


@pytest.mark.parametrize(
    ("word", "noun"),
    [
        ("peackeepers", "peacekeepers"),  # a letter left out
        ("demonstartors", "demonstrators"),  # two letters swapped
        ("executive", None),  # the singular of a sector noun is no misspelling of it
        ("solders", None),  # too short to be sure
        ("peacekeepers", None),  # the noun itself
    ],
)
def test_actor_places_misspelt_sector_nouns(word: str, noun: str | None) -> None:
    from crisisdesk.nlp.actor_places import MisspeltNouns

    agents = {"peacekeepers": "MIL", "demonstrators": "CVL", "executives": "BUS", "soldiers": "MIL"}
    assert MisspeltNouns(agents).correct(word) == noun
