"""Actors: country and sector of the gold actors of PLOVER_GSR_CAMEO, NGEC's actor cases, linking speed.

PLOVER_GSR_CAMEO: ids ending in an odd number are dev, even are test (data README). Each gold actor's
text is found in the sentence; the linker's mention that overlaps it most (or, for a pronoun, the
actor it resolves to) gives the country and sector. Gold codes are compared through LEGACY_CODES;
a body without a country (IGO, NGO, IMG) is right when the mention has no country either. Sectors are
compared where the gold has a real one (its first three letters, through SECTOR_CODES).
NGEC (dev figures only): the country and sector of each actor string of `agent_to_code`.
Speed: linking time over spaCy's own parse time of the same crisis2022 articles, in one run.
Run: python -m benchmarks actors [--dev] [--misses] [--ngec-misses] [N]  (--misses: the dev half's wrong actors and its
figures only; --ngec-misses: NGEC's wrong sectors and its figures only)
"""

from __future__ import annotations

import json
import re
import sys
import time

from .common import SHARED_DATA, crisis_articles, require

# CAMEO's legacy country codes in the gold -> ISO 3166-1 alpha-3; None: a body without a country.
# NGEC writes Kosovo XKX, as our knowledge base does (CAMEO's KSV is read as XKX), and the EU's bodies EUR, a
# region: no country.
LEGACY_CODES: dict[str, str | None] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAI": "COD", "IGO": None, "NGO": None, "IMG": None, "UNO": None,
                                       "KSV": "XKX", "TMP": "TLS", "EUR": None}
# Gold sector codes (first three letters) -> ours; codes not here and not in REAL_SECTORS are not compared.
# The gold's draft PLOVER codes differ from CAMEO's in two: JRN is the press (CAMEO MED) and MED is medical
# (CAMEO HLH): the gold gives MED to doctors and the Red Cross, JRN to journalists.
SECTOR_CODES = {"CIV": "CVL", "JRN": "MED", "MED": "HLH"}
REAL_SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED", "EDU", "BUS", "CRM", "CVL", "REF", "ELI", "LAB", "AGR", "HLH", "HRI", "UAF", "SOC"}


def _nlp():
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.settings import get_settings

    nlp = load_pipeline(get_settings().spacy_model)
    return nlp, [c for c in ("crisisdesk_timex", "crisisdesk_quotes", "crisisdesk_events") if c in nlp.pipe_names]


def _best_mention(doc, start: int, end: int):
    """Our mention for a gold actor's text: the one covering the phrase's head word, else the one overlapping it most.

    The head decides because the gold text is the whole noun phrase: in "refugees fleeing the civil war in
    Liberia" or "Doctors from two American aid groups" the actor is the refugees or the doctors, not the
    longer name in their modifiers.
    """
    from crisisdesk.nlp.actors import resolve_reference

    mentions = doc._.actor_mentions or []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        head = span.root
        best = next((m for m in mentions if m.start <= head.i < m.end), None)
        if best is not None:
            return best
    best, overlap = None, 0
    for m in mentions:
        o = min(end, m.end_char) - max(start, m.start_char)
        if o > overlap:
            best, overlap = m, o
    if best is None and span is not None:
        best = resolve_reference(doc, span.root)
    return best


