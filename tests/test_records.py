"""The record contract: every output of the pipeline validates against the schema of design.md."""

from __future__ import annotations

import pytest

from crisisdesk.records import RECORD_TYPES, json_schemas, parse_record_types, validate_record


def test_records_every_example_output_follows_the_contract(example_records: list[dict]) -> None:
    assert {r["type"] for r in example_records} == set(RECORD_TYPES)
    for record in example_records:
        validate_record(record)


def test_records_offsets_point_into_the_article_text(example_records: list[dict]) -> None:
    texts = {r["id"]: r["text"] for r in example_records if r["type"] == "article"}
    for r in example_records:
        if r["type"] in {"quote", "timex"}:
            assert texts[r["article_id"]][r["start"] : r["end"]] == r["text"]
        if r["type"] == "event":
            assert r["sentence"] in texts[r["article_id"]]
            assert 0 <= r["start"] < r["end"] <= len(texts[r["article_id"]])
        if r["type"] == "quote" and r["speaker_start"] is not None:
            assert texts[r["article_id"]][r["speaker_start"] : r["speaker_end"]] == r["speaker_text"]
        if r["type"] == "actor":
            assert r["mentions"] and all(0 <= s < e <= len(texts[r["article_id"]]) for s, e in r["mentions"])


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({"type": "quote"}, "id"),
        ({"type": "nonsense"}, "unknown record type"),
        ({"type": "timex", "article_id": "a", "text": "x", "start": 0, "end": 1, "kind": "era", "value": None}, "kind"),
        ({"type": "timex", "article_id": "a", "text": "x", "start": -1, "end": 1, "kind": "date", "value": None}, "start"),
    ],
)
def test_records_invalid_record_is_rejected(bad: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        validate_record(bad)


@pytest.mark.parametrize(
    ("spec", "types"),
    [(None, RECORD_TYPES), ("all", RECORD_TYPES), ("quote,article", ("article", "quote")), (" event ", ("event",))],
)
def test_records_parse_record_types(spec: str | None, types: tuple[str, ...]) -> None:
    assert parse_record_types(spec) == types


def test_records_unknown_record_type_names_the_choices() -> None:
    with pytest.raises(ValueError, match="quotes.*choose from"):
        parse_record_types("quotes")


def test_records_json_schema_for_every_type() -> None:
    schemas = json_schemas()
    assert set(schemas) == set(RECORD_TYPES)
    assert "speaker" in schemas["quote"]["properties"]
