"""Link the people, bodies and countries of a document to canonical actors, and resolve references to them."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..records import ActorRef
from .kb import KnowledgeBase, Surface, slug

# Verbs whose subject, when it is a capital or a country, stands for its government ("Moscow said").
SPEECH_AND_ACTION_SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent"}
PRONOUNS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "it": "thing", "its": "thing", "they": "group", "them": "group", "their": "group"}
# Words of a title that precede a name ("Foreign Minister Sergey Lavrov"); their sector is the person's.
TITLE_WORDS = {
    "president": "GOV", "minister": "GOV", "chancellor": "GOV", "premier": "GOV", "secretary": "GOV",
    "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV", "ambassador": "GOV", "envoy": "GOV",
    "king": "GOV", "queen": "GOV", "governor": "GOV", "mayor": "GOV", "senator": "LEG", "lawmaker": "LEG",
    "general": "MIL", "colonel": "MIL", "admiral": "MIL", "commander": "MIL", "lieutenant": "MIL", "major": "MIL",
    "judge": "JUD", "prosecutor": "JUD", "head": None, "chief": None, "leader": "GOV", "director": None,
    "pensioner": "CVL", "analyst": None, "official": "GOV",
}


@dataclass
class Mention:
    """A stretch of text that names or refers to an actor."""

    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    actor: ActorRef
    via: str  # kb | ner | title | metonym | agent | coref | pronoun | role
    confidence: float = 1.0


def _title_before(doc: Doc, start: int) -> list[Token]:
    """The title tokens and country adjective right before a name ("Russian Foreign Minister")."""
    tokens: list[Token] = []
    i = start - 1
    while i >= 0 and doc[i].dep_ in {"compound", "amod", "nmod"} and doc[i].head.i >= start and not doc[i].is_punct:
        tokens.insert(0, doc[i])
        i -= 1
    return tokens


class ActorLinker:
    """Find actor mentions in a Doc: dictionary matches, named entities, titles, metonyms and agent nouns."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for form in kb.surfaces:
            self.matcher.add(form, [nlp.make_doc(form)])

    def __call__(self, doc: Doc) -> Doc:
        doc._.actor_mentions = self.link(doc)
        return doc

    # -- building the mention list -------------------------------------------------------------
    def link(self, doc: Doc) -> list[Mention]:
        """All actor mentions of a document, in text order, without overlaps."""
        day = doc._.published
        found: list[Mention] = []
        taken = [False] * len(doc)

        def claim(m: Mention) -> None:
            if any(taken[m.start : m.end]):
                return
            for i in range(m.start, m.end):
                taken[i] = True
            found.append(m)

        matches = sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1]))  # longest first
        spans = [(doc.vocab.strings[mid], s, e) for mid, s, e in matches]
        person_ents = [e for e in doc.ents if e.label_ == "PERSON"]
        known_by_surname: dict[str, ActorRef] = {}

        for form, s, e in spans:
            for surface in self.kb.surfaces.get(form, []):
                mention = self._from_surface(doc, surface, s, e, day)
                if mention is not None:
                    claim(mention)
                    if surface.kind == "person":
                        known_by_surname[doc[e - 1].text] = mention.actor
                    break
        for ent in person_ents:
            if any(taken[ent.start : ent.end]):
                continue
            ref = known_by_surname.get(ent[-1].text) or self._person_from_context(doc, ent, day)
            via = "coref" if ent[-1].text in known_by_surname and len(ent) == 1 else "ner"
            known_by_surname.setdefault(ent[-1].text, ref)
            claim(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ref, via, 0.8))
        for ent in doc.ents:
            if ent.label_ in {"ORG", "NORP", "GPE"} and not any(taken[ent.start : ent.end]):
                ref = ActorRef(name=ent.text, actor_id=slug(ent.text), kind="organization" if ent.label_ == "ORG" else "group")
                if ent.label_ == "ORG":
                    claim(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ref, "ner", 0.5))
        found.sort(key=lambda m: m.start)
        return found

    def _from_surface(self, doc: Doc, surface: Surface, s: int, e: int, day: str | None) -> Mention | None:
        span = doc[s:e]
        kb = self.kb
        if surface.kind == "person":
            ref = kb.person_ref(kb.people[surface.key], day)
            return Mention(s, e, span.start_char, span.end_char, ref, "kb")
        if surface.kind == "organization":
            ref = kb.organization_ref(kb.organizations[surface.key])
            return Mention(s, e, span.start_char, span.end_char, ref, "kb")
        if surface.kind == "seat":
            ref = kb.country_ref(surface.key, surface.sector)
            return Mention(s, e, span.start_char, span.end_char, ref, "metonym")
        if surface.kind == "capital":
            head = span.root
            # A capital is its government only where it acts: subject of a verb, or possessor ("Moscow's troops").
            if head.dep_ in SPEECH_AND_ACTION_SUBJECT_DEPS or head.dep_ == "poss":
                return Mention(s, e, span.start_char, span.end_char, kb.country_ref(surface.key, "GOV"), "metonym", 0.8)
            return None
        if surface.kind in {"country", "demonym"}:
            sector = "CVL" if surface.kind == "demonym" else None
            return Mention(s, e, span.start_char, span.end_char, kb.country_ref(surface.key, sector), "kb")
        if surface.kind == "adjective":
            head = span.root.head
            sector = kb.agents.get(head.lemma_.lower()) or kb.agents.get(head.text.lower())
            if span.root.dep_ in {"amod", "compound", "nmod"} and sector and head.pos_ in {"NOUN", "PROPN"}:
                # "Russian forces": the adjective and its noun are one actor, the country's armed forces.
                lo, hi = min(s, head.i), max(e, head.i + 1)
                if head.ent_type_ == "PERSON":
                    return None
                return Mention(lo, hi, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), kb.country_ref(surface.key, sector), "agent", 0.9)
            return None
        return None

    def _person_from_context(self, doc: Doc, ent: Span, day: str | None) -> ActorRef:
        """A person not in the knowledge base: name, with country and role from the title before or apposition."""
        title_tokens = _title_before(doc, ent.start)
        country = None
        sector = None
        title_words = []
        for tok in title_tokens:
            for surface in self.kb.surfaces.get(tok.text, []):
                if surface.kind in {"adjective", "country"}:
                    country = surface.key
            if tok.text.lower() in TITLE_WORDS or tok.pos_ in {"PROPN", "NOUN"} and tok.text[:1].isupper():
                title_words.append(tok.text)
                sector = sector or TITLE_WORDS.get(tok.text.lower())
        title = " ".join(w for w in title_words if not any(s.kind in {"adjective", "country"} for s in self.kb.surfaces.get(w, []))) or None
        # Apposition: "Fyodor Lukyanov, head of the Council ..." or "Pavel Kuleshov, a 65-year-old pensioner".
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos":
                words = [t for t in child.subtree if t.i < child.i + 6]
                title = title or " ".join(t.text for t in words if not t.is_punct and t.dep_ != "det")[:80] or None
                sector = sector or TITLE_WORDS.get(child.lemma_.lower())
                for t in child.subtree:
                    for surface in self.kb.surfaces.get(t.text, []):
                        if surface.kind in {"adjective", "country", "capital"} and country is None:
                            country = surface.key
        return ActorRef(
            name=ent.text,
            actor_id=slug(ent.text),
            kind="person",
            country=country,
            sector=sector,
            code=(country + (sector or "")) if country else None,
            title=title,
        )


