"""Watching feeds: conditional requests (ETag, Last-Modified), only new entries, state kept across runs."""

from __future__ import annotations

import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from crisisdesk.ingest.fetch import FetchPolicy
from crisisdesk.ingest.sources import Failure, RawDocument, ReadOptions
from crisisdesk.ingest.watch import WatchState, parse_every, poll, read_feed_list, watch_loop

from .ingest_server import Answer, serve

PARAGRAPH = (
    "Officials in Varenia said on {day} that talks with Ostmark on the northern border would continue, "
    "after a week in which both governments moved troops closer to the crossings and traded accusations. "
)


def _feed(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Border report {n}</title><link>https://ledger.example/{n}</link><guid>id-{n}</guid>"
        f"<pubDate>Mon, 0{n} Apr 2024 09:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{PARAGRAPH.format(day=f'day {n}') * 4}</p><p>Report number {n} ends here.</p>]]></description></item>"
        for n in range(1, items + 1)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>{entries}</channel></rss>'.encode()


def _conditional(version: dict) -> Answer:
    """A feed that answers 304 to a request carrying its current ETag or Last-Modified."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        etag, modified = f'"v{version["items"]}"', f"Mon, 0{version['items']} Apr 2024 10:00:00 GMT"
        if handler.headers.get("If-None-Match") == etag or handler.headers.get("If-Modified-Since") == modified:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        body = _feed(version["items"])
        handler.send_response(200)
        for key, value in (("Content-Type", "application/rss+xml"), ("ETag", etag), ("Last-Modified", modified), ("Content-Length", str(len(body)))):
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    return Answer(write=write)


OPTIONS = FetchPolicy(allow_private=True, per_host_interval=0.0, retries=0)


def test_ingest_watch_polls_conditionally_and_reads_only_new_entries(tmp_path: Path) -> None:
    version = {"items": 2}
    rounds: list = []
    with serve({"/feed.xml": _conditional(version)}) as srv:
        url = srv.url("/feed.xml")
        state = WatchState.load(tmp_path / "watch.json")
        options = ReadOptions(policy=OPTIONS)
        done = watch_loop([url], state, options, lambda items, rep: rounds.append((items, rep)), every=0.01, cycles=2, sleep=lambda s: None)
        assert done == 2
        assert [len(items) for items, _ in rounds] == [2, 0]
        assert rounds[1][1].unchanged == [url]
        assert srv.requests[-1][1]["if-none-match"] == '"v2"'
        # A new entry, and a watcher started afresh from the saved state: only the new entry comes.
        version["items"] = 3
        again = WatchState.load(tmp_path / "watch.json")
        items = list(poll([url], again, options))
        options.close()
    assert [d.meta["title"] for d in items if isinstance(d, RawDocument)] == ["Border report 3"]


def test_ingest_watch_failed_feed_is_reported_and_retried_next_round(tmp_path: Path) -> None:
    with serve({"/feed.xml": Answer(200, b"<html>maintenance</html>", {"Content-Type": "application/rss+xml"})}) as srv:
        url = srv.url("/feed.xml")
        state = WatchState.load(tmp_path / "w.json")
        options = ReadOptions(policy=OPTIONS)
        (item,) = list(poll([url], state, options))
        options.close()
    assert isinstance(item, Failure) and item.source == url and "not an RSS or Atom feed" in item.reason
    assert state.feeds[url].etag is None and state.feeds[url].seen == []


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("1h", 3600), ("90s", 90), ("30", 1800), ("0.5h", 1800)])
def test_ingest_watch_interval_forms(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["soon", "-5m", "0m", "15 parsecs"])
def test_ingest_watch_bad_interval_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)


def test_ingest_watch_feed_list_skips_comments(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# my feeds\nhttps://a.example/rss\n\nhttps://b.example/atom  # wire\n", "utf-8")
    assert read_feed_list(path) == ["https://a.example/rss", "https://b.example/atom"]


@pytest.mark.slow
def test_ingest_watch_cli_two_cycles_store_each_entry_once(tmp_path: Path, cli_env: dict[str, str]) -> None:
    version = {"items": 2}
    with serve({"/feed.xml": _conditional(version)}) as srv:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(srv.url("/feed.xml") + "\n", "utf-8")
        db = tmp_path / "store.duckdb"
        cmd = [sys.executable, "-m", "crisisdesk", "watch", str(feeds), "--cycles", "2", "--every", "1s", "--records", "article", "--allow-private", "--db", str(db)]
        run = subprocess.run(cmd, capture_output=True, text=True, env={**cli_env, **os.environ, "CRISISDESK_DB": str(db)}, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "round 1: 0 feeds unchanged, 1 read, 2 new articles stored" in run.stderr
    assert "round 2: 1 feeds unchanged, 0 read, 0 new articles stored" in run.stderr
    from crisisdesk.store.store import Store

    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == 2
