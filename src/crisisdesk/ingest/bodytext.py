"""Main text of a page by a consensus of extractors: trafilatura first, readability-lxml where
trafilatura's answer looks doubtful, the two compared paragraph by paragraph; on pages laid out
without HTML5's sectioning elements (as before HTML5), readability's text leads.

Tuned on wcxb-dev-articles only (the scratch grid is described in benchmarks/extraction.py):
- trafilatura is the better single tool there (F1 0.932 against readability's 0.899), so it leads;
- where readability's text holds most of trafilatura's and is clearly longer, trafilatura missed part
  of the story; where readability's text is a clean core of trafilatura's, trafilatura kept chrome;
- lines of trafilatura's text before the first or after the last line readability agrees with, and
  which readability does not hold, are page furniture (related links, bylines, share prompts).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"\w+")

# Run readability only when trafilatura's text holds fewer words than the page's <p> elements:
# on wcxb-dev this runs it on 37% of pages and keeps F1 0.9396 of the 0.9408 that running it
# everywhere gives (a gate at 0.8 of the paragraph words: 14% of pages, F1 0.9364; also doubting
# every text under 400 words: 44% of pages, F1 0.9398, but 75% of news pages).
DOUBT_SHARE = 1.0
# Pages that hold little text in <p> elements (older layouts put the story in table cells and <br>
# runs) give the gate nothing to compare against: below 200 words, doubt. Neutral on wcxb-dev (F1
# 0.9377 against 0.9378, 43% of pages checked instead of 41%); added after L3S-GN1 (2008 pages) fell
# short of readability, without looking at its pages one by one.
MIN_PARAGRAPH_WORDS = 200
# Not doubtful after all: trafilatura's text is within 10% of the words of the <p> elements of the
# element that holds most of them (the story's box), and at least 95% of all that box's words.
# Grid on wcxb-dev (box words 200/400, share 0.95-1.05 to 0.8-1.5, held 0.9/0.95): this one keeps F1
# at 0.9398 and runs readability on 31% of pages instead of 43% (ScrapingHub 44% instead of 73%,
# F1 equal; L3S-GN1 48% instead of 66%, F1 +0.0003). Wider shares lost F1 on wcxb-dev.
STORY_BOX_MIN_WORDS = 200
STORY_BOX_SHARE = (0.9, 1.1)
STORY_BOX_HELD = 0.95
# trafilatura's own fallbacks (its readability port, jusText) stay on: off, wcxb-dev F1 falls 0.940 -> 0.931.
FAST_TRAFILATURA = False
# Choose readability's text outright (grid over wcxb-dev, F1 0.9319 -> 0.9393):
SHORT_SHINGLES = 50  # trafilatura found next to nothing, readability found more
SUPERSET_HOLDS = 0.7  # readability holds >= 70% of trafilatura's shingles ...
SUPERSET_LONGER = 1.2  # ... and has >= 20% more: trafilatura missed part of the story
SUBSET_HELD = 0.99  # readability's text is (almost) all inside trafilatura's ...
SUBSET_SHARE = (0.5, 0.9)  # ... and is 50-90% of it: trafilatura kept page furniture
# Trim trafilatura's edge lines readability does not hold (wcxb-dev grid, +0.0015 F1):
TRIM_AGREEMENT = 0.5  # only when readability holds at least half of trafilatura's text
TRIM_SUPPORT = 0.2  # a line with under 20% of its word trigrams in readability's text ...
TRIM_MAX_WORDS = 40  # ... and at most 40 words (longer lines are story even when unshared)


@dataclass
class MainText:
    """The main text of a page and how it was found."""

    text: str
    method: str
    # The extractor runs it took ("trafilatura" or "trafilatura+readability"), counted by the
    # extraction benchmark as work done (readability is the costlier second opinion).
    work: str = "trafilatura"
    warnings: list[str] = field(default_factory=list)


_EXTRACTOR: Any = None


def trafilatura_text(tree: Any) -> str:
    """trafilatura's main text of a parsed page (it works on a copy)."""
    global _EXTRACTOR
    import trafilatura

    if _EXTRACTOR is None:
        from trafilatura.settings import Extractor

        # Built once: trafilatura builds its options on every call otherwise, reading the clock and
        # the local time zone for date settings the text never uses (1% of `--records article` time).
        _EXTRACTOR = Extractor(output_format="txt", fast=FAST_TRAFILATURA, comments=False, with_metadata=False)
    return trafilatura.extract(tree, options=_EXTRACTOR) or ""


_CLEANER_SET = False


