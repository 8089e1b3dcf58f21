"""Fetching URLs against a real HTTP server on 127.0.0.1: limits, retries, redirects, robots.txt, safety."""

from __future__ import annotations

import pytest

from crisisdesk.ingest.fetch import Fetcher, FetchError, FetchPolicy, check_url, is_url
from crisisdesk.ingest.sources import Failure, RawDocument, ReadOptions, iter_documents

from .ingest_server import PAGE, Answer, gzip_answer, html_answer, serve, stream_answer

# Tests allow 127.0.0.1 explicitly, and never sleep: the backoff and rate-limit waits are recorded instead.
FAST = FetchPolicy(allow_private=True, backoff=0.01, per_host_interval=0.0, timeout=5.0)


def _fetcher(waits: list[float] | None = None, **changes) -> Fetcher:
    policy = FetchPolicy(**{**FAST.__dict__, **changes})
    return Fetcher(policy, sleep=(waits.append if waits is not None else lambda s: None))


def test_ingest_fetch_page_with_user_agent() -> None:
    with serve({"/a.html": html_answer()}) as srv, _fetcher() as f:
        resp = f.get(srv.url("/a.html"))
    assert resp.status == 200 and resp.content.decode() == PAGE and resp.charset == "utf-8"
    headers = dict(srv.requests)["/a.html"]
    assert headers["user-agent"].startswith("crisisdesk/")


def test_ingest_fetch_server_error_retried_then_reported() -> None:
    waits: list[float] = []
    with serve({"/broken": Answer(500, b"oops")}) as srv, _fetcher(waits, retries=2) as f:
        with pytest.raises(FetchError, match="HTTP 500") as info:
            f.get(srv.url("/broken"))
        assert srv.hits("/broken") == 3
    assert info.value.source == srv.url("/broken")
    assert waits == pytest.approx([0.01, 0.02])  # exponential backoff


def test_ingest_fetch_redirect_loop_reported() -> None:
    routes = {
        "/loop-a": Answer(302, b"", {"Location": "/loop-b"}),
        "/loop-b": Answer(302, b"", {"Location": "/loop-a"}),
    }
    with serve(routes) as srv, _fetcher() as f, pytest.raises(FetchError, match="redirect loop"):
        f.get(srv.url("/loop-a"))


def test_ingest_fetch_redirect_followed() -> None:
    routes = {"/old": Answer(301, b"", {"Location": "/new.html"}), "/new.html": html_answer()}
    with serve(routes) as srv, _fetcher() as f:
        resp = f.get(srv.url("/old"))
    assert resp.url == srv.url("/new.html") and resp.status == 200


@pytest.mark.parametrize("declare_length", [True, False])
def test_ingest_fetch_50mb_response_refused(declare_length: bool) -> None:
    with serve({"/huge": stream_answer(50 * 1024 * 1024, declare_length=declare_length)}) as srv, _fetcher() as f:
        with pytest.raises(FetchError, match="byte limit"):
            f.get(srv.url("/huge"))


def test_ingest_fetch_truncated_gzip_reported() -> None:
    routes = {"/t.html": gzip_answer(PAGE.encode() * 20, "text/html", truncate=True)}
    with serve(routes) as srv, _fetcher() as f, pytest.raises(FetchError, match="truncated gzip"):
        f.get(srv.url("/t.html"))


def test_ingest_fetch_gzip_body_decoded() -> None:
    with serve({"/z.html": gzip_answer(PAGE.encode(), "text/html")}) as srv, _fetcher() as f:
        assert f.get(srv.url("/z.html")).content.decode() == PAGE


def test_ingest_fetch_robots_txt_respected() -> None:
    routes = {
        "/robots.txt": Answer(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}),
        "/private/a.html": html_answer(),
        "/public/a.html": html_answer(),
    }
    with serve(routes) as srv, _fetcher() as f:
        assert f.get(srv.url("/public/a.html")).status == 200
        with pytest.raises(FetchError, match="robots.txt"):
            f.get(srv.url("/private/a.html"))
        assert srv.hits("/private/a.html") == 0
        assert srv.hits("/robots.txt") == 1  # read once per site


