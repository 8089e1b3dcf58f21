"""The flow as plain functions: read and clean, deduplicate, annotate, store. CLI and API call these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .ingest.article import make_article
from .ingest.dedupe import assign_duplicates
from .ingest.sources import Failure, RawDocument, ReadOptions, iter_documents
from .nlp.pipeline import annotate
from .records import RECORD_TYPES, Article
from .settings import Settings, get_settings
from .store.store import Store


def read_articles(
    paths: Iterable[str | Path | RawDocument | Failure], *, published: str | None = None, options: ReadOptions | None = None
) -> Iterator[Article | Failure]:
    """Read and clean every document of the sources (paths, URLs, documents read already); a Failure
    stands for each one that cannot be."""
    return clean_documents(iter_documents(paths, options), published=published)


def clean_documents(docs: Iterable[RawDocument | Failure], *, published: str | None = None) -> Iterator[Article | Failure]:
    """Clean raw documents into Articles (the scale runner feeds it a JSONL chunk); Failures pass through."""
    for doc in docs:
        if isinstance(doc, Failure):
            yield doc
            continue
        try:
            yield make_article(doc, published=published)
        except InputError as exc:
            yield Failure(doc.source, exc.message)
        except Exception as exc:  # a reader bug must not stop a batch: report it with the source
            yield Failure(doc.source, f"unexpected error while cleaning: {type(exc).__name__}: {exc}")


def extract_records(
    paths: Iterable[str | Path],
    *,
    record_types: Iterable[str] = RECORD_TYPES,
    published: str | None = None,
    settings: Settings | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    options: ReadOptions | None = None,
) -> Iterator[dict[str, Any]]:
    """Analyse files without a store and yield their records as JSON-ready dicts, article first."""
    types = tuple(record_types)
    articles: list[Article] = []
    seen: set[str] = set()
    for item in read_articles(paths, published=published, options=options):
        if isinstance(item, Failure):
            if on_failure:
                on_failure(item)
        elif item.id not in seen:  # the same content twice is one article
            seen.add(item.id)
            articles.append(item)
    assign_duplicates(articles)
    for article, records in annotate(articles, types, settings):
        if "article" in types:
            yield article.to_json()
        for rec in records:
            yield rec.to_json()


@dataclass
class IngestReport:
    """What an ingest did."""

    added: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    analysis: Any = None  # analysis.refresh.AnalysisReport of the pass run after the ingest


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    published: str | None = None,
    record_types: Iterable[str] = RECORD_TYPES,
    settings: Settings | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_article: Callable[[Article, bool], None] | None = None,
    analyse: bool = True,
    alerts: Any = None,
    options: ReadOptions | None = None,
) -> IngestReport:
    """Analyse documents and store them, one transaction per article; stored content is skipped.

    Then bring the analysis tables (events and mentions, index, claims) up to date and check the
    alert rules (an analysis.alerts.RuleSet), unless `analyse` is False.
    """
    settings = settings or get_settings()
    report = IngestReport()
    types = tuple(record_types)

    def fresh() -> Iterator[Article]:
        seen: set[str] = set()
        for item in read_articles(paths, published=published, options=options):
            if isinstance(item, Failure):
                report.failures.append(item)
                if on_failure:
                    on_failure(item)
            elif item.id in seen or store.has_article(item.id):
                report.unchanged += 1
                if on_article:
                    on_article(item, False)
            else:
                seen.add(item.id)
                yield item

    for article, records in annotate(fresh(), types, settings):
        added = store.add(article, records)
        report.added += int(added)
        report.unchanged += int(not added)
        if on_article:
            on_article(article, added)
    if analyse:
        from .analysis.refresh import analyse_pending

        report.analysis = analyse_pending(store.con, alerts)
    report.counts = store.counts()
    return report
