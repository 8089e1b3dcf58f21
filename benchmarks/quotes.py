"""Quotation finding and attribution on PolNeAR, scored as issue 5 sets out.

Run: python -m benchmarks quotes            (the test split, as reported in the README)
     python -m benchmarks.quotes --split dev  (tuning; also train)

A prediction is one statement: the quoted stretches crisisdesk groups under one `statement` (a quote
split around its cue, a quote running over paragraphs, a cue-less follow-up). Gold attributions are
taken in document order; each takes the first unused prediction that covers more than 30% (and,
separately, 80%) of its content characters, counted over all its content spans. Precision is always
against all gold attributions; recall on the speech subset (cue containing a word of
speech_cues.txt) and on all. The speaker span of a matched prediction must overlap the gold source.
Time: spaCy's own pipeline runs batched, then the actor linker and the quote finder run on the parsed
documents and are timed separately; the figure is quote stage time over parse time.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from .common import SHARED_DATA, require, save

THRESHOLDS = (0.30, 0.80)
QUOTE_MARKS = re.compile("[\"“”„«»]")


@dataclass
class Prediction:
    """One predicted statement: its character spans and the speaker span."""

    spans: list[tuple[int, int]]
    speaker: tuple[int, int] | None = None


@dataclass
class Tally:
    """Counts for one threshold."""

    predicted: int = 0
    matched_pred: int = 0
    gold: dict[str, int] = field(default_factory=dict)
    hit: dict[str, int] = field(default_factory=dict)
    speaker_gold: dict[str, int] = field(default_factory=dict)
    speaker_hit: dict[str, int] = field(default_factory=dict)

    def add(self, counter: dict[str, int], key: str, n: int = 1) -> None:
        counter[key] = counter.get(key, 0) + n


def load_polnear(split: str) -> list[dict]:
    """The articles of one PolNeAR split."""
    path = require(SHARED_DATA / "quotes" / "polnear" / f"{split}.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def speech_words() -> set[str]:
    """The fixed cue words of the speech subset."""
    path = require(SHARED_DATA / "quotes" / "speech_cues.txt")
    return {w.strip().lower() for w in path.read_text("utf-8").splitlines() if w.strip() and not w.startswith("#")}


def is_speech(attribution: dict, words: set[str]) -> bool:
    """Whether a gold attribution's cue contains a word of the speech list."""
    return any(w in words for w in re.findall(r"[a-z]+", (attribution.get("cue_text") or "").lower()))


def _chars(spans: Iterable[Iterable[int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def _overlaps(a: tuple[int, int], spans: Iterable[Iterable[int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def score_article(article: dict, preds: list[Prediction], words: set[str], tallies: dict[float, Tally]) -> None:
    """Match one article's predictions to its gold attributions and add to the tallies."""
    golds = sorted((a for a in article["attributions"] if a["content"]), key=lambda a: min(s for s, _ in a["content"]))
    pred_chars = [_chars(p.spans) for p in preds]
    for threshold, tally in tallies.items():
        used: set[int] = set()
        tally.predicted += len(preds)
        for g in golds:
            content = _chars(g["content"])
            if not content:
                continue
            groups = ["all", "all/" + ("marks" if QUOTE_MARKS.search(g["content_text"] or "") else "no-marks")]
            if is_speech(g, words):
                groups += ["speech", "speech/" + groups[1].split("/")[1]]
            for key in groups:
                tally.add(tally.gold, key)
            for i, chars in enumerate(pred_chars):
                if i in used or len(content & chars) <= threshold * len(content):
                    continue
                used.add(i)
                tally.matched_pred += 1
                for key in groups:
                    tally.add(tally.hit, key)
                if g["source"]:
                    for key in groups[::2]:
                        tally.add(tally.speaker_gold, key)
                        if preds[i].speaker is not None and _overlaps(preds[i].speaker, g["source"]):
                            tally.add(tally.speaker_hit, key)
                break


def figures_of(tallies: dict[float, Tally]) -> dict:
    """Precision, recall and F1 per threshold and subset."""
    out: dict = {}
    for threshold, t in tallies.items():
        p = t.matched_pred / t.predicted if t.predicted else 0.0
        row: dict = {"predicted": t.predicted, "precision": round(p, 3)}
        for key in sorted(t.gold):
            r = t.hit.get(key, 0) / t.gold[key]
            row[f"{key} recall"] = round(r, 3)
            if "/" not in key:
                row[f"{key} F1"] = round(2 * p * r / (p + r), 3) if p + r else 0.0
                row[f"{key} gold"] = t.gold[key]
        for key in sorted(t.speaker_gold):
            row[f"{key} speaker overlap"] = round(t.speaker_hit.get(key, 0) / t.speaker_gold[key], 3)
        out[f"{round(threshold * 100)}%"] = row
    return out


def predictions_of(doc) -> list[Prediction]:
    """crisisdesk's quotes of a Doc grouped into statements."""
    grouped: dict[int, Prediction] = {}
    for q in doc._.quotes:
        pred = grouped.setdefault(q.statement, Prediction([]))
        pred.spans.append((q.start, q.end))
        if pred.speaker is None and q.speaker_start is not None and q.speaker_end is not None:
            pred.speaker = (q.speaker_start, q.speaker_end)
    return list(grouped.values())


def run(split: str, limit: int | None = None) -> dict:
    """Parse a split, run the actor and quote stages, score and time them."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.settings import get_settings

    settings = get_settings()
    nlp = load_pipeline(settings.spacy_model, None, settings.date_order)
    articles = load_polnear(split)[:limit]
    ours = ("crisisdesk_actors", "crisisdesk_timex", "crisisdesk_quotes", "crisisdesk_events")
    start = time.perf_counter()
    with nlp.select_pipes(disable=list(ours)):
        docs = list(nlp.pipe((a["text"] for a in articles), batch_size=settings.batch_size))
    parse_s = time.perf_counter() - start
    linker, finder = nlp.get_pipe("crisisdesk_actors"), nlp.get_pipe("crisisdesk_quotes")
    actors_s = quotes_s = 0.0
    words = speech_words()
    tallies = {t: Tally() for t in THRESHOLDS}
    for article, doc in zip(articles, docs, strict=True):
        doc._.published = article.get("date")
        t0 = time.perf_counter()
        linker(doc)
        t1 = time.perf_counter()
        finder(doc)
        t2 = time.perf_counter()
        actors_s += t1 - t0
        quotes_s += t2 - t1
        score_article(article, predictions_of(doc), words, tallies)
    figures = {
        "split": split,
        "articles": len(articles),
        "scores": figures_of(tallies),
        "parse_s": round(parse_s, 1),
        "actor_stage_s": round(actors_s, 2),
        "quote_stage_s": round(quotes_s, 2),
        "quote_stage_over_parse": round(quotes_s / parse_s, 4),
    }
    return figures


def main(argv: list[str] | None = None) -> dict:
    """Print and save the figures of one split (test by default)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quotes")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args(argv if argv is not None else [])
    figures = run(args.split, args.limit)
    name = "quotes" if args.split == "test" and args.limit is None else f"quotes-{args.split}"
    save(name, figures)
    return figures


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