def _fast_readability_cleaner() -> None:
    """Give readability-lxml its own cleaner without the `javascript` pass: that pass rewrites every
    link of the page (a quarter of readability's time on news pages, profiled over the ScrapingHub
    pages) and removes event attributes, neither of which changes the text it returns."""
    global _CLEANER_SET
    if _CLEANER_SET:
        return
    import readability.readability as rr
    from lxml_html_clean import Cleaner

    old = rr.html_cleaner
    rr.html_cleaner = Cleaner(
        scripts=old.scripts, javascript=False, comments=old.comments, style=old.style, links=old.links, meta=old.meta,
        add_nofollow=old.add_nofollow, page_structure=old.page_structure, processing_instructions=old.processing_instructions,
        embedded=old.embedded, frames=old.frames, forms=old.forms, annoying_tags=old.annoying_tags, remove_tags=old.remove_tags,
        remove_unknown_tags=old.remove_unknown_tags, safe_attrs_only=old.safe_attrs_only,
    )
    _CLEANER_SET = True


_DOCUMENT: Any = None


def _readability_document() -> Any:
    """readability-lxml's Document with the same unlikely-candidate pass done in one walk of the tree.

    readability's own pass runs two XPath queries over the ancestors and the whole subtree of every
    element whose class or id looks unlikely, and tests again every element inside a subtree it has
    already removed: 14% of `--records article` time over the ScrapingHub pages (cProfile). Here the
    elements holding a <main>, <article> or <math> and those inside <pre> or <code> are marked once,
    and removed subtrees are skipped; what is removed is the same (tests/test_ingest_html.py)."""
    global _DOCUMENT
    if _DOCUMENT is not None:
        return _DOCUMENT
    from readability import Document
    from readability.readability import REGEXES

    unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]

    class OneWalkDocument(Document):
        def remove_unlikely_candidates(self) -> None:
            elements = self.html.findall(".//*")
            holds_story = set()
            for el in self.html.iter("main", "article", "math"):
                holds_story.add(el)
                holds_story.update(el.iterancestors())
            in_code = set()
            for el in self.html.iter("pre", "code"):
                in_code.add(el)
                in_code.update(el.iterdescendants())
            removed = set()
            for elem in elements:
                if elem.getparent() in removed:  # inside a removed subtree: nothing left to change
                    removed.add(elem)
                    continue
                s = "{} {}".format(elem.get("class", ""), elem.get("id", ""))
                if len(s) < 2:
                    continue
                if (
                    unlikely.search(s)
                    and not maybe.search(s)
                    and elem.tag not in ("html", "body")
                    and elem not in in_code
                    and elem not in holds_story
                ):
                    elem.drop_tree()
                    removed.add(elem)

    _DOCUMENT = OneWalkDocument
    return _DOCUMENT


def readability_text(tree: Any, *, copy_tree: bool = True) -> str:
    """readability-lxml's main text of a parsed page, as text with one block per line.

    readability changes the tree it reads: without `copy_tree` the caller's tree is spent."""
    import html_text

    _fast_readability_cleaner()
    Document = _readability_document()

    try:
        summary = Document(copy.deepcopy(tree) if copy_tree else tree).summary(html_partial=True)
    except Exception:  # readability raises its own Unparseable and lxml errors on odd pages
        return ""
    return html_text.extract_text(summary, guess_layout=True)


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))} if words else set()


@dataclass
class Paragraphs:
    """How a page's <p> text is laid out: all of it, and the element holding most of it."""

    words: int  # words in all <p> elements
    story_words: int  # words in the <p> children of the element that holds the most of them
    container_words: int  # all words of that element (lists, headings, tables included)


def paragraph_layout(tree: Any) -> Paragraphs:
    """Count the page's paragraph words and find the element holding most of them (the story's box)."""
    by_parent: dict[Any, int] = {}
    total = 0
    for p in tree.iter("p"):
        n = len(_WORD.findall(p.text_content()))
        total += n
        parent = p.getparent()
        if parent is not None:
            by_parent[parent] = by_parent.get(parent, 0) + n
    if not by_parent:
        return Paragraphs(total, 0, 0)
    box = max(by_parent, key=by_parent.__getitem__)
    return Paragraphs(total, by_parent[box], len(_WORD.findall(box.text_content())))


def paragraph_words(tree: Any) -> int:
    """Words inside the page's <p> elements: what a reader would take for running text."""
    return paragraph_layout(tree).words


# Pages without any HTML5 sectioning element take readability's text unless it found next to
# nothing (under SHORT_SHINGLES). On the 13 such pages of wcxb-dev, trafilatura's text scored F1
# 0.898 and readability's 0.968 (three stories trafilatura cut by a third or more; it was slightly
# ahead on six); the consensus led by trafilatura scored 0.936. Bevendorff et al. (2023) found
# readability ahead on older pages too. Readability's text outright and the consensus with the two
# roles swapped tie on wcxb-dev (0.968); the outright rule was taken as it has no thresholds tuned
# for a readability lead (the swapped consensus was also run on L3S-GN1, whose aggregate F1 it
# lowered: see the README). Every other page keeps trafilatura's lead.
_HTML5_ELEMENTS = ("article", "main", "section", "header", "footer", "nav", "aside", "figure", "time")


