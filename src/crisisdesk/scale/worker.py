"""The per-shard function: plain Python that any engine can call (Dask here; Spark, Ray or a loop elsewhere).

`process_shard(shard, dataset, options)` reads a shard, annotates it with the same functions as a
single-process run (`runner.clean_documents`, `nlp.pipeline.annotate`, `Store.add` into an in-memory
store), and writes one Parquet file per record type and publication date into the dataset, then the
shard's commit marker. The spaCy pipeline is cached per process (`load_pipeline`), so a worker loads
it once, on its first shard. Calling it again for a committed shard does nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ..ingest.sources import Failure
from ..nlp.pipeline import annotate, load_pipeline
from ..records import RECORD_TYPES, Article
from ..settings import Settings, get_settings
from ..store.dataset import PARTITION, SHARDS, STAGING, TABLE_DIRS, atomic_write_text
from ..store.schema import migrate
from ..store.store import Store
from .shards import Shard, shard_articles


@dataclass(frozen=True)
class ShardOptions:
    """What every shard of a run shares: record types, the fallback publication date, the settings."""

    record_types: tuple[str, ...] = RECORD_TYPES
    published: str | None = None
    settings: Settings = field(default_factory=get_settings)


@dataclass
class ShardResult:
    """What one shard gave: counts, the documents that failed, the files written."""

    shard: str
    order: int
    articles: int = 0
    records: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: bool = False  # committed by an earlier run

    def to_json(self) -> dict[str, Any]:
        """The result as JSON (the commit marker's body)."""
        return {k: v for k, v in self.__dict__.items() if k != "skipped"}


def warm_up(settings: Settings | None = None) -> str:
    """Load the spaCy pipeline in this process now (Dask runs it on every worker before the shards)."""
    settings = settings or get_settings()
    load_pipeline(settings.spacy_model, str(settings.actors_file) if settings.actors_file else None, settings.date_order)
    return settings.spacy_model


def annotate_shard(shard: Shard, options: ShardOptions) -> tuple[Store, list[Failure]]:
    """Annotate a shard into an in-memory store (the same `Store.add` as a file store); return it and the failures."""
    con = duckdb.connect()
    # One thread: the worker's core belongs to spaCy; DuckDB only holds and writes the shard.
    con.execute("SET threads = 1")
    migrate(con)
    store = Store(con, ":memory:")
    failures: list[Failure] = []

    def fresh() -> Iterator[Article]:
        seen: set[str] = set()
        for item in shard_articles(shard, options.published):
            if isinstance(item, Failure):
                failures.append(item)
            elif item.id not in seen:  # the same content twice in a shard is one article, as in one process
                seen.add(item.id)
                yield item

    for article, records in annotate(fresh(), options.record_types, options.settings):
        try:
            store.add(article, records)
        except duckdb.Error as exc:  # a record the store refuses loses its article, not the other 99 of the shard
            failures.append(Failure(article.source, f"cannot store the article's records ({exc})"))
    return store, failures


def shard_records(shard: Shard, options: ShardOptions) -> tuple[list[dict[str, Any]], list[Failure]]:
    """A shard's records as JSON-ready dicts, without writing anything (for engines with their own sinks).

    `duplicate_of` here only knows the shard; the duplicate pass over all signatures
    (`store.duplicates.resolve_duplicates`) gives the final value.
    """
    store, failures = annotate_shard(shard, options)
    with store:
        return list(store.iter_records(options.record_types)), failures


def _copy_sql(table: str, shard: Shard) -> str:
    if table == "articles":
        # duplicate_of is left empty: only the pass over every shard's signatures can set it.
        return f"SELECT * REPLACE (CAST(NULL AS VARCHAR) AS duplicate_of), '{shard.id}' AS shard, {shard.order} AS shard_order FROM articles"
    return f"SELECT r.*, a.published AS {PARTITION}, '{shard.id}' AS shard FROM {table} r JOIN articles a ON a.id = r.article_id"


def shard_files(dataset: Path, shard_id: str) -> list[Path]:
    """Every data file of a shard in the dataset, committed or left by a run that was stopped."""
    return [f for dirname in TABLE_DIRS.values() for f in dataset.glob(f"{dirname}/{PARTITION}=*/{shard_id}_*.parquet")]


def process_shard(shard: Shard, dataset: str | Path, options: ShardOptions) -> ShardResult:
    """Annotate a shard and commit it to the dataset: files first, then the marker, so a kill leaves no half shard."""
    root = Path(dataset)
    marker = root / SHARDS / f"{shard.id}.json"
    if marker.is_file():
        done = json.loads(marker.read_text("utf-8"))
        return ShardResult(**{k: v for k, v in done.items() if k in ShardResult.__dataclass_fields__}, skipped=True)
    start = time.perf_counter()
    for stray in shard_files(root, shard.id):  # from a run stopped between moving files and committing
        stray.unlink(missing_ok=True)
    store, failures = annotate_shard(shard, options)
    stage = root / STAGING / f"{shard.id}-{uuid.uuid4().hex[:8]}"
    try:
        stage.mkdir(parents=True)
        with store:
            for table, dirname in TABLE_DIRS.items():
                target = str(stage / dirname).replace("'", "''")
                store.con.execute(
                    f"COPY ({_copy_sql(table, shard)}) TO '{target}' "
                    f"(FORMAT parquet, PARTITION_BY ({PARTITION}), FILENAME_PATTERN '{shard.id}_{{i}}')"
                )
            counts = store.counts()
        files = sorted(str(p.relative_to(stage)) for p in stage.rglob("*.parquet"))
        for rel in files:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, root / rel)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    result = ShardResult(
        shard=shard.id,
        order=shard.order,
        articles=counts["articles"],
        records={kind: counts[table] for table, kind in TABLE_DIRS.items() if table != "minhashes"},
        failures=[(f.source, f.reason) for f in failures],
        files=[Path(rel).as_posix() for rel in files],
        seconds=round(time.perf_counter() - start, 3),
    )
    marker.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(marker, json.dumps({**result.to_json(), "input": shard.to_json()}, ensure_ascii=False))
    return result
