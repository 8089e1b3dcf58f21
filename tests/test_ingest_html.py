"""HTML pages: main text by consensus, metadata (title, site, author, date, canonical URL), feed fragments."""

from __future__ import annotations

import pytest

from crisisdesk.errors import EmptyInput
from crisisdesk.ingest.bodytext import (
    consensus,
    is_doubtful,
    legacy_markup,
    main_text,
    paragraph_layout,
    readability_text,
    trim_edges,
)
from crisisdesk.ingest.html import extract_html, fragment_text
from crisisdesk.ingest.metadata import (
    choose_title,
    clean_author,
    join_names,
    local_day,
    page_metadata,
    parse_page,
    strip_site,
    visible_date,
)

from .ingest_server import PAGE

STORY = [
    "The foreign ministers of Varenia and Ostmark met in Geneva on Wednesday for a second round of talks on the border.",
    "The Varenian minister said the talks had been frank and that a working group would meet again next week.",
    "Ostmark's delegation said it would answer a proposal on observers within ten days and asked both armies to hold.",
]


def test_ingest_html_page_gives_text_and_metadata() -> None:
    page = extract_html(PAGE, source="page.html")
    assert page.title == "Border talks resume in Geneva"
    assert page.site == "The Northern Ledger"
    assert page.author == "Mira Halvorsen"
    assert page.published.startswith("2024-03-06")
    assert page.url == "https://ledger.example/2024/03/06/border-talks"
    assert page.language == "en"
    assert page.clean.dateline == ["GENEVA"] and page.clean.agency == "Ledger"
    assert page.clean.body.startswith("The foreign ministers of Varenia")
    assert "Subscribe" not in page.clean.body and "Home" not in page.clean.body


def test_ingest_html_page_without_text_is_a_clear_error() -> None:
    with pytest.raises(EmptyInput, match="no article text"):
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", source="empty.html")


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Border talks resume | The Northern Ledger", "The Northern Ledger", "Border talks resume"),
        ("The Northern Ledger - Border talks resume", "The Northern Ledger", "Border talks resume"),
        ("Border talks resume in Geneva - Ledger", None, "Border talks resume in Geneva"),
        ("Why talks fail: a short history", None, "Why talks fail: a short history"),
        ("Border talks resume", None, "Border talks resume"),
    ],
)
def test_ingest_html_site_taken_off_titles(title: str, site: str | None, expected: str) -> None:
    assert strip_site(title, site) == expected


def test_ingest_html_headline_preferred_when_declared_titles_agree() -> None:
    assert choose_title(["Menu", "Border talks resume in Geneva"], ["Border talks resume in Geneva | Ledger"], None, "Ledger") == "Border talks resume in Geneva"
    assert choose_title(["Our newsletter"], ["Border talks resume"], "Border talks resume - Ledger", "Ledger") == "Border talks resume"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Mira Halvorsen", "Mira Halvorsen"),
        ("Written by: Ana Berg | Staff writer", "Ana Berg"),
        ("https://ledger.example/authors/mira", None),
        ("Updated March 6, 2024", None),
        ("", None),
        ("Author: Ana Berg", "Ana Berg"),
        ("Text by Ana Berg", "Ana Berg"),
        ("Read more about The Ledger Team", "The Ledger Team"),
        ("Written By", None),
        ("The Author", None),
        ("Ana Berg Senior Writer", "Ana Berg"),
        ("Ana Berg December 4", "Ana Berg"),
        ("Ana Berg is a freelance writer based in Oslo", "Ana Berg"),
        ("Ledger Staff", "Ledger Staff"),
        ("Ledger Desk Ledger Desk", "Ledger Desk"),
        ("Ana Berg Dr. Ana Berg is a physician", "Ana Berg"),
        ('"Ana Berg"', "Ana Berg"),
        ("Centre for Border Studies", "Centre for Border Studies"),
        ("Mira van der Berg", "Mira van der Berg"),
    ],
)
def test_ingest_html_author_cleaned(raw: str, expected: str | None) -> None:
    assert clean_author(raw) == expected


