"""The served store's one writer: `serve` leaves a lock file, and an `ingest` aimed at that store hands
its documents to the server, which stores them from one thread (design.md, Concurrency)."""

from __future__ import annotations

import dataclasses
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from ..errors import StoreError
from ..ingest.sources import Failure, RawDocument, ReadOptions, iter_documents
from ..records import RECORD_TYPES
from ..settings import get_settings
from ..store.store import Store

KEY_HEADER = "X-Crisisdesk-Key"
# Documents per request: a batch of 50 small pages is a few MB of JSON and a few seconds of analysis.
BATCH = 50
router = APIRouter()


def lock_path(db: str | Path) -> Path:
    """Where `serve` announces itself beside the store."""
    return Path(f"{db}.serve.json")


def new_key() -> str:
    """A fresh secret for one server run."""
    return secrets.token_urlsafe(24)


def write_lock(db: str | Path, url: str, key: str) -> None:
    """Announce the server (its pid, address and key) beside the store."""
    path = lock_path(db)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the key is for this user only
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"pid": os.getpid(), "url": url, "key": key}, f)


def remove_lock(db: str | Path) -> None:
    """Withdraw the announcement (when the server stops)."""
    lock_path(db).unlink(missing_ok=True)


def served(db: str | Path) -> dict[str, Any] | None:
    """The announcement of the server holding the store, or None (no lock file, or one a killed server left)."""
    try:
        info = json.loads(lock_path(db).read_text("utf-8"))
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if isinstance(info, dict) else None


class Writer:
    """Stores documents sent to the server from one thread, on its own connection to the served database;
    each article is one transaction, so the readers' connection sees it whole or not at all."""

    def __init__(self, store: Store, key: str) -> None:
        self.store = Store(store.con.cursor(), store.path)
        self.key = key
        self._lock = threading.Lock()

    def ingest(self, docs: list[RawDocument | Failure], published: str | None, record_types: list[str], actors: str | None) -> dict[str, Any]:
        from ..runner import ingest_paths

        settings = get_settings()
        if actors:
            settings = dataclasses.replace(settings, actors_file=Path(actors))
        with self._lock:
            report = ingest_paths(docs, self.store, published=published, record_types=record_types, settings=settings)
        return {
            "added": report.added,
            "unchanged": report.unchanged,
            "failures": [{"source": f.source, "reason": f.reason} for f in report.failures],
            "counts": report.counts,
        }


class Document(BaseModel):
    source: str
    kind: str = "text"
    content: str = ""
    meta: dict[str, Any] = {}
    failure: str | None = None  # a source the client could not read: reported back, not stored


class IngestRequest(BaseModel):
    documents: list[Document]
    published: str | None = None
    record_types: list[str] = list(RECORD_TYPES)
    actors: str | None = None


@router.post("/api/ingest", include_in_schema=False)
def ingest(body: IngestRequest, request: Request) -> dict[str, Any]:
    """Store documents an `ingest` on this machine sends (it proves itself with the lock file's key)."""
    writer: Writer | None = getattr(request.app.state, "writer", None)
    client = request.client.host if request.client else ""
    if writer is None or client not in {"127.0.0.1", "::1"} or not hmac.compare_digest(request.headers.get(KEY_HEADER, ""), writer.key):
        raise HTTPException(403, "only a crisisdesk ingest on this machine may write to the served store")
    docs: list[RawDocument | Failure] = [
        Failure(d.source, d.failure) if d.failure else RawDocument(d.source, d.kind, d.content, d.meta) for d in body.documents
    ]
    return writer.ingest(docs, body.published, body.record_types, body.actors)


def _batches(items: Iterable[RawDocument | Failure]) -> Iterator[list[RawDocument | Failure]]:
    batch: list[RawDocument | Failure] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def send_to_server(
    info: dict[str, Any], sources: Iterable[str | Path], *, published: str | None, record_types: Iterable[str],
    actors: Path | None, options: ReadOptions, on_failure: Callable[[Failure], None] | None = None,
) -> dict[str, Any]:
    """Read the sources here and have the server store them; return its summed report."""
    import httpx

    headers = {KEY_HEADER: info["key"]}
    token = get_settings().token
    if token:  # a server started with CRISISDESK_TOKEN wants it on every request
        headers["Authorization"] = f"Bearer {token}"
    total: dict[str, Any] = {"added": 0, "unchanged": 0, "failures": [], "counts": {}}
    for batch in _batches(iter_documents(sources, options)):
        payload = {
            "documents": [
                {"source": d.source, "failure": d.reason} if isinstance(d, Failure) else {"source": d.source, "kind": d.kind, "content": d.content, "meta": d.meta}
                for d in batch
            ],
            "published": published,
            "record_types": list(record_types),
            "actors": str(actors.resolve()) if actors else None,
        }
        try:
            answer = httpx.post(f"{info['url']}/api/ingest", json=payload, headers=headers, timeout=None)
        except httpx.HTTPError as exc:
            raise StoreError(f"the store is served by process {info['pid']} at {info['url']}, which does not answer ({exc})",
                             hint="wait for the server, or stop it and ingest again") from exc
        if answer.status_code != 200:
            raise StoreError(f"the server at {info['url']} refused the documents ({answer.status_code}: {answer.text[:200]})")
        part = answer.json()
        total["added"] += part["added"]
        total["unchanged"] += part["unchanged"]
        total["counts"] = part["counts"]
        for f in part["failures"]:
            failure = Failure(f["source"], f["reason"])
            total["failures"].append(failure)
            if on_failure:
                on_failure(failure)
    return total
