"""Turn a raw document into a clean Article: text, metadata, content id and warnings."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from ..errors import EmptyInput
from ..limits import cut_text
from ..records import Article
from ..settings import get_settings
from .html import extract_html, fragment_text
from .plaintext import clean_plain_text
from .sources import RawDocument

# Fewer letters than this cannot be told apart by language identification or carry a story.
_MIN_LANGID_CHARS = 40
_LANGID_CHARS = 1000


def article_id(site: str | None, title: str | None, text: str) -> str:
    """The content key: the same site, title and text always give the same id, whatever the path."""
    digest = hashlib.sha256("\x1f".join([site or "", title or "", text]).encode("utf-8"))
    return digest.hexdigest()[:16]


def normalise_date(value: str | None) -> str | None:
    """Return an ISO date (YYYY-MM-DD) from the start of a date or datetime string, or None."""
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


_PATH_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_from_path(path: str | None) -> str | None:
    """A date written in a URL or file name ("/2022/02/14/", "2022-02-14-story.txt"), or None."""
    if not path:
        return None
    match = _PATH_DATE.search(path.rsplit("?", 1)[0])
    return normalise_date(f"{match[1]}-{match[2]}-{match[3]}") if match else None


def identify_language(text: str) -> str | None:
    """Name the language of a text (ISO 639-1) with py3langid, or None when the text is too short."""
    # 1,000 characters name a language as surely as 2,000 (the same answer on 3,025 texts of the
    # extraction sets and crisis2022, one in ten; 600 differed on one) in half the time.
    prefix = text[:_LANGID_CHARS]
    if sum(map(str.isalpha, prefix)) < _MIN_LANGID_CHARS:
        return None
    import py3langid

    lang, _score = py3langid.classify(prefix)
    return str(lang)


def make_article(doc: RawDocument, *, published: str | None = None) -> Article:
    """Clean a raw document into an Article; `published` is used when the document carries no date."""
    warnings: list[str] = []
    meta = doc.meta
    limit = get_settings().max_document_chars
    if len(doc.content) > limit:
        doc = RawDocument(doc.source, doc.kind, cut_text(doc.content, limit), meta)
        warnings.append(f"document longer than {limit} characters (CRISISDESK_MAX_DOCUMENT_CHARS): the rest was not read")
    if doc.kind == "html":
        page = extract_html(doc.content, source=doc.source, url=meta.get("url"))
        warnings.extend(page.warnings)
        clean = page.clean
        title = meta.get("title") or page.title
        site = meta.get("site") or page.site
        author = meta.get("author") or page.author
        url = meta.get("url") or page.url
        found_date = normalise_date(meta.get("published")) or normalise_date(page.published)
    elif doc.kind == "fragment":
        # A feed entry's embedded HTML is all story: its blocks become paragraphs, no extractor needed.
        clean = clean_plain_text(fragment_text(doc.content), title=meta.get("title"))
        title, site, author, url = meta.get("title") or clean.title, meta.get("site"), meta.get("author"), meta.get("url")
        found_date = normalise_date(meta.get("published"))
    else:
        clean = clean_plain_text(doc.content, title=meta.get("title"))
        title, site, author, url = clean.title, meta.get("site") or clean.site, meta.get("author"), meta.get("url")
        found_date = normalise_date(meta.get("published"))
    text = clean.body
    if not text.strip():
        raise EmptyInput("no article text left after cleaning", source=doc.source)
    if meta.get("warning"):
        warnings.append(meta["warning"])
    if meta.get("published") and not normalise_date(meta["published"]):
        warnings.append(f"unreadable publication date {meta['published']!r}")
    day = found_date or normalise_date(published)
    if day is None and normalise_date(meta.get("container_date")):
        day = normalise_date(meta["container_date"])
        where = "feed entry" if meta.get("container") == "feed" else "WARC record"
        warnings.append(f"publication date taken from the {where}: the page carries none")
    if day is None:
        day = date_from_path(url) or date_from_path(doc.source.rsplit(":", 1)[0] if doc.meta.get("container") else doc.source)
        if day is not None:
            warnings.append("publication date taken from the URL or file name")
    if day is None:
        warnings.append("no publication date: relative dates are left unresolved (pass --published)")
    language = meta.get("language") or identify_language(text)
    if language and language != "en":
        warnings.append(f"language {language!r} is not English: language analysis skipped")
    return Article(
        id=article_id(site, title, text),
        source=doc.source,
        url=url,
        site=site,
        title=title,
        author=author,
        published=day,
        dateline=clean.dateline,
        language=language,
        text=text,
        warnings=warnings,
        dateline_agency=clean.agency,
    )
