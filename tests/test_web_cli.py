"""`crisisdesk serve` as a user runs it: refuses what is unsafe, says why, and serves a real uvicorn."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .web_store import build

CLI = str(Path(sys.executable).with_name("crisisdesk"))


def test_web_cli_serve_refuses_open_host_without_token(cli_env: dict[str, str]) -> None:
    cli_env.pop("CRISISDESK_TOKEN", None)
    done = subprocess.run([CLI, "serve", "--host", "0.0.0.0"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "CRISISDESK_TOKEN" in done.stderr


def test_web_cli_serve_missing_store_is_a_clear_error(cli_env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run([CLI, "serve", "--db", str(tmp_path / "none.duckdb")], env=cli_env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "no store" in done.stderr and "ingest" in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status(url: str, token: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_web_cli_serve_with_token_guards_every_request(cli_env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    build(db)
    cli_env["CRISISDESK_TOKEN"] = "t0ken"
    port = _free_port()
    proc = subprocess.Popen([CLI, "serve", "--db", str(db), "--port", str(port)], env=cli_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _status(base + "/static/style.css")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert _status(base + "/api/events") == 401
        assert _status(base + "/", "wrong") == 401
        assert _status(base + "/api/events", "t0ken") == 200
        assert _status(base + "/articles/a1", "t0ken") == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert b"bearer token required" in proc.stderr.read()
