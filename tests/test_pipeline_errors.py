"""An error in one of our components on one article is reported on that article and spares the batch."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from crisisdesk.nlp.pipeline import annotate, load_pipeline
from crisisdesk.records import Article
from crisisdesk.settings import get_settings

TEXTS = ["On Monday the BOOM talks ended in Vienna.", "On Tuesday the talks resumed in Geneva."]


@pytest.mark.parametrize(("stage", "record_type"), [("crisisdesk_timex", "timex"), ("crisisdesk_events", "event"),
                                                     ("crisisdesk_quotes", "quote"), ("crisisdesk_actors", "actor")])
def test_pipeline_component_error_on_one_article_leaves_the_others_whole(stage: str, record_type: str) -> None:
    settings = get_settings()
    guarded = load_pipeline(settings.spacy_model, None, settings.date_order).get_pipe(stage)
    real = guarded.component

    def fragile(doc: Doc) -> Doc:
        if "BOOM" in doc.text:
            raise ValueError("injected fault")
        return real(doc)

    guarded.component = fragile
    try:
        articles = [Article(id=f"a{n}", source="test", text=t, published="2022-02-14") for n, t in enumerate(TEXTS)]
        out = list(annotate(articles, [record_type, "timex"], settings))
    finally:
        guarded.component = real
    assert [a.id for a, _ in out] == ["a0", "a1"]
    (broken, broken_records), (whole, whole_records) = out
    assert any(stage in w and "injected fault" in w for w in broken.warnings), broken.warnings
    assert not whole.warnings
    assert {r.type for r in whole_records} >= {"timex"}
    if record_type == "timex":
        assert not [r for r in broken_records if r.type == "timex"]
