"""Bound the work one document costs: cut very long texts and break runs no tokenizer should see."""

from __future__ import annotations

import re

# A cut lands on the last paragraph break, else sentence end, else space in the final fifth before
# the limit; a text with none there is cut at the limit itself.
_CUT_WINDOW = 0.2
_SENTENCE_END = re.compile(r"[.!?][\"”’»)]?\s")
# spaCy's tokenizer strips prefix and suffix punctuation one character at a time, so a run of
# thousands of quote marks without a space costs quadratic time (8,000 of them took 20 s). No word
# of news text is near 100 characters (long URLs are the longest, and a split URL loses nothing).
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def cut_text(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, at a paragraph, sentence or word boundary when one is near."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    floor = int(limit * (1 - _CUT_WINDOW))
    at = head.rfind("\n\n", floor)
    if at < 0:
        ends = [m.end() for m in _SENTENCE_END.finditer(head, floor)]
        at = ends[-1] if ends else -1
    if at < 0:
        at = max(head.rfind(" ", floor), head.rfind("\n", floor))
    return head[:at].rstrip() if at > 0 else head


def break_long_runs(text: str, max_run: int = MAX_RUN) -> tuple[str, int]:
    """Put a space every `max_run` characters into longer runs without white space; the length (and so
    every offset) stays the same. Returns the text and how many runs were broken."""
    count = 0

    def _break(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        run = match.group(0)
        return "".join(" " if i % max_run == 0 and i else ch for i, ch in enumerate(run))

    pattern = _LONG_RUN if max_run == MAX_RUN else re.compile(rf"\S{{{max_run + 1},}}")
    return pattern.sub(_break, text), count


def analysable_text(text: str, max_chars: int) -> tuple[str, list[str]]:
    """The part of an article's text the pipeline parses, and a warning for each limit that applied."""
    warnings = []
    if len(text) > max_chars:
        text = cut_text(text, max_chars)
        warnings.append(
            f"text longer than {max_chars} characters (CRISISDESK_MAX_CHARS): only the first {len(text)} were analysed"
        )
    text, runs = break_long_runs(text)
    if runs:
        warnings.append(f"{runs} run(s) of more than {MAX_RUN} characters without a space were split for the analysis")
    return text, warnings
