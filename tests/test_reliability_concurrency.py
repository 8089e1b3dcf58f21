"""While `serve` runs it is the store's one writer: an `ingest` aimed at the served store hands its
documents to it, readers never see half an article, and nobody gets a database error (real processes)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from crisisdesk.web.writer import lock_path

from .reliability_corpus import finish, records_of, start_ingest, write_corpus

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crisisdesk", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/articles?limit=1", timeout=5).status_code == 200 and lock_path(db).exists():
                return proc, base
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.2)
    raise AssertionError("the server did not start")


def _shape(detail: dict) -> tuple[int, ...]:
    return tuple(len(detail.get(k) or []) for k in ("quotes", "events", "actors", "timexes"))


def test_reliability_concurrency_ingest_hands_work_to_the_server(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "first", 10, seed=1)
    second = write_corpus(tmp_path / "second", 30, seed=2)
    db = tmp_path / "served.duckdb"
    finish(start_ingest(first, db))
    server, base = _serve(db)
    seen: dict[str, tuple[int, ...]] = {}
    problems: list[str] = []
    stop = threading.Event()

    def read() -> None:
        """Read as an analyst would, all through the ingest: every answer whole, none a server error."""
        with httpx.Client(base_url=base, timeout=60) as client:
            while not stop.is_set():
                listing = client.get("/api/articles?limit=100")
                if listing.status_code != 200:
                    problems.append(f"list {listing.status_code}: {listing.text[:200]}")
                    continue
                for item in [i for i in listing.json()["items"] if i["id"] not in seen]:
                    detail = client.get(f"/api/articles/{item['id']}")
                    if detail.status_code != 200:
                        problems.append(f"article {detail.status_code}: {detail.text[:200]}")
                    else:
                        seen.setdefault(item["id"], _shape(detail.json()))

    readers = [threading.Thread(target=read) for _ in range(2)]
    try:
        for t in readers:
            t.start()
        ingest = start_ingest(second, db)
        _, err = ingest.communicate(timeout=600)
        stop.set()
        for t in readers:
            t.join(timeout=120)
        assert ingest.returncode == 0, err.decode()
        assert "served by process" in err.decode() and "stored 30 new articles" in err.decode()
        assert not problems, problems[:5]
        # Every article a reader saw mid-run already had all the records it has now: none was half-written.
        final = {aid: _shape(httpx.get(f"{base}/api/articles/{aid}", timeout=60).json()) for aid in seen}
        assert seen == final and len(seen) > 10
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert not lock_path(db).exists()
    # The server stored exactly what an ingest of both folders into a fresh store stores.
    clean = tmp_path / "clean.duckdb"
    finish(start_ingest(first, clean))
    finish(start_ingest(second, clean))
    assert records_of(db) == records_of(clean)


def test_reliability_concurrency_stale_lock_of_a_killed_server_is_ignored(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "a", 2, seed=3)
    db = tmp_path / "s.duckdb"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock_path(db).write_text(json.dumps({"pid": gone.pid, "url": "http://127.0.0.1:9", "key": "x"}), "utf-8")
    finish(start_ingest(corpus, db))
    assert sum(1 for r in records_of(db).elements() if json.loads(r)["type"] == "article") == 2
    assert os.path.exists(lock_path(db))  # left as found: only its server removes it
