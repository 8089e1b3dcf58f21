"""Split inputs into shards (groups of files, WARC and feed files, JSONL line ranges) and read one shard.

A shard is plain data (picklable, JSON-able), named by a digest of what it reads, so a rerun over the
same inputs plans the same shards and can skip those already written. Reading a shard goes through
the same readers as a single-process run (`ingest.sources`, `ingest.jsonl`, `runner.clean_documents`),
so every document gets the same source name, metadata and content id.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..ingest.jsonl import json_lines, read_jsonl
from ..ingest.sources import Failure, RawDocument, decode, detect_kind, iter_documents, read_bytes, walk
from ..records import Article
from ..runner import clean_documents

# Articles per shard. A shard is the unit of resumption and of load balance: 100 articles are about
# 30 s of work for one worker on this machine (3.7 articles/s, README), so a stopped run loses at most
# that much per worker, and 2,000 articles make 20 shards, enough to keep two workers busy to the end.
DEFAULT_SHARD_SIZE = 100
# Kinds that hold many documents in one file: each such file is a shard of its own.
_CONTAINERS = {"warc", "feed"}


@dataclass(frozen=True)
class Shard:
    """A unit of work: some whole files, or lines `first_line`..`last_line` (1-based, inclusive) of one JSONL file."""

    id: str
    order: int
    kind: str  # "files" or "jsonl"
    paths: tuple[str, ...]
    first_line: int = 0
    last_line: int = 0
    documents: int = 0  # how many documents it should give (for progress), known before reading

    def describe(self) -> str:
        """A short human name for messages."""
        if self.kind == "jsonl":
            return f"{self.paths[0]} lines {self.first_line}-{self.last_line}"
        return self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} and {len(self.paths) - 1} more files"

    def to_json(self) -> dict:
        """The shard as JSON (kept in its commit marker)."""
        return asdict(self)


def _shard_id(kind: str, paths: Iterable[str], first: int = 0, last: int = 0) -> str:
    sized = []
    for p in paths:
        # The absolute path: a rerun that spells the same file another way ("../data/x.jsonl" from
        # another folder, "/abs/data/x.jsonl") resumes its shards instead of redoing them all.
        key_path = os.path.abspath(p)
        try:
            sized.append([key_path, Path(p).stat().st_size])
        except OSError:
            sized.append([key_path, None])
    key = json.dumps([kind, sized, first, last], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=1)
def _jsonl_lines(path: str, size: int, mtime_ns: int) -> tuple[str, ...]:
    """The lines of a (possibly gzipped) JSONL file, kept for the next chunk of the same file (shards of a file run in a row)."""
    _kind, gzipped = detect_kind(Path(path))
    return tuple(json_lines(decode(read_bytes(Path(path), gzipped), path)))


def _lines_of(path: str) -> tuple[str, ...]:
    stat = Path(path).stat()
    return _jsonl_lines(path, stat.st_size, stat.st_mtime_ns)


def _chunks(lines: tuple[str, ...], size: int) -> list[tuple[int, int, int]]:
    """Cut line numbers into runs of `size` non-blank lines: (first, last, documents)."""
    chunks: list[tuple[int, int, int]] = []
    first, count = 1, 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        # read_jsonl takes a text that starts with "[" for a JSON array: a chunk never starts on such a line.
        if count >= size and not line.lstrip().startswith("["):
            chunks.append((first, n - 1, count))
            first, count = n, 0
        count += 1
    if count:
        chunks.append((first, len(lines), count))
    return chunks


def plan_shards(paths: Iterable[str | Path], shard_size: int = DEFAULT_SHARD_SIZE) -> tuple[list[Shard], list[Failure]]:
    """The shards of the inputs in input order, and a Failure for each path that does not exist."""
    if shard_size < 1:
        raise ValueError("shard size must be at least 1")
    shards: list[Shard] = []
    failures: list[Failure] = []
    group: list[str] = []

    def add(kind: str, files: list[str], first: int = 0, last: int = 0, documents: int = 1) -> None:
        shards.append(Shard(_shard_id(kind, files, first, last), len(shards), kind, tuple(files), first, last, documents))

    def flush() -> None:
        if group:
            add("files", list(group), documents=len(group))
            group.clear()

    for item in walk(paths):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        path = str(item)
        try:
            kind, _ = detect_kind(item)
        except InputError:
            kind = "unknown"  # the shard's reader reports it, with the same words as a single-process run
        if kind == "jsonl":
            flush()
            try:
                lines = _lines_of(path)
            except (InputError, OSError):
                add("files", [path])  # unreadable: its shard reports why
                continue
            if next((x for x in lines if x.strip()), "").lstrip().startswith("["):  # one JSON array
                add("files", [path], documents=max(1, sum(1 for x in lines if x.strip())))
                continue
            for first, last, count in _chunks(lines, shard_size):
                add("jsonl", [path], first, last, count)
        elif kind in _CONTAINERS:
            flush()
            add("files", [path])
        else:
            group.append(path)
            if len(group) >= shard_size:
                flush()
    flush()
    return shards, failures


def shard_documents(shard: Shard) -> Iterator[RawDocument | Failure]:
    """The raw documents of a shard, named as a single-process run names them."""
    if shard.kind == "files":
        yield from iter_documents(shard.paths)
        return
    path = shard.paths[0]
    try:
        lines = _lines_of(path)
    except InputError as exc:
        yield Failure(path, exc.message + (f" ({exc.hint})" if exc.hint else ""))
        return
    except OSError as exc:
        yield Failure(path, f"cannot read the file: {exc.strerror or exc}")
        return
    # Lines outside the chunk become blank, which read_jsonl skips: line numbers (and so sources) stay those of the file.
    masked = "\n".join(line if shard.first_line <= n <= shard.last_line else "" for n, line in enumerate(lines, 1))
    yield from read_jsonl(masked, path)


def shard_articles(shard: Shard, published: str | None = None) -> Iterator[Article | Failure]:
    """The clean articles of a shard, and a Failure for each document that cannot be read."""
    return clean_documents(shard_documents(shard), published=published)
