"""The dashboard in a real headless Chromium (Debian's, driven by Playwright) against a real `crisisdesk serve`.

The store is built by the real `ingest` from the bundled examples plus one hand-written article full
of hostile markup. Screenshots of every page go to `screenshots/` (or $CRISISDESK_SCREENSHOTS).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
HOSTILE_DIR = Path(__file__).parent / "fixtures" / "web"
SCREENSHOTS = Path(os.environ.get("CRISISDESK_SCREENSHOTS", ROOT / "screenshots"))
# Flags for a quiet, offline, throw-away browser: no sandbox (CI runs as root), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.slow

try:
    from playwright.sync_api import ConsoleMessage, Page, sync_playwright
except ImportError:  # pragma: no cover - the test extras install it
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None or not Path(CHROMIUM).exists():
    reason = "needs the playwright package and Debian's chromium at /usr/bin/chromium (`make test` installs both)"
    if os.environ.get("CI"):
        raise RuntimeError(reason)  # in CI a missing browser is a broken setup, not a reason to skip
    pytest.skip(reason, allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _crisisdesk() -> str:
    return str(Path(sys.executable).with_name("crisisdesk"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `crisisdesk serve` (uvicorn on 127.0.0.1) over a store the real `ingest` built."""
    db = tmp_path_factory.mktemp("web") / "store.duckdb"
    env = {**os.environ, "CRISISDESK_DB": str(db)}
    env.pop("CRISISDESK_TOKEN", None)
    subprocess.run(
        [_crisisdesk(), "ingest", str(ROOT / "examples" / "articles"), str(HOSTILE_DIR), "--actors", str(ROOT / "examples" / "actors.yaml")],
        env=env, check=True, capture_output=True, timeout=600,
    )
    port = _free_port()
    proc = subprocess.Popen([_crisisdesk(), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/articles?limit=1", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise RuntimeError(f"crisisdesk serve did not start: {out}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def api(base: str, path: str) -> Any:
    """GET an API path as JSON."""
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A fresh Chromium profile (its own user-data-dir) driven by Playwright."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


class Watched:
    """A page with its console errors, uncaught exceptions, failed requests and dialogs recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("requestfailed", lambda req: self.errors.append(f"request failed: {req.url}"))
        page.on("dialog", self._dialog)

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture()
def watched(browser_context: Any) -> Iterator[Watched]:
    """A new tab, watched."""
    page = browser_context.new_page()
    try:
        yield Watched(page)
    finally:
        page.close()


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def ids(server: str) -> dict[str, str]:
    """Real ids from the store: the busiest pair, an actor who spoke, an article, the hostile article."""
    pair = api(server, "/api/pairs?n=1")[0]
    speaker = next(q["speaker"]["actor_id"] for q in api(server, "/api/quotes?limit=200")["items"] if q["speaker"])
    hostile = next(a["id"] for a in api(server, "/api/articles?limit=100")["items"] if "<script>" in (a["title"] or ""))
    article = api(server, "/api/articles?limit=1&q=ceasefire")["items"][0]["id"]
    return {"a": pair["a"], "b": pair["b"], "speaker": speaker, "hostile": hostile, "article": article}


PAGES = {
    "overview": "/",
    "pairs": "/pairs",
    "pair": "/pairs/{a}/{b}",
    "actors": "/actors",
    "actor": "/actors/{speaker}",
    "quotes": "/quotes",
    "quotes-search": "/quotes?speaker=Velska&from=2024-03-01",
    "events": "/events?quad_class=&modality=asserted",
    "articles": "/articles",
    "article": "/articles/{article}",
    "api-docs": "/api-docs",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_web_browser_page_loads_without_console_errors(server: str, ids: dict[str, str], watched: Watched, name: str) -> None:
    response = watched.page.goto(server + PAGES[name].format(**ids), wait_until="networkidle")
    assert response is not None and response.status == 200
    assert watched.page.locator("header.top nav a").count() >= 6
    assert watched.page.locator("main h1").first.inner_text().strip()
    _shot(watched.page, name)
    assert watched.errors == []


@pytest.mark.parametrize(("name", "drawn"), [
    ("overview", "svg.line-chart circle.point"),
    ("pair", "svg.line-chart circle.point"),
    ("pair", "svg.bar-chart rect.bar"),
    ("actor", "svg.line-chart circle.point"),
    ("actor", "svg.network line.edge"),
])
def test_web_browser_charts_draw(server: str, ids: dict[str, str], watched: Watched, name: str, drawn: str) -> None:
    watched.page.goto(server + PAGES[name].format(**ids), wait_until="networkidle")
    marks = watched.page.locator(drawn)
    assert marks.count() > 0
    box = marks.first.bounding_box()
    svg_box = watched.page.locator(drawn.split(" ")[0]).first.bounding_box()
    assert box is not None and svg_box is not None and svg_box["width"] > 200 and svg_box["height"] > 100
    assert watched.errors == []


def test_web_browser_clicking_an_event_opens_its_evidence(server: str, ids: dict[str, str], watched: Watched) -> None:
    page = watched.page
    page.goto(server + PAGES["pair"].format(**ids), wait_until="networkidle")
    row = page.locator("table.events tr.event-row").first
    event_id = row.get_attribute("data-event")
    row.locator("a.evidence-link").click()
    page.wait_for_url("**/articles/**")
    page.wait_for_load_state("networkidle")
    article_id = page.url.split("/articles/")[1].split("?")[0]
    record = next(e for e in api(server, f"/api/articles/{article_id}")["events"] if e["id"] == event_id)
    text = api(server, f"/api/articles/{article_id}")["text"]
    highlighted = page.locator(f"#article-text .m-event.evidence[data-event='{event_id}']")
    assert highlighted.count() >= 1
    assert "".join(highlighted.all_inner_texts()).replace("\n", "") in text[record["start"]:record["end"]].replace("\n", "")
    assert highlighted.first.is_visible()
    assert page.locator(f"#rec-e-{event_id}.selected").count() == 1
    # no other event is highlighted
    assert page.locator("#article-text .m.evidence").count() == highlighted.count()
    _shot(page, "evidence")
    assert watched.errors == []


def test_web_browser_selecting_another_event_moves_the_highlight(server: str, ids: dict[str, str], watched: Watched) -> None:
    page = watched.page
    page.goto(server + PAGES["article"].format(**ids), wait_until="networkidle")
    links = page.locator("aside a.event-link")
    assert links.count() >= 2
    second = links.nth(1).get_attribute("data-event")
    links.nth(1).click()
    page.wait_for_url(f"**event={second}**")
    assert page.locator(f"#article-text .m-event.evidence[data-event='{second}']").count() >= 1
    assert page.locator("#article-text .m.evidence").count() == page.locator(f"#article-text [data-event='{second}']").count()
    assert page.locator(f"#article-text .m-sentence[data-sentence='{second}']").count() >= 1
    # a click on another event marked in the text selects that one (one whose mark holds no other mark or link)
    third = page.evaluate("""() => [...document.querySelectorAll('#article-text .m-event:not(.evidence)')]
        .filter(m => !m.querySelector('.m-event, a') && !m.parentElement.closest('.m-event'))
        .map(m => m.dataset.event)[0]""")
    assert third
    page.locator(f"#article-text .m-event[data-event='{third}']").first.click()
    page.wait_for_url(f"**event={third}**")
    assert page.locator(f"#article-text .m-event.evidence[data-event='{third}']").count() >= 1
    assert watched.errors == []


@pytest.mark.parametrize("path", ["/articles/{hostile}", "/articles?q=protests", "/quotes?q=provocation"])
def test_web_browser_script_article_stays_inert(server: str, ids: dict[str, str], watched: Watched, path: str) -> None:
    page = watched.page
    page.goto(server + path.format(**ids), wait_until="networkidle")
    page.wait_for_timeout(300)  # give any injected handler (onerror of a broken image) time to fire
    assert watched.dialogs == []
    assert page.locator("main script, main img, main iframe, main [onerror], main a[href^='javascript:']").count() == 0
    assert "<script>alert(" in page.locator("main").inner_text()
    if path.startswith("/articles/"):
        body = page.locator("#article-text").inner_text()
        assert "<img src=x onerror=alert('img')>" in body and "javascript:alert('link')" in body
        _shot(page, "hostile-article")
    assert watched.errors == []


@pytest.mark.parametrize("name", list(PAGES))
def test_web_browser_hostile_titles_and_text_never_run_on_any_page(server: str, ids: dict[str, str], watched: Watched, name: str) -> None:
    """The hostile article's title and text reach lists, charts and their tooltips: no handler of theirs runs."""
    page = watched.page
    page.goto(server + PAGES[name].format(**ids), wait_until="networkidle")
    for point in page.locator("svg circle.point, svg rect.bar").all()[:8]:
        point.dispatch_event("mouseover")  # as a pointer would, without waiting for the mark to be visible
        point.dispatch_event("mouseenter")
    page.wait_for_timeout(300)  # give an injected onerror time to fire
    assert watched.dialogs == []
    assert page.locator("main script:not([type='application/json']), main iframe, main [onerror], main [onload], main a[href^='javascript:']").count() == 0
    assert watched.errors == []
