"""Body text extraction side by side with the field's tools, and ingestion speed.

python -m benchmarks extraction            # ScrapingHub, L3S-GN1, WCXB test articles; ingestion speed
CRISISDESK_BENCH_DEV=1 python -m benchmarks extraction   # also wcxb-dev-articles (the tuning set)

Scoring is the ScrapingHub article-extraction-benchmark's own method, written anew here: word tokens
(\\w+), 4-gram shingles counted with multiplicity, per page true/false positives and negatives
normalised by their sum, precision and recall averaged over pages, F1 of the two averages.

crisisdesk's text is the page's main text as the article keeps it, with the dateline put back in front
(the article stores it parsed into `dateline`); the gold of L3S-GN1 and ScrapingHub keeps datelines.
The tuning that chose the consensus rules in ingest/bodytext.py used wcxb-dev-articles only.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable

from .common import SHARED_DATA, require, save

EXTRACT = SHARED_DATA / "extract"
_TOKEN = re.compile(r"\w+")


# -- the benchmark's metric -----------------------------------------------------------------------
def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """Normalised true positives, false positives and false negatives of one page's shingles."""
    g, p = _shingles(gold), _shingles(pred)
    tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and their F1 (pages without shingles on a side skip it)."""
    precisions, recalls = [], []
    for gold, pred in pairs:
        tp, fp, fn = page_counts(gold, pred)
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    return {"f1": round(2 * p * r / (p + r), 4), "precision": round(p, 4), "recall": round(r, 4)}


# -- the data sets --------------------------------------------------------------------------------
def load_set(name: str) -> list[tuple[str, str, str]]:
    """(page id, html, gold body) of a set."""
    pages = []
    if name == "scrapinghub":
        base = require(EXTRACT / "scrapinghub")
        truth = json.loads((base / "ground-truth.json").read_text("utf-8"))
        for key, item in sorted(truth.items()):
            html = gzip.decompress((base / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
            pages.append((key, html, item["articleBody"]))
    elif name == "l3s-gn1":
        base = require(EXTRACT / "l3s-gn1")
        for path in sorted((base / "input").glob("*.html")):
            gold = (base / "gold-text" / f"{path.stem}.txt").read_text("utf-8")
            pages.append((path.stem, path.read_bytes().decode("utf-8", errors="replace"), gold))
    else:
        base = require(EXTRACT / ("wcxb-test" if name == "wcxb-test" else "wcxb-dev-articles"))
        kinds = json.loads((EXTRACT / "wcxb-test" / "metadata.json").read_text("utf-8"))["files"]
        for path in sorted((base / "ground-truth").glob("*.json")):
            gold = json.loads(path.read_text("utf-8"))["ground_truth"]
            # Articles only; a few dev items carry no main_content at all.
            if kinds.get(path.stem, {}).get("page_type") != "article" or "main_content" not in gold:
                continue
            html = gzip.decompress((base / "html" / f"{path.stem}.html.gz").read_bytes()).decode("utf-8", errors="replace")
            pages.append((path.stem, html, gold["main_content"]))
    return pages


# -- the tools ------------------------------------------------------------------------------------
def _trafilatura(**options) -> Callable[[str], str]:
    import trafilatura

    return lambda html: trafilatura.extract(html, include_comments=False, **options) or ""


def _readability(html: str) -> str:
    """readability-lxml as the ScrapingHub benchmark runs it: summary, then html-text."""
    import html_text
    from readability import Document

    try:
        return html_text.extract_text(Document(html).summary(html_partial=True))
    except Exception:
        return ""


METHODS: Counter = Counter()
WORK: Counter = Counter()  # extractor runs per page: how many pages took trafilatura's full mode, readability


def _crisisdesk(html: str) -> str:
    from crisisdesk.errors import InputError
    from crisisdesk.ingest.html import extract_html

    try:
        page = extract_html(html, source="benchmark")
    except InputError:
        return ""
    METHODS[page.extractor] += 1
    WORK[page.extraction_work] += 1
    return page.clean.dateline_text + page.clean.body


TOOLS: dict[str, Callable[[], Callable[[str], str]]] = {
    "trafilatura": lambda: _trafilatura(),
    "trafilatura_precision": lambda: _trafilatura(favor_precision=True),
    "readability_lxml": lambda: _readability,
    "crisisdesk": lambda: _crisisdesk,
}


SPEED_RUNS = 5
SPEED_BATCH = 46  # pages: four batches of the 181
WARM_UP_PAGES = 60


def _speed_run(cold: bool) -> dict[str, float]:
    """One pass of `extract --records article` over the ScrapingHub pages in this (fresh) process.

    Warm (the figure): libraries are initialised first on other pages (wcxb-dev, else L3S-GN1), as a
    long ingest is after its first pages: trafilatura's and htmldate's patterns compiled, dateparser's
    locales read (0.6 CPU seconds on first use), py3langid's model loaded. Cold: none of that."""
    from crisisdesk.ingest.article import identify_language
    from crisisdesk.runner import extract_records

    logging.disable(logging.WARNING)
    folder = require(EXTRACT / "scrapinghub" / "html")
    if not cold:
        from htmldate.extractors import external_date_parser

        from crisisdesk.errors import InputError
        from crisisdesk.ingest.html import extract_html

        warm = EXTRACT / "wcxb-dev-articles" / "html"
        others = sorted(warm.glob("*.html.gz")) if warm.is_dir() else sorted((EXTRACT / "l3s-gn1" / "input").glob("*.html"))
        for path in others[:WARM_UP_PAGES]:
            raw = path.read_bytes()
            try:
                extract_html((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", errors="replace"), source=str(path))
            except InputError:
                pass
        external_date_parser("3 March 2021", "%Y-%m-%d")
        identify_language("The council voted on Tuesday to reopen the bridge to traffic next month.")
    # A few dozen pages at a time, each batch followed by trafilatura alone on the same pages: this
    # machine's CPU speed drifts by a third within minutes (a shared virtual machine), and the drift
    # then touches both. Page by page would charge every page a batch's fixed costs (dedupe's LSH
    # pass among them): 8-15% slower than the whole folder in one call.
    alone = _trafilatura()
    paths = sorted(folder.glob("*.html.gz"))
    n, cpu, reference = 0, 0.0, 0.0
    for i in range(0, len(paths), SPEED_BATCH):
        batch = paths[i : i + SPEED_BATCH]
        start = time.process_time()
        n += sum(1 for rec in extract_records(batch, record_types=("article",)) if rec["type"] == "article")
        cpu += time.process_time() - start
        pages = [gzip.decompress(path.read_bytes()).decode("utf-8") for path in batch]
        start = time.process_time()
        for html in pages:
            alone(html)
        reference += time.process_time() - start
    return {
        "pages": n,
        "pages_per_cpu_second": round(n / cpu, 1),
        "trafilatura_alone_pages_per_cpu_second": round(n / reference, 1),
        "share_of_trafilatura_alone": round(reference / cpu, 3),
    }


def ingestion_speed() -> dict:
    """`extract --records article` (read, decode, extract, metadata, language, dedupe) over the ScrapingHub pages.

    Each pass runs in a fresh process, as `crisisdesk extract` does: nothing of the side-by-side runs
    (their pages, their heap) weighs on it."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    load_before = os.getloadavg()[0]
    runs = []
    for cold in [True] + [False] * SPEED_RUNS:
        with ctx.Pool(1) as pool:
            runs.append(pool.apply(_speed_run, (cold,)))
    warm = runs[1:]
    return {
        "pages": warm[0]["pages"],
        "pages_per_cpu_second": statistics.median(r["pages_per_cpu_second"] for r in warm),
        "warm_runs": [r["pages_per_cpu_second"] for r in warm],
        "cold_pages_per_cpu_second": runs[0]["pages_per_cpu_second"],
        # The share of trafilatura's own speed, measured batch by batch alongside, is the steadier figure.
        "trafilatura_alone_runs": [r["trafilatura_alone_pages_per_cpu_second"] for r in warm],
        "share_of_trafilatura_alone": statistics.median(r["share_of_trafilatura_alone"] for r in warm),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    logging.disable(logging.WARNING)  # the extractors log every thin page
    names = ["scrapinghub", "l3s-gn1", "wcxb-test"] + (["wcxb-dev"] if os.environ.get("CRISISDESK_BENCH_DEV") else [])
    figures: dict = {}
    for name in names:
        pages = load_set(name)
        figures[name] = {"pages": len(pages)}
        for tool, make in TOOLS.items():
            fn = make()
            METHODS.clear()
            WORK.clear()
            start = time.process_time()
            outputs = [fn(html) for _key, html, _gold in pages]
            cpu = time.process_time() - start
            figures[name][tool] = {**score([(gold, out) for (_k, _h, gold), out in zip(pages, outputs, strict=True)]), "pages_per_cpu_second": round(len(pages) / cpu, 1)}
            if tool == "crisisdesk":
                figures[name][tool]["methods"] = dict(METHODS)
                figures[name][tool]["work"] = dict(WORK)
        best = max((t for t in TOOLS if t != "crisisdesk"), key=lambda t: figures[name][t]["f1"])
        figures[name]["best_tool"] = best
        figures[name]["crisisdesk_minus_best"] = round(figures[name]["crisisdesk"]["f1"] - figures[name][best]["f1"], 4)
        print(f"{name}: " + ", ".join(f"{t} {figures[name][t]['f1']:.3f}" for t in TOOLS), flush=True)
    figures["ingestion_records_article"] = ingestion_speed()
    save("extraction", figures)


if __name__ == "__main__":
    main()
