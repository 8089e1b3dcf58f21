"""Time expressions on TempEval-3: strict and relaxed extent F1, value F1 and type F1, plus stage speed.

Run: python -m benchmarks.timex [--split test|train] [--system DIR]
- default: crisisdesk's time stage on TE3-Platinum (`test`), each file's DCT as the publication date;
- `--split train`: the same on TimeBank + AQUAINT (train-TBAQ-cleaned), where rules are tuned;
- `--system DIR`: score another tool's TimeML output instead (one `NAME.tml` per gold file, its text
  being the gold TEXT with TIMEX3 tags added), e.g. HeidelTime's, to check this scorer.

The scorer follows the TempEval-3 task paper (UzZaman et al. 2013, section 4.1): a system timex and a
gold timex match strictly when their extents are identical and relaxed when they overlap, each
timex matched at most once; value and type are compared over relaxed matches, and attribute
F1 = 2 * correct / (gold + system). Only the timexes inside TEXT count (the DCT is given, not found).
"""

from __future__ import annotations

import argparse
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .common import SHARED_DATA, require, save

TE3 = SHARED_DATA / "temporal" / "tempeval3"
SPLITS = {"test": TE3 / "test-platinum", "train": TE3 / "train-TBAQ-cleaned"}


@dataclass(frozen=True)
class Span:
    """One annotated time expression: character offsets into the document's TEXT, type and value."""

    start: int
    end: int
    type: str
    value: str


@dataclass
class TimeMLDoc:
    """A TimeML document: name, plain TEXT, creation date and its TIMEX3 spans."""

    name: str
    text: str
    dct: str
    timexes: list[Span] = field(default_factory=list)


def _walk(elem: ET.Element, parts: list[str], spans: list[Span], offset: int) -> int:
    """Append the text under elem to parts, recording TIMEX3 offsets; returns the new offset."""
    if elem.text:
        parts.append(elem.text)
        offset += len(elem.text)
    for child in elem:
        start = offset
        offset = _walk(child, parts, spans, offset)
        if child.tag == "TIMEX3":
            spans.append(Span(start, offset, child.get("type", "").upper(), child.get("value", "")))
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def read_timeml(path: Path) -> TimeMLDoc:
    """The TEXT, DCT and TIMEX3 spans of a gold TimeML file."""
    root = ET.parse(path).getroot()
    dct_elem = root.find("DCT/TIMEX3")
    text_elem = root.find("TEXT")
    if dct_elem is None or text_elem is None:
        raise ValueError(f"{path}: no DCT/TIMEX3 or TEXT element")
    parts: list[str] = []
    spans: list[Span] = []
    _walk(text_elem, parts, spans, 0)
    return TimeMLDoc(path.stem, "".join(parts), dct_elem.get("value", "")[:10], spans)


