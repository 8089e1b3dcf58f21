"""The verb-pattern dictionary: reading PETRARCH verb files, compiling patterns, folding intents."""

from __future__ import annotations

import pytest

from crisisdesk.nlp.codebook import lookup
from crisisdesk.nlp.event_patterns import (
    PatternFileError,
    base_forms,
    compile_book,
    compile_pattern,
    compose,
    load_book,
    read_petrarch_verbs,
    unknown_codes,
)

# A small dictionary in PETRARCH's format, written for these tests.
DICTIONARY = """
####### SYNONYM SETS #######

&TROOPS_
+SOLDIERS
+TANKS

####### VERB PATTERNS #######

---  VISIT   [042:043]  ---
VISIT
TOUR {TOURS TOURED TOURING }
- * (FOR TALKS)                [046]   # VISIT
- PILGRIMS *                   [---]   # VISIT

---  MASS   [---]  ---
MASS
+BUILD_UP {+BUILT_UP +BUILDING_UP +BUILDS_UP}
- * &TROOPS (NEAR BORDER)      [154]   # MASS
- * &TROOPS                    [150]   # MASS
"""


def test_events_patterns_reader_keeps_blocks_verbs_codes_and_synonyms() -> None:
    data = read_petrarch_verbs(DICTIONARY)
    blocks = {b["name"]: b for b in data["blocks"]}
    assert set(blocks) == {"VISIT", "MASS"}
    assert (blocks["VISIT"]["code"], blocks["VISIT"]["reverse"]) == ("042", "043")
    assert blocks["MASS"]["code"] is None
    assert [v["verb"] for v in blocks["MASS"]["verbs"]] == ["mass", "build_up"]
    assert blocks["VISIT"]["verbs"][1]["forms"] == ["tours", "toured", "touring"]
    assert data["synsets"]["&troops_"] == ["soldiers", "tanks"]
    assert len(blocks["MASS"]["patterns"]) == 2


@pytest.mark.parametrize(
    ("line", "code", "reverse", "pre", "post"),
    [
        ("- * (FOR TALKS) [046]", "046", None, 0, 1),
        ("- PILGRIMS * [---]", None, None, 1, 0),
        ("- * &TROOPS (NEAR BORDER) [154:043]", "154", "043", 0, 2),
        ("- $ TROOP * TOWARD + [154]", "154", None, 1, 1),
    ],
)
def test_events_patterns_compile_reads_sides_and_codes(line: str, code, reverse, pre: int, post: int) -> None:
    pattern = compile_pattern(line)
    assert pattern is not None
    assert (pattern.code, pattern.reverse, len(pattern.pre), len(pattern.post)) == (code, reverse, pre, post)


def test_events_patterns_compile_rejects_a_line_without_verb_position() -> None:
    assert compile_pattern("- TALKS [040]") is None


def test_events_patterns_most_specific_pattern_first() -> None:
    book = compile_book(read_petrarch_verbs(DICTIONARY), {}, "test")
    weights = [p.weight for p in book.blocks["MASS"].patterns]
    assert weights == sorted(weights, reverse=True)
    assert book.entries("tour", "toured")[0].block == "VISIT"
    assert book.entries("build", "built")[0].words == ("build", "up")


@pytest.mark.parametrize(
    ("family", "action", "expected"),
    [
        ("02", "0874", "0256"),  # urged to pull back: appeal for de-escalation
        ("03", "040", "036"),  # agreed to meet: intent to meet
        ("10", "040", "108"),  # demanded a meeting (GDELT's 108)
        ("12", "046", "125"),  # refused to negotiate
        ("13", "163", "1312"),  # threatened sanctions
        ("03", "190", "138"),  # vowed to attack: a threat, not an intent to cooperate
        ("13", "192", "1382"),  # threatened to occupy
    ],
)
def test_events_patterns_compose_intent_codes(family: str, action: str, expected: str) -> None:
    assert compose(load_book(), family, action) == expected


def test_events_patterns_bundled_dictionary_codes_are_in_the_codebook() -> None:
    book = load_book()
    assert len(book.verbs) > 1000
    assert unknown_codes(book) == set()
    # Hand corrections win over PETRARCH: "agree" is an intent to cooperate, "urge" an appeal.
    assert book.entries("agree", "agreed")[0].code == "030"
    assert lookup(book.entries("urge", "urged")[0].code).root == "02"


def test_events_patterns_ambiguous_verbs_only_code_through_patterns() -> None:
    book = load_book()
    assert "take" in book.ambiguous and "say" not in book.ambiguous


