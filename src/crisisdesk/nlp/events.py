"""Code political events from dependency parses: who did what to whom, with CAMEO and PLOVER codes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from .. import __version__
from ..records import ActorRef
from .actors import Mention, mention_at, resolve_reference
from .codebook import lookup
from .timex import FUTURE_AUX, HYPOTHETICAL_AUX, TimexMatch, governing_timex

CODER = f"crisisdesk.events.v1 ({__version__})"
TARGET_PREPS = {"with", "to", "against", "on", "at", "into", "toward", "towards", "from", "for"}
PLACE_PREPS = {"in", "at", "near", "on", "along", "inside", "outside"}
NEGATIONS = {"not", "n't", "never", "no"}


@dataclass
class EventMatch:
    """An event found in a document."""

    source: ActorRef
    target: ActorRef | None
    cameo: str
    modality: str
    reported_by: ActorRef | None
    start: int
    end: int
    sentence: str
    confidence: float
    timex: TimexMatch | None
    location: str | None
    trigger: str


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The verb, light-verb and noun patterns of data/lexicons/event_verbs.yaml."""
    raw = yaml.safe_load(resources.files("crisisdesk.data.lexicons").joinpath("event_verbs.yaml").read_text("utf-8"))
    raw["reporting_verbs"] = set(raw.get("reporting_verbs") or [])
    return raw


def _actor(doc: Doc, tok: Token) -> tuple[ActorRef, float] | None:
    m: Mention | None = mention_at(doc, tok)
    if m is None and (tok.pos_ == "PRON" or tok.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ == "NOUN"):
        m = resolve_reference(doc, tok)
        if m is not None:
            return m.actor, 0.6
    return (m.actor, m.confidence) if m is not None else None


def _subjects(verb: Token) -> list[Token]:
    """The subject tokens of a verb, conjuncts included ("Johnson and Biden agreed")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        # Passive: "Kyiv was shelled by Russian forces" -> the agent acts.
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if subj is None and verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head != verb:
        return _subjects(verb.head) if verb.dep_ != "advcl" else []
    if subj is None:
        return []
    return [subj, *[c for c in subj.conjuncts]]


def _targets(verb: Token) -> list[Token]:
    """The object of a verb, or the object of a target preposition."""
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "dative"}), None)
    if obj is None:
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        obj = subj
    out = []
    if obj is not None:
        out = [obj, *obj.conjuncts]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            out.append(pobj)
    if obj is not None:
        for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
            out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def modality(verb: Token) -> str:
    """asserted, negated, hypothetical or future, from the verb's auxiliaries, negation and governors."""
    children = list(verb.children)
    low = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass", "neg"}}
    if low & NEGATIONS or any(c.dep_ == "neg" for c in children):
        return "negated"
    # "has no such plans to attack": the event is a plan that is denied.
    head = verb.head
    if verb.dep_ in {"acl", "xcomp"} and head != verb and any(c.lower_ == "no" and c.dep_ == "det" for c in head.children):
        return "negated"
    if low & HYPOTHETICAL_AUX:
        return "hypothetical"
    if low & FUTURE_AUX:
        return "future"
    if verb.dep_ == "xcomp" and head.lemma_ in {"plan", "intend", "threaten", "want", "prepare", "decide", "expect", "aim"}:
        return "future" if head.lemma_ in {"plan", "intend", "prepare", "decide", "expect", "aim"} else "hypothetical"
    if verb.dep_ == "advcl" and any(c.lower_ in {"if", "unless", "should"} for c in children):
        return "hypothetical"
    if head != verb and verb.dep_ in {"ccomp", "xcomp", "advcl"} and head.lemma_.lower() in {"threaten", "warn", "fear", "worry"}:
        return "hypothetical"
    return "asserted"


def _reporter(doc: Doc, verb: Token) -> ActorRef | None:
    """Who the sentence says reported the event: the subject of a reporting verb governing it."""
    report = patterns()["reporting_verbs"]
    tok = verb
    while tok.dep_ in {"ccomp", "conj", "xcomp"} and tok.head != tok:
        tok = tok.head
        if tok.lemma_.lower() in report:
            for subj in _subjects(tok):
                found = _actor(doc, subj)
                if found:
                    return found[0]
            return None
    return None


def _timex_for(doc: Doc, verb: Token) -> TimexMatch | None:
    """The time expression that governs a verb: one attached to it in its own clause."""
    return governing_timex(doc, verb)


def _location(doc: Doc, verb: Token) -> str | None:
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.ent_type_ in {"GPE", "LOC", "FAC"}:
                ent = next((e for e in doc.ents if e.start <= pobj.i < e.end), None)
                return ent.text if ent is not None else pobj.text
    return None


def _code_for(verb: Token) -> tuple[str, Token] | None:
    """The CAMEO code of a verb from the patterns: particle forms, light verbs, then the plain lemma."""
    p = patterns()
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in {"prt", "prep"}:
            code = p["verbs"].get(f"{lemma}_{child.lower_}")
            if code:
                return str(code), verb
    obj = next((c for c in verb.children if c.dep_ in {"dobj"}), None)
    light = p["light_verbs"].get(lemma)
    if light and obj is not None and obj.lemma_.lower() in light:
        return str(light[obj.lemma_.lower()]), obj
    if light and obj is not None and obj.lower_ in light:
        return str(light[obj.lower_]), obj
    code = p["verbs"].get(lemma)
    return (str(code), verb) if code else None


def code_events(doc: Doc) -> list[EventMatch]:
    """All events of a parsed document with actors linked (doc._.actor_mentions) and times (doc._.timexes)."""
    report = patterns()["reporting_verbs"]
    events: list[EventMatch] = []
    for verb in doc:
        if verb.pos_ not in {"VERB"}:
            continue
        coded = _code_for(verb)
        if coded is None:
            continue
        code, trigger = coded
        # A reporting verb with a clause of its own carries that clause's event, not a second one.
        if verb.lemma_.lower() in report and any(c.dep_ == "ccomp" for c in verb.children):
            continue
        sources = [a for a in (_actor(doc, s) for s in _subjects(verb)) if a]
        if not sources:
            continue
        targets = [a for a in (_actor(doc, t) for t in _targets(verb) if t != trigger) if a]
        mod = modality(verb)
        reporter = _reporter(doc, verb)
        timex = _timex_for(doc, verb)
        place = _location(doc, verb)
        sent = verb.sent
        for src, src_conf in sources:
            tgt = next((t for t in targets if t[0].actor_id != src.actor_id), None)
            start = min(verb.idx, trigger.idx)
            end = max(verb.idx + len(verb), trigger.idx + len(trigger))
            events.append(
                EventMatch(
                    source=src,
                    target=tgt[0] if tgt else None,
                    cameo=code,
                    modality=mod,
                    reported_by=reporter if reporter and reporter.actor_id != src.actor_id else None,
                    start=start,
                    end=end,
                    sentence=sent.text,
                    confidence=round(min(src_conf, tgt[1] if tgt else 0.7) * (0.9 if mod == "asserted" else 0.8), 3),
                    timex=timex,
                    location=place,
                    trigger=doc.text[start:end],
                )
            )
    return events


class EventCoder:
    """spaCy component: sets doc._.events from the parse, actor mentions and time expressions."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = code_events(doc)
        return doc


def codebook_fields(code: str) -> dict:
    """The record fields that follow from a CAMEO code."""
    entry = lookup(code)
    return {
        "cameo": code,
        "cameo_root": entry.root,
        "plover": entry.plover,
        "plover_mode": entry.plover_mode,
        "goldstein": entry.goldstein,
        "quad_class": entry.quad_class,
    }
