"""Quotations and their speakers on text we wrote (the examples' invented actors are in the KB)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.nlp.quotes import QuoteMatch, find_quotes

EXAMPLE_ACTORS = Path(__file__).resolve().parents[1] / "examples" / "actors.yaml"


@pytest.fixture(scope="module")
def quotes_of():
    """Parse a text with the examples' actors on a date of the crisis and return its quotes."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.settings import get_settings

    nlp = load_pipeline(get_settings().spacy_model, str(EXAMPLE_ACTORS))

    def run(text: str) -> tuple[str, list[QuoteMatch]]:
        doc = nlp.make_doc(text)
        doc._.published = "2024-03-10"
        doc = nlp(doc)
        return doc.text, doc._.quotes

    return run


def _find(text: str, quotes: list[QuoteMatch], words: str) -> QuoteMatch:
    hits = [q for q in quotes if words in text[q.start : q.end]]
    assert hits, f"no quote holds {words!r}: {[text[q.start : q.end] for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "words", "cue", "speaker_text"),
    [
        ("“We will not be provoked,” Irena Mosk said.", "We will not be provoked", "said", "Irena Mosk"),
        ("“The border is calm,” Nils Hovland told reporters on Monday.", "The border is calm", "told reporters", "Nils Hovland"),
        ("“Nobody wants a war,” Sofie Brandt added.", "Nobody wants a war", "added", "Sofie Brandt"),
        ("Tomas Rydek warned that any incursion would be answered.", "any incursion would be answered", "warned", "Tomas Rydek"),
        ("Anna Velska urged Ostmark to withdraw its artillery from the river.", "Ostmark to withdraw its artillery", "urged", "Anna Velska"),
        ("Troops crossed the river at dawn, according to Nils Hovland.", "Troops crossed the river at dawn", "according to", "Nils Hovland"),
        ("According to Sofie Brandt, the talks will resume on Tuesday.", "the talks will resume on Tuesday", "According to", "Sofie Brandt"),
        ("“Signed. Now the hard part,” Sofie Brandt tweeted.", "Signed. Now the hard part", "tweeted", "Sofie Brandt"),
        ("Anna Velska wrote that the treaty had expired.", "the treaty had expired", "wrote", "Anna Velska"),
        ("“I would suggest continuing,” Tomas Rydek said in televised remarks.", "I would suggest continuing", "said in televised remarks", "Tomas Rydek"),
        ("The ferry will not run this week, Jonas Pettersen said.", "The ferry will not run this week", "said", "Jonas Pettersen"),
        ("The real test, Sofie Brandt said, would come in the spring.", "would come in the spring", "said", "Sofie Brandt"),
    ],
)
def test_quotes_cue_verbs_and_phrases(quotes_of, text: str, words: str, cue: str, speaker_text: str) -> None:
    clean, quotes = quotes_of(text)
    q = _find(clean, quotes, words)
    assert q.cue == cue
    assert q.speaker_text == speaker_text
    assert clean[q.speaker_start : q.speaker_end] == speaker_text
    assert q.speaker is not None and q.speaker.name == speaker_text


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("Sofie Brandt told reporters in Lindhaven: “Exercises do not need to fly over our schools.”", "Exercises do not need", "Sofie Brandt"),
        ("Foreign Minister Sofie Brandt spoke first. The minister was blunt: “They tell us these are exercises.”", "They tell us", "Sofie Brandt"),
        ("Nils Hovland added:\n\nThe brigade will stay on the river until the spring.", "The brigade will stay", "Nils Hovland"),
    ],
)
def test_quotes_colon_introductions(quotes_of, text: str, words: str, speaker: str) -> None:
    clean, quotes = quotes_of(text)
    q = _find(clean, quotes, words)
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        "“We will not be provoked,” Irena Mosk said. “But we are ready.”",
        "“We will not be provoked,” Irena Mosk said, “but we are ready.”",
    ],
)
def test_quotes_split_around_the_cue_is_one_statement(quotes_of, text: str) -> None:
    clean, quotes = quotes_of(text)
    first, second = _find(clean, quotes, "We will not be provoked"), _find(clean, quotes, "ut we are ready")
    assert first.statement == second.statement
    assert second.speaker is not None and second.speaker.name == "Irena Mosk"
    assert first.kind == second.kind == "direct"


