"""A real HTTP server on 127.0.0.1 for the ingestion tests: routes of canned answers, and a log of requests."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Border talks resume in Geneva | The Northern Ledger</title>
<meta property="og:title" content="Border talks resume in Geneva">
<meta property="og:site_name" content="The Northern Ledger">
<meta name="author" content="Mira Halvorsen">
<meta property="article:published_time" content="2024-03-06T08:30:00Z">
<link rel="canonical" href="https://ledger.example/2024/03/06/border-talks">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Border talks resume in Geneva</h1>
<p class="byline">By Mira Halvorsen</p>
<p>GENEVA (Ledger) - The foreign ministers of Varenia and Ostmark met in Geneva on Wednesday for a
second round of talks on the disputed border, officials from both sides said after the meeting.</p>
<p>The Varenian minister told reporters that the talks had been frank and that a working group
would meet again next week to draft a text on troop withdrawals from the frontier districts.</p>
<p>Ostmark's delegation said it would answer a proposal on observers within ten days and called
on both armies to keep their positions while diplomats worked on a settlement.</p>
</article>
<footer>Share this story. Subscribe to our newsletter. All rights reserved.</footer>
</body></html>"""


@dataclass
class Answer:
    """A canned answer: status, headers and body, or a handler that writes the answer itself."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    write: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class Server:
    """The running server: its base URL, its routes (changeable while it runs) and the requests it saw."""

    base: str
    routes: dict[str, Answer]
    requests: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def html_answer(text: str = PAGE, **headers: str) -> Answer:
    return Answer(200, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8", **headers})


def gzip_answer(data: bytes, content_type: str, *, truncate: bool = False) -> Answer:
    body = gzip.compress(data)
    if truncate:
        body = body[: len(body) // 2]
    return Answer(200, body, {"Content-Type": content_type, "Content-Encoding": "gzip"})


def stream_answer(total: int, *, declare_length: bool) -> Answer:
    """A large body written in 1 MB chunks (the client may hang up early: that is the point)."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if declare_length:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()
        chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
        try:
            for _ in range(total // len(chunk)):
                handler.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return Answer(write=write)


class _Handler(BaseHTTPRequestHandler):
    server_version = "ingest-test/1"

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        state: Server = self.server.state  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        state.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
        answer = state.routes.get(path)
        if answer is None:
            answer = Answer(404, b"not found", {"Content-Type": "text/plain"})
        if answer.write is not None:
            answer.write(self)
            return
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        if "Content-Length" not in answer.headers:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        try:
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serve(routes: dict[str, Answer]) -> Iterator[Server]:
    """Run a threaded HTTP server on a free port of 127.0.0.1 for the duration of the block."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    state = Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, [])
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
