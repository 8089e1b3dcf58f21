"""Find input documents: walk paths, detect each file's kind, decompress and decode it."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BinaryInput, DecodeError, EmptyInput, InputError, UnsupportedInput

KIND_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "jsonl",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

# Files a folder walk passes over without reporting them: hidden files and editor droppings.
_IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class RawDocument:
    """One document as read from its source, before cleaning."""

    source: str
    kind: str
    content: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Failure:
    """A source that could not be read, with a reason a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def detect_kind(path: Path) -> tuple[str, bool]:
    """Return the document kind of a file from its name, and whether it is gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] in {".gz", ".gzip"}
    if gzipped:
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    kind = KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        raise UnsupportedInput(
            f"unknown kind of file {suffix or '(no extension)'!r}",
            source=str(path),
            hint=f"crisisdesk reads {', '.join(sorted(set(KIND_BY_SUFFIX)))}, optionally .gz",
        )
    return kind, gzipped


def read_bytes(path: Path, gzipped: bool) -> bytes:
    """Read a file, decompressing gzip; raise InputError on truncated or corrupt data."""
    data = path.read_bytes()
    if not gzipped:
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"broken gzip data ({exc})", source=str(path)) from exc


def looks_binary(data: bytes) -> bool:
    """Tell binary data from text: NUL bytes or many control characters in the first 8 KB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    # Text in any encoding we read has almost no C0 controls; 5% is far above stray ones.
    return len(head) > 0 and controls / len(head) > 0.05


def decode(data: bytes, source: str) -> str:
    """Decode document bytes: BOM, then UTF-8, then the charset detected; raise on binary or undecodable."""
    if not data.strip():
        raise EmptyInput("the file is empty", source=source)
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec} at byte {exc.start}", source=source) from exc
    if looks_binary(data):
        raise BinaryInput("the file is binary, not text or markup", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Valid multi-byte UTF-8 beside invalid bytes is a damaged UTF-8 file, not a legacy encoding.
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in data.decode("utf-8", errors="replace")):
        raise DecodeError(
            f"invalid UTF-8 at byte {utf8_error.start}", source=source, hint="repair or re-save the file as UTF-8"
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # charset-normalizer guesses something for any bytes; a guess with much chaos is noise.
    if best is None or best.encoding is None or best.chaos > 0.3:
        raise DecodeError(
            f"invalid UTF-8 at byte {utf8_error.start} and no other encoding fits",
            source=source,
            hint="convert the file to UTF-8",
        )
    return str(best)


def read_path(path: Path) -> Iterator[RawDocument | Failure]:
    """Read one file into raw documents (a JSONL file gives one per line, and a Failure per bad line)."""
    kind, gzipped = detect_kind(path)
    data = read_bytes(path, gzipped)
    source = str(path)
    if kind == "jsonl":
        from .jsonl import read_jsonl

        yield from read_jsonl(decode(data, source), source)
        return
    if kind in {"warc", "feed"}:
        raise UnsupportedInput(f"{kind} files are not read yet", source=source)
    text = decode(data, source)
    if not text.strip():
        raise EmptyInput("the file holds only white space", source=source)
    yield RawDocument(source=source, kind=kind, content=text)


def walk(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Expand files and folders (recursively, in sorted order) into files, reporting missing paths."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name in _IGNORED_NAMES or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                yield child
        elif path.is_file():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


def iter_documents(paths: Iterable[str | Path]) -> Iterator[RawDocument | Failure]:
    """Yield every readable document under the paths, and a Failure for each source that is not."""
    for item in walk(paths):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield from read_path(item)
        except InputError as exc:
            yield Failure(str(item), exc.message + (f" ({exc.hint})" if exc.hint else ""))
        except OSError as exc:
            yield Failure(str(item), f"cannot read the file: {exc.strerror or exc}")

