"""Small hand-made stores for the analysis tests: articles and event records written by hand."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import yaml

from crisisdesk.ingest.article import article_id
from crisisdesk.records import Article, Event, Record, validate_record
from crisisdesk.store.store import Store

from .conftest import EXAMPLES, ROOT

_words = itertools.count()

COUNTRY_NAMES = {"RUS": "Russia", "UKR": "Ukraine", "XVR": "Varenia", "XOS": "Ostmark", "USA": "United States", "BLR": "Belarus"}


def filler(n: int = 40) -> str:
    """Distinct filler text, so articles are never near-duplicates of each other by accident."""
    base = next(_words)
    return " ".join(f"w{base}x{i}" for i in range(n))


def make_article(text: str, published: str, site: str = "Wire", title: str | None = None) -> Article:
    """An article record with a content id."""
    title = title or text[:30]
    return Article(id=article_id(site, title, text), source=f"{site}.txt", url=f"https://{site.lower()}.example/{published}",
                   site=site, title=title, published=published, text=text)


def ref(party: str | None, sector: str | None = None) -> dict[str, Any] | None:
    """An actor reference for a country party."""
    if party is None:
        return None
    if party.startswith("IGO"):  # international bodies carry no country, only their CAMEO code
        return {"name": party, "actor_id": party.lower(), "kind": "organization", "country": None, "sector": None, "code": party}
    return {"name": COUNTRY_NAMES.get(party, party), "actor_id": party.lower(), "kind": "country", "country": party,
            "sector": sector, "code": party + (sector or "")}


def make_event(article: Article, phrase: str, source: str | None, target: str | None, cameo: str, date: str | None,
               *, goldstein: float = -10.0, quad: int = 4, modality: str = "asserted", n: int = 0, confidence: float = 0.9) -> Event:
    """An event record whose evidence is the sentence holding `phrase` in the article."""
    start = article.text.index(phrase)
    lo = article.text.rfind(". ", 0, start)
    lo = 0 if lo < 0 else lo + 2
    hi = article.text.find(". ", start)
    hi = len(article.text) if hi < 0 else hi + 1
    return Event(
        id=f"{article.id}-e{n}", article_id=article.id, source=ref(source), target=ref(target), cameo=cameo, cameo_root=cameo[:2],
        plover=None, goldstein=goldstein, quad_class=quad, date=date, modality=modality, start=start, end=start + len(phrase),
        sentence=article.text[lo:hi], confidence=confidence, coder="test",
    )


def store_with(path: Path, items: list[tuple[Article, list[Record]]]) -> Store:
    """A new store holding these articles and records (in this order)."""
    store = Store.open(path)
    for article, records in items:
        store.add(article, records)
    return store


def records_store(path: Path, records: list[dict]) -> Store:
    """A store built from `extract` output (JSON records, article first), without running the model again."""
    store = Store.open(path)
    article: Article | None = None
    batch: list[Record] = []
    for data in records:
        rec = validate_record(data)
        if isinstance(rec, Article):
            if article is not None:
                store.add(article, batch)
            article, batch = rec, []
        else:
            batch.append(rec)
    if article is not None:
        store.add(article, batch)
    return store


def golden_events() -> list[dict]:
    """The hand-written golden events of the examples, with the file (and title) they belong to."""
    data = yaml.safe_load((ROOT / "tests" / "golden" / "examples.yaml").read_text("utf-8"))
    out = []
    for entry in data:
        for ev in entry.get("events", []):
            out.append({**ev, "file": entry["file"], "title": entry["title"]})
    return out


__all__ = ["EXAMPLES", "golden_events", "make_article", "make_event", "records_store", "ref", "store_with"]
