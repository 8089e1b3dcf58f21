"""Find input documents: walk paths, detect each file's kind, decompress and decode it."""

from __future__ import annotations

import codecs
import gzip
import re
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
    return gzip_or_plain(path.read_bytes(), gzipped, str(path))


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


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def decode_markup(data: bytes, source: str, charset: str | None = None) -> str:
    """Decode a page or feed: the charset its server or its <meta> declares when valid, else as `decode`."""
    declared = charset
    if declared is None:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii").lower() if match else None
    if declared and declared not in {"utf-8", "utf8"}:
        try:
            codecs.lookup(declared)
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    return decode(data, source)


@dataclass
class ReadOptions:
    """How to read sources that need the network: URLs, and feed entries' linked pages."""

    fetch_links: bool = False
    allow_private: bool = False
    policy: Any = None  # a fetch.FetchPolicy; None: the defaults with allow_private as above
    _fetcher: Any = field(default=None, repr=False)

    def fetcher(self) -> Any:
        """The run's one Fetcher (rate limits and robots.txt are per run), made on first use."""
        if self._fetcher is None:
            from .fetch import Fetcher, FetchPolicy

            policy = self.policy or FetchPolicy(allow_private=self.allow_private)
            self._fetcher = Fetcher(policy)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


def read_content(data: bytes, kind: str, source: str, options: ReadOptions | None = None, *, charset: str | None = None, meta: dict[str, Any] | None = None) -> Iterator[RawDocument | Failure]:
    """Turn the bytes of one source of a known kind into raw documents."""
    meta = meta or {}
    if kind == "jsonl":
        from .jsonl import read_jsonl

        yield from read_jsonl(decode(data, source), source)
        return
    if kind == "warc":
        import io

        from .warc import read_warc_stream

        yield from read_warc_stream(io.BytesIO(data), source)
        return
    if kind == "feed":
        from .feeds import read_feed

        fetch_page = None
        if options is not None and options.fetch_links:
            fetch_page = lambda url: fetch_document(url, options)  # noqa: E731
        yield from read_feed(data, source, fetch_page=fetch_page)
        return
    text = decode_markup(data, source, charset) if kind == "html" else decode(data, source)
    if not text.strip():
        raise EmptyInput("the file holds only white space", source=source)
    yield RawDocument(source=source, kind=kind, content=text, meta=dict(meta))


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """Read one file into raw documents (a JSONL file gives one per line, and a Failure per bad line)."""
    kind, gzipped = detect_kind(path)
    if kind == "warc":
        from .warc import read_warc

        # warcio streams .warc and .warc.gz alike: an archive of gigabytes is never read whole.
        yield from read_warc(path)
        return
    yield from read_content(read_bytes(path, gzipped), kind, str(path), options)


_KIND_BY_MEDIA_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/json": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/warc": "warc",
}


def kind_of_response(url: str, media_type: str, content: bytes) -> tuple[str, bool]:
    """The document kind of a fetched resource: from the URL's file name, its media type, or its first bytes."""
    name = Path(url.split("?", 1)[0].split("#", 1)[0].rstrip("/")).name
    try:
        kind, gzipped = detect_kind(Path(name))
        if not gzipped or content[:2] == b"\x1f\x8b":
            return kind, gzipped
        return kind, False  # the server already undid the .gz
    except UnsupportedInput:
        pass
    if media_type in _KIND_BY_MEDIA_TYPE:
        return _KIND_BY_MEDIA_TYPE[media_type], False
    head = content[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html", False
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed", False
    raise UnsupportedInput(f"cannot tell what kind of document the server sent ({media_type or 'no Content-Type'})", source=url)


def fetch_document(url: str, options: ReadOptions) -> RawDocument:
    """Fetch one page as a single HTML (or text) document, for a feed entry's link."""
    resp = options.fetcher().get(url)
    kind, gzipped = kind_of_response(resp.url, resp.content_type, resp.content)
    data = gzip_or_plain(resp.content, gzipped, url)
    if kind not in {"html", "text"}:
        raise UnsupportedInput(f"the link leads to a {kind} document, not a page", source=url)
    text = decode_markup(data, url, resp.charset) if kind == "html" else decode(data, url)
    return RawDocument(source=url, kind=kind, content=text, meta={"url": resp.url})


def gzip_or_plain(data: bytes, gzipped: bool, source: str) -> bytes:
    """Decompress gzip data when the name says so; raise InputError on truncated or corrupt data."""
    if not gzipped:
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"broken gzip data ({exc})", source=source) from exc


def read_url(url: str, options: ReadOptions) -> Iterator[RawDocument | Failure]:
    """Fetch a URL and read it as the kind of document it is (page, feed, JSONL, WARC)."""
    resp = options.fetcher().get(url)
    kind, gzipped = kind_of_response(resp.url, resp.content_type, resp.content)
    data = gzip_or_plain(resp.content, gzipped, url)
    meta = {"url": resp.url} if kind in {"html", "text"} else {}
    yield from read_content(data, kind, url, options, charset=resp.charset, meta=meta)


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


def _guarded(source: str, items: Iterable[RawDocument | Failure]) -> Iterator[RawDocument | Failure]:
    """Pass documents on; turn an error part-way through a source into a Failure naming it."""
    try:
        yield from items
    except InputError as exc:
        yield Failure(exc.source or source, exc.message + (f" ({exc.hint})" if exc.hint else ""))
    except OSError as exc:
        yield Failure(source, f"cannot read the file: {exc.strerror or exc}")
    except (RecursionError, MemoryError) as exc:
        yield Failure(source, f"the document is too deeply nested or too large to read ({type(exc).__name__})")
    except Exception as exc:  # a parser library's bug on hostile bytes must not stop the other sources
        yield Failure(source, f"unexpected error while reading: {type(exc).__name__}: {exc}")


def iter_documents(
    sources: Iterable[str | Path | RawDocument | Failure], options: ReadOptions | None = None
) -> Iterator[RawDocument | Failure]:
    """Yield every readable document of the sources (paths, http(s) URLs, or documents already read,
    as the feed watcher gives), and a Failure for each source that cannot be read."""
    from .fetch import is_url

    for raw in sources:
        if isinstance(raw, RawDocument | Failure):
            yield raw
        elif isinstance(raw, str) and is_url(raw):
            yield from _guarded(raw, read_url(raw, options or ReadOptions()))
        else:
            for item in walk([raw]):
                if isinstance(item, Failure):
                    yield item
                else:
                    yield from _guarded(str(item), read_path(item, options))
