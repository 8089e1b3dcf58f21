"""Bulk writes into DuckDB for the analysis: rows go through an Arrow table, not one statement each.

`executemany` costs about a millisecond per row with a primary key to maintain; the analysis writes
hundreds of thousands of rows at a rebuild, so it hands DuckDB whole columns instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, mode: str = "INSERT") -> int:
    """Insert rows (tuples in `columns` order) into a table in one statement; mode may be 'INSERT OR REPLACE'."""
    if not rows:
        return 0
    bulk_rows = pa.table({name: [r[i] for r in rows] for i, name in enumerate(columns)})  # noqa: F841 (read by the SQL)
    # DuckDB finds the Arrow table by its Python name (a replacement scan); unlike register() this
    # works while an earlier result on the connection is only partly fetched.
    con.execute(f"{mode} INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM bulk_rows")
    return len(rows)


def temp_values(con: duckdb.DuckDBPyConnection, name: str, column: str, values: Sequence[Any], sql_type: str = "VARCHAR") -> None:
    """(Re)create a temporary one-column table holding these values."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({column} {sql_type})")
    insert_rows(con, name, [column], [(v,) for v in values])


def one(con: duckdb.DuckDBPyConnection, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...]:
    """The single row of an aggregate query (which always has one)."""
    rows = con.execute(sql, list(args)).fetchall()
    assert len(rows) == 1, sql
    return rows[0]


def most_frequent(column: str, counted: str) -> str:
    """SQL aggregate: the most frequent non-null value of `column` in a group, `counted` being a window
    count of its rows per value (count(*) OVER (PARTITION BY key, column)); ties go to the first value
    in sort order. DuckDB's mode() breaks ties by hash order, so a store and its Parquet dataset (or
    two rebuilds) could disagree."""
    return f"first({column} ORDER BY {column} IS NULL, {counted} DESC, {column})"

