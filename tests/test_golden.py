"""Regression gate: the pipeline on our own examples against hand-written golden annotations.

The floors in golden/floors.yaml may only be raised. Quality itself is measured on third-party data
by benchmarks/; this gate only stops a change from silently making the examples worse.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .golden_score import load_golden, score

FLOORS = yaml.safe_load((Path(__file__).parent / "golden" / "floors.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def figures(example_records: list[dict], example_settings) -> dict[str, float]:
    from crisisdesk.nlp.kb import load_kb

    kb = load_kb(str(example_settings.actors_file))
    names = {c.name.lower(): code for code, c in kb.countries.items()}
    result = score(example_records, names).figures()
    print("golden figures:", result)
    return result


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_golden_figure_at_or_above_floor(figures: dict[str, float], figure: str) -> None:
    assert figures[figure] >= FLOORS[figure], f"{figure} fell to {figures[figure]} (floor {FLOORS[figure]})"


def test_golden_articles_cleaned_as_written(example_records: list[dict]) -> None:
    articles = {r["source"].split("examples/articles/")[-1]: r for r in example_records if r["type"] == "article"}
    ids = {k: a["id"] for k, a in articles.items()}
    for entry in load_golden():
        key = entry["file"] + (f":{entry['record'] + 1}" if "record" in entry else "")
        a = articles[key]
        assert a["title"] == entry["title"], key
        assert a["site"] == entry["site"], key
        assert a["dateline"] == entry["dateline"], key
        assert a["published"] == str(entry["published"]), key
        assert a["text"].startswith(entry["body_starts"]), key
        assert a["duplicate_of"] == (ids[entry["duplicate_of"]] if entry["duplicate_of"] else None), key


def test_golden_not_quotes_and_not_timexes_stay_out(example_records: list[dict]) -> None:
    quoted = {r["text"] for r in example_records if r["type"] == "quote"}
    timexes = [r["text"] for r in example_records if r["type"] == "timex"]
    for entry in load_golden():
        for name in entry.get("not_quotes") or []:
            assert name not in quoted
        for name in entry.get("not_timexes") or []:
            assert not any(name in t or t in name and len(t) > 4 for t in timexes), name
