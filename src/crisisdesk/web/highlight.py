"""Article text as HTML with its quotes, events, actors and dates marked and linked, every character escaped.

Annotations may overlap without nesting (a quote that ends inside an event's span); the marks are
then split into fragments so the HTML stays well formed, and every fragment carries its record's
data attribute. Only the first fragment carries the element id that links point at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .pages import actor_href

# Which mark sits outside when two start at the same place and are as long: quotes wrap events
# (a quote often reports an event), events wrap the short actor and date marks.
_RANK = {"sentence": -1, "quote": 0, "event": 1, "speaker": 2, "actor": 3, "timex": 4}


@dataclass(frozen=True)
class Mark:
    """A marked span of the text: its kind, record key, link (or None) and hover title."""

    start: int
    end: int
    kind: str
    key: str
    title: str
    href: str | None = None
    selected: bool = False

    @property
    def dom_id(self) -> str:
        """The element id of the mark's first fragment."""
        return f"{self.kind[0]}-{self.key}"


def _ref_name(ref: dict[str, Any] | None) -> str:
    return ref.get("name") or ref.get("actor_id") or "?" if ref else "?"


def sentence_span(text: str, sentence: str, inside: int) -> tuple[int, int] | None:
    """Where the sentence that contains offset `inside` sits in the text (records keep its words, not its offsets)."""
    if not sentence:
        return None
    at = text.find(sentence, max(0, inside - len(sentence)))
    while at != -1 and at <= inside:
        if inside < at + len(sentence):
            end = at + len(sentence.rstrip())  # a trailing line break would mark the empty line below
            return at, max(end, inside + 1)
        at = text.find(sentence, at + 1)
    return None


def marks_for(article: dict[str, Any], selected_event: str | None = None, selected_quote: str | None = None) -> list[Mark]:
    """The marks of an article's annotations (as returned by `queries.get_article`)."""
    marks: list[Mark] = []
    for q in article.get("quotes", []):
        speaker = q.get("speaker")
        who = _ref_name(speaker) if speaker else (q.get("speaker_text") or "unknown speaker")
        marks.append(Mark(q["start"], q["end"], "quote", q["id"], f"quote ({q['kind']}) by {who}", selected=q["id"] == selected_quote))
        if speaker and q.get("speaker_start") is not None and q.get("speaker_end") is not None:
            marks.append(Mark(q["speaker_start"], q["speaker_end"], "speaker", q["id"], f"speaker: {who}", actor_href(speaker["actor_id"])))
    text = article.get("text") or ""
    for e in article.get("events", []):
        target = _ref_name(e.get("target")) if e.get("target") else "-"
        title = f"event {e['cameo']} ({e['modality']}, Goldstein {e['goldstein']}): {_ref_name(e.get('source'))} -> {target}"
        marks.append(Mark(e["start"], e["end"], "event", e["id"], title, selected=e["id"] == selected_event))
        if e["id"] == selected_event:
            span = sentence_span(text, e.get("sentence") or "", e["start"])
            if span:
                marks.append(Mark(span[0], span[1], "sentence", e["id"], "the sentence this event was coded from"))
    for a in article.get("actors", []):
        for start, end in a.get("mentions", []):
            marks.append(Mark(start, end, "actor", f"{a['actor_id']}-{start}", f"{a['name']} ({a['kind']})", actor_href(a["actor_id"])))
    for i, t in enumerate(article.get("timexes", [])):
        marks.append(Mark(t["start"], t["end"], "timex", str(i), f"{t['kind']}: {t.get('value') or 'unresolved'}", f"#rec-t-{i}"))
    return marks


def _open(mark: Mark, first: bool, in_link: bool) -> str:
    """The opening tag of a fragment; links are not nested (HTML forbids it), an inner one becomes a span."""
    classes = f"m m-{mark.kind}" + (" evidence" if mark.selected else "")
    attrs = f' class="{classes}" data-{mark.kind}="{escape(mark.key)}" title="{escape(mark.title)}"'
    if first:
        attrs += f' id="{escape(mark.dom_id)}"'
    if mark.href and not in_link:
        return f'<a href="{escape(mark.href)}"{attrs}>'
    return f"<span{attrs}>"


def _close(mark: Mark, was_link: bool) -> str:
    return "</a>" if was_link else "</span>"


def render_text(text: str, marks: Sequence[Mark]) -> Markup:
    """The text as escaped HTML with the marks as (possibly split) elements; marks off the text are dropped."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    valid.sort(key=lambda m: (m.start, -m.end, _RANK.get(m.kind, 9)))
    bounds = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    starts: dict[int, list[Mark]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
    out: list[str] = []
    stack: list[tuple[Mark, bool]] = []  # open marks with whether each was opened as a link
    opened: set[int] = set()  # marks that already have a fragment (their id is taken)

    def push(mark: Mark) -> None:
        in_link = any(link for _, link in stack)
        is_link = bool(mark.href) and not in_link
        out.append(_open(mark, id(mark) not in opened, in_link))
        opened.add(id(mark))
        stack.append((mark, is_link))

    for here, nxt in zip(bounds, bounds[1:], strict=False):
        # close what ends here, reopening (as new fragments) anything above it that goes on
        if any(m.end == here for m, _ in stack):
            keep: list[Mark] = []
            while any(m.end == here for m, _ in stack):
                mark, link = stack.pop()
                out.append(_close(mark, link))
                if mark.end != here:
                    keep.append(mark)
            for mark in reversed(keep):
                push(mark)
        for mark in starts.get(here, []):
            push(mark)
        out.append(str(escape(text[here:nxt])))
    while stack:
        mark, link = stack.pop()
        out.append(_close(mark, link))
    return Markup("".join(out))
