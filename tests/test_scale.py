"""Scale-out on a real distributed.LocalCluster of two worker processes: same records, resume, load, read in place."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crisisdesk.cli import app
from crisisdesk.scale.dask_runner import dask_client, run_dataset
from crisisdesk.scale.worker import ShardOptions
from crisisdesk.store.dataset import SHARDS, STAGING, committed_shards, open_dataset
from crisisdesk.store.load import load_dataset
from crisisdesk.store.store import Store

from .conftest import EXAMPLE_ACTORS, EXAMPLES

pytestmark = pytest.mark.slow


def _bag(records) -> Counter:
    """Records up to order: a multiset of canonical JSON."""
    return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records)


def _dataset_bag(path: Path) -> Counter:
    with open_dataset(path) as store:
        return _bag(store.iter_records())


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c


@pytest.fixture(scope="module")
def options(example_settings) -> ShardOptions:
    return ShardOptions(settings=example_settings)


@pytest.fixture(scope="module")
def dataset(client, options, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "dataset"
    # Two articles a shard: the republished copy and its original land in different shards, and the JSONL file is cut.
    report = run_dataset([EXAMPLES], path, options, shard_size=2, client=client)
    assert report.written == report.shards == 7 and not report.failures
    return path


def test_scale_dataset_records_equal_single_process(dataset: Path, example_records: list[dict]) -> None:
    assert _dataset_bag(dataset) == _bag(example_records)


def test_scale_dataset_is_hive_partitioned_one_file_per_shard_type_and_date(dataset: Path) -> None:
    files = sorted(p.relative_to(dataset).as_posix() for p in dataset.rglob("*.parquet") if not p.name.startswith("_"))
    assert files and all(f.split("/")[1].startswith("published=2024-03-") for f in files)
    per_cell = Counter((f.split("/")[0], f.split("/")[1], f.split("/")[2].split("_")[0]) for f in files)
    assert set(per_cell.values()) == {1}
    assert {f.split("/")[0] for f in files} == {"article", "actor", "quote", "timex", "event", "minhash"}
    listed = sorted(f for m in committed_shards(dataset) for f in m["files"])
    assert listed == files
    assert not (dataset / STAGING).exists()


def test_scale_duplicates_found_across_shards(dataset: Path, example_records: list[dict]) -> None:
    expected = {r["id"]: r["duplicate_of"] for r in example_records if r["type"] == "article"}
    assert any(expected.values())
    with open_dataset(dataset) as store:
        got = dict(store.con.execute("SELECT id, duplicate_of FROM articles").fetchall())
    assert got == expected


def test_scale_rerun_skips_written_shards(client, options, dataset: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (dataset / SHARDS).glob("*.json")}
    report = run_dataset([EXAMPLES], dataset, options, shard_size=2, client=client)
    assert (report.written, report.skipped) == (0, 7)
    assert {p: p.stat().st_mtime_ns for p in (dataset / SHARDS).glob("*.json")} == before


def test_scale_uncommitted_shard_is_invisible_then_redone(client, options, dataset: Path, tmp_path: Path, example_records: list[dict]) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    # A run stopped after moving a shard's files but before its marker: the files are there, the marker is not.
    marker = sorted((copy / SHARDS).glob("*.json"))[0]
    lost = json.loads(marker.read_text("utf-8"))
    marker.unlink()
    with open_dataset(copy) as store:
        seen = {r[0] for r in store.con.execute("SELECT article_id FROM quotes UNION SELECT id FROM articles").fetchall()}
    assert lost["articles"] >= 1 and len(seen) == 13 - lost["articles"]  # the whole shard is absent, not half of it
    report = run_dataset([EXAMPLES], copy, options, shard_size=2, client=client)
    assert (report.written, report.skipped) == (1, 6)
    assert _dataset_bag(copy) == _bag(example_records)


def test_scale_other_options_on_a_dataset_are_refused(client, dataset: Path) -> None:
    from crisisdesk.errors import StoreError

    with pytest.raises(StoreError, match="other options"):
        run_dataset([EXAMPLES], dataset, ShardOptions(record_types=("article",)), shard_size=2, client=client)


def test_scale_load_equals_dataset_and_is_idempotent(dataset: Path, tmp_path: Path, example_records: list[dict]) -> None:
    db = tmp_path / "loaded.duckdb"
    with Store.open(db) as store:
        first = load_dataset(dataset, store)
        second = load_dataset(dataset, store)
        assert (first.added, second.added, second.unchanged) == (13, 0, 13)
        assert first.counts == second.counts
        assert _bag(store.iter_records()) == _bag(example_records)


def test_scale_load_merges_duplicates_with_stored_articles(dataset: Path, tmp_path: Path, example_settings, example_records: list[dict]) -> None:
    from crisisdesk.runner import ingest_paths

    db = tmp_path / "mixed.duckdb"
    with Store.open(db) as store:
        # The store already holds the republished copy alone: it is its own representative until the original arrives.
        ingest_paths([EXAMPLES / "2024-03-11-village-shelled-republished.txt"], store, settings=example_settings)
        report = load_dataset(dataset, store)
        assert (report.added, report.unchanged) == (12, 1)
        assert _bag(store.iter_records()) == _bag(example_records)


def _as_older_scheme(dataset: Path, copy: Path) -> Path:
    """A copy of the dataset as an older crisisdesk wrote it: another MinHash scheme, other signatures."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    shutil.copytree(dataset, copy)
    manifest = copy / "_crisisdesk.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["minhash_scheme"] = "an-older-scheme"
    manifest.write_text(json.dumps(data), "utf-8")
    rng = np.random.default_rng(7)
    for f in copy.glob("minhash/*/*.parquet"):
        table = pq.read_table(f)
        sigs = pa.array([rng.integers(0, 2**32, 128, dtype=np.uint64).tobytes() for _ in range(table.num_rows)], pa.binary())
        pq.write_table(table.set_column(table.schema.get_field_index("signature"), "signature", sigs), f)
    return copy


