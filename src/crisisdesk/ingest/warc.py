"""Read WARC and WARC.gz archives with warcio: HTML response records become documents with the
WARC date and target URI; a bad record is reported with its offset and the records before it are kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .sources import Failure, RawDocument, decode_markup

_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def _content_type(value: str | None) -> tuple[str, str | None]:
    """The media type and charset of a Content-Type header."""
    if not value:
        return "", None
    kind, *params = (p.strip() for p in value.split(";"))
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val:
            charset = val.strip("\"' ").lower()
    return kind.lower(), charset


def read_warc_stream(stream: BinaryIO, source: str) -> Iterator[RawDocument | Failure]:
    """Yield a document per HTML response record of a WARC stream (plain or gzip), in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    # Digests checked (problems collected, not raised): a truncated or damaged body shows as a mismatch.
    iterator = ArchiveIterator(stream, arc2warc=True, check_digests=True)
    records = iter(iterator)
    n = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        # warcio also fails with AttributeError and others on a header block cut short.
        except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError, IndexError, TypeError) as exc:
            # warcio cannot find the next record once one is broken: report where, keep what came before.
            where = iterator.get_record_offset() if n else 0
            yield Failure(f"{source}@{where}", f"bad WARC record after {n} good ones, the rest of the file is skipped ({exc})")
            return
        n += 1
        if record.rec_type != "response" or record.http_headers is None:
            continue
        status = record.http_headers.get_statuscode()
        kind, charset = _content_type(record.http_headers.get_header("Content-Type"))
        if status != "200" or kind not in _HTML_TYPES:
            continue
        try:
            body = record.content_stream().read()
            error = None
        except Exception as exc:  # warcio raises zlib and chunking errors of many kinds for a damaged body
            body, error = b"", exc
        # The offset only after the body is read: asking for it first makes warcio skip the body.
        ref = f"{source}@{iterator.get_record_offset()}"
        if error is not None:
            yield Failure(ref, f"cannot read the record's body ({type(error).__name__}: {error})")
            continue
        checker = getattr(record, "digest_checker", None)
        # A digest left unchecked after the whole body was read means the body ended early.
        unchecked = checker is not None and checker.passed is None and record.rec_headers.get_header("WARC-Block-Digest")
        if checker is not None and (checker.passed is False or unchecked):
            yield Failure(ref, f"damaged WARC record, skipped ({'; '.join(checker.problems) or 'digest mismatch or body cut short'})")
            continue
        meta = {"container": "warc"}
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if uri:
            meta["url"] = uri.strip("<> ")
        date = record.rec_headers.get_header("WARC-Date")
        if date:
            meta["container_date"] = date
        try:
            text = decode_markup(body, ref, charset)
        except Exception as exc:
            yield Failure(ref, str(getattr(exc, "message", exc)))
            continue
        yield RawDocument(source=ref, kind="html", content=text, meta=meta)


def read_warc(path: Path) -> Iterator[RawDocument | Failure]:
    """Read a .warc or .warc.gz file (warcio detects the compression itself)."""
    with path.open("rb") as fh:
        yield from read_warc_stream(fh, str(path))
