"""Extract the article from an HTML page: main text by a consensus of extractors (see bodytext.py),
metadata from the page (see metadata.py), the date with htmldate where the page declares none."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..errors import EmptyInput
from .bodytext import main_text
from .metadata import PageMeta, page_metadata, parse_page
from .plaintext import CleanText, _key, clean_body, normalise_space

# trafilatura, htmldate and readability log every page they find little in; the article's warnings carry what matters.
for _name in ("trafilatura", "htmldate", "readability", "readability.readability"):
    logging.getLogger(_name).setLevel(logging.ERROR)


_MIN_WORDS = 4


@dataclass
class HtmlArticle:
    """What a page gives: the cleaned text and its metadata."""

    clean: CleanText
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    extractor: str | None = None
    extraction_work: str | None = None  # the extractor runs the main text took (see bodytext.MainText)
    warnings: list[str] = field(default_factory=list)


def guess_date(tree, url: str | None) -> str | None:
    """htmldate's reading of the page's original publication date (any date since 1995), or None."""
    from htmldate import find_date

    try:
        # A page in a store may be years old: accept any past date, refuse none for being "too old".
        return find_date(tree, url=url, original_date=True, extensive_search=True, min_date="1995-01-01")
    except Exception:  # htmldate raises on odd markup; a missing date is reported on the article instead
        return None


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one block per paragraph."""
    import html_text

    return "\n\n".join(p for p in html_text.extract_text(html, guess_layout=True).split("\n") if p.strip())


def extract_html(html: str, *, source: str, url: str | None = None) -> HtmlArticle:
    """Extract main text and metadata from a page; raise EmptyInput when the page holds no article text."""
    try:
        tree = parse_page(html)
    except Exception as exc:  # lxml's errors for unreadable markup are of several kinds
        raise EmptyInput(f"the page cannot be parsed as HTML ({exc})", source=source) from exc
    meta: PageMeta = page_metadata(tree, url)
    # Read before the main text: the extractors spend the tree.
    published = meta.published or guess_date(tree, url)
    body = main_text(tree)
    # A story has at least a sentence; a word or two is a menu item or a button the extractors kept.
    if len(body.text.split()) < _MIN_WORDS:
        raise EmptyInput("no article text found in the page", source=source)
    lines = [normalise_space(line) for line in body.text.split("\n")]
    lines = [line for line in lines if line]
    title = meta.title
    # Extractors keep the headline as the first line of the text when the page repeats it.
    if title and lines and _key(lines[0]) == _key(title):
        lines = lines[1:]
    return HtmlArticle(
        clean=clean_body(lines),
        title=title,
        site=meta.site,
        author=meta.author,
        published=published,
        url=meta.url or url,
        language=meta.language,
        extractor=body.method,
        extraction_work=body.work,
        warnings=list(body.warnings),
    )
