"""Clean plain-text dumps of news pages: title line, site name, dateline and boilerplate."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .dateline import split_dateline

__all__ = ["CleanText", "clean_body", "clean_plain_text", "normalise_space", "split_dateline", "split_title_and_site"]

# Separators sites put between a headline and their name ("Title - SITE", "Title | SITE", "Title- SITE").
_SEPARATOR = r"\s*(?:[-|–—·:»]|::)\s*"
_SITE_MAX_CHARS = 60  # site names are short; a longer tail is a subtitle, not a site


@dataclass
class CleanText:
    """The parts of a dump: title, site, dateline and the body paragraphs."""

    title: str | None
    site: str | None
    dateline: list[str]
    agency: str | None
    paragraphs: list[str]
    removed: list[str] = field(default_factory=list)
    dateline_text: str = ""  # the dateline as written ("KYIV, Ukraine (AP) — "), taken off the first paragraph

    @property
    def body(self) -> str:
        """The clean body: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


@lru_cache(maxsize=1)
def boilerplate_phrases() -> tuple[str, ...]:
    """Load the boilerplate lexicon shipped in data/lexicons/boilerplate.txt."""
    text = resources.files("crisisdesk.data.lexicons").joinpath("boilerplate.txt").read_text("utf-8")
    phrases = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower() if not line.lstrip().startswith("#") else ""
        if line:
            phrases.append(line)
    return tuple(sorted(set(phrases), key=len, reverse=True))


def normalise_space(text: str) -> str:
    """Collapse runs of white space inside a paragraph to one space."""
    return re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text.replace("\n", " ")).strip()


def split_paragraphs(text: str) -> list[str]:
    """Split a dump into paragraphs: blank lines separate them, or single lines when there are none."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = re.split(r"\n\s*\n", text)
    if len(blocks) == 1 and text.count("\n") >= 2:
        blocks = text.split("\n")
    return [p for p in (normalise_space(b) for b in blocks) if p]


def _key(text: str) -> str:
    """Compare headlines loosely: case, quotes and white space ignored."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def _site_from(line: str, title: str) -> str | None:
    """Return the site name when `line` is the title plus a separator and a name, either way round."""
    # Both are space-normalised and _key maps characters one to one, so key offsets are line offsets.
    line_key, title_key = _key(line), _key(title)
    if len(line_key) != len(line) or len(line_key) <= len(title_key):
        return None
    if line_key.startswith(title_key):
        match = re.match(_SEPARATOR + r"(.+)$", line[len(title_key) :])
    elif line_key.endswith(title_key):
        match = re.match(r"^(.+?)" + _SEPARATOR + r"$", line[: len(line) - len(title_key)])
    else:
        return None
    if match and len(match.group(1).strip()) <= _SITE_MAX_CHARS:
        return match.group(1).strip()
    return None


def _looks_like_title(paragraph: str) -> bool:
    """A headline is one short line; a body paragraph is long or ends a sentence after many words."""
    words = paragraph.split()
    if not words or len(paragraph) > 250:
        return False
    return not (len(words) > 25 and paragraph.endswith("."))


def split_title_and_site(paragraphs: list[str]) -> tuple[str | None, str | None, int]:
    """Find the title line and the site named beside a repeated title; return them and paragraphs used."""
    if len(paragraphs) < 2 or not _looks_like_title(paragraphs[0]):
        return None, None, 0
    title = paragraphs[0]
    site = _site_from(paragraphs[1], title)
    if site is not None:
        return title, site, 2
    # "Title | Site" alone on the first line: a pipe almost always separates a site name.
    if " | " in title:
        head, _, tail = title.rpartition(" | ")
        if head and len(tail) <= _SITE_MAX_CHARS and len(tail.split()) <= 5:
            return head.strip(), tail.strip(), 1
    if paragraphs[1] == title:
        return title, None, 2
    return title, None, 1


def is_boilerplate(paragraph: str, *, edge: bool) -> bool:
    """Tell share bars, comment forms and newsletter prompts from story text."""
    key = re.sub(r"[\s.!:?,|>»›]+$", "", paragraph.lower()).strip()
    if not key:
        return True
    phrases = boilerplate_phrases()
    if key in phrases:
        return True
    # At the ends of a dump a short paragraph that opens with such a phrase is chrome, not story.
    return edge and len(key.split()) <= 14 and any(key.startswith(p + " ") or key.startswith(p) and p.endswith(":") for p in phrases)


def strip_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Drop boilerplate paragraphs from both ends, and exact boilerplate lines anywhere."""
    removed: list[str] = []
    body = list(paragraphs)
    while body and is_boilerplate(body[-1], edge=True):
        removed.insert(0, body.pop())
    while body and is_boilerplate(body[0], edge=True):
        removed.append(body.pop(0))
    kept: list[str] = []
    for p in body:
        (removed if is_boilerplate(p, edge=False) else kept).append(p)
    return kept, removed


def clean_body(paragraphs: list[str]) -> CleanText:
    """Clean body paragraphs: boilerplate off, then the dateline off the first paragraph."""
    body, removed = strip_boilerplate(paragraphs)
    places: list[str] = []
    agency = None
    lead = ""
    if body:
        places, agency, rest = split_dateline(body[0])
        if places or agency:
            lead = body[0][: len(body[0]) - len(rest)]
            body[0] = rest
    return CleanText(None, None, places, agency, [p for p in body if p], removed, lead)


def clean_plain_text(text: str, *, title: str | None = None) -> CleanText:
    """Clean a plain-text dump: title and site from the top lines, then the body (see clean_body)."""
    paragraphs = split_paragraphs(text)
    site = None
    if title is None:
        title, site, used = split_title_and_site(paragraphs)
    else:
        used = 0
        # A container gave the title: drop it (and a repeat carrying the site) where the text starts with it.
        while used < len(paragraphs) and _key(paragraphs[used]).startswith(_key(title)) and used < 2:
            site = site or _site_from(paragraphs[used], title)
            used += 1
    cleaned = clean_body(paragraphs[used:])
    cleaned.title, cleaned.site = title, site
    return cleaned
