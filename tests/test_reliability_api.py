"""The HTTP API fuzzed by schemathesis from its own OpenAPI document, over a real uvicorn on 127.0.0.1:
no 5xx; bad parameters give a 4xx with a message."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import settings
from schemathesis.checks import not_a_server_error

from crisisdesk.web.app import create_app

from .web_store import build

ANSWERS: dict[int, int] = {}


def _serve() -> str:
    """Serve a hand-written store from a daemon thread (it ends with the test process)."""
    db = Path(tempfile.mkdtemp(prefix="crisisdesk-fuzz-")) / "store.duckdb"
    build(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


# Started at import: schemathesis generates the tests from the served schema while pytest collects them.
BASE = _serve()
schema = schemathesis.openapi.from_url(f"{BASE}/openapi.json")


@schema.parametrize()
# 20 generated cases per operation (plus schemathesis' coverage cases) keep the run near a minute on CI.
@settings(max_examples=20)
def test_reliability_api_fuzzed_gives_no_server_error(case) -> None:
    response = case.call(base_url=BASE)
    ANSWERS[response.status_code] = ANSWERS.get(response.status_code, 0) + 1
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, response.text
    if 400 <= response.status_code < 500 and response.headers.get("content-type", [""])[0].startswith("application/json"):
        assert response.json().get("detail"), response.text


def test_reliability_api_fuzz_counts() -> None:
    """Runs after the fuzzing (file order): it made requests, and none got a 5xx."""
    print(f"\nAPI requests fuzzed: {sum(ANSWERS.values())} by status {dict(sorted(ANSWERS.items()))}")
    assert sum(ANSWERS.values()) >= 100 and not any(code >= 500 for code in ANSWERS)


@pytest.mark.parametrize("path", [
    "/api/index?a=XVR&from=0001-01-01&to=2000-01-01",
    "/api/escalation?country=XVR&from=0001-01-01",
    "/api/events?to=9999-12-31",
    "/api/articles?limit=-1",
])
def test_reliability_api_bad_parameters_get_422_with_a_message(path: str) -> None:
    answer = httpx.get(BASE + path, timeout=30)
    assert answer.status_code == 422 and "bad parameters" in answer.json()["detail"]
