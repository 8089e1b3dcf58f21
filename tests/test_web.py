"""The HTTP API and overview page over a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crisisdesk.records import Article
from crisisdesk.store.store import Store
from crisisdesk.web.app import create_app

HOSTILE = "Officials met. <script>alert('x')</script> <img src=x onerror=alert(1)> More text follows here."


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        store.add(Article(id="a1", source="x", title="<b>Bold</b> title", published="2024-03-02", text=HOSTILE), [])
    return TestClient(create_app(db))


def test_web_articles_listed_and_fetched(client: TestClient) -> None:
    listing = client.get("/api/articles").json()
    assert [a["id"] for a in listing] == ["a1"]
    one = client.get("/api/articles/a1").json()
    assert one["text"] == HOSTILE and one["quotes"] == []


def test_web_unknown_article_is_404_with_message(client: TestClient) -> None:
    response = client.get("/api/articles/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


@pytest.mark.parametrize("query", ["limit=0", "limit=100000", "offset=-1", "limit=abc"])
def test_web_bad_paging_is_422(client: TestClient, query: str) -> None:
    assert client.get(f"/api/articles?{query}").status_code == 422


def test_web_overview_escapes_article_content(client: TestClient) -> None:
    page = client.get("/").text
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_web_openapi_document(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/quotes", "/api/events"} <= set(spec["paths"])


def test_web_token_required_when_set(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    client = TestClient(create_app(db, token="s3cret"))
    assert client.get("/api/articles").status_code == 401
    assert client.get("/api/articles", headers={"Authorization": "Bearer s3cret"}).status_code == 200
