"""Find quotations (direct, mixed, indirect) and attribute each to its speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from ..records import ActorRef
from .actors import Mention, mention_at, resolve_reference

OPENERS = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
# Quoted names and scare quotes are short; a real quotation has more words than this or a verb.
SCARE_MAX_WORDS = 3
NAMING_WORDS = {"so-called", "dubbed", "called", "named", "known", "as", "the", "a", "an", "its", "their", "term", "word", "label", "operation"}


@dataclass
class QuoteMatch:
    """A quotation found in a document, with its attribution."""

    start: int
    end: int
    kind: str
    cue: str | None
    speaker: ActorRef | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    sentence: str
    confidence: float


@lru_cache(maxsize=1)
def cues() -> dict[str, set[str]]:
    """The cue lexicon of data/lexicons/quote_cues.yaml."""
    raw = yaml.safe_load(resources.files("crisisdesk.data.lexicons").joinpath("quote_cues.yaml").read_text("utf-8"))
    return {key: {str(v).lower() for v in values} for key, values in raw.items()}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the words inside double quote marks, paragraph by paragraph.

    A quote left open runs to the end of its paragraph and no further (wire copy reopens it in the
    next paragraph), and a second opener before a closer ends the first: odd counts never swallow text.
    Single marks are left alone: they are apostrophes far more often than nested quotes.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        base, line = para.start(), para.group()
        open_at, closer = -1, ""
        for i, ch in enumerate(line):
            if open_at >= 0 and ch == closer:
                spans.append((base + open_at, base + i))
                open_at = -1
            elif ch in OPENERS or ch == STRAIGHT:
                if open_at >= 0:
                    spans.append((base + open_at, base + i))
                open_at, closer = i + 1, OPENERS.get(ch, STRAIGHT)
        if open_at >= 0:
            spans.append((base + open_at, base + len(line)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def is_scare_quote(doc: Doc, start: int, end: int) -> bool:
    """Names and scare quotes ("Unity Day", "COBR", so-called "buffer zone") are not quotations."""
    words = doc.text[start:end].split()
    if len(words) > SCARE_MAX_WORDS:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    before = doc.text[max(0, start - 14) : start - 1].lower().split()
    if before and before[-1] in NAMING_WORDS:
        return True
    if all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return True
    return not any(t.pos_ in {"VERB", "AUX"} for t in span) and len(words) <= 2 and span.root.dep_ not in {"ccomp", "xcomp", "dobj", "attr", "acomp"}


def _cue_verb(sent: Span, exclude: tuple[int, int] | None) -> Token | None:
    """The speech verb of a sentence outside the quoted words, nearest the sentence root."""
    speech = cues()["speech_verbs"]
    best: Token | None = None
    for tok in sent:
        if exclude and exclude[0] <= tok.idx < exclude[1]:
            continue
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in speech:
            if best is None or _depth(tok) < _depth(best):
                best = tok
    return best


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head != tok and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    # "..., said Fyodor Lukyanov": the subject follows as an attr or dobj of an inverted cue.
    for child in verb.children:
        if child.dep_ in {"attr", "dobj"} and child.i > verb.i and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
            return child
    # "he said" inside a conjunct shares the subject of the first verb
    if verb.dep_ == "conj":
        return _subject(verb.head)
    return None


def _speaker(doc: Doc, subj: Token) -> tuple[ActorRef | None, int, int, float]:
    """Resolve a subject token to an actor; return it with the offsets of the words that name it."""
    words = [t for t in subj.subtree if t.dep_ not in {"appos", "relcl", "acl", "punct", "prep", "cc", "conj"} or t == subj]
    left = min(t.i for t in words)
    right = subj.i
    for t in subj.children:
        if t.dep_ in {"compound", "flat"} and t.i > right:
            right = t.i
    start, end = doc[left].idx, doc[right].idx + len(doc[right])
    mention: Mention | None = mention_at(doc, subj)
    if mention is None and (subj.pos_ == "PRON" or subj.lemma_.lower() in {"spokesman", "spokeswoman", "spokesperson", "leader", "minister", "president", "official"}):
        mention = resolve_reference(doc, subj)
        if mention is not None:
            return mention.actor, start, end, 0.7
    if mention is not None:
        return mention.actor, start, end, mention.confidence
    return None, start, end, 0.0


def find_quotes(doc: Doc) -> list[QuoteMatch]:
    """All quotations of a parsed document with their speakers, in text order."""
    found: list[QuoteMatch] = []
    last: tuple[ActorRef | None, str | None, int | None, int | None] | None = None
    last_para_quoted = -1
    covered: list[tuple[int, int]] = []
    for start, end in quoted_spans(doc.text):
        if is_scare_quote(doc, start, end):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        sents = list({t.sent.start: t.sent for t in span}.values())
        sentence = sents[0]
        cue = None
        for sent in sents:
            cue = _cue_verb(sent, (start, end))
            if cue is not None:
                sentence = sent
                break
        para = doc.text.count("\n\n", 0, start)
        speaker = speaker_text = None
        s_start = s_end = None
        confidence = 0.5
        if cue is not None and (subj := _subject(cue)) is not None:
            speaker, s_start, s_end, confidence = _speaker(doc, subj)
            speaker_text = doc.text[s_start:s_end]
        elif cue is None and last is not None and para - last_para_quoted <= 1:
            # A quote with no cue continues the last speaker's statement (next sentence or paragraph).
            speaker, speaker_text, s_start, s_end = last
            confidence = 0.6
        outside = [t for t in sentence if not (start <= t.idx < end) and not t.is_punct]
        kind = "direct"
        if cue is not None:
            clause = [t for t in outside if t != cue and t.dep_ not in {"nsubj", "nsubjpass"} and not _in_subject(t, cue)]
            if len(clause) >= 3 and span.root.head in clause:
                kind = "mixed"
        found.append(
            QuoteMatch(start, end, kind, cue.text if cue is not None else None, speaker, speaker_text, s_start, s_end, sentence.text, confidence)
        )
        covered.append((sentence.start_char, sentence.end_char))
        if speaker_text is not None:
            last = (speaker, speaker_text, s_start, s_end)
            last_para_quoted = doc.text.count("\n\n", 0, end)
    found.extend(_indirect_quotes(doc, covered))
    found.sort(key=lambda q: q.start)
    return found


def _in_subject(tok: Token, cue: Token) -> bool:
    while tok.head != tok:
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head == cue:
            return True
        tok = tok.head
    return False


def _indirect_quotes(doc: Doc, covered: list[tuple[int, int]]) -> list[QuoteMatch]:
    """Reported clauses without quote marks: "X said (that) ...", "according to X, ..."."""
    verbs = cues()["indirect_verbs"]
    out: list[QuoteMatch] = []
    for sent in doc.sents:
        if any(s <= sent.start_char < e for s, e in covered):
            continue
        for tok in sent:
            clause: Token | None = None
            subj: Token | None = None
            cue_text = None
            if tok.lemma_.lower() in verbs and tok.pos_ == "VERB":
                clause = next((c for c in tok.children if c.dep_ in {"ccomp"}), None)
                subj = _subject(tok)
                cue_text = tok.text
            elif tok.lower_ == "according" and tok.dep_ == "prep":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                subj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                clause = tok.head if tok.head != tok else None
                cue_text = "according to"
            if clause is None or subj is None:
                continue
            tokens = [t for t in clause.subtree if not (cue_text == "according to" and t.i >= tok.i and t.i <= (subj.right_edge.i))]
            if cue_text == "according to":
                tokens = [t for t in sent if t.i < tok.i or t.i > subj.right_edge.i]
            tokens = [t for t in tokens if not t.is_punct or t.text in "-'’"]
            if len(tokens) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            speaker, s_start, s_end, confidence = _speaker(doc, subj)
            out.append(QuoteMatch(start, end, "indirect", cue_text, speaker, doc.text[s_start:s_end], s_start, s_end, sent.text, confidence * 0.9))
            break
    return out


class QuoteFinder:
    """spaCy component: sets doc._.quotes from the text, parse and actor mentions."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc
