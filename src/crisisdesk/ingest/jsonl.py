"""Read JSONL exports of news APIs and scrapers: one article object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .sources import Failure, RawDocument

META_KEYS = ("url", "title", "site", "published", "author", "language")


def _meta(obj: dict[str, Any]) -> dict[str, str]:
    """Keep the metadata fields that hold non-empty strings."""
    return {k: obj[k].strip() for k in META_KEYS if isinstance(obj.get(k), str) and obj[k].strip()}


def json_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text: split at line feeds only. str.splitlines() would also split at
    U+2028, U+0085 and other separators that JSON allows unescaped inside strings, breaking a record
    in pieces (news text has them)."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def read_jsonl(text: str, source: str) -> Iterator[RawDocument | Failure]:
    """Yield a document per line holding `text` or `html`; a Failure names each line that does not."""
    stripped = text.lstrip()
    # A .json file may hold one object or a list of objects rather than lines.
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield Failure(source, f"not valid JSON: {exc.msg} at line {exc.lineno}")
            return
        except RecursionError:
            yield Failure(source, "not valid JSON: nested too deeply")
            return
        lines = [(n, item) for n, item in enumerate(items, 1)]
        where = "item"
    else:
        lines = []
        for n, line in enumerate(json_lines(text), 1):
            if not line.strip():
                continue
            try:
                lines.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield Failure(f"{source}:{n}", f"line is not valid JSON ({exc.msg})")
            except RecursionError:
                yield Failure(f"{source}:{n}", "line is not valid JSON (nested too deeply)")
        where = "line"
    for n, obj in lines:
        ref = f"{source}:{n}"
        if not isinstance(obj, dict):
            yield Failure(ref, f"{where} is not a JSON object")
            continue
        meta = _meta(obj)
        for field, kind in (("text", "text"), ("html", "html")):
            value = obj.get(field)
            if isinstance(value, str) and value.strip():
                yield RawDocument(source=ref, kind=kind, content=value, meta=meta | {"container": "jsonl"})
                break
        else:
            yield Failure(ref, f"{where} has no non-empty 'text' or 'html' field")
