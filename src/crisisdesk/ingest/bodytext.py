"""Main text of a page by a consensus of extractors: trafilatura first, readability-lxml where
trafilatura's answer looks doubtful, merged paragraph by paragraph."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MainText:
    """The main text of a page and how it was found."""

    text: str
    method: str
    warnings: list[str] = field(default_factory=list)


def trafilatura_text(tree: Any) -> str:
    """trafilatura's main text of a parsed page (it works on a copy)."""
    import trafilatura

    return trafilatura.extract(tree, include_comments=False, with_metadata=False) or ""


def readability_text(tree: Any) -> str:
    """readability-lxml's main text of a parsed page, as text with one block per line."""
    import html_text
    from readability import Document

    try:
        summary = Document(copy.deepcopy(tree)).summary(html_partial=True)
    except Exception:  # readability raises its own Unparseable and lxml errors on odd pages
        return ""
    return html_text.extract_text(summary, guess_layout=True)


def main_text(tree: Any, html: str) -> MainText:
    """The page's main text."""
    first = trafilatura_text(tree)
    return MainText(first, "trafilatura")
