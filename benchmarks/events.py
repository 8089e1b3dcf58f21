"""Event coding against the field's gold standards, and the event stage's share of parse time.

Run: python -m benchmarks events [--dev]   (--dev: the tuning halves only, with per-item misses)

- PETR2_GSR_real_news (test): precision, recall, F1 of (source country, target country, CAMEO
  code) and of (source, target, CAMEO root); the share of sentences with a spurious event. An
  actor is compared by country: its ISO code, or the first three letters of its CAMEO code for
  bodies without one (IGO, NGO), "---" for none. Diagnostic: the same codes with actors ignored,
  which separates coding misses from actor-linking misses.
- PLOVER_GSR_CAMEO: test half (even ids) for the figures, dev half (odd ids) for tuning. PLOVER
  type accuracy (draft names mapped: DEMAND->REQUEST, DISAPPROVE->ACCUSE, FIGHT->ASSAULT,
  INVESTIGATE->ACCUSE) of the event whose trigger holds a word of the gold event text (else the
  first non-statement event); actor country accuracy over gold actors with a country (legacy
  codes mapped, see LEGACY); diagnostic: both again with the gold actors forced as mentions.
- PETR_UnitTest_LOTR_PTB: share passed (every gold event found on the fields it gives, no other
  event; no event where none is expected), with its fictional actors and agents loaded as a user
  actor file, under PETRARCH's validation verb dictionary (as those tests were written for) and
  under ours.
- Speed: the event stage's time over the time of spaCy's own components, on crisis2022 articles.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from .common import SHARED_DATA, crisis_articles, require, save

GOLD = SHARED_DATA / "events" / "gold"
DICTS = SHARED_DATA / "events" / "petrarch_dictionaries"
EXAMPLE = SHARED_DATA.parent / "examples" / "putin-signals-talks.txt"
PLOVER_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# Legacy CAMEO country codes in the PLOVER gold and their ISO 3166 codes (the gold uses the first three).
LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAI": "COD", "TMP": "TLS", "KSV": "XKX"}
# Codes of bodies without a country in the gold: such actors are left out of country accuracy.
NO_COUNTRY = {"IGO", "NGO", "IMG", "ISM", "MNC"}
SPEED_ARTICLES = 60  # enough articles for a stable ratio (about 40,000 tokens) in under a minute


def pipeline(actors_file: str | None = None, verbs_file: str | None = None, paired: bool = False, strict: bool = True, unlinked: bool = False):
    """A fresh crisisdesk pipeline with the event coder configured."""
    import spacy

    import crisisdesk.nlp.pipeline  # noqa: F401  (registers the components)
    from crisisdesk.settings import get_settings

    settings = get_settings()
    nlp = spacy.load(settings.spacy_model)
    nlp.add_pipe("crisisdesk_actors", config={"actors_file": actors_file})
    nlp.add_pipe("crisisdesk_timex", config={"date_order": settings.date_order})
    nlp.add_pipe("crisisdesk_quotes")
    nlp.add_pipe("crisisdesk_events", config={"verbs_file": verbs_file, "paired": paired, "strict": strict, "unlinked": unlinked})
    return nlp


def annotate(nlp, text: str, published: str | None, force=None):
    """Run the pipeline on one text; `force(doc)` may replace the actor mentions before events are coded."""
    doc = nlp.make_doc(text)
    doc._.published = published
    for name, proc in nlp.pipeline:
        if name == "crisisdesk_events" and force is not None:
            force(doc)
        doc = proc(doc)
    return doc


def _iso_day(raw: str | None) -> str | None:
    """The gold sets' dates (YYYYMMDD, a few YYMMDD) as ISO days; anything else as no date."""
    if raw and re.fullmatch(r"\d{8}", raw):
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    if raw and re.fullmatch(r"\d{6}", raw):
        century = "20" if int(raw[:2]) < 50 else "19"
        return f"{century}{raw[:2]}-{raw[2:4]}-{raw[4:]}"
    return raw if raw and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None


def country_of(actor) -> str:
    """An actor's country for comparison: ISO code, else the first three letters of its code, else ---."""
    if actor is None:
        return "---"
    if getattr(actor, "country", None):
        return actor.country
    code = getattr(actor, "code", None) or ""
    return code[:3] if len(code) >= 3 else "---"


