"""Export the store: JSON lines, or one CSV or Parquet file per record type."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .store import Store

FORMATS = ("jsonl", "csv", "parquet")


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """One row per record for tables: nested values (actor references, lists) become JSON strings."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for k, v in record.items()}


def export(store: Store, fmt: str, out: Path, record_types: Iterable[str]) -> dict[str, int]:
    """Write the store's records to `out` in a format; return the count written per record type."""
    types = tuple(record_types)
    counts = dict.fromkeys(types, 0)
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for rec in store.iter_records(types):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                counts[rec["type"]] += 1
        return counts
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in types}
    for rec in store.iter_records(types):
        rows[rec["type"]].append(_flat(rec))
    for kind, items in rows.items():
        counts[kind] = len(items)
        columns: list[str] = []
        for item in items:
            columns.extend(k for k in item if k not in columns)
        if fmt == "csv":
            with (out / f"{kind}s.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=columns or ["type"])
                writer.writeheader()
                writer.writerows(items)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pylist([{c: item.get(c) for c in columns} for item in items]) if items else pa.table({"type": pa.array([], pa.string())})
            pq.write_table(table, out / f"{kind}s.parquet")
    return counts
