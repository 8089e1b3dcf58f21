"""Throughput and peak memory of `extract` against bare spaCy `nlp.pipe` on the same texts.

Run: python -m benchmarks.throughput [N]   (N articles of crisis2022, default 300)
Each side runs in its own process so that peak memory is its own; model loading is not timed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import crisis_articles, peak_rss_mb, save


def _run_extract(corpus: Path) -> dict:
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.runner import extract_records
    from crisisdesk.settings import get_settings

    settings = get_settings()
    load_pipeline(settings.spacy_model, None, settings.date_order)
    start = time.perf_counter()
    n = sum(1 for r in extract_records([corpus], settings=settings) if r["type"] == "article")
    return {"articles": n, "seconds": time.perf_counter() - start, "peak_mb": peak_rss_mb()}


def _run_spacy(corpus: Path) -> dict:
    import spacy

    from crisisdesk.settings import get_settings

    settings = get_settings()
    nlp = spacy.load(settings.spacy_model)
    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()]
    start = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size))
    return {"articles": n, "seconds": time.perf_counter() - start, "peak_mb": peak_rss_mb()}


def main(n: int = 300) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for a in crisis_articles(limit=n):
                fh.write(json.dumps({k: a[k] for k in ("url", "site", "title", "published", "text")}) + "\n")
        sides = {}
        for side in ("extract", "spacy"):
            out = subprocess.run([sys.executable, "-m", "benchmarks.throughput", "--side", side, str(corpus)], capture_output=True, text=True, check=True)
            sides[side] = json.loads(out.stdout.strip().splitlines()[-1])
    ext, bare = sides["extract"], sides["spacy"]
    figures = {
        "articles": ext["articles"],
        "extract_articles_per_s": round(ext["articles"] / ext["seconds"], 2),
        "extract_peak_mb": round(ext["peak_mb"]),
        "spacy_pipe_articles_per_s": round(bare["articles"] / bare["seconds"], 2),
        "spacy_pipe_peak_mb": round(bare["peak_mb"]),
        "extract_time_over_spacy_time": round(ext["seconds"] / bare["seconds"], 3),
    }
    save("throughput", figures)
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--side":
        result = (_run_extract if sys.argv[2] == "extract" else _run_spacy)(Path(sys.argv[3]))
        print(json.dumps(result))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
