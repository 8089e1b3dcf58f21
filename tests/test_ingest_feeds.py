"""RSS and Atom feeds: entries from embedded content, or from their linked pages over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.ingest.fetch import FetchPolicy
from crisisdesk.ingest.sources import Failure, RawDocument, ReadOptions, iter_documents
from crisisdesk.runner import read_articles

from .ingest_server import Answer, html_answer, serve

STORY = " ".join(
    ["Ministers of Varenia and Ostmark agreed on Tuesday to reopen two crossings on the disputed border, "
     "their offices said in a joint statement after a call that lasted more than an hour."] * 6
)


def rss(base: str = "https://ledger.example", *, with_content: bool = True) -> str:
    content = f"<content:encoded><![CDATA[<p>{STORY}</p><p>Talks continue next week.</p>]]></content:encoded>" if with_content else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Northern Ledger</title><link>{base}/</link>
<item><title>Crossings to reopen</title><link>{base}/a.html</link><guid>a-1</guid>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate><author>desk@ledger.example (Ana Berg)</author>
<description>Two crossings will reopen.</description>{content}</item>
<item><title>Border talks resume in Geneva</title><link>{base}/b.html</link><guid>b-2</guid>
<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate><description>A short teaser only.</description></item>
</channel></rss>"""


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ostmark Wire</title><id>urn:x</id><updated>2024-03-05T10:00:00Z</updated>
<entry><title>Crossings to reopen</title><id>urn:x:1</id><link href="https://wire.example/1"/>
<published>2024-03-05T10:00:00Z</published><updated>2024-03-05T11:00:00Z</updated>
<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>"""


@pytest.mark.parametrize(("name", "text", "site"), [("news.rss", rss(), "The Northern Ledger"), ("wire.atom", ATOM, "Ostmark Wire")])
def test_ingest_feeds_entries_become_articles(tmp_path: Path, name: str, text: str, site: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    articles = [a for a in read_articles([path]) if not isinstance(a, Failure)]
    first = articles[0]
    assert first.title == "Crossings to reopen" and first.site == site
    assert first.published == "2024-03-05" and any("feed entry" in w for w in first.warnings)
    assert first.text.startswith("Ministers of Varenia")
    assert first.source == f"{path}:1"


def test_ingest_feeds_summary_only_entry_is_stored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(rss(), "utf-8")
    second = list(read_articles([path]))[1]
    assert second.text == "A short teaser only."
    assert any("only a summary" in w for w in second.warnings)


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"this is plain text, not a feed at all", "not an RSS or Atom feed"), (b"<html><body><p>A web page</p></body></html>", "not an RSS or Atom feed")],
)
def test_ingest_feeds_not_a_feed_is_a_clear_failure(tmp_path: Path, body: bytes, reason: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(body)
    (item,) = iter_documents([path])
    assert isinstance(item, Failure) and item.source == str(path) and reason in item.reason


def test_ingest_feeds_fetch_links_reads_the_pages() -> None:
    routes = {"/a.html": html_answer(), "/b.html": Answer(500, b"")}
    options = ReadOptions(fetch_links=True, policy=FetchPolicy(allow_private=True, per_host_interval=0.0, retries=0))
    with serve(routes) as srv:
        routes["/feed.xml"] = Answer(200, rss(srv.base).encode(), {"Content-Type": "application/rss+xml"})
        items = list(iter_documents([srv.url("/feed.xml")], options))
    options.close()
    page, failure = items
    assert isinstance(page, RawDocument) and page.kind == "html" and page.meta["url"] == srv.url("/a.html")
    assert page.meta["container_date"].startswith("2024-03-05")
    assert isinstance(failure, Failure) and srv.url("/b.html") in failure.source and "HTTP 500" in failure.reason


def test_ingest_feeds_not_xml_over_http_is_a_failure() -> None:
    routes = {"/feed.xml": Answer(200, b"Service temporarily unavailable", {"Content-Type": "application/rss+xml"})}
    options = ReadOptions(policy=FetchPolicy(allow_private=True, per_host_interval=0.0))
    with serve(routes) as srv:
        (item,) = iter_documents([srv.url("/feed.xml")], options)
    options.close()
    assert isinstance(item, Failure) and item.source == srv.url("/feed.xml") and "not an RSS or Atom feed" in item.reason