def test_ingest_html_several_authors_joined_as_bylines_write_them() -> None:
    assert join_names(["Ana Berg", "Mira Halvorsen"]) == "Ana Berg and Mira Halvorsen"
    assert join_names(["A. One", "B. Two", "C. Three", "a. one"]) == "A. One, B. Two, and C. Three"
    assert join_names(["Ana Berg", "Contributor"]) == "Ana Berg"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # the publisher named as author in JSON-LD; the byline names the writer
        ('<meta property="og:site_name" content="The Ledger"><script type="application/ld+json">'
         '{"@type": "NewsArticle", "headline": "Talks resume", "author": {"@type": "Person", "name": "The Ledger"}}</script>',
         "Mira Halvorsen"),
        # a Twitter handle is no name when the byline has one
        ('<meta name="twitter:creator" content="ledgernews">', "Mira Halvorsen"),
        # a list in a meta tag is kept as the page writes it
        ('<meta name="author" content="Ana Berg, Mira Halvorsen">', "Ana Berg, Mira Halvorsen"),
    ],
)
def test_ingest_html_author_sources(head: str, expected: str) -> None:
    from crisisdesk.ingest.metadata import page_metadata

    page = f"<html><head>{head}</head><body><h1>Talks resume</h1><p>By <a>Mira Halvorsen</a></p><p>June 3, 2024</p><p>Story.</p></body></html>"
    if "meta name=\"author\"" in head:
        page = page.replace("By <a>Mira Halvorsen</a>", "")
    assert page_metadata(parse_page(page)).author == expected


def test_ingest_html_visible_byline_stops_at_the_element() -> None:
    from crisisdesk.ingest.metadata import page_metadata

    page = "<html><body><h1>Talks resume</h1><p>By <a>Ana Berg</a><span>Table of contents</span></p><p>Story.</p></body></html>"
    assert page_metadata(parse_page(page)).author == "Ana Berg"


def test_ingest_html_json_ld_author_by_reference_and_visible_date() -> None:
    html = """<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "NewsArticle", "headline": "Crossings reopen", "author": {"@id": "#p1"}, "datePublished": "2024-03-01T08:00:00Z",
       "publisher": {"@type": "Organization", "name": "Ostmark Wire"}},
      {"@type": "Person", "@id": "#p1", "name": "Ana Berg"}]}</script></head>
      <body><h1>Crossings reopen</h1><p>Updated March 5, 2024</p><p>Text of the story.</p></body></html>"""
    meta = page_metadata(parse_page(html))
    assert (meta.title, meta.author, meta.site) == ("Crossings reopen", "Ana Berg", "Ostmark Wire")
    assert meta.published.startswith("2024-03-01") and meta.date_source == "json-ld"  # declared before shown


@pytest.mark.parametrize(
    ("byline", "day"),
    [
        ("March 5, 2024", "2024-03-05"), ("5th March 2024", "2024-03-05"), ("Posted 2024-03-05 by desk", "2024-03-05"),
        ("No date here", None), ("03/01/2017 by Ana Berg", "2017-03-01"), ("25/03/2024", "2024-03-25"),
        ("By the desk 12.11.2025", "2025-11-12"), ("Version 1.2.2025.4", None),
    ],
)
def test_ingest_html_visible_date_forms(byline: str, day: str | None) -> None:
    assert visible_date(parse_page(f"<html><body><h1>Title</h1><p>{byline}</p><p>Story.</p></body></html>")) == day


@pytest.mark.parametrize(
    ("above", "day"),
    [
        ("<nav>Blog</nav><p>Last updated: Dec 12, 2025</p>", "2025-12-12"),
        ("<a>Back to all articles</a><span>February 4, 2025 - 11 minutes</span>", "2025-02-04"),
        ("<p>Archive of May 1, 2019</p><p>" + "Menu item " * 20 + "</p>", None),  # too far above the headline
        ("<script>var d = 'March 3, 2020';</script>", None),
    ],
)
def test_ingest_html_visible_date_above_the_headline(above: str, day: str | None) -> None:
    assert visible_date(parse_page(f"<html><body>{above}<h1>Title</h1><p>Story without a date.</p></body></html>")) == day


@pytest.mark.parametrize(
    ("declared", "url", "day"),
    [
        ("2025-12-19T02:41:41+00:00", "https://example.org/2025/12/18/story", "2025-12-18"),
        ("2025-12-19T03:05:00Z", "https://example.org/2025/12/18/story/", "2025-12-18"),
        ("2025-12-19T02:41:41-05:00", "https://example.org/2025/12/18/story", "2025-12-19T02:41:41-05:00"),  # local time
        ("2025-12-19T02:41:41+00:00", "https://example.org/2025/12/17/story", "2025-12-19T02:41:41+00:00"),
        ("2025-12-19T02:41:41+00:00", None, "2025-12-19T02:41:41+00:00"),
    ],
)
def test_ingest_html_local_day_from_the_url(declared: str, url: str | None, day: str) -> None:
    assert local_day(declared, url) == day