def test_ingest_fetch_rate_limit_per_host() -> None:
    waits: list[float] = []
    with serve({"/a.html": html_answer()}) as srv, _fetcher(waits, per_host_interval=5.0) as f:
        f.get(srv.url("/a.html"))
        f.get(srv.url("/a.html"))
    # robots.txt, then the page twice: three requests to one host, two waits between them
    assert len(waits) == 2 and all(4.0 < w <= 5.0 for w in waits)


def test_ingest_fetch_conditional_request_gives_304() -> None:
    routes = {"/feed.xml": Answer(304, b"", {"ETag": '"v1"'})}
    with serve(routes) as srv, _fetcher() as f:
        resp = f.get(srv.url("/feed.xml"), etag='"v1"', last_modified="Wed, 06 Mar 2024 08:00:00 GMT")
        headers = dict(srv.requests)["/feed.xml"]
    assert resp.not_modified
    assert headers["if-none-match"] == '"v1"' and headers["if-modified-since"].startswith("Wed, 06 Mar 2024")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9/a", "loopback"),
        ("http://localhost:9/a", "loopback"),
        ("http://10.1.2.3/a", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]:9/a", "loopback"),
        ("ftp://example.org/a", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_ingest_fetch_refuses_unsafe_urls(url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason.split("-")[0] if reason != "link-local" else "link-local"):
        check_url(url)


@pytest.mark.parametrize(("value", "expected"), [("https://a.example/x", True), ("http://a", True), ("a/b.html", False), ("C:/x.html", False)])
def test_ingest_fetch_tells_urls_from_paths(value: str, expected: bool) -> None:
    assert is_url(value) is expected


def test_ingest_fetch_urls_become_documents_and_failures() -> None:
    routes = {"/a.html": html_answer(), "/broken": Answer(500, b"")}
    options = ReadOptions(policy=FetchPolicy(**{**FAST.__dict__, "retries": 0}))
    with serve(routes) as srv:
        items = list(iter_documents([srv.url("/a.html"), srv.url("/broken")], options))
    options.close()
    assert isinstance(items[0], RawDocument) and items[0].kind == "html" and items[0].meta["url"] == srv.url("/a.html")
    assert isinstance(items[1], Failure) and items[1].source == srv.url("/broken") and "HTTP 500" in items[1].reason


def test_ingest_fetch_private_refused_by_default_in_iter_documents() -> None:
    with serve({"/a.html": html_answer()}) as srv:
        (item,) = iter_documents([srv.url("/a.html")], ReadOptions())
        assert srv.hits("/a.html") == 0
    assert isinstance(item, Failure) and "--allow-private" in item.reason


@pytest.mark.slow
def test_ingest_fetch_cli_urls_stored_and_broken_sources_lose_nothing(tmp_path, cli_env) -> None:
    import os
    import subprocess
    import sys

    from crisisdesk.store.store import Store

    db = tmp_path / "store.duckdb"
    env = {**os.environ, **cli_env, "CRISISDESK_DB": str(db)}
    routes = {"/a.html": html_answer(), "/broken": Answer(500, b""), "/t.html": gzip_answer(PAGE.encode() * 20, "text/html", truncate=True)}
    with serve(routes) as srv:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{srv.url('/broken')}\n# a comment\n{srv.url('/t.html')}\n", "utf-8")
        first = subprocess.run([sys.executable, "-m", "crisisdesk", "ingest", srv.url("/a.html"), "--allow-private", "--records", "article", "-q"], capture_output=True, text=True, env=env, timeout=300)
        second = subprocess.run([sys.executable, "-m", "crisisdesk", "ingest", "--urls", str(urls), "--allow-private", "--records", "article", "-q"], capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 1
    assert "HTTP 500" in second.stderr and "truncated gzip" in second.stderr
    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
