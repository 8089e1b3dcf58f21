"""The Parquet dataset that the scale runner writes, and a read-only Store over it, queried in place by DuckDB.

Layout (Hive style, partitioned by the article's publication date):

    DATASET/
      _crisisdesk.json                       what wrote the dataset (options, schema version)
      _shards/SHARD.json                     commit marker of one shard: its files, counts, failures
      article/published=2022-02-14/SHARD_0.parquet
      actor/  quote/  timex/  event/  minhash/   (same partitions, one file per shard and date)
      _duplicates.parquet                    duplicate_of of every copy, from the pass over all signatures

Each table has the columns of the store's table of the same records (`schema.py`), plus `shard` (and
`shard_order` on articles); `published` lives in the directory name. A shard counts only once its
marker is written, and the marker is written after its files are in place, so readers list files
from the markers and never see half a shard. Where two shards hold the same content (same article
id), the copy of the shard that comes first in the input wins, as in a single-process run.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from ..ingest.dedupe import SCHEME
from .duplicates import Signed, resolve_duplicates, signature_from_blob
from .schema import SCHEMA_VERSION, migrate
from .store import _ARTICLE_COLUMNS, TABLE_OF_TYPE, Store

FORMAT = "crisisdesk-dataset"
FORMAT_VERSION = 1
MANIFEST = "_crisisdesk.json"
SHARDS = "_shards"
STAGING = "_staging"
DUPLICATES = "_duplicates.parquet"
PARTITION = "published"
# Store table -> dataset folder: the record type's name, and `minhash` for the signatures.
TABLE_DIRS: dict[str, str] = {table: kind for kind, table in TABLE_OF_TYPE.items()} | {"minhashes": "minhash"}
# A view has no rowid; the dashboard pages by rowid, so each view has a stable one: a 63-bit hash of the row's key.
_ROW_KEYS = {"articles": "id", "actors": "article_id, actor_id", "quotes": "id", "timexes": "article_id, idx", "events": "id", "minhashes": "article_id"}
_RECORD_ORDER = {"actors": "actor_id", "quotes": "start, id", "timexes": "idx", "events": "start, id"}


def is_dataset(path: str | Path) -> bool:
    """Whether a path is a crisisdesk Parquet dataset folder."""
    return (Path(path) / MANIFEST).is_file()


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file so that readers see the old content or the new one, never a part."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The dataset's manifest; StoreError when the folder is not a dataset."""
    file = Path(path) / MANIFEST
    if not file.is_file():
        raise StoreError(
            "not a crisisdesk dataset (no _crisisdesk.json)", source=str(path),
            hint="write one with `crisisdesk ingest ... --engine dask --db FOLDER`",
        )
    try:
        manifest = json.loads(file.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(f"unreadable dataset manifest ({exc})", source=str(file)) from exc
    if manifest.get("format") != FORMAT or int(manifest.get("version", 0)) > FORMAT_VERSION:
        raise StoreError("dataset of an unknown format or a newer crisisdesk", source=str(file), hint="upgrade crisisdesk")
    return manifest


def committed_shards(path: str | Path) -> list[dict[str, Any]]:
    """The commit markers of every shard written completely, in input order."""
    folder = Path(path) / SHARDS
    markers = []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            markers.append(json.loads(file.read_text("utf-8")))
        except (OSError, json.JSONDecodeError) as exc:  # markers are written atomically: this is damage
            raise StoreError(f"damaged shard marker ({exc})", source=str(file), hint="delete it; the shard is then redone") from exc
    return sorted(markers, key=lambda m: (m["order"], m["shard"]))


def shards_digest(markers: Iterable[dict[str, Any]]) -> str:
    """A digest of which shards are committed: `_duplicates.parquet` is valid only for the same set."""
    return hashlib.sha256("\n".join(sorted(m["shard"] for m in markers)).encode()).hexdigest()[:32]


def _files(root: Path, markers: list[dict[str, Any]], table: str) -> list[str]:
    return [str(root / f) for m in markers for f in m["files"] if f.split("/", 1)[0] == TABLE_DIRS[table]]


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _scan(paths: list[str]) -> str:
    return f"read_parquet({_sql_list(paths)}, hive_partitioning = true, union_by_name = true)"


def _template_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Attach an empty store as `tmpl` (the schema every view copies) and return its columns per table."""
    con.execute("ATTACH ':memory:' AS tmpl")
    con.execute("USE tmpl")
    migrate(con)
    con.execute("USE memory")
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = 'tmpl' ORDER BY table_name, column_index"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


def _signed_rows(con: duckdb.DuckDBPyConnection) -> list[Signed]:
    rows = con.execute(
        "SELECT m.article_id, CAST(a.published AS VARCHAR), m.text_hash, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id"
    ).fetchall()
    return [Signed(aid, pub, digest, signature_from_blob(sig)) for aid, pub, digest, sig in rows]


def dataset_views(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    markers: list[dict[str, Any]],
    columns: dict[str, list[tuple[str, str]]],
    *,
    prefix: str = "",
    empty: str = "tmpl.{table}",
    temp: bool = False,
) -> None:
    """Views named like the store's tables (after `prefix`) over the committed files, with the store's columns.

    `{prefix}_chosen` holds the shard whose copy of each article counts; `{prefix}_duplicates` the
    `duplicate_of` links that the articles view shows (empty until filled). `empty` names a relation
    with the table's columns for a table without files.
    """
    kind = "TEMP " if temp else ""  # temporary: kept out of a store file, but unseen by the connection's cursors
    article_files = _files(root, markers, "articles")
    chosen, dupes = f"{prefix}_chosen", f"{prefix}_duplicates"
    if article_files:
        con.execute(f"CREATE {kind}TABLE {chosen} AS SELECT id, arg_min(shard, (shard_order, shard)) AS shard FROM {_scan(article_files)} GROUP BY id")
    else:
        con.execute(f"CREATE {kind}TABLE {chosen} (id VARCHAR, shard VARCHAR)")
    con.execute(f"CREATE {kind}TABLE {dupes} (article_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR)")
    for table in TABLE_DIRS:
        files = _files(root, markers, table)
        if not files:
            con.execute(f"CREATE {kind}VIEW {prefix}{table} AS SELECT * FROM {empty.format(table=table)}")
            continue
        rowid = "CAST(hash(" + ", ".join(f"r.{k.strip()}" for k in _ROW_KEYS[table].split(",")) + ") >> 1 AS BIGINT) AS rowid"
        if table == "articles":
            cols = ", ".join(
                "d.duplicate_of AS duplicate_of" if c == "duplicate_of" else f'CAST(r."{c}" AS {t}) AS "{c}"' for c, t in columns[table]
            ) + ", " + rowid
            con.execute(
                f"CREATE {kind}VIEW {prefix}articles AS SELECT {cols} FROM {_scan(files)} r "
                f"SEMI JOIN {chosen} c ON r.id = c.id AND r.shard = c.shard LEFT JOIN {dupes} d ON d.article_id = r.id"
            )
        else:
            cols = ", ".join(f'CAST(r."{c}" AS {t}) AS "{c}"' for c, t in columns[table]) + ", " + rowid
            con.execute(
                f"CREATE {kind}VIEW {prefix}{table} AS SELECT {cols} FROM {_scan(files)} r "
                f"SEMI JOIN {chosen} c ON r.article_id = c.id AND r.shard = c.shard"
            )


def _fill_duplicates(con: duckdb.DuckDBPyConnection, root: Path, markers: list[dict[str, Any]]) -> None:
    """Take `_duplicates.parquet` when it covers the committed shards, else run the duplicate pass now."""
    file = root / DUPLICATES
    if file.is_file():
        import pyarrow.parquet as pq

        meta = pq.read_schema(file).metadata or {}
        if meta.get(b"crisisdesk_shards", b"").decode() == shards_digest(markers):
            con.execute(f"INSERT INTO _duplicates SELECT article_id, duplicate_of FROM read_parquet('{_quote(file)}')")
            return
    links = [(k, v) for k, v in resolve_duplicates(_signed_rows(con)).items() if v is not None]
    if links:
        con.executemany("INSERT INTO _duplicates VALUES (?, ?)", links)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


class DatasetStore(Store):
    """A read-only Store over a Parquet dataset: the store's tables are views over the committed files."""

    def iter_records(self, record_types: Iterable[str] = tuple(TABLE_OF_TYPE)) -> Iterator[dict[str, Any]]:
        """Every record, article by article in id order: one ordered scan per table, merged by article id."""
        types = [t for t in TABLE_OF_TYPE if t in set(record_types)]
        scans: dict[str, Iterator[tuple[str, str]]] = {}
        for kind in types:
            if kind != "article":
                table = TABLE_OF_TYPE[kind]
                scans[kind] = _rows(self.con.cursor(), f"SELECT article_id, record FROM {table} ORDER BY article_id, {_RECORD_ORDER[table]}")
        pending: dict[str, tuple[str, str] | None] = {k: next(it, None) for k, it in scans.items()}
        cur = self.con.cursor()
        cur.execute(f"SELECT {', '.join(_ARTICLE_COLUMNS)}, extra FROM articles ORDER BY id")
        while batch := cur.fetchmany(256):
            for row in batch:
                article = self._article_from_row(row)
                if "article" in types:
                    yield article
                for kind, it in scans.items():
                    head = pending[kind]
                    while head is not None and head[0] <= article["id"]:
                        if head[0] == article["id"]:
                            yield json.loads(head[1])
                        head = next(it, None)
                    pending[kind] = head


def _rows(cur: duckdb.DuckDBPyConnection, sql: str) -> Iterator[tuple[str, str]]:
    cur.execute(sql)
    while batch := cur.fetchmany(1024):
        yield from batch


def open_dataset(path: str | Path) -> DatasetStore:
    """Open a dataset folder read-only as a Store; DuckDB reads its Parquet files in place."""
    root = Path(path)
    read_manifest(root)
    markers = committed_shards(root)
    con = duckdb.connect()
    try:
        dataset_views(con, root, markers, _template_columns(con))
        con.execute("CREATE VIEW schema_version AS SELECT * FROM tmpl.schema_version")  # the dataset has the current schema
        _fill_duplicates(con, root, markers)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot read the dataset ({exc})", source=str(root)) from exc
    return DatasetStore(con, str(root), read_only=True)


def write_duplicates(path: str | Path) -> int:
    """Run the duplicate pass over every committed shard and write `_duplicates.parquet`; return the copies found."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(path)
    markers = committed_shards(root)
    with open_dataset(root) as store:
        links = store.con.execute("SELECT article_id, duplicate_of FROM _duplicates ORDER BY article_id").fetchall()
    table = pa.table(
        {"article_id": pa.array([a for a, _ in links], pa.string()), "duplicate_of": pa.array([d for _, d in links], pa.string())},
    ).replace_schema_metadata({"crisisdesk_shards": shards_digest(markers)})
    tmp = root / f".{DUPLICATES}.{uuid.uuid4().hex}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, root / DUPLICATES)
    return len(links)


def dataset_options(path: str | Path) -> dict[str, Any]:
    """The options the dataset was written with (record types, model, ...), from its manifest."""
    return dict(read_manifest(path).get("options", {}))


def new_manifest(options: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a new dataset written with these options."""
    return {"format": FORMAT, "version": FORMAT_VERSION, "schema_version": SCHEMA_VERSION, "minhash_scheme": SCHEME, "options": options}
