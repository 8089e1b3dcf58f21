"""The HTTP API over a hand-written store: filters, paging, CSV, errors as 4xx, token, security headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.errors import StoreError
from crisisdesk.store.store import Store
from crisisdesk.web.app import create_app

from .web_store import build


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "s.duckdb"
    build(path)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    with TestClient(create_app(db)) as c:
        yield c


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


# -- articles -------------------------------------------------------------------------------------
def test_web_articles_listed_newest_first_with_total(client: TestClient) -> None:
    page = client.get("/api/articles").json()
    assert [a["id"] for a in page["items"]] == ["a3", "a2", "a1"] and page["total"] == 3
    assert "text" not in page["items"][0]
    assert client.get("/api/articles?duplicates=false").json()["total"] == 2


def test_web_articles_paging(client: TestClient) -> None:
    page = client.get("/api/articles?limit=1&offset=1").json()
    assert [a["id"] for a in page["items"]] == ["a2"]
    assert (page["total"], page["limit"], page["offset"]) == (3, 1, 1)


def test_web_article_has_its_annotations(client: TestClient) -> None:
    one = client.get("/api/articles/a1").json()
    assert one["duplicate_of"] is None and one["text"].startswith("Varenia shelled")
    assert len(one["events"]) == 6 and len(one["quotes"]) == 1 and len(one["actors"]) == 3 and len(one["timexes"]) == 1
    assert client.get("/api/articles/a2").json()["duplicate_of"] == "a1"


def test_web_unknown_article_is_404_with_message(client: TestClient) -> None:
    response = client.get("/api/articles/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


# -- events ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("article_id=a3", ["a3-e0"]),
    ("actor=nato", ["a1-e3", "a2-e3"]),
    ("actor=IGOWSTNAT&article_id=a1", ["a1-e3"]),
    ("source=XOS", ["a1-e1", "a2-e1", "a3-e0"]),
    ("target=anna-velska", []),
    ("pair=XVR,XOS&counted=true", ["a1-e0", "a1-e1", "a3-e0"]),
    ("pair=xos,xvr&article_id=a1", ["a1-e0", "a1-e1", "a1-e2", "a1-e5"]),
    ("cameo=19&article_id=a1", ["a1-e0"]),
    ("cameo=190", ["a3-e0"]),
    ("cameo_root=11&article_id=a1", ["a1-e1"]),
    ("plover=consult", ["a1-e2", "a2-e2"]),
    ("quad_class=4&article_id=a1", ["a1-e0", "a1-e4"]),
    ("modality=negated", ["a1-e2", "a2-e2"]),
    ("from=2024-03-03&to=2024-03-05", ["a1-e1", "a2-e1", "a3-e0"]),
    ("to=2024-03-01", ["a1-e0", "a2-e0"]),
    ("counted=true&article_id=a2", []),
])
def test_web_events_filters(client: TestClient, query: str, expected: list[str]) -> None:
    assert ids(client.get(f"/api/events?{query}")) == expected


def test_web_events_newest_first_undated_last(client: TestClient) -> None:
    items = client.get("/api/events?article_id=a1").json()["items"]
    dates = [e["date"] for e in items]
    assert dates[0] == "2024-03-03" and dates[-1] is None


def test_web_events_empty_parameters_mean_no_filter(client: TestClient) -> None:
    assert client.get("/api/events?quad_class=&modality=&from=").json()["total"] == 13


# -- quotes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("speaker=velska", ["a1-q0"]),
    ("speaker=henrik-aalund", ["a3-q0"]),
    ("country=xos", ["a3-q0"]),
    ("q=100%25 sure", ["a3-q0"]),
    ("q=%25", ["a3-q0"]),  # a user's % is a literal percent sign, not a wildcard
    ("q=_", []),
    ("from=2024-03-02", ["a3-q0", "a3-q1"]),
    ("to=2024-03-01", ["a1-q0"]),
    ("kind=indirect", ["a3-q1"]),
])
def test_web_quotes_search(client: TestClient, query: str, expected: list[str]) -> None:
    assert ids(client.get(f"/api/quotes?{query}")) == expected


def test_web_quotes_carry_article_date_and_title(client: TestClient) -> None:
    item = client.get("/api/quotes?speaker=velska").json()["items"][0]
    assert item["published"] == "2024-03-01" and item["article_title"] == "Border clash"


# -- actors ---------------------------------------------------------------------------------------
def test_web_actors_list_and_profile(client: TestClient) -> None:
    listing = client.get("/api/actors").json()
    assert {a["actor_id"] for a in listing["items"]} == {"anna-velska", "xvr", "xos", "henrik-aalund"}
    assert client.get("/api/actors?kind=country").json()["total"] == 2
    varenia = client.get("/api/actors/xvr").json()
    partners = {p["actor_id"]: p for p in varenia["partners"]}
    assert partners["xos"]["out_events"] == 4 and partners["xos"]["in_events"] == 3  # a1 and its copy a2 both count here
    assert partners["nato"]["in_events"] == 2
    assert "xvr" not in partners  # arresting its own protesters is not a partner
    assert {r["day"] for r in varenia["activity"]} >= {"2024-03-01", "2024-03-05"}


def test_web_actor_known_only_from_events(client: TestClient) -> None:
    assert client.get("/api/actors/nato").json()["code"] == "IGOWSTNAT"
    assert client.get("/api/actors/nobody").status_code == 404


# -- escalation -----------------------------------------------------------------------------------
def test_web_escalation_pair_and_country(client: TestClient) -> None:
    pair = client.get("/api/escalation?pair=XVR,XOS").json()
    assert pair["from"] == "2024-03-01" and pair["to"] == "2024-03-05"
    assert [p["events"] for p in pair["points"]] == [1, 0, 1, 0, 1]
    country = client.get("/api/escalation?country=xvr&fill=false&role=source").json()
    assert country["country"] == "XVR" and sum(p["events"] for p in country["points"]) == 2
    top = client.get("/api/pairs?n=1").json()
    assert top == [{"a": "XOS", "b": "XVR", "events": 3, "goldstein_mean": pytest.approx(-7.333, abs=1e-3)}]


def test_web_escalation_csv(client: TestClient) -> None:
    response = client.get("/api/escalation?pair=XVR,XOS&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.headers["content-type"].startswith("text/csv")
    assert [r["events"] for r in rows] == ["1", "0", "1", "0", "1"] and rows[0]["quad4"] == "1"


# -- CSV ------------------------------------------------------------------------------------------
def test_web_events_csv_download(client: TestClient) -> None:
    response = client.get("/api/events?article_id=a1&format=csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6
    assert {r["source_name"] for r in rows} >= {"Varenia", "NATO"}
    assert rows[0]["goldstein"] == "-2.0"  # numbers are not treated as formulas


def test_web_csv_cells_cannot_be_formulas(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles?format=csv").text)))
    assert all(not (r["title"] or "").startswith(("=", "+", "-", "@")) for r in rows)
    from crisisdesk.web.api import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell(-2.0) == -2.0 and _cell("plain") == "plain"


# -- bad parameters -------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "/api/articles?limit=0", "/api/articles?limit=100000", "/api/articles?offset=-1", "/api/articles?limit=abc",
    "/api/events?limit=501", "/api/events?offset=99999999999999999999", "/api/events?quad_class=5",
    "/api/events?from=2024-13-01", "/api/events?from=2024-03-05&to=2024-03-01", "/api/events?cameo=abc",
    "/api/events?pair=XVR", "/api/events?modality=maybe", "/api/events?format=xml", "/api/quotes?country=Varenia",
    "/api/quotes?q=" + "x" * 201, "/api/escalation", "/api/escalation?pair=XVR,XOS&country=XVR",
    "/api/escalation?pair=XVR,XOS&from=1900-01-01&to=2024-01-01", "/api/escalation?country=X",
    "/api/pairs?n=0",
])
def test_web_bad_parameters_are_422_with_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/api/events", "/api/quotes", "/api/articles", "/api/actors", "/api/escalation", "/api/pairs",
                          "/events", "/quotes", "/articles", "/actors", "/pairs", "/"]),
    params=st.dictionaries(
        st.sampled_from(["actor", "pair", "cameo", "cameo_root", "plover", "quad_class", "modality", "from", "to", "limit",
                         "offset", "format", "speaker", "country", "q", "kind", "n", "fill", "counted", "duplicates"]),
        _TEXT, max_size=4),
)
def test_web_no_parameter_gives_a_server_error(client: TestClient, path: str, params: dict[str, str]) -> None:
    assert client.get(path, params=params).status_code < 500


# -- guard ----------------------------------------------------------------------------------------
def test_web_token_required_when_set(db: Path) -> None:
    with TestClient(create_app(db, token="s3cret")) as guarded:
        for path in ("/api/articles", "/", "/openapi.json", "/articles/a1"):
            assert guarded.get(path).status_code == 401
            assert guarded.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
            assert guarded.get(path, headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert guarded.get("/static/style.css").status_code == 200  # the bundled assets hold nothing private


def test_web_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"


def test_web_openapi_document(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/events", "/api/actors",
            "/api/actors/{actor_id}", "/api/escalation", "/api/pairs"} <= set(spec["paths"])
    assert not any(not p.startswith("/api/") for p in spec["paths"])  # pages are not part of the API
    event_params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "pair", "cameo", "cameo_root", "plover", "quad_class", "modality", "from", "to", "limit", "offset", "format"} <= event_params


def test_web_store_is_read_only(client: TestClient) -> None:
    reader = client.app.state.reader
    with pytest.raises(Exception, match="read-only"), reader.connection() as con:
        con.execute("DELETE FROM articles")


def test_web_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        create_app(tmp_path / "absent.duckdb")


def test_web_empty_store_serves_every_page(tmp_path: Path) -> None:
    Store.open(tmp_path / "e.duckdb").close()
    with TestClient(create_app(tmp_path / "e.duckdb")) as empty:
        for path in ("/", "/pairs", "/actors", "/quotes", "/events", "/articles", "/api-docs", "/api/escalation?pair=A1,B1"):
            assert empty.get(path).status_code == 200, path


@pytest.mark.parametrize(("query", "total", "n"), [
    ("article_id=a1&limit=2", 6, 2),
    ("article_id=a1&offset=4", 6, 2),
    ("article_id=a1&offset=100", 6, 0),
    ("limit=1", 13, 1),
    ("limit=1&offset=50", 13, 0),
    ("article_id=none", 0, 0),
])
def test_web_events_page_totals(client: TestClient, query: str, total: int, n: int) -> None:
    page = client.get(f"/api/events?{query}").json()
    assert (page["total"], len(page["items"])) == (total, n)
