"""Bring a Parquet dataset into the DuckDB store: one transaction, idempotent, duplicates resolved over both.

DuckDB reads the dataset's files in place (`dataset.dataset_views`); articles already stored are
skipped, so loading twice (or a dataset that overlaps the store) stores each article once. The
duplicate pass runs over the signatures of the store and of the new articles together, so a copy in
the dataset of a stored story (or the reverse) gets the same `duplicate_of` as ingesting it would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..ingest.dedupe import SCHEME, fingerprints
from .dataset import TABLE_DIRS, committed_shards, dataset_views, read_manifest
from .duplicates import Signed, resolve_duplicates, signature_from_blob
from .store import Store

_PREFIX = "ds_"


@dataclass
class LoadReport:
    """What a load did."""

    added: int = 0
    unchanged: int = 0
    updated_duplicates: int = 0  # stored articles whose duplicate_of changed because of the new ones
    counts: dict[str, int] = field(default_factory=dict)


def _store_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _quoted(names: list[str], qualifier: str = "") -> str:
    return ", ".join(f'{qualifier}"{c}"' for c in names)


def _signed(rows: list[tuple]) -> list[Signed]:
    return [Signed(aid, pub, digest, signature_from_blob(sig), dup) for aid, pub, dup, digest, sig in rows]


def load_dataset(dataset: str | Path, store: Store) -> LoadReport:
    """Load the committed shards of a dataset into a store in one transaction; return what changed."""
    root = Path(dataset)
    same_scheme = read_manifest(root).get("minhash_scheme") == SCHEME
    if store.read_only:
        raise StoreError("the store is open read-only", source=store.path)
    con = store.con
    columns = _store_columns(con)
    report = LoadReport()
    try:
        dataset_views(con, root, committed_shards(root), columns, prefix=_PREFIX, empty="main.{table} WHERE false", temp=True)
        con.execute("BEGIN TRANSACTION")
        con.execute(f"CREATE TEMP TABLE _new AS SELECT id FROM {_PREFIX}_chosen ANTI JOIN articles USING (id)")
        report.added = _count(con, "_new")
        report.unchanged = _count(con, f"{_PREFIX}_chosen") - report.added
        if report.added:
            report.updated_duplicates = _insert_new(con, columns, same_scheme)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the error came before the transaction began
        raise StoreError(f"cannot load the dataset ({exc})", source=str(root)) from exc
    finally:
        for table in TABLE_DIRS:
            con.execute(f"DROP VIEW IF EXISTS {_PREFIX}{table}")
        for table in (f"{_PREFIX}_chosen", f"{_PREFIX}_duplicates", "_new", "_links"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    store._dupes = None  # the cached duplicate index no longer holds every stored article
    report.counts = store.counts()
    return report


def _insert_new(con: duckdb.DuckDBPyConnection, columns: dict[str, list[tuple[str, str]]], same_scheme: bool = True) -> int:
    """Insert the new articles with their final duplicate_of, their records and signatures; fix stored copies.

    A dataset whose signatures were made under another MinHash scheme gets them made again from
    its texts: signatures of two schemes cannot be compared.
    """
    new = _signed(con.execute(
        f"SELECT m.article_id, CAST(a.published AS VARCHAR), NULL, m.text_hash, m.signature FROM {_PREFIX}minhashes m "
        f"JOIN {_PREFIX}articles a ON a.id = m.article_id SEMI JOIN _new n ON n.id = m.article_id"
    ).fetchall())
    if not same_scheme and new:
        texts = dict(con.execute(f"SELECT a.id, a.text FROM {_PREFIX}articles a SEMI JOIN _new n ON n.id = a.id").fetchall())
        _, sigs = fingerprints([texts.get(a.id) or "" for a in new])
        new = [Signed(a.id, a.published, a.text_hash, sig, a.duplicate_of) for a, sig in zip(new, sigs, strict=True)]
    old = _signed(con.execute(
        "SELECT a.id, CAST(a.published AS VARCHAR), a.duplicate_of, m.text_hash, m.signature FROM articles a JOIN minhashes m ON m.article_id = a.id"
    ).fetchall())
    links = resolve_duplicates(new, old)
    fresh = {a.id for a in new}
    con.execute("CREATE TEMP TABLE _links (article_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR)")
    rows = [(aid, rep) for aid, rep in links.items() if aid in fresh and rep is not None]
    if rows:
        con.executemany("INSERT INTO _links VALUES (?, ?)", rows)
    names = [c for c, _ in columns["articles"]]
    select = ", ".join("l.duplicate_of" if c == "duplicate_of" else f'a."{c}"' for c in names)
    con.execute(
        f"INSERT INTO articles ({_quoted(names)}) SELECT {select} FROM {_PREFIX}articles a "
        "SEMI JOIN _new n ON n.id = a.id LEFT JOIN _links l ON l.article_id = a.id"
    )
    for table in TABLE_DIRS:
        if table == "articles" or table == "minhashes" and not same_scheme:
            continue
        names = [c for c, _ in columns[table]]
        con.execute(
            f"INSERT INTO {table} ({_quoted(names)}) SELECT {_quoted(names, 'r.')} "
            f"FROM {_PREFIX}{table} r SEMI JOIN _new n ON n.id = r.article_id"
        )
    if not same_scheme:
        con.executemany(
            "INSERT INTO minhashes VALUES (?, ?, ?)", [(a.id, a.text_hash, a.signature.astype("uint64").tobytes()) for a in new]
        )
    con.execute("DROP TABLE _links")
    before = {a.id: a.duplicate_of for a in old}
    changed = [(rep, aid) for aid, rep in links.items() if aid in before and before[aid] != rep]
    if changed:
        con.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?", changed)
    return len(changed)
