"""Read RSS and Atom feeds with feedparser: each entry becomes a document from its embedded content,
or from its linked page when fetching links is on."""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from ..errors import InputError
from .sources import Failure, RawDocument

_MIN_SUMMARY_WORDS = 80  # below this an entry's text is a teaser, not the story (typical RSS summaries run 20-60 words)


def entry_date(entry: Any) -> str | None:
    """The entry's publication (or else update) time as an ISO datetime in UTC, or None."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
    return None


def entry_key(entry: Any) -> str:
    """A stable key for an entry, to know it again in the next poll: its id, else link, else title."""
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")


def _entry_html(entry: Any) -> str:
    """The richest text an entry embeds: full content first, then the summary."""
    best = ""
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        if len(value) > len(best):
            best = value
    return best or entry.get("summary") or ""


def parse_feed(data: bytes, source: str) -> Any:
    """Parse feed bytes; raise InputError when they are not an RSS or Atom feed."""
    import feedparser

    # A stream, never a string: feedparser fetches a string that looks like a URL.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (ValueError, OverflowError) as exc:  # e.g. a character reference beyond Unicode (&#99999999;)
        raise InputError(f"not a readable RSS or Atom feed ({exc})", source=source) from exc
    if not parsed.get("version") and not parsed.entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise InputError(f"not an RSS or Atom feed{why}", source=source, hint="check the URL or file is a feed")
    return parsed


def read_feed(
    data: bytes,
    source: str,
    *,
    fetch_page: Callable[[str], RawDocument] | None = None,
    skip: Callable[[Any], bool] | None = None,
) -> Iterator[RawDocument | Failure]:
    """Yield a document per entry (its linked page when `fetch_page` is given), a Failure per bad entry."""
    parsed = parse_feed(data, source)
    site = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        if skip is not None and skip(entry):
            continue
        ref = f"{source}:{n}"
        link = entry.get("link")
        meta: dict[str, Any] = {"container": "feed", "feed": source, "entry_key": entry_key(entry)}
        if entry.get("title"):
            meta["title"] = " ".join(entry["title"].split())
        if entry.get("author"):
            meta["author"] = entry["author"].strip()
        if site:
            meta["site"] = site
        if link:
            meta["url"] = link
        when = entry_date(entry)
        if when:
            meta["container_date"] = when
        if fetch_page is not None and link:
            try:
                page = fetch_page(link)
            except InputError as exc:
                yield Failure(f"{ref} ({link})", exc.message + (f" ({exc.hint})" if exc.hint else ""))
                continue
            # The page's own metadata wins over the feed's; the feed fills what the page lacks.
            page.meta = {**{k: v for k, v in meta.items() if k not in {"title"}}, **page.meta, "feed_title": meta.get("title")}
            yield page
            continue
        html = _entry_html(entry)
        if not html.strip():
            yield Failure(ref, "the entry embeds no text (pass --fetch-links to read its page)")
            continue
        if len(re.sub(r"<[^>]*>", " ", html).split()) < _MIN_SUMMARY_WORDS:
            meta["warning"] = "the feed gives only a summary of this story (pass --fetch-links for the full page)"
        yield RawDocument(source=ref, kind="fragment", content=html, meta=meta)