def test_quotes_spanning_paragraphs_and_cueless_follow_ups(quotes_of) -> None:
    text = (
        "Jonas Pettersen spoke after the cabinet met.\n\n"
        "“Ostmark will not trade its villages for a promise. We have said so before.\n\n"
        "“We will say it again in Geneva,” the spokesman said.\n\n"
        "“Every family in Brenna knows what this zone means.”\n\n"
        "The talks resume on Tuesday.\n\n"
        "Later, the river was quiet."
    )
    clean, quotes = quotes_of(text)
    spanning = _find(clean, quotes, "Ostmark will not trade")
    assert "We will say it again in Geneva" in clean[spanning.start : spanning.end]  # one quotation over two paragraphs
    follow = _find(clean, quotes, "Every family in Brenna")
    assert follow.statement == spanning.statement and follow.cue is None
    assert spanning.speaker is not None and spanning.speaker.name == "Jonas Pettersen"
    assert follow.speaker == spanning.speaker
    assert not any("Later" in clean[q.start : q.end] or "talks resume" in clean[q.start : q.end] for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        '"We are ready to talk," Anna Velska said.',
        "“We are ready to talk,” Anna Velska said.",
        "''We are ready to talk,'' Anna Velska said.",
    ],
)
def test_quotes_curly_and_straight_marks_and_text_without_marks(quotes_of, text: str) -> None:
    clean, quotes = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert clean[q.start : q.end] == "We are ready to talk"  # offsets on the quoted words, no marks
    assert q.kind == "direct" and q.speaker is not None and q.speaker.name == "Anna Velska"


def test_quotes_nested_single_quotes_inside_a_quotation(quotes_of) -> None:
    text = "“They tell us ‘these are only exercises’, but exercises do not fly over schools,” Sofie Brandt said."
    clean, quotes = quotes_of(text)
    assert [clean[q.start : q.end] for q in quotes] == ["They tell us ‘these are only exercises’, but exercises do not fly over schools"]


@pytest.mark.parametrize(
    "text",
    [
        "Sofie Brandt said “the river is quiet.\n\nThe ferry runs again on Monday. Nobody said anything else.\n\nThe end.",
        "“One “two” three said Irena Mosk.\n\nThe second paragraph is narrative.",
        'Five " marks " in " a " row ", said Irena Mosk.\n\nThe second paragraph is narrative.',
        "“\n\n”\n\n“",
        "",
    ],
)
def test_quotes_unbalanced_marks_never_crash_nor_swallow_the_article(quotes_of, text: str) -> None:
    clean, quotes = quotes_of(text)
    for q in quotes:
        assert "\n" not in clean[q.start : q.end]
        assert "narrative" not in clean[q.start : q.end] and "ferry" not in clean[q.start : q.end]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Anna Velska declared the day would be marked as “Unity Day.”", "Unity Day"),
        ("Sofie Brandt chaired a meeting of the government’s emergency “COBR” committee.", "COBR"),
        ("Ostmark rejected the so-called “buffer zone” along the river.", "buffer zone"),
        ("The ministry keeps a “core” team in Kardova.", "core"),
    ],
)
def test_quotes_names_and_scare_quotes_are_not_quotations(quotes_of, text: str, name: str) -> None:
    clean, quotes = quotes_of(text)
    assert all(clean[q.start : q.end] != name for q in quotes)
    assert all(q.kind != "mixed" for q in quotes if name in clean[q.start : q.end] and name[0].isupper())


@pytest.mark.parametrize(
    ("text", "words", "kind"),
    [
        ("Tomas Rydek said the troops were on routine exercises.", "the troops were on routine exercises", "indirect"),
        ("Tomas Rydek said there was “no reason for alarm” on the border.", "no reason for alarm", "mixed"),
        ("Sofie Brandt warned that further incursions would meet “an appropriate response.”", "an appropriate response", "mixed"),
        ("“No reason for alarm,” Tomas Rydek said.", "No reason for alarm", "direct"),
    ],
)
def test_quotes_indirect_mixed_and_direct(quotes_of, text: str, words: str, kind: str) -> None:
    clean, quotes = quotes_of(text)
    q = _find(clean, quotes, words)
    assert q.kind == kind
    assert not clean[q.start : q.end].startswith(("that ", "“", '"')) or kind == "mixed"


