"""Near-duplicate detection: natural wire copies, a synthetic republication set, and speed.

python -m benchmarks dedupe

1. L3S-GN1's 10 natural wire-copy pairs (../shared/data/dedup), on the text crisisdesk extracts from the
   pages (not the gold text): each pair must end in one cluster; other links between the 621 pages are
   counted too.
2. A synthetic set built here from the ScrapingHub gold bodies: every body gets one republished copy
   (another site's boilerplate around it, another title line, one paragraph dropped or one added) and
   the 362 texts are clustered; a predicted pair is two texts in one cluster, a gold pair a body and its
   copy. Precision and recall over pairs.
3. Speed of `assign_duplicates` alone on crisis2022 texts, beside datasketch used plainly (SHA-1 per
   shingle through `MinHash.update_batch`, `MinHashLSH` at 0.5) in the same run; and recall of the
   122 silver pairs of crisis2022/near_duplicates.tsv (machine-found, not hand-checked).
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
import os
import random
import time

from .common import SHARED_DATA, crisis_articles, require, save

# Invented boilerplate of the kind sites wrap a wire story in (written for this benchmark).
HEADERS = [
    ["Skip to main content", "World | Politics | Business | Opinion"],
    ["Advertisement", "Subscribe for unlimited access"],
    ["Home > News > World"],
    ["BREAKING NEWS ALERTS: sign up for our morning briefing"],
]
FOOTERS = [
    ["Share this article", "Related stories", "Copyright 2022 The Daily Courier. All rights reserved."],
    ["Follow us on social media.", "Comments are closed."],
    ["Read more:", "Ten things to know this week", "Sign up for our newsletter"],
    ["This material may not be published, broadcast, rewritten or redistributed."],
]
EXTRA_PARAGRAPHS = [
    "This story has been updated with additional reporting from our correspondents.",
    "Editor's note: an earlier version of this article misstated the date of the meeting.",
    "Reporting by staff writers; editing by the news desk. Contact the newsroom with tips.",
]


def republish(body: str, rng: random.Random) -> str:
    """Another site's copy of a story: other boilerplate, another title line, a paragraph fewer or more."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) >= 3 and rng.random() < 0.5:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    else:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), rng.choice(EXTRA_PARAGRAPHS))
    title = "Latest: " + " ".join(paragraphs[0].split()[:8])
    return "\n\n".join([*rng.choice(HEADERS), title, *paragraphs, *rng.choice(FOOTERS)])


def _clusters(articles: list) -> dict[str, str]:
    """Article id -> its cluster's representative."""
    from crisisdesk.ingest.dedupe import assign_duplicates

    assign_duplicates(articles)
    return {a.id: a.duplicate_of or a.id for a in articles}


def _article(aid: str, text: str, published: str | None = None):
    from crisisdesk.records import Article

    return Article(id=aid, source=aid, text=text, published=published)


def synthetic() -> dict:
    truth = json.loads(require(SHARED_DATA / "extract" / "scrapinghub" / "ground-truth.json").read_text("utf-8"))
    rng = random.Random(20240305)
    articles = []
    for key, item in sorted(truth.items()):
        articles.append(_article(f"{key}:orig", item["articleBody"]))
        articles.append(_article(f"{key}:copy", republish(item["articleBody"], rng)))
    rep = _clusters(articles)
    members: dict[str, list[str]] = {}
    for aid, r in rep.items():
        members.setdefault(r, []).append(aid)
    predicted = {tuple(sorted(p)) for group in members.values() for p in itertools.combinations(group, 2)}
    gold = {(f"{k}:copy", f"{k}:orig") for k in truth}
    hits = len(predicted & gold)
    return {
        "stories": len(truth),
        "texts": len(articles),
        "predicted_pairs": len(predicted),
        "precision": round(hits / len(predicted), 4) if predicted else 0.0,
        "recall": round(hits / len(gold), 4),
    }


def natural_pairs() -> dict:
    from crisisdesk.errors import InputError
    from crisisdesk.ingest.html import extract_html

    spec = json.loads(require(SHARED_DATA / "dedup" / "l3s_gn1_natural_near_dups.json").read_text("utf-8"))
    folder = require(SHARED_DATA / "extract" / "l3s-gn1" / "input")
    articles = []
    for path in sorted(folder.glob("*.html")):
        try:
            page = extract_html(path.read_bytes().decode("utf-8", errors="replace"), source=str(path))
        except InputError:
            continue
        articles.append(_article(path.stem, page.clean.body))
    rep = _clusters(articles)
    linked = [p for p in spec["pairs"] if p["a"] in rep and rep.get(p["a"]) == rep.get(p["b"])]
    groups: dict[str, int] = {}
    for r in rep.values():
        groups[r] = groups.get(r, 0) + 1
    pairs_linked = sum(n * (n - 1) // 2 for n in groups.values())
    return {
        "pages": len(articles),
        "natural_pairs": len(spec["pairs"]),
        "natural_pairs_linked": len(linked),
        "all_linked_pairs": pairs_linked,
    }


def _silver_recall(articles: list, rep: dict[str, str]) -> dict:
    path = SHARED_DATA / "crisis2022" / "near_duplicates.tsv"
    if not path.exists():
        return {}
    by_url = {a.source: a.id for a in articles}
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    present = [(by_url.get(r["url_a"]), by_url.get(r["url_b"])) for r in rows]
    present = [(a, b) for a, b in present if a and b]
    hit = sum(1 for a, b in present if rep[a] == rep[b])
    return {"silver_pairs": len(present), "silver_pairs_linked": hit, "silver_recall": round(hit / len(present), 4) if present else None}


def speed() -> dict:
    from datasketch import MinHash, MinHashLSH

    from crisisdesk.ingest.dedupe import shingles

    limit = int(os.environ.get("CRISISDESK_DEDUPE_LIMIT", "0")) or None
    rows = list(crisis_articles(limit=limit))
    articles = [_article(f"c{n}", r["text"], r["published"]) for n, r in enumerate(rows)]
    for a, r in zip(articles, rows, strict=True):
        a.source = r["url"]
    start = time.process_time()
    rep = _clusters(articles)
    ours = time.process_time() - start
    start = time.process_time()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for a in articles:
        mh = MinHash(num_perm=128)
        mh.update_batch(list(shingles(a.text)))
        lsh.query(mh)
        lsh.insert(a.id, mh)
    plain = time.process_time() - start
    return {
        "articles": len(articles),
        "articles_per_cpu_second": round(len(articles) / ours),
        "datasketch_plain_articles_per_cpu_second": round(len(articles) / plain),
        "speedup_over_plain": round(plain / ours, 2),
        "articles_with_duplicate_of": sum(1 for a in articles if a.duplicate_of),
        **_silver_recall(articles, rep),
    }


def main() -> None:
    logging.disable(logging.WARNING)
    figures = {"synthetic_scrapinghub": synthetic()}
    print("synthetic:", figures["synthetic_scrapinghub"], flush=True)
    figures["crisis2022_speed"] = speed()
    print("speed:", figures["crisis2022_speed"], flush=True)
    figures["l3s_gn1_natural"] = natural_pairs()
    save("dedupe", figures)


if __name__ == "__main__":
    main()
