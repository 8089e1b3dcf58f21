"""Extract the article from an HTML page: main text with trafilatura, metadata, date with htmldate."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..errors import EmptyInput
from .plaintext import CleanText, _key, clean_body, normalise_space

# trafilatura and htmldate log every page they find little in; the article's warnings carry what matters.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


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
    warnings: list[str] = field(default_factory=list)


def extract_html(html: str, *, source: str, url: str | None = None) -> HtmlArticle:
    """Extract main text and metadata from a page; raise EmptyInput when the page holds no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # A page in a store may be years old: accept any past date, refuse none for being "too old".
        date_extraction_params={"extensive_search": True, "original_date": True, "min_date": "1995-01-01"},
    )
    if doc is None or not (doc.text or "").strip():
        raise EmptyInput("no article text found in the page", source=source)
    lines = [normalise_space(line) for line in doc.text.split("\n")]
    lines = [line for line in lines if line]
    title = normalise_space(doc.title) if doc.title else None
    # trafilatura keeps the headline as the first line of the text when the page repeats it.
    if title and lines and _key(lines[0]) == _key(title):
        lines = lines[1:]
    clean = clean_body(lines)
    return HtmlArticle(
        clean=clean,
        title=title,
        site=normalise_space(doc.sitename) if doc.sitename else None,
        author=normalise_space(doc.author) if doc.author else None,
        published=doc.date or None,
        url=doc.url or url,
        language=doc.language or None,
    )