def mention_at(doc: Doc, token: Token) -> Mention | None:
    """The actor mention covering a token, or covering a word of the noun phrase it heads."""
    mentions: list[Mention] = doc._.actor_mentions or []
    for m in mentions:
        if m.start <= token.i < m.end:
            return m
    # "the Russian military's drills" -> the noun phrase's compounds and modifiers
    for child in token.children:
        if child.dep_ in {"compound", "amod", "poss", "nmod"}:
            for m in mentions:
                if m.start <= child.i < m.end:
                    return m
    return None


def resolve_reference(doc: Doc, token: Token) -> Mention | None:
    """Resolve a pronoun or role phrase ("he", "the spokesman", "the British leader") to an earlier mention."""
    mentions: list[Mention] = doc._.actor_mentions or []
    before = [m for m in mentions if m.end <= token.i]
    low = token.lower_
    if low in PRONOUNS:
        want = PRONOUNS[low]
        for m in reversed(before):
            if want in {"male", "female"} and m.actor.kind == "person":
                return m
            if want == "thing" and m.actor.kind in {"organization", "country"}:
                return m
            if want == "group" and m.actor.kind in {"group", "organization", "country"}:
                return m
        return None
    noun = token.lemma_.lower()
    for m in reversed(before):
        title = (m.actor.title or "").lower()
        if m.actor.kind == "person" and noun and noun in title.split():
            return m
    return None