@pytest.mark.parametrize(
    ("text", "words", "speaker", "speaker_text"),
    [
        ("Anna Velska met the envoy on Monday. “We do not want a single field that is not ours,” she said.", "single field", "Anna Velska", "she"),
        ("Harbour House issued a statement. “The plan is dead,” it added.", "The plan is dead", "Ostmark", "it"),
        (
            "“The map gives them our bank,” a Harbour House spokesman said.\n\nThe talks were due on Friday, the spokesman said.",
            "The talks were due on Friday",
            "Ostmark",
            "the spokesman",
        ),
    ],
)
def test_quotes_pronoun_and_role_speakers_resolved(quotes_of, text: str, words: str, speaker: str, speaker_text: str) -> None:
    clean, quotes = quotes_of(text)
    q = _find(clean, quotes, words)
    assert q.speaker_text == speaker_text and clean[q.speaker_start : q.speaker_end] == speaker_text
    assert q.speaker is not None and q.speaker.name.startswith(speaker) or q.speaker is not None and q.speaker.country == "XOS"


def test_quotes_unidentified_speaker_keeps_its_words(quotes_of) -> None:
    clean, quotes = quotes_of("“It was a long night,” a resident of the village said.")
    q = _find(clean, quotes, "It was a long night")
    assert q.speaker is None and q.speaker_text == "a resident of the village"


def test_quotes_record_text_matches_offsets(quotes_of) -> None:
    clean, quotes = quotes_of("Irena Mosk said, “We will not be provoked.” Tomas Rydek said the border was calm, and added that talks would go on.")
    assert quotes
    for q in quotes:
        assert 0 <= q.start < q.end <= len(clean)
        assert clean[q.start] not in "“\"" or q.kind == "mixed"


def test_quotes_find_quotes_on_a_doc_without_marks_or_cues(nlp) -> None:
    assert find_quotes(nlp("The river was quiet on Monday.")) == []


def test_quotes_records_carry_statement_and_contract_fields(tmp_path) -> None:
    from crisisdesk.runner import extract_records
    from crisisdesk.settings import Settings

    path = tmp_path / "split.txt"
    path.write_text("Split quote\n\n“We will not be provoked,” Irena Mosk said. “But we are ready.”\n", "utf-8")
    out = list(extract_records([path], settings=Settings(actors_file=EXAMPLE_ACTORS)))
    article_text = next(r["text"] for r in out if r["type"] == "article")
    records = [r for r in out if r["type"] == "quote"]
    assert len(records) == 2 and records[0]["statement"] == records[1]["statement"]
    for r in records:
        assert r["text"] == article_text[r["start"] : r["end"]]
        assert r["coder"] == "crisisdesk.quotes.v2"


def test_quotes_question_put_by_someone_unnamed(quotes_of) -> None:
    clean, quotes = quotes_of("Asked about the ferry, Sofie Brandt shrugged.")
    q = _find(clean, quotes, "the ferry")
    assert q.cue == "Asked" and q.speaker is None and q.speaker_text is None and q.kind == "indirect"


def test_quotes_speech_noun_with_its_speaker_makes_a_mixed_quote(quotes_of) -> None:
    clean, quotes = quotes_of("Ostmark doubts Anna Velska’s pledge to “bring the guns back” from the river.")
    q = _find(clean, quotes, "bring the guns back")
    assert q.kind == "mixed" and q.cue == "pledge"
    assert q.speaker is not None and q.speaker.name == "Anna Velska"


@pytest.mark.parametrize(
    ("text", "words", "speaker_text"),
    [
        ("Lindhaven, Eastern Ostmark — Anna Velska says there is a real chance Varenia will invade this month.",
         "there is a real chance Varenia will invade", "Anna Velska"),
        ("12 Mar 2024 - 09:15 GMT Tomas Rydek said two soldiers were wounded near the river.",
         "two soldiers were wounded near the river", "Tomas Rydek"),
    ],
)
def test_quotes_dateline_or_time_stamp_is_not_the_speaker(quotes_of, text: str, words: str, speaker_text: str) -> None:
    clean, quotes = quotes_of(text)
    q = _find(clean, quotes, words)
    assert q.speaker_text == speaker_text
