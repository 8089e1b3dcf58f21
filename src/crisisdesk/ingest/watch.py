"""Poll a list of feeds with conditional requests (ETag, Last-Modified) and yield what is new.

The watcher keeps its state (validators per feed, keys of entries already read) in a small JSON file
beside the store, so a restarted watch neither refetches unchanged feeds nor rereads old entries.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .sources import Failure, RawDocument, ReadOptions, fetch_document

# Entry keys remembered per feed: a busy feed shows 50-100 entries; ten times that covers weeks.
_KEYS_PER_FEED = 1000
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_every(value: str) -> float:
    """Seconds from a polling interval such as "15m", "1h", "90s" or "30" (minutes)."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"{value!r} is not an interval like 15m, 1h or 90s")
    unit = (match[2] or "m").lower()
    seconds = float(match[1]) * _UNIT_SECONDS[unit]
    if seconds <= 0:
        raise ValueError("the interval must be more than zero")
    return seconds


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs from a file: one per line; blank lines and # comments ignored."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the feed list ({exc.strerror or exc})", source=str(path)) from exc
    urls = [line.split("#", 1)[0].strip() for line in lines]
    urls = [u for u in urls if u]
    if not urls:
        raise InputError("the feed list names no feed", source=str(path), hint="one feed URL per line")
    return urls


@dataclass
class FeedState:
    """What the watcher remembers of one feed."""

    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)


@dataclass
class WatchState:
    """The watcher's memory, kept in a JSON file."""

    path: Path
    feeds: dict[str, FeedState] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> WatchState:
        if not path.exists():
            return cls(path)
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            # A damaged state file costs one full re-read of the feeds (the store stays idempotent).
            return cls(path)
        feeds = {url: FeedState(v.get("etag"), v.get("last_modified"), list(v.get("seen", []))) for url, v in raw.get("feeds", {}).items()}
        return cls(path, feeds)

    def save(self) -> None:
        data = {"feeds": {url: {"etag": s.etag, "last_modified": s.last_modified, "seen": s.seen[-_KEYS_PER_FEED:]} for url, s in self.feeds.items()}}
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(data, indent=1), "utf-8")
        tmp.replace(self.path)  # atomic: a crash never leaves half a state file


@dataclass
class PollReport:
    """What one poll of all feeds found."""

    unchanged: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    new_entries: int = 0


def poll(urls: list[str], state: WatchState, options: ReadOptions, report: PollReport | None = None) -> Iterator[RawDocument | Failure]:
    """One round over the feeds: conditional GETs, then a document per entry not seen before."""
    from .feeds import entry_key, read_feed

    report = report if report is not None else PollReport()
    fetcher = options.fetcher()
    for url in urls:
        feed = state.feeds.setdefault(url, FeedState())
        try:
            resp = fetcher.get(url, etag=feed.etag, last_modified=feed.last_modified)
        except InputError as exc:
            yield Failure(url, exc.message + (f" ({exc.hint})" if exc.hint else ""))
            continue
        if resp.not_modified:
            report.unchanged.append(url)
            continue
        report.fetched.append(url)
        seen = set(feed.seen)
        new_keys: list[str] = []

        def skip(entry: Any, seen: set[str] = seen, new_keys: list[str] = new_keys) -> bool:
            key = entry_key(entry)
            if key in seen:
                return True
            new_keys.append(key)
            return False

        fetch_page: Callable[[str], RawDocument] | None = (lambda link: fetch_document(link, options)) if options.fetch_links else None
        try:
            for item in read_feed(resp.content, url, fetch_page=fetch_page, skip=skip):
                if isinstance(item, RawDocument):
                    report.new_entries += 1
                yield item
        except InputError as exc:
            yield Failure(url, exc.message + (f" ({exc.hint})" if exc.hint else ""))
            continue
        # Validators and keys only once the feed was read: a failed read is retried whole next time.
        feed.etag, feed.last_modified = resp.etag, resp.last_modified
        feed.seen.extend(new_keys)


def watch_loop(
    urls: list[str],
    state: WatchState,
    options: ReadOptions,
    handle: Callable[[list[RawDocument | Failure], PollReport], None],
    *,
    every: float,
    cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll every `every` seconds (forever, or `cycles` times), handing each round's documents to `handle`."""
    done = 0
    while cycles is None or done < cycles:
        started = time.monotonic()
        report = PollReport()
        items = list(poll(urls, state, options, report))
        handle(items, report)
        state.save()
        done += 1
        if cycles is not None and done >= cycles:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return done
