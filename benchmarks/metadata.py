"""Page metadata on the WCXB test articles: title, author and publication day, beside trafilatura and htmldate.

python -m benchmarks metadata
CRISISDESK_BENCH_DEV=1 python -m benchmarks metadata     # the tuning set (wcxb-dev-articles) instead

Strings are compared lower-cased with white space collapsed (exact match); author over the articles
with a gold author, day over those with a gold date, as in ../shared/data/README.md.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re

from .common import SHARED_DATA, require, save

EXTRACT = SHARED_DATA / "extract"


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip().lower()


def load_pages(dev: bool) -> list[tuple[str, str, dict]]:
    base = require(EXTRACT / ("wcxb-dev-articles" if dev else "wcxb-test"))
    kinds = json.loads((EXTRACT / "wcxb-test" / "metadata.json").read_text("utf-8"))["files"]
    pages = []
    for path in sorted((base / "ground-truth").glob("*.json")):
        if kinds.get(path.stem, {}).get("page_type") != "article":
            continue
        item = json.loads(path.read_text("utf-8"))
        html = gzip.decompress((base / "html" / f"{path.stem}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        pages.append((path.stem, html, {**item["ground_truth"], "url": item.get("url")}))
    return pages


def _ours(html: str, url: str | None) -> dict:
    from crisisdesk.errors import InputError
    from crisisdesk.ingest.html import extract_html

    try:
        page = extract_html(html, source="benchmark", url=url)
    except InputError:
        return {}
    return {"title": page.title, "author": page.author, "date": page.published}


def _trafilatura(html: str, url: str | None) -> dict:
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True, date_extraction_params={"extensive_search": True, "original_date": True, "min_date": "1995-01-01"})
    return {"title": doc.title, "author": doc.author, "date": doc.date} if doc else {}


def _htmldate(html: str, url: str | None) -> dict:
    from htmldate import find_date

    return {"date": find_date(html, url=url, extensive_search=True, original_date=True, min_date="1995-01-01")}


def main() -> None:
    logging.disable(logging.WARNING)
    dev = bool(os.environ.get("CRISISDESK_BENCH_DEV"))
    pages = load_pages(dev)
    figures: dict = {"set": "wcxb-dev-articles" if dev else "wcxb-test articles", "pages": len(pages)}
    for name, fn in (("crisisdesk", _ours), ("trafilatura", _trafilatura), ("htmldate", _htmldate)):
        found = [fn(html, gold.get("url")) for _k, html, gold in pages]
        row: dict = {}
        for field, gold_key in (("title", "title"), ("author", "author"), ("date", "publish_date")):
            pairs = [(gold.get(gold_key), got.get(field)) for (_k, _h, gold), got in zip(pages, found, strict=True) if gold.get(gold_key)]
            if not pairs or all(field not in got for got in found):
                continue
            if field == "date":
                hits = sum(1 for g, p in pairs if p and str(p)[:10] == str(g)[:10])
                row["day"] = round(hits / len(pairs), 4)
                row["day_items"] = len(pairs)
            else:
                row[field] = round(sum(1 for g, p in pairs if _norm(p) == _norm(g)) / len(pairs), 4)
                row[f"{field}_items"] = len(pairs)
        figures[name] = row
        print(name, row, flush=True)
    save("metadata_dev" if dev else "metadata", figures)


if __name__ == "__main__":
    main()
