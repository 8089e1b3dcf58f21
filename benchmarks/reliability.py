"""Crash safety at scale: ingests killed with SIGKILL at random moments, then rerun, against a clean run.

python -m benchmarks reliability [N] [--kills K] [--dask]

N articles of crisis2022 (default 500) are written to one JSONL file; a clean ingest stores them; then
another store is ingested K times (default 5), each run killed a random moment after it began to
store, and once more to the end. Reported: kills that fell mid-run, articles lost or stored twice, and
whether the two stores hold the same records. With --dask the same for `--engine dask` (LocalCluster,
2 workers, shards of 25), compared with the clean local store.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.reliability_corpus import finish, kill_at_random, records_of, start_ingest, timed_clean_run

from .common import crisis_articles, save


def _ids(bag) -> list[str]:
    return [json.loads(r)["id"] for r in bag.elements() if json.loads(r)["type"] == "article"]


def _trial(source: Path, db: Path, expected, per_article: float, kills: int, *extra: str) -> dict:
    progress = kill_at_random(source, db, *extra, kills=kills, max_delay=30 * per_article, seed=len(extra) + kills)
    finish(start_ingest(source, db, *extra), timeout=7200)
    got = records_of(db)
    ids, want = _ids(got), set(_ids(expected))
    return {
        "kills": len(progress),
        "kills_mid_run": sum(0 < n < len(want) for n in progress),
        "stored_after_each_kill": progress,
        "articles_lost": len(want - set(ids)),
        "articles_stored_twice": len(ids) - len(set(ids)),
        "records_equal_clean_run": got == expected,
    }


def main() -> None:
    args = sys.argv[1:]
    n = next((int(a) for a in args if a.isdigit()), 500)
    kills = int(args[args.index("--kills") + 1]) if "--kills" in args else 5
    with tempfile.TemporaryDirectory(prefix="crisisdesk-reliability-") as tmp:
        folder = Path(tmp)
        source = folder / "articles.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for art in crisis_articles(limit=n):
                out.write(json.dumps(art, ensure_ascii=False) + "\n")
        clean = folder / "clean.duckdb"
        seconds = timed_clean_run(source, clean, timeout=7200)
        startup = timed_clean_run(source, clean, timeout=7200)
        expected = records_of(clean)
        per_article = max(seconds - startup, 1.0) / n
        figures = {
            "articles": n,
            "stored_by_clean_run": len(_ids(expected)),
            "clean_run_s": round(seconds, 1),
            "local": _trial(source, folder / "killed.duckdb", expected, per_article, kills),
        }
        if "--dask" in args:
            dask = ("--engine", "dask", "--workers", "2", "--shard-size", "25")
            figures["dask"] = _trial(source, folder / "dataset", expected, per_article, max(2, kills // 2), *dask)
    save("reliability", figures)
