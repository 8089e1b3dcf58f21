"""The DuckDB store: schema migrations, content keys, one transaction per article, crash safety."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from crisisdesk.errors import StoreError
from crisisdesk.records import Article
from crisisdesk.store.schema import SCHEMA_VERSION, current_version
from crisisdesk.store.store import Store

from .conftest import EXAMPLE_ACTORS, EXAMPLES


def _article(text: str, published: str | None = "2024-03-02", site: str = "Site") -> Article:
    from crisisdesk.ingest.article import article_id

    return Article(id=article_id(site, "T", text), source="x.txt", site=site, title="T", published=published, text=text)


STORY = " ".join(f"Sentence {i} says that the ministers of Varenia and Ostmark met again in Geneva." for i in range(30))


def test_store_new_file_is_migrated_to_current_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        assert current_version(store.con) == SCHEMA_VERSION
        assert store.counts() == {"articles": 0, "actors": 0, "quotes": 0, "timexes": 0, "events": 0}


def test_store_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_store_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.add(_article(STORY), []) is True
        assert store.add(_article(STORY), []) is False
        assert store.counts()["articles"] == 1


def test_store_copy_points_at_earliest_published_whatever_the_order(tmp_path: Path) -> None:
    early = _article(STORY, "2024-03-01", site="Wire")
    late = _article(STORY + " An extra paragraph from the reprinting site.", "2024-03-05", site="Reprint")
    other = _article("A wholly different story about fishing quotas in the North Sea. " * 20, "2024-03-01")
    for order, name in (([late, other, early], "a"), ([early, other, late], "b")):
        with Store.open(tmp_path / f"{name}.duckdb") as store:
            for a in order:
                store.add(a.model_copy(), [])
            dup = dict(store.con.execute("SELECT id, duplicate_of FROM articles").fetchall())
        assert dup == {early.id: None, late.id: early.id, other.id: None}


def test_store_duplicate_index_persists_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    first = _article(STORY, "2024-03-01", site="Wire")
    with Store.open(path) as store:
        store.add(first, [])
    copy = _article(STORY + " Reprinted.", "2024-03-02", site="Reprint")
    with Store.open(path) as store:
        store.add(copy, [])
        assert store.con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [copy.id]).fetchone()[0] == first.id


def test_store_failed_write_leaves_nothing(tmp_path: Path) -> None:
    from crisisdesk.records import Timex

    bad = Timex(article_id="a", text="x", start=0, end=1, kind="date", value=None)
    bad.__dict__["kind"] = None  # bypass validation to make the insert itself fail
    with Store.open(tmp_path / "s.duckdb") as store:
        store.con.execute("ALTER TABLE timexes ALTER COLUMN kind SET NOT NULL")
        with pytest.raises(duckdb.Error):
            store.add(_article(STORY), [bad])
        assert store.counts()["articles"] == 0
        assert store.con.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 0


def _run_ingest(db: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "crisisdesk", "ingest", str(EXAMPLES), "--db", str(db), "--actors", str(EXAMPLE_ACTORS), "--quiet", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _snapshot(db: Path) -> list[str]:
    with Store.open(db, read_only=True) as store:
        return sorted(json.dumps(r, sort_keys=True) for r in store.iter_records())


@pytest.mark.slow
def test_store_ingest_killed_and_rerun_equals_clean_run(tmp_path: Path) -> None:
    clean = tmp_path / "clean.duckdb"
    assert _run_ingest(clean).wait(timeout=300) == 0
    expected = _snapshot(clean)
    killed = tmp_path / "killed.duckdb"
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        proc = _run_ingest(killed)
        # Model loading takes a few seconds; the writes come after it, so kill within the writing window.
        time.sleep(rng.uniform(2.5, 7.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
    assert kills >= 1
    assert _run_ingest(killed).wait(timeout=300) == 0
    assert _snapshot(killed) == expected


def test_store_locked_by_another_process_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"ok"
        with pytest.raises(StoreError, match="in use by another"):
            Store.open(path)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("old_scheme", ["crisisdesk-blake2-poly5-multshift", None])
def test_store_made_under_the_old_minhash_scheme_is_upgraded_and_finds_copies_across_runs(
    tmp_path: Path, old_scheme: str | None
) -> None:
    import numpy as np

    from crisisdesk.ingest.dedupe import SCHEME, signature

    path = tmp_path / "s.duckdb"
    first = _article(STORY, "2024-03-01", site="Wire")
    with Store.open(path) as store:
        store.add(first, [])
        # as the previous crisisdesk left it: its 128 multiply-shift minima (values of that size) and its scheme name
        old = np.random.default_rng(7).integers(0, 1 << 32, 128, dtype=np.uint64)
        store.con.execute("UPDATE minhashes SET signature = ?", [old.tobytes()])
        store.con.execute("DELETE FROM store_meta")
        if old_scheme:
            store.con.execute("INSERT INTO store_meta VALUES ('minhash_scheme', ?)", [old_scheme])
    copies = [_article(f"Home > World. {STORY} Reprinted.", "2024-03-02", site="Reprint"),
              _article(f"{STORY} Reporting by the desk.", "2024-03-03", site="Other")]
    for copy in copies:  # two runs after the upgrade: the first recomputes, the second finds the stored ones
        with Store.open(path) as store:
            stored = store.con.execute("SELECT signature FROM minhashes WHERE article_id = ?", [first.id]).fetchone()[0]
            assert (np.frombuffer(stored, dtype=np.uint64) == signature(first.text)).all()
            assert store.con.execute("SELECT value FROM store_meta WHERE key = 'minhash_scheme'").fetchone()[0] == SCHEME
            store.add(copy, [])
            assert store.con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [copy.id]).fetchone()[0] == first.id


def test_store_signatures_of_another_scheme_are_recomputed(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    first = _article(STORY, "2024-03-01", site="Wire")
    with Store.open(path) as store:
        store.add(first, [])
        # as a store written by an older crisisdesk: another scheme's numbers, no scheme recorded
        store.con.execute("UPDATE minhashes SET signature = ?", [bytes(8 * 128)])
        store.con.execute("DELETE FROM store_meta")
    copy = _article(STORY + " Reprinted.", "2024-03-02", site="Reprint")
    with Store.open(path) as store:
        store.add(copy, [])
        assert store.con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [copy.id]).fetchone()[0] == first.id
        assert store.con.execute("SELECT value FROM store_meta").fetchone()[0]
