"""Hostile servers and addresses: fetching refuses unsafe targets and cuts stalled or dripping answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from crisisdesk.ingest.fetch import Fetcher, FetchError, FetchPolicy, check_url


@contextmanager
def raw_server(behaviour: str) -> Iterator[str]:
    """A socket server on 127.0.0.1 that, per connection, never answers ('silent') or sends headers and
    then one body byte every 0.1 s without end ('drip')."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.recv(4096)
            if behaviour == "drip":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
            while not stop.is_set():
                try:
                    if behaviour == "drip":
                        conn.sendall(b"x")
                except OSError:
                    return
                time.sleep(0.1)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/page.html"
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize(("behaviour", "message"), [("silent", "ReadTimeout"), ("drip", "longer than 1.5 s")])
def test_reliability_hostile_stalled_or_dripping_server_is_cut(behaviour: str, message: str) -> None:
    policy = FetchPolicy(allow_private=True, retries=0, per_host_interval=0.0, timeout=1.0, max_seconds=1.5, respect_robots=False)
    with raw_server(behaviour) as url:
        started = time.monotonic()
        with pytest.raises(FetchError, match=message):
            Fetcher(policy).get(url)
        assert time.monotonic() - started < 10


@pytest.mark.parametrize("url", [
    "http://100.64.0.1/a",  # carrier NAT's shared space
    "http://198.18.0.1/a",  # benchmarking network
    "http://0x7f000001/a",
    "http://2130706433/a",
    "http://[::ffff:169.254.169.254]/latest/meta-data",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
])
def test_reliability_hostile_unsafe_targets_refused_unless_allowed(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url)
    if url.startswith("http"):
        check_url(url, allow_private=True)