def test_scale_load_remakes_signatures_of_another_minhash_scheme(dataset: Path, tmp_path: Path, example_records: list[dict]) -> None:
    copy = _as_older_scheme(dataset, tmp_path / "older")
    with Store.open(tmp_path / "older.duckdb") as store:
        load_dataset(copy, store)
        # the republished story is still linked to its original, through signatures made again from the texts
        assert _bag(store.iter_records()) == _bag(example_records)


def test_scale_resuming_a_dataset_of_another_minhash_scheme_is_refused(client, options, dataset: Path, tmp_path: Path) -> None:
    from crisisdesk.errors import StoreError

    copy = _as_older_scheme(dataset, tmp_path / "older")
    with pytest.raises(StoreError, match="another scheme"):
        run_dataset([EXAMPLES], copy, options, shard_size=2, client=client)


def test_scale_dataset_served_and_exported_in_place(dataset: Path, tmp_path: Path, example_records: list[dict]) -> None:
    from fastapi.testclient import TestClient

    from crisisdesk.web.app import create_app

    db = tmp_path / "loaded.duckdb"
    with Store.open(db) as store:
        load_dataset(dataset, store)
    on_dataset, on_store = TestClient(create_app(dataset)), TestClient(create_app(db))
    for url in ("/api/articles?limit=100", "/api/quotes?limit=500", "/api/events?limit=500", "/api/actors", "/api/pairs"):
        answer = on_dataset.get(url)
        assert answer.status_code == 200 and answer.json() == on_store.get(url).json(), url
    assert on_dataset.get("/api/articles").json()["total"] == 13
    for page in ("/", "/articles", "/quotes", "/events", "/actors", "/pairs"):
        assert on_dataset.get(page).status_code == 200, page
    out = tmp_path / "export.jsonl"
    done = CliRunner().invoke(app, ["export", "--db", str(dataset), "--format", "jsonl", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert _bag(json.loads(line) for line in out.read_text("utf-8").splitlines()) == _bag(example_records)


def _ingest_dask(dataset: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "ingest", str(EXAMPLES), "--actors", str(EXAMPLE_ACTORS),
         "--engine", "dask", "--workers", "2", "--shard-size", "2", "--db", str(dataset), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def _reap(proc: subprocess.Popen) -> None:
    """Wait for the killed driver's worker processes to exit (they watch their parent), then end any left."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)


def test_scale_driver_killed_midway_resumes_without_duplicates_or_gaps(client, options, tmp_path: Path, example_records: list[dict]) -> None:
    dataset = tmp_path / "killed"
    proc = _ingest_dask(dataset)
    deadline = time.monotonic() + 900  # a cold start of a cluster and its models on a busy 2-core machine
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((dataset / SHARDS).glob("*.json"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    _reap(proc)
    committed = len(committed_shards(dataset))
    assert 2 <= committed < 7
    # The same run again (here on the test's warm cluster rather than a second command, to save a model load per worker).
    report = run_dataset([EXAMPLES], dataset, options, shard_size=2, client=client)
    assert (report.written, report.skipped) == (7 - committed, committed) and not report.failures
    assert _dataset_bag(dataset) == _bag(example_records)
    files = sorted(p.relative_to(dataset).as_posix() for p in dataset.rglob("*.parquet") if not p.name.startswith("_"))
    assert files == sorted(f for m in committed_shards(dataset) for f in m["files"])  # nothing left of the stopped run
    assert not (dataset / STAGING).exists()