def _f1(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _match(gold: list[tuple], pred: list[tuple]) -> int:
    left = Counter(pred)
    tp = 0
    for g in gold:
        if left[g] > 0:
            left[g] -= 1
            tp += 1
    return tp


# -- PETR2 GSR ---------------------------------------------------------------------------------------
def petr2(nlp, nlp_unlinked=None) -> dict:
    rows = [json.loads(line) for line in require(GOLD / "PETR2_GSR_real_news.jsonl").read_text("utf-8").splitlines()]
    tallies = defaultdict(int)
    spurious_sentences = 0
    for row in rows:
        doc = annotate(nlp, row["text"], _iso_day(row.get("date")))
        gold = [(e["source"][:3], e["target"][:3], e["cameo"]) for e in row["events"]]
        pred = [(country_of(e.source), country_of(e.target), e.cameo_intent or e.cameo) for e in doc._.events]
        gold_root = [(s, t, c[:2]) for s, t, c in gold]
        pred_root = [(s, t, c[:2]) for s, t, c in pred]
        tallies["gold"] += len(gold)
        tallies["pred"] += len(pred)
        tallies["tp"] += _match(gold, pred)
        tallies["tp_root"] += _match(gold_root, pred_root)
        if nlp_unlinked is not None:
            # Diagnostic: codes alone, with sources the linker missed kept as placeholders.
            loose = [e.cameo_intent or e.cameo for e in annotate(nlp_unlinked, row["text"], _iso_day(row.get("date")))._.events]
            tallies["code_only"] += _match([g[2] for g in gold], loose)
            tallies["root_only"] += _match([g[2][:2] for g in gold], [c[:2] for c in loose])
            tallies["pred_loose"] += len(loose)
        if _match(pred_root, gold_root) < len(pred_root):
            spurious_sentences += 1
    n = len(rows)
    return {
        "sentences": n,
        "gold_events": tallies["gold"],
        "predicted_events": tallies["pred"],
        "code": _f1(tallies["tp"], tallies["pred"], tallies["gold"]),
        "root": _f1(tallies["tp_root"], tallies["pred"], tallies["gold"]),
        "spurious_sentence_rate": round(spurious_sentences / n, 3),
        "diagnostic_actors_ignored": {
            "code": _f1(tallies["code_only"], tallies["pred_loose"], tallies["gold"]),
            "root": _f1(tallies["root_only"], tallies["pred_loose"], tallies["gold"]),
        },
    }


# -- PLOVER GSR --------------------------------------------------------------------------------------
def _gold_country(actor: dict) -> str | None:
    code = (actor.get("code") or "").upper()
    code = LEGACY.get(code, code)
    return None if not code or code in NO_COUNTRY else code


def _forcer(row: dict):
    """Replace the linker's mentions by the gold actors where the gold names them (diagnostic)."""
    from crisisdesk.nlp.actors import Mention
    from crisisdesk.records import ActorRef

    def force(doc) -> None:
        gold: list[Mention] = []
        for e in row["events"]:
            for a in [*e["source"], *e["target"]]:
                if not isinstance(a, dict) or not a.get("actorText"):
                    continue
                text = a["actorText"].strip().split(" ... ")[0]
                start = doc.text.find(text)
                span = doc.char_span(start, start + len(text), alignment_mode="expand") if start >= 0 else None
                if span is None:
                    continue
                code = LEGACY.get((a.get("code") or "").upper(), (a.get("code") or "").upper())
                country = None if code in NO_COUNTRY else code
                sector = a.get("sector") or None
                kind = "country" if country and not sector else "organization"
                ref = ActorRef(name=text, actor_id=f"gold-{start}", kind=kind, country=country, sector=sector, code=code + (sector or ""))
                gold.append(Mention(span.start, span.end, span.start_char, span.end_char, ref, "gold"))
        taken = {i for m in gold for i in range(m.start, m.end)}
        kept = [m for m in doc._.actor_mentions or [] if not any(i in taken for i in range(m.start, m.end))]
        doc._.actor_mentions = sorted([*kept, *gold], key=lambda m: m.start)

    return force


def _chosen(doc, row: dict) -> list:
    """The predicted events of the gold event's trigger: those whose trigger holds a word of the gold event text."""
    from crisisdesk.nlp.codebook import lookup

    words = {w.lower() for w in re.findall(r"[A-Za-z]+", row["events"][0].get("eventText") or "") if len(w) > 2}
    events = list(doc._.events)
    hits = [e for e in events if words & {w.lower() for w in re.findall(r"[A-Za-z]+", e.trigger)}]
    if hits:
        first = min(hits, key=lambda e: e.start)
        return [e for e in hits if e.start == first.start]
    material = [e for e in events if lookup(e.cameo).root not in {"01", "02"}]
    if material:
        return [e for e in material if e.start == material[0].start]
    return [e for e in events if e.start == events[0].start] if events else []


def plover(nlp, half: str, force: bool = False, show: bool = False) -> dict:
    from crisisdesk.nlp.events import codebook_fields

    rows = [json.loads(line) for line in require(GOLD / "PLOVER_GSR_CAMEO.jsonl").read_text("utf-8").splitlines()]
    want = 0 if half == "test" else 1
    rows = [r for r in rows if int(r["id"][-1]) % 2 == want]
    right_type = right_actor = actors = 0
    confusion: Counter = Counter()
    for row in rows:
        doc = annotate(nlp, row["text"], None, _forcer(row) if force else None)
        gold = row["events"][0]
        chosen = _chosen(doc, row)
        # The PLOVER type the event record carries (an announced or future cooperation is AGREE).
        types = Counter(codebook_fields(e.cameo, e.cameo_intent, e.modality)["plover"] for e in chosen)
        got = types.most_common(1)[0][0] if types else None
        want_type = PLOVER_NAMES.get(gold["plover"], gold["plover"])
        right_type += got == want_type
        confusion[(want_type, got)] += got != want_type
        sources = {country_of(e.source) for e in chosen}
        targets = {country_of(e.target) for e in chosen if e.target is not None}
        for role, pool in (("source", sources), ("target", targets)):
            for a in gold[role]:
                if not isinstance(a, dict) or _gold_country(a) is None:
                    continue
                actors += 1
                right_actor += _gold_country(a) in pool
        if show and got != want_type:
            print(f"  {row['id']}: gold {want_type}, got {got} {[(e.cameo, e.trigger) for e in chosen]} | {row['text'][:110]}")
    return {
        "sentences": len(rows),
        "plover_type_accuracy": round(right_type / len(rows), 3),
        "actor_country_accuracy": round(right_actor / actors, 3) if actors else 0.0,
        "gold_actors_with_country": actors,
        "top_confusions": [f"{w}->{g}: {n}" for (w, g), n in confusion.most_common(6) if n],
    }


# -- LOTR unit tests ---------------------------------------------------------------------------------
def _petrarch_phrase(entry: str) -> str:
    return " ".join(w.capitalize() if w.isalpha() else w for w in entry.strip().strip("_+").replace("_", " ").split())


def validation_actor_file(folder: Path) -> Path:
    """Turn PETRARCH's validation actor and agent dictionaries into a crisisdesk actor file (YAML)."""
    countries, orgs, people = [], [], []
    agents: dict[str, list[str]] = defaultdict(list)
    text = require(DICTS / "PETR.Validate.actors.txt").read_text("utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    current: dict | None = None
    for raw in text.splitlines():
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            current = None
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        name_part = re.split(r"[\[{]", line)[0].strip()
        if raw[:1] in {" ", "\t"} and current is not None:
            # a dated code line of the entry above: "[HOBGOV 19950601 - 19990815]"
            for c in codes:
                m = re.match(r"\s*([A-Z-]{3,})\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?", c)
                if m:
                    current.setdefault("codes", []).append(m.groups())
            continue
        if line.startswith("+") and current is not None:
            current["aliases"].append(_petrarch_phrase(name_part))
            continue
        current = {"name": _petrarch_phrase(name_part), "aliases": [], "codes": []}
        for c in codes:
            m = re.match(r"\s*([A-Za-z-]{3,})", c)
            if m:
                current["codes"].append((m.group(1).upper(), None, None, None, None))
        if name_part:
            people.append(current)
    for entry in people:
        plain = [c for c in entry["codes"] if not any(c[1:])]
        dated = [c for c in entry["codes"] if any(c[1:])]
        if not entry["codes"] or not re.fullmatch(r"[A-Z]{3}[A-Z]*", entry["codes"][0][0] if entry["codes"] else ""):
            continue
        code = (plain or dated)[0][0]
        if len(code) == 3 and not dated:
            countries.append({"code": code, "name": entry["name"], "names": [entry["name"], *entry["aliases"]]})
        elif dated:
            roles = []
            for c, rel, day, lo, hi in dated:
                fmt = lambda d: f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else f"19{d[:2]}-{d[2:4]}-{d[4:6]}"  # noqa: E731
                start = fmt(day) if rel == ">" else (fmt(lo) if lo else None)
                end = fmt(day) if rel == "<" else (fmt(hi) if hi else None)
                roles.append({"country": c[:3], "sector": c[3:] or None, "start": start, "end": end})
            people_entry = {"name": entry["name"], "aliases": entry["aliases"], "roles": roles}
            orgs.append(("person", people_entry))
        else:
            orgs.append(("org", {"name": entry["name"], "aliases": entry["aliases"], "code": code, "country": code[:3], "sector": code[3:] or None}))
    atext = require(DICTS / "PETR.Validate.agents.txt").read_text("utf-8", errors="replace")
    for raw in re.sub(r"<!--.*?-->", "", atext, flags=re.S).splitlines():
        m = re.match(r"([A-Z][A-Z_ -]+?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]+)\]", raw.split("#")[0].strip())
        if m and "!" not in m.group(1):
            agents[m.group(2)[:3]].append(m.group(1).replace("_", " ").lower())
    data = {
        "countries": countries,
        "organizations": [o for kind, o in orgs if kind == "org"],
        "people": [p for kind, p in orgs if kind == "person"],
        "agents": dict(agents),
    }
    path = folder / "petr_validate_actors.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def _lotr_pass(doc, row: dict) -> bool:
    pred = [(e.source.code or "---", e.target.code if e.target is not None else "---", e.cameo) for e in doc._.events]
    if row["no_event"]:
        return not pred
    left = list(pred)
    for g in row["events"]:
        hit = next((p for p in left if all(g.get(k) is None or g[k] == v for k, v in zip(("source", "target", "cameo"), p, strict=True))), None)
        if hit is None:
            return False
        left.remove(hit)
    return not left


def lotr(nlp) -> dict:
    rows = [json.loads(line) for line in require(GOLD / "PETR_UnitTest_LOTR_PTB.jsonl").read_text("utf-8").splitlines()]
    passed = sum(_lotr_pass(annotate(nlp, r["text"], _iso_day(r.get("date"))), r) for r in rows)
    return {"tests": len(rows), "passed": passed, "share_passed": round(passed / len(rows), 3)}


# -- speed -------------------------------------------------------------------------------------------
def speed(n: int = SPEED_ARTICLES) -> dict:
    """Seconds in spaCy's own components vs in the event coder, over the same documents."""
    from crisisdesk.nlp.pipeline import COMPONENTS, load_pipeline
    from crisisdesk.settings import get_settings

    settings = get_settings()
    nlp = load_pipeline(settings.spacy_model)
    texts = [(a["text"][:20000], a["published"]) for a in crisis_articles(limit=n)]
    with nlp.select_pipes(disable=list(COMPONENTS)):
        start, cpu = time.perf_counter(), time.process_time()
        docs = list(nlp.pipe((t for t, _ in texts), batch_size=settings.batch_size))
        parse, parse_cpu = time.perf_counter() - start, time.process_time() - cpu
    events = events_cpu = 0.0
    for doc, (_, day) in zip(docs, texts, strict=True):
        doc._.published = day
        for name in ("crisisdesk_actors", "crisisdesk_timex", "crisisdesk_quotes"):
            doc = nlp.get_pipe(name)(doc)
        start, cpu = time.perf_counter(), time.process_time()
        nlp.get_pipe("crisisdesk_events")(doc)
        events += time.perf_counter() - start
        events_cpu += time.process_time() - cpu
    # CPU seconds as well as wall seconds: on the shared machine the wall ratio swings with the load.
    return {
        "articles": n,
        "parse_seconds": round(parse, 2),
        "event_seconds": round(events, 2),
        "event_over_parse": round(events / parse, 3),
        "cpu_event_over_parse": round(events_cpu / parse_cpu, 3) if parse_cpu else None,
    }


# -- the example article -----------------------------------------------------------------------------
def example(nlp) -> list[str]:
    """The events coded on the project's example article, one line each."""
    from crisisdesk.runner import read_articles

    article = next(a for a in read_articles([require(EXAMPLE)], published="2022-02-14") if hasattr(a, "text"))
    doc = annotate(nlp, article.text, "2022-02-14")
    lines = []
    for e in doc._.events:
        lines.append(
            f"{e.source.name} ({e.source.code}) -> {e.target.name if e.target else None} ({e.target.code if e.target else None}) "
            f"{e.cameo} {e.modality} date={e.timex.value if e.timex else '2022-02-14*'} "
            f"rep={e.reported_by.name if e.reported_by else None} loc={e.location.name if e.location else None} | {e.trigger}"
        )
    return lines


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[2:] if argv is None else argv
    dev = "--dev" in argv
    nlp = pipeline()
    figures: dict = {}
    if dev:
        print("\n".join(example(nlp)))
        figures["plover_dev"] = plover(nlp, "dev", show=True)
        figures["plover_dev_gold_actors"] = plover(nlp, "dev", force=True)
    else:
        figures["petr2_gsr_test"] = petr2(nlp, pipeline(unlinked=True))
        figures["plover_test"] = plover(nlp, "test")
        figures["plover_test_gold_actors"] = plover(nlp, "test", force=True)
        figures["plover_dev"] = plover(nlp, "dev")
    with tempfile.TemporaryDirectory() as tmp:
        actors = str(validation_actor_file(Path(tmp)))
        figures["lotr_validation_dictionary"] = lotr(pipeline(actors, str(require(DICTS / "PETR.Validate.verbs.txt")), paired=True, strict=False))
        figures["lotr_our_dictionary"] = lotr(pipeline(actors))
    if not dev:
        figures["speed"] = speed()
    save("events" + ("_dev" if dev else ""), figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