@pytest.mark.parametrize(("shown", "day"), [("May 14, 2025", "2025-05-14"), ("Updated May 14, 2025", "2025-11-20")])
def test_ingest_html_build_stamp_gives_way_to_the_shown_date(shown: str, day: str) -> None:
    stamp = "2025-11-20T16:02:46.767Z"
    html = f"""<html><head><script type="application/ld+json">{{"@type": "Article", "headline": "Talks",
      "datePublished": "{stamp}", "dateModified": "{stamp}"}}</script></head>
      <body><h1>Talks</h1><p>{shown}</p><p>Text of the story.</p></body></html>"""
    assert page_metadata(parse_page(html)).published[:10] == day


def test_ingest_html_consensus_prefers_the_extractor_that_kept_the_whole_story() -> None:
    short = "\n".join(STORY[:1])
    full = "\n".join(STORY)
    text, method = consensus(short, full + "\n" + full.replace("Geneva", "Vienna"))
    assert method == "readability" and "Vienna" in text


def test_ingest_html_trim_drops_unshared_edge_lines_only() -> None:
    first = "\n".join(["Related: ten things to know", *STORY, "Sign up for our newsletter"])
    second = "\n".join(STORY)
    assert trim_edges(first, second) == "\n".join(STORY)


def test_ingest_html_feed_fragment_becomes_paragraphs() -> None:
    assert fragment_text("<p>First <b>bold</b> line.</p><p>Second line.</p>") == "First bold line.\n\nSecond line."


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Ana Berg, Mira Halvorsen and Jon Lind", ["Ana Berg", "Mira Halvorsen", "Jon Lind"]),
        ("Jane Doe, MD, PhD", ["Jane Doe, MD, PhD"]),
        ("Jeffrey Slotnick CPP, PSP & Ana Berg", ["Jeffrey Slotnick CPP, PSP", "Ana Berg"]),
    ],
)
def test_ingest_html_author_lists_split_with_credentials_kept(value: str, names: list[str]) -> None:
    from crisisdesk.ingest.metadata import split_names

    assert split_names(value) == names


@pytest.mark.parametrize(
    ("after_headline", "author"),
    [("By Sofia Gonzalez December 4, 2025", "Sofia Gonzalez"), ("By Trevor Jones Last updated June 2", "Trevor Jones"), ("No byline here at all", None)],
)
def test_ingest_html_visible_byline_stops_at_the_date(after_headline: str, author: str | None) -> None:
    meta = page_metadata(parse_page(f"<html><body><h1>Crossings reopen today</h1><p>{after_headline}</p><p>Story text.</p></body></html>"))
    assert meta.author == author


def _story_page(extra: str = "", paragraphs: int = 12) -> str:
    body = "".join(f"<p>{line}</p>" for line in (STORY * paragraphs)[:paragraphs])
    return f"<html><body><nav><p>Home World Sport</p></nav><article>{body}{extra}</article><aside><p>Most read today</p></aside></body></html>"


@pytest.mark.parametrize(
    ("extra", "share", "doubtful"),
    [
        ("", 1.0, False),  # trafilatura took the story's box and all it holds: no second extractor
        ("", 0.6, True),  # it lost part of the story's paragraphs
        ("<ul>" + "<li>A further point of the plan the ministers agreed on in Geneva today</li>" * 12 + "</ul>", 1.0, True),  # text outside <p>
    ],
)
def test_ingest_html_bodytext_doubt_only_where_readability_can_add(extra: str, share: float, doubtful: bool) -> None:
    tree = parse_page(_story_page(extra))
    layout = paragraph_layout(tree)
    assert layout.story_words > layout.words * 0.9 and layout.container_words >= layout.story_words
    story = " ".join((STORY * 12)[:12]).split()
    # Every <p> of the page counted: the story's words alone are fewer, so the old test doubted them all.
    assert is_doubtful(" ".join(story[: int(len(story) * share)]), tree) is doubtful


# A long story in its box takes trafilatura alone; a short one (a box under 200 words) is doubtful
# and takes readability's second opinion too.
@pytest.mark.parametrize(("paragraphs", "work"), [(12, "trafilatura"), (3, "trafilatura+readability")])
def test_ingest_html_bodytext_records_the_extractor_runs(paragraphs: int, work: str) -> None:
    body = main_text(parse_page(_story_page(paragraphs=paragraphs)))
    assert body.work == work and "Varenia and Ostmark met in Geneva" in body.text