_TAG = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>|<[^>]+>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_system_output(path: Path, text: str) -> list[Span]:
    """TIMEX3 spans of a tool's TimeML output, as offsets into the gold text (matched by content)."""
    raw = path.read_text("utf-8")
    body = raw.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    found: list[tuple[str, dict[str, str]]] = []
    plain: list[str] = []
    pos = 0
    marks: list[tuple[int, int, dict[str, str]]] = []
    length = 0
    for m in _TAG.finditer(body):
        plain.append(body[pos : m.start()])
        length += m.start() - pos
        if m.group(1) is not None:
            inner = re.sub(r"<[^>]+>", "", m.group(2))
            attrs = dict(_ATTR.findall(m.group(1)))
            marks.append((length, length + len(inner), attrs))
            found.append((inner, attrs))
            plain.append(inner)
            length += len(inner)
        pos = m.end()
    plain.append(body[pos:])
    out_text = "".join(plain)
    # The tool may add or drop white space at the edges: locate its text inside the gold text.
    shift = text.find(out_text.strip()) - (len(out_text) - len(out_text.lstrip()))
    if text.find(out_text.strip()) < 0:
        raise ValueError(f"{path}: output text does not match the gold TEXT")
    return [Span(s + shift, e + shift, a.get("type", "").upper(), a.get("value", "")) for s, e, a in marks]


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of gold and system timexes: exact extents first, then the largest overlaps."""
    pairs: list[tuple[Span, Span]] = []
    free = list(system)
    rest: list[Span] = []
    for g in gold:
        exact = next((s for s in free if (s.start, s.end) == (g.start, g.end)), None)
        if exact is not None:
            pairs.append((g, exact))
            free.remove(exact)
        else:
            rest.append(g)
    for g in rest:
        best = max((s for s in free if _overlap(g, s) > 0), key=lambda s: _overlap(g, s), default=None)
        if best is not None:
            pairs.append((g, best))
            free.remove(best)
    return pairs


def _f1(correct: int, gold: int, system: int) -> float:
    return 2 * correct / (gold + system) if gold + system else 0.0


def score(docs: list[tuple[list[Span], list[Span]]]) -> dict[str, float | int]:
    """TempEval-3 figures over (gold, system) pairs of documents."""
    n_gold = n_sys = strict = relaxed = value = type_ = 0
    for gold, system in docs:
        pairs = match(gold, system)
        n_gold += len(gold)
        n_sys += len(system)
        relaxed += len(pairs)
        strict += sum((g.start, g.end) == (s.start, s.end) for g, s in pairs)
        value += sum(g.value == s.value for g, s in pairs)
        type_ += sum(g.type == s.type for g, s in pairs)
    return {
        "gold": n_gold,
        "system": n_sys,
        "strict_precision": round(strict / n_sys, 4) if n_sys else 0.0,
        "strict_recall": round(strict / n_gold, 4) if n_gold else 0.0,
        "strict_f1": round(_f1(strict, n_gold, n_sys), 4),
        "relaxed_precision": round(relaxed / n_sys, 4) if n_sys else 0.0,
        "relaxed_recall": round(relaxed / n_gold, 4) if n_gold else 0.0,
        "relaxed_f1": round(_f1(relaxed, n_gold, n_sys), 4),
        "value_f1": round(_f1(value, n_gold, n_sys), 4),
        "type_f1": round(_f1(type_, n_gold, n_sys), 4),
    }


def load_split(split: str) -> list[TimeMLDoc]:
    """Every gold document of a split, in file-name order."""
    folder = require(SPLITS[split])
    return [read_timeml(p) for p in sorted(folder.rglob("*.tml"))]


def tag_docs(docs: list[TimeMLDoc]) -> tuple[list[list[Span]], dict[str, float]]:
    """crisisdesk's time stage on each document (DCT as publication date), and its speed."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.nlp.timex import find_timexes
    from crisisdesk.settings import get_settings

    settings = get_settings()
    nlp = load_pipeline(settings.spacy_model, None, settings.date_order)
    started = time.perf_counter()
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if not p.startswith("crisisdesk")]):
        parsed = list(nlp.pipe([d.text for d in docs], batch_size=settings.batch_size))
    parse_seconds = time.perf_counter() - started
    words = sum(1 for doc in parsed for t in doc if not (t.is_space or t.is_punct))
    # Tag three times and keep the fastest, to damp the noise of other jobs on the machine.
    best = float("inf")
    results: list[list[Span]] = []
    for _ in range(3):
        started = time.perf_counter()
        found = [find_timexes(doc, d.dct, settings.date_order) for doc, d in zip(parsed, docs, strict=True)]
        best = min(best, time.perf_counter() - started)
        results = [[Span(t.start, t.end, t.kind.upper(), t.value or "") for t in f] for f in found]
    speed = {
        "words": words,
        "time_stage_words_per_s": round(words / best),
        "parse_words_per_s": round(words / parse_seconds),
        "time_stage_share_of_parse": round(best / parse_seconds, 4),
    }
    return results, speed


def main(argv: list[str] | None = None) -> None:
    """Print the TempEval-3 figures of crisisdesk (or of a given system output folder)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.timex")
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    parser.add_argument("--system", type=Path, help="folder of another tool's TimeML output to score")
    args = parser.parse_args(argv or [])
    docs = load_split(args.split)
    figures: dict = {"split": args.split, "documents": len(docs)}
    if args.system:
        system = [read_system_output(args.system / f"{d.name}.tml", d.text) for d in docs]
        figures["system"] = str(args.system)
        figures.update(score([(d.timexes, s) for d, s in zip(docs, system, strict=True)]))
        print(figures)
        return
    system, speed = tag_docs(docs)
    figures.update(score([(d.timexes, s) for d, s in zip(docs, system, strict=True)]))
    figures.update(speed)
    figures["measured_on"] = date.today().isoformat()
    save(f"timex-{args.split}", figures)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
