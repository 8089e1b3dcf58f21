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


def kill_at_random(source: Path, db: Path, *extra: str, kills: int, window: tuple[float, float], seed: int = 5) -> int:
    """Start the ingest `kills` times and SIGKILL it (and its workers) at a random moment of `window`
    seconds each time; return how many runs were killed while still running."""
    rng = random.Random(seed)
    killed = 0
    for _ in range(kills):
        proc = start_ingest(source, db, *extra)
        time.sleep(rng.uniform(*window))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            killed += 1
        proc.communicate(timeout=60)
        _reap(proc.pid)
    return killed


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


def records_of(db: Path) -> Counter:
    """Every stored record as canonical JSON, counted (a store file or a Dask dataset folder)."""
    if db.is_dir():
        from crisisdesk.store.dataset import open_dataset

        opener = open_dataset(db)
    else:
        from crisisdesk.store.store import Store

        opener = Store.open(db, read_only=True)
    with opener as store:
        return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in store.iter_records())


def timed_clean_run(source: Path, db: Path, *extra: str) -> float:
    """Run an ingest to the end and return how long it took."""
    start = time.monotonic()
    finish(start_ingest(source, db, *extra))
    return time.monotonic() - start
