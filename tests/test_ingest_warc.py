"""WARC and WARC.gz archives: HTML responses become documents with the WARC date and target URI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crisisdesk.ingest.sources import Failure, RawDocument, iter_documents
from crisisdesk.runner import read_articles

from .ingest_server import PAGE

UNDATED = PAGE.replace('<meta property="article:published_time" content="2024-03-06T08:30:00Z">', "").replace("2024/03/06/", "")


def _record(writer: WARCWriter, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK", date: str = "2024-03-07T10:00:00Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)


def _warc(path: Path, *, gz: bool, bad_after: int | None = None) -> Path:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    pages = [
        ("https://ledger.example/a", UNDATED.encode(), "text/html; charset=utf-8", "200 OK"),
        ("https://ledger.example/logo.png", b"\x89PNG....", "image/png", "200 OK"),
        ("https://ledger.example/gone", b"<html>gone</html>", "text/html", "404 Not Found"),
        ("https://ledger.example/b", PAGE.replace("Geneva", "Vienna").encode(), "text/html", "200 OK"),
    ]
    for n, (uri, body, ctype, status) in enumerate(pages):
        if bad_after is not None and n == bad_after:
            buf.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: not-a-number\r\n\r\ngarbage" if not gz else b"\x1f\x8b\x08\x00garbage-that-is-not-deflate")
        _record(writer, uri, body, ctype, status)
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_ingest_warc_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = _warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    docs = list(iter_documents([path]))
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.meta["url"] for d in docs] == ["https://ledger.example/a", "https://ledger.example/b"]
    assert docs[0].meta["container_date"] == "2024-03-07T10:00:00Z"
    assert docs[0].source.startswith(str(path) + "@")


def test_ingest_warc_date_used_when_page_has_none(tmp_path: Path) -> None:
    path = _warc(tmp_path / "crawl.warc", gz=False)
    first, second = [a for a in read_articles([path])]
    assert first.published == "2024-03-07" and any("WARC record" in w for w in first.warnings)
    assert second.published == "2024-03-06"  # the page's own date wins
    assert first.url == "https://ledger.example/a"  # where the crawler found it


@pytest.mark.parametrize("gz", [False, True])
def test_ingest_warc_bad_record_reported_and_earlier_records_kept(tmp_path: Path, gz: bool) -> None:
    path = _warc(tmp_path / ("bad.warc.gz" if gz else "bad.warc"), gz=gz, bad_after=2)
    items = list(iter_documents([path]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [d.meta["url"] for d in docs] == ["https://ledger.example/a"]
    assert len(failures) == 1 and failures[0].source.startswith(str(path)) and "bad WARC record" in failures[0].reason


def test_ingest_warc_truncated_gzip_reported(tmp_path: Path) -> None:
    full = _warc(tmp_path / "full.warc.gz", gz=True).read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(full[: len(full) - 200])
    items = list(iter_documents([path]))
    assert isinstance(items[-1], Failure) and str(path) in items[-1].source
    assert any(isinstance(i, RawDocument) for i in items)