@pytest.mark.parametrize(("word", "base"), [("staged", "stage"), ("massing", "mass"), ("carried", "carry"), ("urges", "urge")])
def test_events_patterns_base_forms_undo_regular_inflection(word: str, base: str) -> None:
    assert base in base_forms(word)


def test_events_patterns_user_file_errors_name_the_file(tmp_path) -> None:
    empty = tmp_path / "verbs.txt"
    empty.write_text("# nothing here\n", "utf-8")
    with pytest.raises(PatternFileError, match="verbs.txt"):
        load_book(str(empty))
    with pytest.raises(PatternFileError, match="cannot read"):
        load_book(str(tmp_path / "missing.txt"))


@pytest.mark.parametrize(
    ("code", "root", "plover", "quad", "goldstein"),
    [
        ("010", "01", None, 1, 0.0),  # statements: no PLOVER type
        ("0256", "02", None, 1, -0.3),  # appeals: not coded in PLOVER
        ("036", "03", "AGREE", 1, 4.0),
        ("1312", "13", "THREATEN", 3, -5.8),
        ("154", "15", "MOBILIZE", 4, -7.2),
        ("190", "19", "ASSAULT", 4, -10.0),
    ],
)
def test_events_codebook_fields_follow_the_gdelt_and_plover_tables(code: str, root: str, plover, quad: int, goldstein: float) -> None:
    from crisisdesk.nlp.events import codebook_fields

    fields = codebook_fields(code)
    assert (fields["cameo_root"], fields["plover"], fields["quad_class"], fields["goldstein"]) == (root, plover, quad, goldstein)


def test_events_codebook_unknown_code_is_an_error() -> None:
    with pytest.raises(KeyError, match="999"):
        lookup("999")


@pytest.mark.parametrize(
    ("code", "intent", "modality", "plover"),
    [
        ("042", "036", "future", "AGREE"),  # "will visit Moscow": PLOVER codes an announced cooperation as AGREE
        ("190", "138", "asserted", "THREATEN"),  # "would attack": a threat
        ("042", None, "future", "AGREE"),  # a visit others report as coming: cooperation in future tense
        ("190", None, "future", "ASSAULT"),  # conflict in future tense keeps its type
        ("042", None, "asserted", "CONSULT"),  # the visit itself
    ],
)
def test_events_plover_type_follows_the_announced_intent(code: str, intent: str | None, modality: str, plover: str) -> None:
    from crisisdesk.nlp.events import codebook_fields

    fields = codebook_fields(code, intent, modality)
    assert (fields["cameo"], fields["plover"]) == (code, plover)


def _booleans(node, path: str = "") -> list[str]:
    """Paths of YAML booleans in word lists (a bare on, no, off, yes or false reads as one)."""
    if isinstance(node, bool):
        return [path]
    if isinstance(node, dict):
        # a light verb's "*": true is a flag, not a word
        return [p for k, v in node.items() if not (k == "*" and v is True) for p in _booleans(v, f"{path}/{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _booleans(v, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("name", ["event_verbs.yaml", "claims.yaml", "quote_cues.yaml", "actor_words.yaml", "timex.yaml"])
def test_events_patterns_lexicon_words_are_strings_not_yaml_booleans(name: str) -> None:
    from importlib import resources

    import yaml

    text = resources.files("crisisdesk.data.lexicons").joinpath(name).read_text("utf-8")
    assert _booleans(yaml.safe_load(text)) == []


def test_events_patterns_overlay_moves_taken_lines_out_of_their_block() -> None:
    """`take_from`: lines written for one verb of a mixed block leave it with that verb."""
    from crisisdesk.nlp.event_patterns import _apply_overlay

    data = {
        "synsets": {},
        "blocks": [{"name": "SAY", "code": "010", "reverse": None, "verbs": [{"verb": "say"}, {"verb": "announce"}], "patterns": ["- * SANCTIONS [163]", "- * ANGER [111]"]}],
    }
    _apply_overlay(data, {"blocks": {"ANNOUNCE": {"code": "010", "verbs": ["announce"], "take_from": "SAY", "patterns": ["- * SANCTIONS [163]"]}}})
    blocks = {b["name"]: b for b in data["blocks"]}
    assert blocks["SAY"]["patterns"] == ["- * ANGER [111]"] and [v["verb"] for v in blocks["SAY"]["verbs"]] == ["say"]
    assert blocks["ANNOUNCE"]["patterns"] == ["- * SANCTIONS [163]"] and [v["verb"] for v in blocks["ANNOUNCE"]["verbs"]] == ["announce"]
