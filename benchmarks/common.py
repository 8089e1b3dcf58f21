"""Paths and small helpers shared by the benchmarks."""

from __future__ import annotations

import gzip
import json
import os
import resource
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shared evaluation data lives beside the project; CRISISDESK_SHARED_DATA points elsewhere.
SHARED_DATA = Path(os.environ.get("CRISISDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))
RESULTS = ROOT / "benchmarks" / "results"


def require(path: Path) -> Path:
    """Exit with a clear message when a data set is missing."""
    if not path.exists():
        raise SystemExit(f"benchmark data not found: {path} (set CRISISDESK_SHARED_DATA to the shared data folder)")
    return path


def crisis_articles(limit: int | None = None, skip: int = 0) -> Iterator[dict]:
    """Articles of crisis2022 in file order."""
    path = require(SHARED_DATA / "crisis2022" / "articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n < skip:
                continue
            if limit is not None and n >= skip + limit:
                return
            yield json.loads(line)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save(name: str, figures: dict) -> None:
    """Print figures as JSON and keep them in benchmarks/results/NAME.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    print(json.dumps(figures, indent=2))
