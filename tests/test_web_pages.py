"""The dashboard's pages (server-rendered): escaping, article marks, charts, navigation."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import Markup

from crisisdesk.web import charts, highlight, pages
from crisisdesk.web.app import create_app

from .web_store import HOSTILE_TITLE, TEXT_1, TEXT_3, build

VOID = {"br", "img", "input", "link", "meta", "hr", "source", "col", "area", "base", "wbr", "path", "circle", "rect", "line", "polyline"}


class Tree(HTMLParser):
    """Checks that every element is closed in order, and collects the text and the tags seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("pages") / "s.duckdb"
    build(path)
    with TestClient(create_app(path)) as c:
        yield c


PAGES = ["/", "/pairs", "/pairs/XOS/XVR", "/pairs/XOS/XVR?all=true&from=2024-03-01&to=2024-03-03", "/actors", "/actors/xvr",
         "/actors/henrik-aalund", "/quotes", "/quotes?speaker=aalund", "/events", "/events?pair=XVR,XOS&quad_class=4",
         "/articles", "/articles/a1", "/articles/a3", "/articles/a1?event=a1-e0", "/api-docs"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_well_formed_html(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    tree = parse(response.text)
    assert tree.errors == [] and tree.stack == []


@pytest.mark.parametrize("path", ["/articles", "/articles/a3", "/quotes", "/actors/henrik-aalund", "/articles?q=stall"])
def test_pages_show_hostile_text_as_text(client: TestClient, path: str) -> None:
    html = client.get(path).text
    tree = parse(html)
    assert "<script>alert(" in "".join(tree.text)
    scripts = [a for tag, a in tree.tags if tag == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]  # only the bundled script, in the head
    assert not any(tag == "img" or "onerror" in attrs for tag, attrs in tree.tags)
    assert not any((attrs.get("href") or "").lower().startswith("javascript:") for _, attrs in tree.tags)


def test_pages_article_url_with_javascript_scheme_is_not_a_link(client: TestClient) -> None:
    html = client.get("/articles/a3").text
    assert "javascript:alert(&#39;url&#39;)" in html  # shown as text
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("path", ["/articles/nope", "/actors/nope", "/pairs/X/Y", "/events?quad_class=9", "/quotes?from=yesterday"])
def test_pages_errors_are_pages(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"accept": "text/html"})
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("text/html") and "Error" in response.text


def test_pages_user_input_is_escaped_in_forms_and_errors(client: TestClient) -> None:
    evil = '"><script>alert(9)</script>'
    html = client.get("/quotes", params={"speaker": evil}).text
    assert "<script>alert(9)" not in html and "&lt;script&gt;alert(9)" in html
    error = client.get("/articles/" + evil, headers={"accept": "text/html"}).text
    assert "<script>alert(9)" not in error


def test_pages_pair_lists_counted_events_linked_to_evidence(client: TestClient) -> None:
    tree = parse(client.get("/pairs/XVR/XOS").text)
    links = [a["href"] for tag, a in tree.tags if tag == "a" and "evidence-link" in (a.get("class") or "")]
    assert sorted(links) == sorted(f"/articles/{e.split('-')[0]}?event={e}#e-{e}" for e in ("a1-e0", "a1-e1", "a3-e0"))
    every = parse(client.get("/pairs/XVR/XOS?all=true").text)
    assert sum(1 for tag, a in every.tags if tag == "a" and "evidence-link" in (a.get("class") or "")) == 9


def test_pages_nav_has_every_page_and_room_for_more(client: TestClient) -> None:
    tree = parse(client.get("/").text)
    nav = [a["href"] for tag, a in tree.tags if tag == "a" and a.get("class") != "brand" and a.get("href") in {i.path for i in pages.NAV}]
    assert nav[:9] == ["/", "/pairs", "/alerts", "/actors", "/quotes", "/events", "/claims", "/articles", "/api-docs"]
    pages.add_nav(pages.NavItem("More", "/more", 26))
    try:
        tree = parse(client.get("/").text)
        labels = [a["href"] for tag, a in tree.tags if tag == "a" and a.get("class") != "brand" and a.get("href") in {i.path for i in pages.NAV}]
        assert labels.index("/more") == labels.index("/alerts") + 1
    finally:
        pages.NAV[:] = [i for i in pages.NAV if i.path != "/more"]


# -- article marks --------------------------------------------------------------------------------
def _article(client: TestClient, article_id: str) -> dict:
    return client.get(f"/api/articles/{article_id}").json()


@pytest.mark.parametrize("article_id", ["a1", "a3"])
def test_highlight_keeps_the_text_exactly(client: TestClient, article_id: str) -> None:
    article = _article(client, article_id)
    html = highlight.render_text(article["text"], highlight.marks_for(article, selected_event=f"{article_id}-e0"))
    tree = parse(str(html))
    assert tree.errors == [] and tree.stack == []
    assert "".join(tree.text) == article["text"]


def test_highlight_selected_event_and_its_sentence(client: TestClient) -> None:
    article = _article(client, "a1")
    tree = parse(str(highlight.render_text(article["text"], highlight.marks_for(article, selected_event="a1-e1"))))
    evidence = [a for tag, a in tree.tags if "evidence" in (a.get("class") or "").split()]
    assert [a["data-event"] for a in evidence] == ["a1-e1"] and evidence[0]["id"] == "e-a1-e1"
    sentences = [a for tag, a in tree.tags if "m-sentence" in (a.get("class") or "")]
    assert [a["data-sentence"] for a in sentences] == ["a1-e1"]


def test_highlight_overlapping_marks_are_split_not_crossed() -> None:
    text = "abcdefghij"
    marks = [highlight.Mark(0, 6, "quote", "q", "quote"), highlight.Mark(4, 9, "event", "e", "event"),
             highlight.Mark(5, 7, "actor", "x", "actor", href="/actors/x")]
    html = str(highlight.render_text(text, marks))
    tree = parse(html)
    assert tree.errors == [] and "".join(tree.text) == text
    event_fragments = [a for tag, a in tree.tags if a.get("data-event") == "e"]
    assert len(event_fragments) == 2 and sum(1 for a in event_fragments if a.get("id")) == 1
    assert html.count('id="a-x"') == 1


def test_highlight_links_are_never_nested_and_bad_offsets_dropped() -> None:
    text = "President Anna Velska spoke."
    marks = [highlight.Mark(10, 21, "speaker", "q", "s", href="/actors/a"), highlight.Mark(10, 21, "actor", "a", "a", href="/actors/a"),
             highlight.Mark(5, 500, "event", "bad", "off the text"), highlight.Mark(7, 3, "event", "bad2", "backwards")]
    tree = parse(str(highlight.render_text(text, marks)))
    assert [tag for tag, _ in tree.tags].count("a") == 1
    assert not any(a.get("data-event") for _, a in tree.tags)


@pytest.mark.parametrize("text", ["", "<script>", "a&b", TEXT_1, TEXT_3])
def test_highlight_without_marks_is_escaped_text(text: str) -> None:
    html = highlight.render_text(text, [])
    assert isinstance(html, Markup) and "<" not in str(html) and parse(str(html)).text in ([text], [])


# -- charts ---------------------------------------------------------------------------------------
D0 = dt.date(2024, 3, 1)


def test_charts_line_breaks_on_missing_values_and_bridges_the_gap() -> None:
    points = [(D0 + dt.timedelta(days=i), v) for i, v in enumerate([1.0, 2.0, None, 4.0, 5.0])]
    tree = parse(str(charts.line_chart([charts.Line("x<y>", points)], label="L", y_label="y")))
    series = [a for tag, a in tree.tags if tag == "polyline" and a.get("class") == "series"]
    assert len(series) == 2
    assert sum(1 for tag, a in tree.tags if tag == "polyline" and a.get("class") == "series-gap") == 1
    assert sum(1 for tag, _ in tree.tags if tag == "circle") == 4
    assert "x<y>" in "".join(tree.text)  # the label survives as text, escaped in the markup


def test_charts_point_links_and_empty_chart() -> None:
    svg = str(charts.line_chart([charts.Line("a", [(D0, 1.0)])], label="L", y_label="y", point_href="?from={date}&to={date}"))
    assert 'href="?from=2024-03-01&amp;to=2024-03-01"' in svg
    assert "no data" in str(charts.line_chart([], label="L", y_label="y"))


def test_charts_stacked_bars_heights_add_up() -> None:
    days = [D0, D0 + dt.timedelta(days=1)]
    svg = str(charts.stacked_bars(days, [("a", "#000", [1, 0]), ("b", "#111", [2, 3])], label="B", y_label="n"))
    tree = parse(svg)
    bars = [a for tag, a in tree.tags if tag == "rect" and a.get("class") == "bar"]
    assert len(bars) == 3
    heights = sorted(float(a["height"]) for a in bars)
    assert heights[0] * 3 == pytest.approx(heights[2], rel=0.01)  # 1 vs 3 events


def test_charts_network_has_an_edge_per_partner() -> None:
    edges = [charts.Edge("B<b>", 2, 0, -5.0, "/actors/b"), charts.Edge("C", 0, 1, 3.0)]
    tree = parse(str(charts.network("A", edges, label="N")))
    lines = [a for tag, a in tree.tags if tag == "line" and a.get("class") == "edge"]
    assert len(lines) == 2 and "marker-end" in lines[0] and "marker-start" in lines[1]
    assert "B<b>" in "".join(tree.text)


@pytest.mark.parametrize(("lo", "hi", "integer", "expected"), [
    (-10, 10, False, [-10, -5, 0, 5, 10]),
    (0, 1, True, [0, 1]),
    (0, 7, True, [0, 2, 4, 6]),
    (0, 1, False, [0, 0.25, 0.5, 0.75, 1.0]),
])
def test_charts_nice_ticks(lo: float, hi: float, integer: bool, expected: list[float]) -> None:
    assert charts.nice_ticks(lo, hi, integer=integer) == pytest.approx(expected)


def test_pages_overview_window_starts_at_first_event(client: TestClient, tmp_path: Path) -> None:
    html = client.get("/").text
    assert "escalation window 2024-03-01 to 2024-03-05" in html
    assert HOSTILE_TITLE not in html


@pytest.mark.parametrize("path", ["/events?quad_class=4&offset=50", "/quotes?speaker=aalund", "/articles", "/actors?kind=person"])
def test_pages_download_links_give_the_whole_filtered_table(client: TestClient, path: str) -> None:
    tree = parse(client.get(path).text)
    csv_link = next(a["href"] for tag, a in tree.tags if tag == "a" and a.get("href", "").startswith("http") and "format=csv" in a["href"])
    assert "/api/" in csv_link and "limit=50000" in csv_link and "offset=" not in csv_link
    for key in path.split("?")[1].split("&") if "?" in path else []:
        if not key.startswith("offset"):
            assert key in csv_link
    response = client.get(csv_link)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
