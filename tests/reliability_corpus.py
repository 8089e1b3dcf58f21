"""Small invented news articles for the crash and concurrency tests (written here, no third-party text)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

PLACES = ["Varenia", "Ostmark", "Lundria", "Kessel", "Marovia", "Tarsk"]
PEOPLE = ["President Anna Velska", "Foreign Minister Henrik Aalund", "General Ivo Marek", "Spokeswoman Lena Orlov"]
VERBS = ["shelled", "accused", "threatened", "met", "criticised", "praised", "sanctioned", "attacked"]
DAYS = ["on Monday", "on Tuesday", "yesterday", "last week", "on March 3", "early on Friday"]
SAYINGS = ["We will not give up", "The talks are over", "Our forces stand ready", "We want peace, not war"]


def article_text(n: int, rng: random.Random) -> str:
    """One short article; `n` makes its title, and so its content id, unique."""
    a, b = rng.sample(PLACES, 2)
    person = rng.choice(PEOPLE)
    body = [
        f"{a} {rng.choice(VERBS)} {b} {rng.choice(DAYS)}, officials said.",
        f"\u201c{rng.choice(SAYINGS)},\u201d {person} told reporters in the capital.",
        f"{b} {rng.choice(VERBS)} {a} {rng.choice(DAYS)} after talks in {rng.choice(PLACES)} failed.",
    ]
    rng.shuffle(body)
    return f"Report {n}: {a} and {b}\n\n" + "\n\n".join(body) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 11) -> Path:
    """Write `count` articles as dated text files into `folder` and return it."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"2022-03-{1 + n % 28:02d}-report-{n:04d}.txt").write_text(article_text(n, rng), "utf-8")
    return folder


def start_ingest(source: Path, db: Path, *extra: str) -> subprocess.Popen:
    """A real `crisisdesk ingest` in its own process group (so a kill takes its Dask workers too)."""
    cmd = [sys.executable, "-m", "crisisdesk", "ingest", str(source), "--db", str(db), "--quiet", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 600) -> None:
    """Wait for an ingest to end well."""
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]


def stored_articles(db: Path) -> int:
    """How many articles a store file or Dask dataset holds now (0 when there is none yet)."""
    if not db.exists():
        return 0
    return sum(1 for r in records_of(db, ("article",)))


def committed_shards(db: Path) -> int:
    """How many shards a Dask run has committed to the dataset folder."""
    return len(list((db / "_shards").glob("*.json"))) if (db / "_shards").is_dir() else 0


def wal_size(db: Path) -> int:
    """The size of a store's write-ahead log: each stored article adds to it (DuckDB truncates it on close)."""
    wal = Path(f"{db}.wal")
    return wal.stat().st_size if wal.exists() else 0


def kill_at_random(source: Path, db: Path, *extra: str, kills: int, max_delay: float, seed: int = 5) -> list[int]:
    """Start the ingest `kills` times and SIGKILL it (with its workers) a random moment of up to
    `max_delay` seconds after it began to store: its first article grew the store's write-ahead log, or
    it committed a Dask shard. Return the stored article count after each kill, to show where it fell."""
    rng = random.Random(seed)
    if "dask" not in extra and not db.exists():
        from crisisdesk.store.store import Store

        Store.open(db).close()  # an empty store: the first run's writes are then its articles
    progress = []
    for _ in range(kills):
        shards, wal = committed_shards(db), wal_size(db)
        proc = start_ingest(source, db, *extra)
        while proc.poll() is None and (committed_shards(db) == shards if "dask" in extra else wal_size(db) <= wal):
            time.sleep(0.01)
        time.sleep(rng.uniform(0, max_delay))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=60)
            _reap(proc.pid)
            progress.append(stored_articles(db))
        else:
            proc.communicate(timeout=60)
    return progress


def _reap(group: int) -> None:
    """Wait until no process of the killed group is left (Dask's workers exit when their parent dies)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)


def records_of(db: Path, record_types: tuple[str, ...] = ("article", "actor", "quote", "timex", "event")) -> Counter:
    """Every stored record as canonical JSON, counted (a store file or a Dask dataset folder)."""
    if db.is_dir():
        from crisisdesk.store.dataset import open_dataset

        opener = open_dataset(db)
    else:
        from crisisdesk.store.store import Store

        opener = Store.open(db, read_only=True)
    with opener as store:
        return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in store.iter_records(record_types))


def timed_clean_run(source: Path, db: Path, *extra: str, timeout: float = 600) -> float:
    """Run an ingest to the end and return how long it took."""
    start = time.monotonic()
    finish(start_ingest(source, db, *extra), timeout=timeout)
    return time.monotonic() - start
