"""The analysis over HTTP: index and verdicts, event clusters, claims and alerts, as API and pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crisisdesk.analysis.refresh import analyse_pending
from crisisdesk.web.app import create_app

from .analysis_helpers import filler, make_article, make_event, store_with

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    day = dt.date(2022, 2, 14)
    warn = make_article(f"Russia could invade Ukraine as early as Wednesday {HOSTILE}. {filler()}", day.isoformat(), site="<b>Wire</b>")
    hit = make_article(f"Russian forces attacked Ukraine on Wednesday. {filler()}", "2022-02-16", site="Daily")
    items = [
        (warn, [make_event(warn, "could invade", "RUS", "UKR", "192", "2022-02-16", modality="hypothetical")]),
        (hit, [make_event(hit, "attacked Ukraine", "RUS", "UKR", "190", "2022-02-16")]),
    ]
    db = tmp_path / "s.duckdb"
    store = store_with(db, items)
    # the claim needs a time expression pointing ahead: the real tagger would give it; written here by hand
    store.con.execute("INSERT INTO timexes VALUES (?, 0, 'date', '2022-02-16', 'Wednesday', ?, ?, '{}')",
                      [warn.id, warn.text.index("Wednesday"), warn.text.index("Wednesday") + 9])
    rules = tmp_path / "rules.yaml"
    rules.write_text("outputs: {stdout: false}\nrules:\n  - {name: attack, when: event, cameo_root: '19'}\n")
    from crisisdesk.analysis.alerts import load_rules

    analyse_pending(store.con, load_rules(rules))
    store.close()
    return TestClient(create_app(db))


def test_analysis_web_index_and_verdicts(client: TestClient) -> None:
    points = client.get("/api/index", params={"a": "rus", "b": "UKR", "from": "2022-02-14", "to": "2022-02-16"}).json()
    assert [p["date"] for p in points] == ["2022-02-14", "2022-02-15", "2022-02-16"]
    assert points[-1]["events"] == 1 and points[-1]["index"] == -1000.0  # one -10 event, one article that day
    verdicts = client.get("/api/verdicts", params={"a": "RUS", "b": "UKR"}).json()
    assert verdicts and verdicts[0]["verdict"] == "insufficient history"


@pytest.mark.parametrize("query", ["a=R;drop", "a=RUS&from=2022-13-01", "b=UKR"])
def test_analysis_web_bad_parameters_are_422(client: TestClient, query: str) -> None:
    assert client.get(f"/api/index?{query}").status_code == 422


def test_analysis_web_event_cluster_with_mentions(client: TestClient) -> None:
    cluster = client.get("/api/event-clusters/1").json()
    assert cluster["n_mentions"] == len(cluster["mentions"]) >= 1
    assert client.get("/api/event-clusters/999").status_code == 404


def test_analysis_web_claims_and_alerts(client: TestClient) -> None:
    claims = client.get("/api/claims").json()
    assert len(claims) == 1 and claims[0]["status"] == "borne out" and claims[0]["target_date"] == "2022-02-16"
    assert client.get("/api/claims", params={"status": "open"}).json() == []
    assert client.get("/api/claims", params={"status": "maybe"}).status_code == 422
    assert client.get("/api/index", params={"a": "RUS", "from": "2022-03-01", "to": "2022-02-01"}).status_code == 422
    alerts = client.get("/api/alerts").json()
    assert [a["rule"] for a in alerts] == ["attack"]


def test_analysis_web_pages_escape_article_text(client: TestClient) -> None:
    page = client.get("/claims").text
    assert "as early as Wednesday" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page and "<b>Wire</b>" not in page
    alerts_page = client.get("/alerts").text
    assert "attack" in alerts_page and "<script>" not in alerts_page
    assert json.loads(client.get("/openapi.json").text)["paths"].keys() >= {"/api/index", "/api/verdicts", "/api/claims", "/api/alerts"}
    overview = client.get("/").text
    assert 'href="/claims"' in overview and 'href="/alerts"' in overview  # in the navigation bar