def legacy_markup(tree: Any) -> bool:
    """Whether the page is laid out without any of HTML5's sectioning elements, as pages before it were."""
    return next(tree.iter(*_HTML5_ELEMENTS), None) is None


def is_doubtful(text: str, tree: Any) -> bool:
    """Whether trafilatura's text covers less of the page's paragraph text than it should."""
    layout = paragraph_layout(tree)
    words = len(_WORD.findall(text))
    if layout.words >= MIN_PARAGRAPH_WORDS and words >= DOUBT_SHARE * layout.words:
        return False
    return not took_the_story_box(words, layout)


def took_the_story_box(words: int, layout: Paragraphs) -> bool:
    """Whether trafilatura's text is the paragraph text of the page's story box and all that box holds.

    Then readability, which scores the same box, has nothing to add: its text would be the same story,
    so the comparison is skipped. Pages with running text outside <p> in the box (lists, headings,
    <br> runs) or the story spread over several boxes stay doubtful."""
    return (
        layout.story_words >= STORY_BOX_MIN_WORDS
        and STORY_BOX_SHARE[0] * layout.story_words <= words <= STORY_BOX_SHARE[1] * layout.story_words
        and words >= STORY_BOX_HELD * layout.container_words
    )


def trim_edges(first: str, second: str) -> str:
    """Drop short lines of `first` outside the span `second` agrees with, when `second` does not hold them."""
    lines = [line for line in first.split("\n") if line.strip()]
    held = _shingles(_WORD.findall(second.lower()), 3)
    words = [_WORD.findall(line.lower()) for line in lines]
    support = []
    for w in words:
        sh = _shingles(w, 3)
        support.append(sum(1 for s in sh if s in held) / len(sh) if sh else 0.0)
    agreed = [i for i, s in enumerate(support) if s >= 0.5]
    if not agreed:
        return first
    kept = [
        line
        for i, line in enumerate(lines)
        if not ((i < agreed[0] or i > agreed[-1]) and support[i] < TRIM_SUPPORT and len(words[i]) <= TRIM_MAX_WORDS)
    ]
    return "\n".join(kept)


def consensus(first: str, second: str) -> tuple[str, str]:
    """Merge trafilatura's text (`first`) with readability's (`second`); return the text and the method."""
    a = _shingles(_WORD.findall(first.lower()), 4)
    b = _shingles(_WORD.findall(second.lower()), 4)
    if not b:
        return first, "trafilatura"
    if not a:
        return second, "readability"
    common = len(a & b)
    holds, held = common / len(a), common / len(b)
    if (len(a) < SHORT_SHINGLES and len(b) > len(a)) or (holds >= SUPERSET_HOLDS and len(b) >= SUPERSET_LONGER * len(a)):
        return second, "readability"
    if held >= SUBSET_HELD and SUBSET_SHARE[0] * len(a) <= len(b) <= SUBSET_SHARE[1] * len(a):
        return second, "readability"
    if holds >= TRIM_AGREEMENT:
        return trim_edges(first, second), "trafilatura+readability"
    return first, "trafilatura"


def main_text(tree: Any) -> MainText:
    """The page's main text: trafilatura's, checked against readability's where it looks doubtful;
    readability's on pages of legacy markup.

    The tree is spent (readability reads it last, without a copy): read everything else first."""
    if legacy_markup(tree):
        # Pages laid out before HTML5 set stories in table cells, <br> runs and <div>s as often as
        # in <p>, where the paragraph test of is_doubtful says little (on wcxb-dev, 3 of the 13 such
        # pages lost a third or more of the story while trafilatura's text matched their <p> words).
        # Readability runs first; trafilatura only when readability found next to nothing.
        second = readability_text(tree)
        if _enough(second):
            return MainText(second, "readability", work="readability")
        first = trafilatura_text(tree)
        text, method = consensus(first, second)
        return MainText(text, method, work="trafilatura+readability")
    first = trafilatura_text(tree)
    if first.strip() and not is_doubtful(first, tree):
        return MainText(first, "trafilatura")
    second = readability_text(tree, copy_tree=False)
    text, method = consensus(first, second)
    return MainText(text, method, work="trafilatura+readability")


def _enough(text: str) -> bool:
    """Whether an extractor's text is more than next to nothing (SHORT_SHINGLES word 4-grams)."""
    return len(_shingles(_WORD.findall(text.lower()), 4)) >= SHORT_SHINGLES
