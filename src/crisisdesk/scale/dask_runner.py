"""Run the per-shard function on Dask and write a Parquet dataset; a rerun resumes where a run stopped.

The driver plans the shards, skips those already committed, sends the others to the workers of a
Dask cluster (a LocalCluster of processes here, or any scheduler address), and when all are in,
runs the duplicate pass over every shard's MinHash signatures (`store.duplicates`). Workers write
their shards themselves, so on a real cluster the dataset folder must be on storage they all see.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..ingest.dedupe import SCHEME
from ..ingest.sources import Failure
from ..store.dataset import (
    MANIFEST,
    STAGING,
    atomic_write_text,
    committed_shards,
    new_manifest,
    open_dataset,
    read_manifest,
    write_duplicates,
)
from .shards import DEFAULT_SHARD_SIZE, Shard, plan_shards
from .worker import ShardOptions, ShardResult, process_shard, warm_up

# How long to wait for the workers of a remote scheduler to join before starting anyway.
WORKER_WAIT_SECONDS = 300
# The local cluster's workers run one spaCy task each and nothing else: Dask's statistical profiler
# (a stack sample every 10 ms) and its twice-a-second host and disk monitor take the GIL from that
# task for figures nobody reads here. Off on the LocalCluster we start; a real cluster keeps its
# administrator's settings.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.gil.enabled": False,
}


@dataclass
class ScaleReport:
    """What a dataset run did."""

    shards: int = 0
    written: int = 0  # shards this run wrote
    skipped: int = 0  # shards an earlier run had committed
    articles: int = 0  # articles in the shards this run wrote
    failures: list[Failure] = field(default_factory=list)
    duplicates: int = 0  # articles of the dataset that are copies of another
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def manifest_options(options: ShardOptions) -> dict[str, Any]:
    """The options that decide a dataset's content: a dataset is only ever resumed with the same ones."""
    s = options.settings
    return {
        "record_types": list(options.record_types),
        "published": options.published,
        "spacy_model": s.spacy_model,
        "actors_file": str(Path(s.actors_file).resolve()) if s.actors_file else None,
        "date_order": s.date_order,
    }


def prepare_dataset(root: Path, options: ShardOptions) -> None:
    """Create the dataset folder with its manifest, or check that an existing dataset was written with these options."""
    wanted = manifest_options(options)
    if root.exists() and not root.is_dir():
        raise StoreError("a dataset is a folder, and this is a file", source=str(root), hint="give --db a folder for --engine dask")
    if (root / MANIFEST).is_file():
        manifest = read_manifest(root)
        had = manifest.get("options", {})
        if manifest.get("minhash_scheme") != SCHEME and committed_shards(root):
            # Signatures of two schemes cannot be compared: the final duplicate pass would miss copies.
            raise StoreError(
                f"the dataset's MinHash signatures were made under another scheme ({manifest.get('minhash_scheme') or 'an older one'})",
                source=str(root), hint="finish it with the crisisdesk version that started it, or write a new dataset",
            )
        if had != wanted:
            diff = ", ".join(f"{k}: {had.get(k)!r} then, {v!r} now" for k, v in wanted.items() if had.get(k) != v)
            raise StoreError(f"the dataset was written with other options ({diff})", source=str(root), hint="use another folder")
        return
    if root.is_dir() and any(root.iterdir()):
        raise StoreError("the folder is not empty and not a crisisdesk dataset", source=str(root), hint="give an empty or new folder")
    root.mkdir(parents=True, exist_ok=True)
    atomic_write_text(root / MANIFEST, json.dumps(new_manifest(wanted), indent=2))


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A Dask client: to the scheduler at an address, or to a LocalCluster of `workers` processes on 127.0.0.1."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            if workers:
                client.wait_for_workers(workers, timeout=WORKER_WAIT_SECONDS)
            yield client
        return
    # One thread per worker process: spaCy holds the GIL, so a second thread would only wait.
    with (
        dask.config.set(LOCAL_WORKER_CONFIG),
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_on_client(
    client: Any,
    shards: list[Shard],
    root: Path,
    options: ShardOptions,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> tuple[list[ShardResult], list[Failure]]:
    """Process the shards on the client's workers (the spaCy model loaded once on each first); return results and failed shards."""
    from dask.distributed import as_completed

    client.run(warm_up, options.settings)
    futures = client.map(
        process_shard, shards, dataset=str(root), options=options, key=[f"crisisdesk-shard-{s.id}" for s in shards], pure=False
    )
    by_key = {f.key: s for f, s in zip(futures, shards, strict=True)}
    results: list[ShardResult] = []
    failed: list[Failure] = []
    for future in as_completed(futures):
        try:
            result = future.result()
        except Exception as exc:  # one bad shard must not stop the others; it stays uncommitted and is retried next run
            failed.append(Failure(by_key[future.key].describe(), f"shard failed: {type(exc).__name__}: {exc}"))
            continue
        results.append(result)
        if on_shard:
            on_shard(result)
    return results, failed


def run_dataset(
    paths: Iterable[str | Path],
    dataset: str | Path,
    options: ShardOptions | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    client: Any = None,
    on_plan: Callable[[list[Shard], int], None] | None = None,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> ScaleReport:
    """Analyse the inputs on Dask into a Parquet dataset; shards written by an earlier run are skipped."""
    start = time.perf_counter()
    options = options or ShardOptions()
    root = Path(dataset)
    prepare_dataset(root, options)
    shards, missing = plan_shards(paths, shard_size)
    done = {m["shard"] for m in committed_shards(root)}
    todo = [s for s in shards if s.id not in done]
    report = ScaleReport(shards=len(shards), skipped=len(shards) - len(todo), failures=list(missing))
    if on_plan:
        on_plan(shards, report.skipped)
    results: list[ShardResult] = []
    if todo:
        if client is not None:
            results, failed = run_on_client(client, todo, root, options, on_shard)
        else:
            with dask_client(scheduler, workers) as own:
                results, failed = run_on_client(own, todo, root, options, on_shard)
        report.failures.extend(failed)
    for result in results:
        report.written += int(not result.skipped)
        report.skipped += int(result.skipped)
        report.articles += result.articles if not result.skipped else 0
    # Failures of documents are kept in the markers, so a resumed run reports those of every shard.
    wanted = {s.id for s in shards}
    for marker in committed_shards(root):
        if marker["shard"] in wanted:
            report.failures.extend(Failure(src, reason) for src, reason in marker.get("failures", []))
    write_duplicates(root)
    shutil.rmtree(root / STAGING, ignore_errors=True)  # what workers of a stopped run left half staged
    with open_dataset(root) as store:
        report.counts = store.counts()
        row = store.con.execute("SELECT count(*) FROM _duplicates").fetchone()
        report.duplicates = int(row[0]) if row else 0
    report.seconds = time.perf_counter() - start
    return report
