"""Crash safety: an ingest killed with SIGKILL at random moments, then rerun, leaves the store a clean run leaves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .reliability_corpus import (
    finish,
    kill_at_random,
    records_of,
    start_ingest,
    timed_clean_run,
    write_corpus,
)

pytestmark = pytest.mark.slow
ARTICLES = 100


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("crash") / "articles", ARTICLES)


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, float]:
    """A clean run's store, its start-up time (a rerun that finds everything stored) and time per article."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    seconds = timed_clean_run(corpus, db)
    startup = timed_clean_run(corpus, db)
    return db, startup, max(seconds - startup, 1.0) / ARTICLES


def _article_ids(bag) -> list[str]:
    return [json.loads(r)["id"] for r in bag.elements() if json.loads(r).get("type") == "article"]


def test_reliability_crash_killed_ingests_rerun_equal_a_clean_run(corpus: Path, clean: tuple[Path, float, float], tmp_path: Path) -> None:
    db, _, per_article = clean
    expected = records_of(db)
    assert len(_article_ids(expected)) == ARTICLES
    killed = tmp_path / "killed.duckdb"
    # Articles are stored in bursts faster than the clean run's mean time per article (analysis
    # included): a short delay keeps the kills inside the run.
    progress = kill_at_random(corpus, killed, kills=4, max_delay=8 * per_article)
    # At least two kills fell while articles were being written (some stored, not all).
    assert sum(0 < n < ARTICLES for n in progress) >= 2, progress
    finish(start_ingest(corpus, killed))
    got = records_of(killed)
    ids = _article_ids(got)
    assert len(ids) == len(set(ids)) == ARTICLES  # nothing lost, nothing twice
    assert got == expected


def test_reliability_crash_killed_dask_runs_rerun_equal_a_clean_run(corpus: Path, clean: tuple[Path, float, float], tmp_path: Path) -> None:
    db, _, per_article = clean
    dataset = tmp_path / "dataset"
    dask = ("--engine", "dask", "--workers", "2", "--shard-size", "10")
    progress = kill_at_random(corpus, dataset, *dask, kills=2, max_delay=10 * per_article, seed=9)
    assert sum(0 < n < ARTICLES for n in progress) >= 1, progress
    finish(start_ingest(corpus, dataset, *dask))
    got = records_of(dataset)
    ids = _article_ids(got)
    assert len(ids) == len(set(ids)) == ARTICLES
    assert got == records_of(db)