def plover(half: str, misses: list[str] | None = None) -> dict[str, float]:
    """Country and sector accuracy over the gold actors of one half of PLOVER_GSR_CAMEO; misses collects the wrong ones."""
    nlp, disabled = _nlp()
    items = []
    for line in require(SHARED_DATA / "events" / "gold" / "PLOVER_GSR_CAMEO.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        if (int(re.sub(r"\D", "", item["id"][-4:]) or 0) % 2 == 1) == (half == "dev"):
            items.append(item)
    country_ok = country_n = sector_ok = sector_n = 0
    docs = []
    for item in items:
        doc = nlp.make_doc(item["text"])
        doc._.published = item.get("date")
        docs.append(doc)
    with nlp.select_pipes(disable=disabled):
        for item, doc in zip(items, nlp.pipe(docs, batch_size=32), strict=True):
            for event in item["events"]:
                for actor in event["source"] + event["target"]:
                    if not isinstance(actor, dict) or not actor.get("actorText") or not actor.get("code"):
                        continue
                    start = item["text"].find(actor["actorText"])
                    if start < 0:
                        continue
                    m = _best_mention(doc, start, start + len(actor["actorText"]))
                    gold = LEGACY_CODES.get(actor["code"], actor["code"])
                    got = m.actor.country if m else "-"
                    country_n += 1
                    country_ok += m is not None and got == gold
                    raw = (actor.get("sector") or "")[:3].upper()
                    sector = SECTOR_CODES.get(raw, raw)
                    if sector in REAL_SECTORS:
                        sector_n += 1
                        sector_ok += m is not None and m.actor.sector == sector
                    wrong = [f"country {gold} got {got}"] if got != gold or m is None else []
                    if sector in REAL_SECTORS and (m is None or m.actor.sector != sector):
                        wrong.append(f"sector {sector} got {m.actor.sector if m else '-'}")
                    if misses is not None and wrong:
                        said = f"{doc.text[m.start_char:m.end_char]!r} ({m.via}, {m.actor.name})" if m else "no mention"
                        misses.append(f"{item['id']}: {actor['actorText']!r}: {'; '.join(wrong)}: {said} | {item['text'][:160]}")
    return {"country": country_ok / country_n, "country_n": country_n, "sector": sector_ok / sector_n, "sector_n": sector_n}


# NGEC's own sector codes -> ours: its MED is medical (CAMEO HLH), PRM a paramilitary group outside the state
# (CODECO, Ahlu Sunnah), which our agents file codes REB like the other armed non-state groups; PRE (a partly recognised state), UNK and
# an empty code are not compared.
NGEC_SECTORS = {"MED": "HLH", "PRM": "REB"}


def ngec(misses: list[str] | None = None) -> dict[str, float]:
    """Country and sector accuracy on NGEC's agent_to_code cases (dev figures); misses collects the wrong sectors."""
    nlp, disabled = _nlp()
    cases = []
    for line in require(SHARED_DATA / "events" / "gold" / "ngec_actor_coding_test_cases.jsonl").read_text("utf-8").splitlines():
        case = json.loads(line)
        if case["method"] == "agent_to_code" and ("code['country']" in case["expected"] or "code['code_1']" in case["expected"]):
            cases.append(case)
    ok = n = sector_ok = sector_n = 0
    docs = []
    for case in cases:
        args = case["args"] + ["", ""]
        text = f"{args[1]} {args[0]}".strip() if args[1] else args[0]
        doc = nlp.make_doc(text.strip())
        doc._.published = args[2] if re.fullmatch(r"\d{4}-\d\d-\d\d", args[2] or "") else "2022-01-01"
        docs.append(doc)
    with nlp.select_pipes(disable=disabled):
        for case, doc in zip(cases, nlp.pipe(docs, batch_size=64), strict=True):
            # the mention of the string's head word, as for PLOVER ("president of the European Council" is a president)
            best = _best_mention(doc, 0, len(doc.text))
            mentions = [best] if best is not None else []
            if "code['country']" in case["expected"]:
                gold = case["expected"]["code['country']"][1]
                gold = None if gold in ("", "IGO", "UNO", "NGO") else LEGACY_CODES.get(gold, gold)
                n += 1
                ok += (mentions[0].actor.country if mentions else None) == gold
            sector = case["expected"].get("code['code_1']", ["", ""])[1]
            sector = NGEC_SECTORS.get(sector, sector) if isinstance(sector, str) else ""
            if sector in REAL_SECTORS:
                got = mentions[0].actor.sector if mentions else None
                sector_n += 1
                sector_ok += got == sector
                if misses is not None and got != sector:
                    said = f"{doc.text[mentions[0].start_char:mentions[0].end_char]!r} ({mentions[0].via})" if mentions else "no mention"
                    misses.append(f"NGEC {doc.text!r}: sector {sector} got {got}: {said}")
    return {"country": ok / n, "n": n, "sector": sector_ok / sector_n, "sector_n": sector_n}


def speed(n: int = 300) -> dict[str, float]:
    """Linking time over the spaCy parse time of the same articles (one run, same process)."""
    nlp, _ = _nlp()
    texts = [a["text"][:20000] for a in crisis_articles(limit=n)]
    spacy_pipes = [p for p in nlp.pipe_names if not p.startswith("crisisdesk_")]
    linker = nlp.get_pipe("crisisdesk_actors")
    parse = link = 0.0
    with nlp.select_pipes(enable=spacy_pipes):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        parse = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        doc._.published = "2022-02-14"
        linker(doc)
    link = time.perf_counter() - started
    return {"articles": len(texts), "parse_s": parse, "link_s": link, "ratio": link / parse}


def main() -> None:
    # --misses lists the dev half's wrong actors (never the test half's: misses are fixed on dev only)
    misses: list[str] | None = [] if "--misses" in sys.argv[1:] else None
    if "--ngec-misses" in sys.argv[1:]:
        # NGEC is a dev source throughout: its wrong sectors may be read one by one
        misses = []
        figures = ngec(misses)
        print("\n".join(misses))
        print(f"NGEC agent_to_code (dev figures): country {figures['country']:.3f} over {figures['n']} cases; "
              f"sector {figures['sector']:.3f} over {figures['sector_n']} with a real sector")
        return
    half = "dev" if "--dev" in sys.argv[1:] or misses is not None else "test"
    figures = plover(half, misses)
    if misses is not None:
        print("\n".join(misses))
    print(f"PLOVER_GSR_CAMEO ({half} half): actor country {figures['country']:.3f} over {figures['country_n']} actors (target >= 0.85); "
          f"sector {figures['sector']:.3f} over {figures['sector_n']} with a gold sector (target >= 0.75)")
    if misses is not None:
        return
    figures = ngec()
    print(f"NGEC agent_to_code (dev figures): country {figures['country']:.3f} over {figures['n']} cases; "
          f"sector {figures['sector']:.3f} over {figures['sector_n']} with a real sector")
    figures = speed(int(next((a for a in sys.argv[1:] if a.isdigit()), 300)))
    print(f"speed: linking {figures['link_s']:.1f} s over spaCy parse {figures['parse_s']:.1f} s on {figures['articles']} crisis2022 articles: "
          f"{figures['ratio']:.1%} added (target <= 15%)")


if __name__ == "__main__":
    main()
