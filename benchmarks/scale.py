"""Scale-out: throughput of the Dask path with 1 and 2 workers against the single-process path.

Run: python -m benchmarks scale [N]         N articles of crisis2022 (default 2,000)
     python -m benchmarks scale --full [--out DIR] [--workers N]
                                            the whole corpus through `crisisdesk ingest --engine dask`,
                                            stopped once (SIGKILL of the driver) and resumed
Model loading is not timed on either side (as in `throughput`): the single-process side loads the
pipeline before its clock starts, the Dask side warms every worker before its clock starts. The
Dask figures include writing the Parquet dataset and the duplicate pass over all signatures.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import SHARED_DATA, crisis_articles, require, save

FULL_ARTICLES = 12_576
# Stop the whole-corpus run once this share of its shards is committed: late enough that the resume
# has real work to skip, early enough that most of the run happens after it.
STOP_AT_SHARE = 0.3


def _write_corpus(folder: Path, n: int) -> Path:
    corpus = folder / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for a in crisis_articles(limit=n):
            fh.write(json.dumps({k: a[k] for k in ("url", "site", "title", "published", "text")}) + "\n")
    return corpus


def _shard_size(n: int) -> int:
    """The default shard size, smaller for small samples so that two workers still get ten shards each."""
    from crisisdesk.scale.shards import DEFAULT_SHARD_SIZE

    return max(1, min(DEFAULT_SHARD_SIZE, n // 20))


def _run_single(corpus: Path, db: Path) -> dict:
    """The single-process path (`crisisdesk ingest` into a DuckDB file), model loaded before the clock."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.runner import ingest_paths
    from crisisdesk.settings import get_settings
    from crisisdesk.store.store import Store

    settings = get_settings()
    load_pipeline(settings.spacy_model, None, settings.date_order)
    start = time.perf_counter()
    with Store.open(db) as store:
        report = ingest_paths([corpus], store, settings=settings)
    return {"articles": report.added, "seconds": time.perf_counter() - start}


def _run_dask(corpus: Path, dataset: Path, workers: int, shard_size: int) -> dict:
    """The Dask path on a LocalCluster of `workers` processes, workers warmed before the clock."""
    from crisisdesk.scale.dask_runner import dask_client, run_dataset
    from crisisdesk.scale.worker import ShardOptions, warm_up

    options = ShardOptions()
    started = time.perf_counter()
    with dask_client(workers=workers) as client:
        client.run(warm_up, options.settings)
        ready = time.perf_counter()
        report = run_dataset([corpus], dataset, options, shard_size=shard_size, client=client)
        seconds = time.perf_counter() - ready
    return {"articles": report.counts["articles"], "seconds": seconds, "startup_seconds": ready - started, "shards": report.shards}


def main(n: int | None = None) -> dict:
    args = [a for a in sys.argv[1:] if a != "scale"]
    if "--full" in args:
        return full(args)
    if n is None:
        n = int(next((a for a in args if a.isdigit()), 2000))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _write_corpus(Path(tmp), n)
        single = subprocess.run(
            [sys.executable, "-m", "benchmarks.scale", "--side", "single", str(corpus), str(Path(tmp) / "single.duckdb")],
            capture_output=True, text=True,
        )
        if single.returncode != 0:
            raise SystemExit(f"the single-process side failed:\n{single.stderr[-3000:]}")
        sides = {"single": json.loads(single.stdout.strip().splitlines()[-1])}
        size = _shard_size(n)
        for workers in (1, 2):
            sides[f"dask{workers}"] = _run_dask(corpus, Path(tmp) / f"dask{workers}", workers, size)
    rate = {k: v["articles"] / v["seconds"] for k, v in sides.items()}
    figures = {
        "articles": n,
        "shard_size": size,
        "single_process_articles_per_s": round(rate["single"], 2),
        "dask_1_worker_articles_per_s": round(rate["dask1"], 2),
        "dask_2_workers_articles_per_s": round(rate["dask2"], 2),
        "dask_2_over_1_workers": round(rate["dask2"] / rate["dask1"], 3),
        "dask_1_worker_over_single_process": round(rate["dask1"] / rate["single"], 3),
        "dask_cluster_startup_s": round(sides["dask2"]["startup_seconds"], 1),
        "articles_stored": {k: v["articles"] for k, v in sides.items()},
        "cpus": os.cpu_count(),
    }
    save("scale", figures)
    return figures


def _ingest(corpus: Path, out: Path, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "ingest", str(corpus), "--engine", "dask", "--workers", str(workers), "--db", str(out), "-q"],
        start_new_session=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _served(out: Path) -> int:
    """Serve the dataset with `crisisdesk serve` on 127.0.0.1 and return how many articles its API counts."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "crisisdesk", "serve", "--db", str(out), "--port", str(port)])
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/articles?limit=1", timeout=30) as resp:
                    return int(json.load(resp)["total"])
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the dashboard did not answer")
    finally:
        server.terminate()
        server.wait(timeout=30)


def full(args: list[str]) -> dict:
    """The whole corpus through the Dask path, stopped once by SIGKILL of the driver and resumed."""
    from crisisdesk.scale.shards import plan_shards
    from crisisdesk.store.dataset import committed_shards, open_dataset

    corpus = require(SHARED_DATA / "crisis2022" / "articles.jsonl.gz")
    out = Path(args[args.index("--out") + 1]) if "--out" in args else Path(tempfile.gettempdir()) / "crisisdesk-crisis2022-dataset"
    workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 2
    if out.exists():
        raise SystemExit(f"{out} exists: remove it (or give --out) so that the run starts from nothing")
    shards = len(plan_shards([corpus])[0])
    stop_at = max(1, int(shards * STOP_AT_SHARE))
    start = time.perf_counter()
    first = _ingest(corpus, out, workers)
    while first.poll() is None and (not out.exists() or len(committed_shards(out)) < stop_at):
        time.sleep(1)
    stopped_after = time.perf_counter() - start
    committed = len(committed_shards(out))
    if first.poll() is not None:
        raise SystemExit("the first run ended before it could be stopped")
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    time.sleep(5)  # the workers exit when they see their driver gone
    try:
        os.killpg(first.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    resumed = _ingest(corpus, out, workers)
    resumed.wait()
    elapsed = time.perf_counter() - start
    with open_dataset(out) as store:
        counts = store.counts()
        distinct = store.con.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0]
        copies = store.con.execute("SELECT count(duplicate_of) FROM articles").fetchone()[0]
    figures = {
        "articles_in_corpus": FULL_ARTICLES,
        "workers": workers,
        "shards": shards,
        "stopped_after_s": round(stopped_after, 1),
        "shards_committed_when_stopped": committed,
        "resume_exit_status": resumed.returncode,
        "elapsed_s_both_runs": round(elapsed, 1),
        "articles_per_s": round(counts["articles"] / elapsed, 2),
        "counts": counts,
        "distinct_article_ids": distinct,
        "copies_found": copies,
        "dashboard_articles_listed": _served(out),
        "dataset": str(out),
    }
    save("scale_full", figures)
    print(f"serve it: crisisdesk serve --db {out}   load it: crisisdesk load {out} --db crisis2022.duckdb")
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--side":
        print(json.dumps(_run_single(Path(sys.argv[3]), Path(sys.argv[4]))))
    else:
        main()