def _table_page(paragraphs: int = 12) -> str:
    """The same story as a page of the 2000s lays it out: table cells, no HTML5 sectioning element."""
    body = "".join(f"<p>{line}</p>" for line in (STORY * paragraphs)[:paragraphs])
    return (
        '<html><body><table><tr><td class="menu"><a href="/">Home</a> <a href="/world">World</a></td></tr>'
        f'<tr><td class="story">{body}</td><td class="sidebar"><p>Most read today</p></td></tr></table></body></html>'
    )


@pytest.mark.parametrize(
    ("page", "legacy"),
    [
        (_table_page(), True),
        (_story_page(), False),  # <article>, <nav>, <aside>
        ("<html><body><main><p>Text.</p></main></body></html>", False),
        ("<html><body><div><p>Posted <time>May 14</time>.</p></div></body></html>", False),
        ("<!DOCTYPE html><html><body><div><p>Text.</p></div></body></html>", True),  # the doctype alone says nothing
    ],
)
def test_ingest_html_legacy_markup_is_a_page_without_html5_sections(page: str, legacy: bool) -> None:
    assert legacy_markup(parse_page(page)) is legacy


# Pages laid out before HTML5 take readability's text, without running trafilatura; a page with
# HTML5 sections and a long story in its box keeps trafilatura's text alone.
@pytest.mark.parametrize(("page", "method", "work"), [(_table_page(), "readability", "readability"), (_story_page(), "trafilatura", "trafilatura")])
def test_ingest_html_bodytext_readability_leads_on_legacy_layouts(page: str, method: str, work: str) -> None:
    body = main_text(parse_page(page))
    assert (body.method, body.work) == (method, work)
    assert "Varenia and Ostmark met in Geneva" in body.text and "Most read today" not in body.text


_STORY = "<p>" + " ".join(["The council met on Tuesday and voted to reopen the bridge to traffic."] * 8) + "</p>"


@pytest.mark.parametrize(
    "page",
    [
        # nested unlikely boxes (the inner one inside a removed subtree), one holding the article
        f"<html><body><div class='sidebar'><div class='comment'>Share this</div></div><div class='content'>{_STORY}{_STORY}</div></body></html>",
        f"<html><body><div class='footer'><article>{_STORY}{_STORY}</article></div><div id='related'>More stories</div></body></html>",
        f"<html><body><div class='content'>{_STORY}<pre><span class='comment'>x = 1 # note</span></pre>{_STORY}</div><div class='popup'>Sign up</div></body></html>",
        f"<html><body><main><div class='menu'>Home News</div>{_STORY}</main><div class='social'><div class='ad-break'>Ad</div></div></body></html>",
    ],
)
def test_ingest_html_readability_one_walk_removes_what_readability_removes(page: str) -> None:
    import html_text
    from readability import Document

    reference = html_text.extract_text(Document(page).summary(html_partial=True), guess_layout=True)
    assert readability_text(parse_page(page)) == reference
    assert "Tuesday" in reference


@pytest.mark.parametrize(
    ("url", "canonical", "day"),
    [
        ("https://example.org/2022/11/09/talks/", None, "2022-11-09"),  # beats the "Updated" date shown
        (None, "https://example.org/news/2022/11/09/talks", "2022-11-09"),  # the page's own canonical URL
        ("https://example.org/news/talks-2022", None, "2022-11-11"),  # no day in the path: the shown date
        ("https://example.org/2022/13/40/talks/", None, "2022-11-11"),  # not a date
    ],
)
def test_ingest_html_day_in_the_url_outranks_the_page(url: str | None, canonical: str | None, day: str) -> None:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    html = f"""<html><head>{link}</head><body><h1>Talks resume in Geneva</h1>
      <p>Updated November 11, 2022</p><p>Text of the story.</p></body></html>"""
    assert page_metadata(parse_page(html), url).published[:10] == day


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><form action='/s'><input name='q'><select name='s'><option>a</option></select>"
        "<textarea name='t'>x</textarea><label for='q'>Find</label></form><p>Text <b>bold</b></p></body></html>",
        "<html><head><title>T</title></head><body><div><p>One</p><?pi x?><br>Two &amp; three</div></body></html>",
    ],
)
def test_ingest_html_parsed_page_has_lxml_html_element_classes(markup: str) -> None:
    import copy

    from lxml import html as lxml_html

    ours = parse_page(markup)
    theirs = lxml_html.document_fromstring(markup.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8", remove_comments=True))
    assert [(e.tag, type(e)) for e in ours.iter()] == [(e.tag, type(e)) for e in theirs.iter()]
    assert [type(e) for e in copy.deepcopy(ours).iter()] == [type(e) for e in theirs.iter()]
    assert ours.text_content() == theirs.text_content()
