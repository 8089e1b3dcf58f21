"""Find the stretches of text inside quotation marks, robust to the marks real news copy uses.

Curly, straight and angle double marks open and close quotations; single marks nest inside them
(and open a quotation on their own only in copy that quotes with single marks). A quotation left
open at the end of a paragraph continues when the next paragraph opens with a mark (the wire
convention for quotes over several paragraphs); otherwise it ends with its paragraph, so odd counts
and stray marks never swallow the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the closing marks that may end it. Straight marks close themselves; „ closes with “
# (German style) and, in English copy that borrows it, with ”.
DOUBLE_CLOSERS = {"“": "”\"", '"': '"”', "„": "“”", "«": "»", "‟": "”\""}
DOUBLE_MARKS = set(DOUBLE_CLOSERS) | {"”", "»"}
SINGLE_OPENERS = {"‘": "’'", "'": "'’", "‹": "›"}
# Two apostrophes stand for a double mark in some archives (''Like this,'' he said); they are read as
# one straight mark followed by a filler character that the flanking tests look through.
FILLER = "\x01"
OPENING_CONTEXT = set(" \t\n([{—–-/")  # characters after which a mark opens a quotation
CLOSING_FOLLOWERS = set(" \t\n.,;:!?)]}—–-/…")  # characters after which a mark closes one


@dataclass
class Stretch:
    """Words between quote marks, without the marks: one piece of one quotation."""

    start: int  # first quoted character
    end: int  # end of the quoted words (exclusive), trailing space and comma trimmed
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark, None when the paragraph ended first
    group: int  # stretches of one quotation running over paragraphs share a group
    single: bool = False  # quoted with single marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Start and end of each non-empty line (a line break ends a paragraph in clean text)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _neighbours(text: str, i: int) -> tuple[str, str]:
    """The characters before and after position i, looking through fillers."""
    j = i - 1
    while j >= 0 and text[j] == FILLER:
        j -= 1
    k = i + 1
    while k < len(text) and text[k] == FILLER:
        k += 1
    return (text[j] if j >= 0 else " "), (text[k] if k < len(text) else " ")


def _can_open(text: str, i: int) -> bool:
    before, after = _neighbours(text, i)
    return (before in OPENING_CONTEXT or before in DOUBLE_MARKS or before in "‘’'") and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before, after = _neighbours(text, i)
    return not before.isspace() and (after in CLOSING_FOLLOWERS or after in DOUBLE_MARKS or after in "’'")


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int | None, int]]:
    """(opening mark, closing mark or None, end of the words) of the double-quoted stretches of a paragraph."""
    found: list[tuple[int, int | None, int]] = []
    open_at: int | None = None
    closers = ""
    for i in range(lo, hi):
        ch = text[i]
        if ch not in DOUBLE_MARKS:
            continue
        if open_at is not None and ch in closers and (ch not in DOUBLE_CLOSERS or _can_close(text, i) or not _can_open(text, i)):
            found.append((open_at, i, i))
            open_at = None
        elif ch in DOUBLE_CLOSERS and (_can_open(text, i) or ch != '"'):
            if ch == "“" and open_at is None and not _can_open(text, i) and _can_close(text, i):
                continue  # a “ typed as a closer with nothing open: a stray mark
            if open_at is not None:
                # A second opener before any closer: the first quotation lost its closing mark.
                found.append((open_at, None, i))
            open_at, closers = i, DOUBLE_CLOSERS[ch]
        elif ch == "”" and open_at is None and _can_open(text, i) and not _can_close(text, i):
            open_at, closers = i, "”\""  # a ” typed as an opener
    if open_at is not None:
        found.append((open_at, None, hi))
    return found


def _single_marks(text: str, lo: int, hi: int) -> list[tuple[int, int | None, int]]:
    """(opening, closing) offsets of single-quoted stretches in copy that quotes with single marks."""
    pairs: list[tuple[int, int | None, int]] = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch in SINGLE_OPENERS and _can_open(text, i) and (text[i + 1 : i + 2].isalnum() or text[i + 1 : i + 2] in "“\""):
            if ch == "'" and text[i + 1 : i + 2].isdigit():  # '90s
                i += 1
                continue
            j = i + 1
            close = None
            while j < hi:
                if text[j] in SINGLE_OPENERS[ch] and _can_close(text, j) and not text[j + 1 : j + 2].isalpha():
                    # "leaders' talks": a plural possessive, not a closer, when a noun follows directly
                    if not (text[j - 1] == "s" and text[j + 1 : j + 2] == " " and text[j + 2 : j + 3].islower() and j + 2 < hi):
                        close = j
                        break
                j += 1
            if close is not None:
                pairs.append((i, close, close))
                i = close + 1
                continue
        i += 1
    return pairs


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, and the comma or semicolon that wire copy puts inside the closing mark."""
    while start < end and (text[start].isspace() or text[start] == FILLER):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:" + FILLER):
        end -= 1
    return start, end


def find_stretches(text: str) -> list[Stretch]:
    """Every quoted stretch of a text, in order, with its quotation group."""
    text = text.replace("''", '"' + FILLER)  # same length: offsets stay those of the text
    stretches: list[Stretch] = []
    paragraphs = _paragraphs(text)
    group = -1
    carry = False  # the previous paragraph left a quotation open
    uses_double = any(ch in DOUBLE_MARKS for ch in text)
    for lo, hi in paragraphs:
        pairs = _double_marks(text, lo, hi)
        single = False
        if not pairs and not uses_double:
            pairs, single = _single_marks(text, lo, hi), True
        first_open = pairs[0][0] if pairs else None
        opens_paragraph = first_open is not None and not text[lo:first_open].strip()
        for n, (open_at, close_at, end) in enumerate(pairs):
            if not (n == 0 and carry and opens_paragraph):
                group += 1
            start, stop = _trim(text, open_at + 1, end)
            if stop > start:
                stretches.append(Stretch(start, stop, open_at, close_at, group, single))
        carry = bool(pairs) and pairs[-1][1] is None
        if carry:
            # Only a paragraph that opens with a mark continues the open quotation.
            nxt = next(((a, b) for a, b in paragraphs if a >= hi), None)
            if nxt is None or text[nxt[0] : nxt[1]].lstrip()[:1] not in DOUBLE_CLOSERS.keys() | SINGLE_OPENERS.keys():
                carry = False
    return stretches
