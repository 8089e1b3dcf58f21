"""Modality, reporters and announcements of events, on parses of sentences we wrote."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def parse():
    import spacy

    from crisisdesk.settings import get_settings

    nlp = spacy.load(get_settings().spacy_model)
    return nlp


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Varenia attacked Ostmark.", "attacked", "asserted"),
        ("Varenia did not attack Ostmark.", "attack", "negated"),
        ("Varenia never attacked Ostmark.", "attacked", "negated"),
        ("Neither Varenia nor Ostmark has attacked the plant.", "attacked", "negated"),
        ("Either Varenia or Ostmark attacked the plant.", "attacked", "asserted"),
        ("Varenia could attack Ostmark.", "attack", "hypothetical"),
        ("If Varenian troops cross the border, Ostmark will respond.", "cross", "hypothetical"),
        ("Should Varenia decide to attack, Ostmark will respond.", "attack", "hypothetical"),
        ("Varenia will attack Ostmark.", "attack", "future"),
        ("Velska said she would travel to Lindhaven on Thursday.", "travel", "future"),
        ("Varenia plans to visit Ostmark.", "visit", "future"),
        ("Varenia denied attacking Ostmark.", "attacking", "negated"),
        ("Ostmark did not believe Varenia would attack.", "attack", "negated"),
        ("Varenia has no plans to attack Ostmark.", "attack", "negated"),
        ("Ostmark fears an invasion.", "invasion", "hypothetical"),
        ("Ostmark warned against any attack.", "attack", "hypothetical"),
        ("The planned visit was cancelled.", "visit", "future"),
        ("Varenia has troops in place to possibly launch an offensive.", "launch", "hypothetical"),
        ("Ostmark will resist if there is Varenian aggression.", "aggression", "hypothetical"),
        ("The alliance awaits Varenia's invasion of Ostmark.", "invasion", "hypothetical"),
        ("Officials say Varenia is plotting to stage an attack.", "stage", "future"),
        ("Officials claimed Varenia was about to invade Ostmark.", "invade", "future"),
        ("A Varenian invasion of Ostmark would be a disaster.", "invasion", "hypothetical"),
        ("The invasion of Ostmark could last for months.", "invasion", "asserted"),
        ("Ostmark denounced Varenia's alleged build-up on the border.", "up", "hypothetical"),
        ("Varenia did not launch an attack.", "attack", "negated"),
        ("Ostmark expected this before the Varenian build-up began.", "up", "asserted"),
        ("Ostmark will impose sanctions on Varenia in case it attacks.", "attacks", "hypothetical"),
        ("Ostmark could be drawn into war in the event Varenia launches an attack.", "launches", "hypothetical"),
        ("If Varenia succeeds in invading Ostmark, others will follow.", "invading", "hypothetical"),
        ("Varenia's invasion of Ostmark could begin at any time.", "invasion", "hypothetical"),
        ("The Varenian contingent is insufficient to carry out an invasion.", "carry", "hypothetical"),
        ("Varenia has built up the forces it needs to invade Ostmark.", "invade", "hypothetical"),
        ("Varenia seeks a pretext to justify invading Ostmark.", "invading", "hypothetical"),
        ("The allies were united against perceived Varenian aggression.", "aggression", "hypothetical"),
        ("Ostmark voiced concerns about a Varenian attack.", "attack", "hypothetical"),
        ("Varenia launched no attack on Ostmark.", "launched", "negated"),
        ("Bloomberg mistakenly announced that Varenia had invaded Ostmark.", "invaded", "negated"),
        ("State media falsely claimed that Ostmark attacked a border post.", "attacked", "negated"),
        ("State media claimed that Ostmark attacked a border post.", "attacked", "asserted"),
        ("The leaders could talk provided that Varenia withdraws its troops.", "withdraws", "hypothetical"),
        ("Ostmark will resume talks as long as Varenia withdraws its troops.", "withdraws", "hypothetical"),
        ("Varenia withdrew its troops as long ago as January.", "withdrew", "asserted"),
        # what one needs to see is not yet seen; what one saw happened
        ("We need to see the Varenian troops moved elsewhere.", "moved", "hypothetical"),
        ("We saw Varenian troops shelling Kardova.", "shelling", "asserted"),
        # a clause of time under an unreal main clause is unreal; one caused under a wish is wished
        ("Ostmark would have imposed costs on Varenia until it withdrew.", "withdrew", "hypothetical"),
        ("Varenia attacked Kardova when the talks failed.", "attacked", "asserted"),
        ("We would like Ostmark to make Varenia stop the shelling.", "stop", "hypothetical"),
        ("The sanctions made Varenia withdraw its troops.", "withdraw", "asserted"),
        # what a goal is, and what alleged incidents are of, has not been shown to happen
        ("Velska's goal appears to be seizing Kardova.", "seizing", "future"),
        ("State media reported alleged incidents of Ostmark's attacks on Varenia.", "attacks", "hypothetical"),
        ("State media reported incidents of Ostmark's attacks on Varenia.", "attacks", "asserted"),
        # an invasion called imminent, on the verge, in scare quotes, or an act of it that may take place
        ("Officials say Varenia's invasion of Ostmark is imminent.", "invasion", "hypothetical"),
        ("Ostmark stands on the verge of a Varenian invasion.", "invasion", "hypothetical"),
        ("State television set up a live feed of a Varenian “invasion” of Ostmark.", "invasion", "hypothetical"),
        ("Officials said an act of Varenian aggression may take place this week.", "aggression", "hypothetical"),
        ("Velska said Varenia’s “aggression and attempts to rewrite the past” must end.", "aggression", "asserted"),
        ("Officials commented on a false report that Varenia had invaded Ostmark.", "invaded", "negated"),
        # a headline is no report of its words; what was done without, or shows no sign of, was not done
        ("The site posted a headline reading: “Varenia invades Ostmark” but removed it.", "invades", "hypothetical"),
        ("The agency published a headline claiming Varenia had launched an invasion.", "invasion", "hypothetical"),
        ("Varenia seized the peninsula without firing a shot.", "firing", "negated"),
        ("There is no sign at all of the Varenian assault.", "assault", "negated"),
        ("There are signs of a Varenian assault.", "assault", "asserted"),
        ("Velska said that a Varenian invasion of Ostmark remains possible.", "invasion", "hypothetical"),
        ("Officials discussed the planning of a Varenian attack.", "attack", "future"),
        # a report called false tells of nothing
        ("Officials said the claims of a Varenian pullback were false.", "pullback", "negated"),
        ("Officials said the reports of a Varenian pullback were accurate.", "pullback", "asserted"),
        # an aim is not a deed
        ("Ostmark called it an operation aimed at seizing power in Lindhaven.", "seizing", "future"),
        ("The sanctions are designed to cripple the Varenian economy.", "cripple", "future"),
        # the content of a demand, proposal or call is wanted, not done; what was given stays given
        ("Varenia repeated its key demand that the alliance rule out new members.", "rule", "hypothetical"),
        ("The proposal that Varenia withdraw its troops was rejected by Lindhaven.", "withdraw", "hypothetical"),
        ("Ostmark renewed its calls for a ceasefire with Varenia.", "ceasefire", "hypothetical"),
        ("The security guarantees given to Ostmark in 1994 were broken.", "given", "asserted"),
        # a "when" clause is one of time, which the parser may read as the clause's adverb: what its main
        # clause denies does not reach it, and in the present tense it tells what holds whenever it happens
        ("Ostmark did not respond when Varenia attacked Kardova.", "attacked", "asserted"),  # guard
        ("It is a world war when Varenians and Ostmarkers start shooting at each other.", "start", "hypothetical"),
        # an infinitive that asks what to do is not done
        ("The ministry shared flyers explaining how to attack Varenian tanks.", "attack", "hypothetical"),
        ("The allies discussed when to impose sanctions on Varenia.", "impose", "hypothetical"),  # guard: an adverbial infinitive already was
        ("Varenia made an offer that Lindhaven Mayor Karl Obst decried as a “joke.”", "decried", "asserted"),
        ("That prompted suggestions that Velska failed to tell the Ostmark leader her plans.", "failed", "asserted"),
        ("Officials discussed the withdrawal of Varenian troops.", "withdrawal", "asserted"),
    ],
)
def test_events_modality_from_the_clause_and_its_governors(parse, text: str, word: str, expected: str) -> None:
    from crisisdesk.nlp.modality import modality

    assert modality(_token(parse(text), word)) == expected


def test_events_modality_future_date_makes_a_plain_event_future(parse) -> None:
    from crisisdesk.nlp.modality import modality

    doc = parse("Velska visits Lindhaven on Tuesday.")
    assert modality(_token(doc, "visits"), published_future=True) == "future"
    assert modality(_token(doc, "visits"), published_future=False) == "asserted"


@pytest.mark.parametrize(
    ("text", "word", "reporter"),
    [
        ("Ostmark said Varenian forces were still growing.", "growing", "said"),
        ("Varenian forces were still growing, Ostmark said.", "growing", "said"),
        ("Varenian forces attacked Ostmark.", "attacked", None),
    ],
)
def test_events_modality_finds_the_verb_that_reports_an_event(parse, text: str, word: str, reporter) -> None:
    from crisisdesk.nlp.event_patterns import bundled_lexicon
    from crisisdesk.nlp.modality import inner_reporter, reporting_verb

    reporting = set(bundled_lexicon()["reporting_verbs"])
    tok = _token(parse(text), word)
    found = reporting_verb(tok, reporting) or inner_reporter(tok, reporting)
    assert (found.text if found is not None else None) == reporter


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("Varenia will not negotiate with Ostmark.", "negotiate", "refusal"),
        ("Varenia is ready to observe a ceasefire.", "observe", "readiness"),
        ("Ostmark will close its airspace unless Varenia withdraws.", "close", "unless"),
        ("Varenia would retaliate against Ostmark.", "retaliate", "would"),
        ("Velska will visit Lindhaven.", "visit", "will"),
        ("Velska visited Lindhaven.", "visited", None),
        ("Varenia is preparing to invade Ostmark.", "invade", "will"),
        ("Varenia may be preparing to invade Ostmark.", "invade", None),  # a guess at its plans
        ("Varenia might be planning to attack Ostmark.", "attack", None),
        ("Should Varenia decide to attack, Ostmark will respond.", "attack", None),  # a condition
        ("The costs for Varenia would be high if it decided to invade Ostmark.", "invade", None),
    ],
)
def test_events_modality_announcements(parse, text: str, word: str, kind) -> None:
    from crisisdesk.nlp.modality import announcement

    assert announcement(_token(parse(text), word)) == kind
