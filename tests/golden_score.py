"""Score pipeline output against the hand-written golden annotations of the bundled examples."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GOLDEN = Path(__file__).parent / "golden" / "examples.yaml"


@dataclass
class Tally:
    """Counts for precision and recall."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Every figure of the regression gate."""

    quotes: Tally = field(default_factory=Tally)
    speakers_right: int = 0
    timexes: Tally = field(default_factory=Tally)
    timex_values_right: int = 0
    events: Tally = field(default_factory=Tally)
    event_roots: Tally = field(default_factory=Tally)
    modality_right: int = 0

    def figures(self) -> dict[str, float]:
        """The figures as a flat mapping, rounded to three places."""
        f = {
            "quote_precision": self.quotes.precision,
            "quote_recall": self.quotes.recall,
            "speaker_accuracy": self.speakers_right / self.quotes.matched if self.quotes.matched else 0.0,
            "timex_precision": self.timexes.precision,
            "timex_recall": self.timexes.recall,
            "timex_value_accuracy": self.timex_values_right / self.timexes.matched if self.timexes.matched else 0.0,
            "event_precision": self.events.precision,
            "event_recall": self.events.recall,
            "event_root_precision": self.event_roots.precision,
            "event_root_recall": self.event_roots.recall,
            "event_modality_accuracy": self.modality_right / self.events.matched if self.events.matched else 0.0,
        }
        return {k: round(v, 3) for k, v in f.items()}


def load_golden() -> list[dict]:
    """The golden entries."""
    return yaml.safe_load(GOLDEN.read_text("utf-8"))


def _key(entry: dict) -> str:
    return entry["file"] + (f":{entry['record'] + 1}" if "record" in entry else "")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _actor_key(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("country") or actor.get("code")


def _speaker_ok(gold: str | None, pred: dict | None, country_names: dict[str, str]) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    g = gold.lower()
    if pred["name"].lower() == g:
        return True
    # A country name in the golden stands for the country or its government ("Kardova said").
    code = country_names.get(g)
    return code is not None and pred.get("country") == code and pred.get("kind") != "person"


def score(records: list[dict], country_names: dict[str, str]) -> Scores:
    """Score records (from extract) against the golden file; articles are matched by source path."""
    by_article: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    texts: dict[str, str] = {}
    source_of: dict[str, str] = {}
    for r in records:
        if r["type"] == "article":
            key = r["source"].split("examples/articles/")[-1]
            source_of[r["id"]] = key
            texts[key] = r["text"]
    for r in records:
        if r["type"] != "article":
            by_article[source_of[r["article_id"]]][r["type"]].append(r)
    s = Scores()
    for entry in load_golden():
        key = _key(entry)
        text = texts[key]
        preds = by_article[key]
        # quotes: a prediction matches a gold quote whose words it overlaps (one to one)
        used: set[int] = set()
        s.quotes.gold += len(entry["quotes"])
        s.quotes.predicted += len(preds["quote"])
        for g in entry["quotes"]:
            start = text.find(g["text"])
            assert start >= 0, (key, g["text"])
            span = (start, start + len(g["text"]))
            for i, q in enumerate(preds["quote"]):
                if i not in used and _overlaps(span, (q["start"], q["end"])):
                    used.add(i)
                    s.quotes.matched += 1
                    s.speakers_right += _speaker_ok(g["speaker"], q["speaker"], country_names)
                    break
        # time expressions: overlap, then the value
        used = set()
        s.timexes.gold += len(entry["timexes"])
        s.timexes.predicted += len(preds["timex"])
        cursor = 0
        for g in entry["timexes"]:
            start = text.find(g["text"], cursor)
            if start < 0:
                start = text.find(g["text"])
            cursor = start + 1
            span = (start, start + len(g["text"]))
            for i, t in enumerate(preds["timex"]):
                if i not in used and _overlaps(span, (t["start"], t["end"])):
                    used.add(i)
                    s.timexes.matched += 1
                    s.timex_values_right += str(t["value"]) == str(g["value"])
                    break
        # events: (source, target, CAMEO root), and the same at root level ignoring the target
        used = set()
        used_root: set[int] = set()
        s.events.gold += len(entry["events"])
        s.event_roots.gold += len(entry["events"])
        s.events.predicted += len(preds["event"])
        s.event_roots.predicted += len(preds["event"])
        for g in entry["events"]:
            for i, e in enumerate(preds["event"]):
                if i in used:
                    continue
                if _actor_key(e["source"]) == g["source"] and _actor_key(e["target"]) == g["target"] and e["cameo_root"] == g["cameo_root"]:
                    used.add(i)
                    s.events.matched += 1
                    s.modality_right += e["modality"] == g["modality"]
                    break
            for i, e in enumerate(preds["event"]):
                if i not in used_root and _actor_key(e["source"]) == g["source"] and e["cameo_root"] == g["cameo_root"]:
                    used_root.add(i)
                    s.event_roots.matched += 1
                    break
    return s
