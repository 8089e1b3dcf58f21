"""The DuckDB store: one transaction per article, content-keyed, with a persistent duplicate index."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from ..errors import StoreError
from ..ingest.dedupe import SCHEME, DuplicateIndex, representative, signature, signatures, text_hash
from ..records import Article, Record
from .schema import migrate

TABLES = ("articles", "actors", "quotes", "timexes", "events")
TABLE_OF_TYPE = {"article": "articles", "actor": "actors", "quote": "quotes", "timex": "timexes", "event": "events"}
_ARTICLE_COLUMNS = ("id", "source", "url", "site", "title", "author", "published", "dateline", "language", "text", "duplicate_of", "warnings")


def _ref(value: dict[str, Any] | None, key: str) -> Any:
    return value.get(key) if value else None


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|T)")


def _day(value: Any) -> str | None:
    """The DATE column's value: an ISO day, else None (a week or month value stays in the record's JSON)."""
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


class Store:
    """An open crisisdesk store (a DuckDB file)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool = False) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._dupes: DuplicateIndex | None = None

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open (and create or migrate) the store at a path; raise StoreError with what to do if impossible."""
        path = str(path)
        if Path(path).is_dir():  # a Parquet dataset written by `ingest --engine dask`: read in place
            from .dataset import open_dataset

            return open_dataset(path)
        if read_only and not Path(path).exists():
            raise StoreError("no store at this path", source=path, hint="run `crisisdesk ingest` first")
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(
                    "the store is in use by another crisisdesk process",
                    source=path,
                    hint="wait for it to finish, or send the work to the running server",
                ) from exc
            raise StoreError(f"cannot open the store ({message})", source=path) from exc
        except duckdb.Error as exc:
            raise StoreError(f"not a crisisdesk store ({exc})", source=path) from exc
        if not read_only:
            migrate(con)
        store = cls(con, path, read_only)
        if not read_only:
            store._ensure_signature_scheme()
        return store

    def close(self) -> None:
        """Close the connection (checkpointing the write-ahead log)."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        """Whether an article with this content id is stored."""
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}

    def iter_records(self, record_types: Iterable[str] = tuple(TABLE_OF_TYPE)) -> Iterator[dict[str, Any]]:
        """Every stored record as a JSON-ready dict, article by article in id order."""
        types = set(record_types)
        cur = self.con.cursor()
        rows = cur.execute(f"SELECT {', '.join(_ARTICLE_COLUMNS)}, extra FROM articles ORDER BY id").fetchall()
        for row in rows:
            article = self._article_from_row(row)
            if "article" in types:
                yield article
            for kind in ("actor", "quote", "timex", "event"):
                if kind not in types:
                    continue
                table = TABLE_OF_TYPE[kind]
                order = "idx" if table == "timexes" else ("actor_id" if table == "actors" else "start, id")
                for (record,) in cur.execute(f"SELECT record FROM {table} WHERE article_id = ? ORDER BY {order}", [article["id"]]).fetchall():
                    yield json.loads(record)

    def _article_from_row(self, row: tuple) -> dict[str, Any]:
        data = dict(zip((*_ARTICLE_COLUMNS, "extra"), row, strict=True))
        extra = json.loads(data.pop("extra") or "{}")
        data["published"] = data["published"].isoformat() if data["published"] else None
        data["dateline"] = list(data["dateline"] or [])
        data["warnings"] = list(data["warnings"] or [])
        return {"type": "article", **data, **extra}

    # -- duplicates -----------------------------------------------------------------------------
    def _ensure_signature_scheme(self) -> None:
        """Recompute stored MinHash signatures made under another scheme, so copies are found across versions."""
        row = self.con.execute("SELECT value FROM store_meta WHERE key = 'minhash_scheme'").fetchone()
        if row is not None and row[0] == SCHEME:
            return
        stale = self.con.execute("SELECT m.article_id, a.text FROM minhashes m JOIN articles a ON a.id = m.article_id").fetchall()
        self.con.execute("BEGIN TRANSACTION")
        try:
            # Batches bound the memory of the recomputation on large stores.
            for i in range(0, len(stale), 5000):
                batch = stale[i : i + 5000]
                sigs = signatures([text for _, text in batch])
                self.con.executemany(
                    "UPDATE minhashes SET signature = ? WHERE article_id = ?",
                    [[sig.astype(np.uint64).tobytes(), aid] for (aid, _), sig in zip(batch, sigs, strict=True)],
                )
            self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('minhash_scheme', ?)", [SCHEME])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def duplicate_index(self) -> DuplicateIndex:
        """The near-duplicate index of every stored article, loaded once from the store."""
        if self._dupes is None:
            index = DuplicateIndex()
            for aid, digest, sig in self.con.execute("SELECT article_id, text_hash, signature FROM minhashes").fetchall():
                index.add(aid, digest, np.frombuffer(sig, dtype=np.uint64).copy())
            self._dupes = index
        return self._dupes

    def _cluster_of(self, ids: list[str]) -> list[tuple[str, str | None]]:
        """Every stored article in the same duplicate clusters as these ids, with publication dates."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self.con.execute(
            f"""
            WITH reps AS (SELECT coalesce(duplicate_of, id) AS rep FROM articles WHERE id IN ({marks}))
            SELECT id, CAST(published AS VARCHAR) FROM articles
            WHERE coalesce(duplicate_of, id) IN (SELECT rep FROM reps)
            """,
            ids,
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- writing --------------------------------------------------------------------------------
    def add(self, article: Article, records: list[Record]) -> bool:
        """Store an article with its records in one transaction; return False when it was already stored."""
        if self.read_only:
            raise StoreError("the store is open read-only", source=self.path, hint="load a dataset with `crisisdesk load` to add to it")
        if self.has_article(article.id):
            return False
        index = self.duplicate_index()
        digest, sig = text_hash(article.text), signature(article.text)
        matches = [m for m in index.matches(digest, sig) if m != article.id]
        cluster = self._cluster_of(matches)
        if cluster:
            rep = representative([*cluster, (article.id, article.published)])
            article.duplicate_of = None if rep == article.id else rep
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for member, _ in cluster:
                con.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [None if member == rep else rep, member])
            self._insert_article(article, digest)
            con.execute("INSERT INTO minhashes VALUES (?, ?, ?)", [article.id, digest, sig.astype(np.uint64).tobytes()])
            self._insert_records(records)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        index.add(article.id, digest, sig)
        return True

    def _insert_article(self, article: Article, digest: str) -> None:
        data = article.to_json()
        extra = {k: v for k, v in data.items() if k not in (*_ARTICLE_COLUMNS, "type")}
        self.con.execute(
            f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, extra, text_hash) VALUES ({', '.join('?' for _ in range(len(_ARTICLE_COLUMNS) + 2))})",
            [data[c] for c in _ARTICLE_COLUMNS] + [json.dumps(extra), digest],
        )

    def _insert_records(self, records: list[Record]) -> None:
        con = self.con
        actors, quotes, timexes, events = [], [], [], []
        n_timex = 0
        for rec in records:
            data = rec.to_json()
            blob = json.dumps(data, ensure_ascii=False)
            kind = data["type"]
            if kind == "actor":
                actors.append([data["article_id"], data["actor_id"], data["name"], data["kind"], data["country"], data["sector"], data["code"], len(data["mentions"]), blob])
            elif kind == "quote":
                sp = data["speaker"]
                quotes.append([data["id"], data["article_id"], data["kind"], _ref(sp, "actor_id"), _ref(sp, "name"), _ref(sp, "country"), data["speaker_text"], data["text"], data["start"], data["end"], blob])
            elif kind == "timex":
                timexes.append([data["article_id"], n_timex, data["kind"], data["value"], data["text"], data["start"], data["end"], blob])
                n_timex += 1
            elif kind == "event":
                src, tgt = data["source"], data["target"]
                events.append([
                    data["id"], data["article_id"], _ref(src, "actor_id"), _ref(src, "code"), _ref(src, "country"),
                    _ref(tgt, "actor_id"), _ref(tgt, "code"), _ref(tgt, "country"), data["cameo"], data["cameo_root"],
                    data["plover"], data["goldstein"], data["quad_class"], data["modality"], _day(data["date"]), data["start"], data["end"], blob,
                ])
        if actors:
            con.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", actors)
        if quotes:
            con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quotes)
        if timexes:
            con.executemany("INSERT INTO timexes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", timexes)
        if events:
            con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
