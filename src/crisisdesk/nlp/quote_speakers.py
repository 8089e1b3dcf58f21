"""Who speaks: the subject of a cue, the words that name it, and the canonical actor behind them.

The actor linker (`actors.py`) names the actors of a document and resolves pronouns and role phrases;
quotations add one piece of discourse knowledge it does not have: the speaker of the previous
quotation is the likeliest antecedent of "he said", "it added" or "the spokesman said".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import ActorRef
from .actors import Mention, mention_at, resolve_reference
from .quote_lexicon import cues

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Dependents of a subject that are not part of the words naming it ("Kuleshov, a pensioner, who ...").
NOT_NAMING = {"appos", "relcl", "acl", "punct", "prep", "cc", "conj", "advcl", "parataxis"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "we", "they"}
THING_PRONOUNS = {"it", "they"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
# At most this many tokens of apposition between a name and its cue when the parser found no subject
# ("Karl Obst, the retired ferryman whose street was hit on Sunday, said"): as MAX_SUBJECT_WORDS allows.
APPOSITION_MAX_TOKENS = 20
# How far back (in paragraphs) the previous quotation's speaker stays the antecedent of "he said":
# wire copy names the speaker again after a paragraph or two of narrative; 3 was best on PolNeAR dev.
SALIENCE_PARAGRAPHS = 3
# Confidence given to speakers found through a reference rather than by name: resolved through the
# previous speaker or the linker's resolution, they are right most of the time but not always.
REFERENCE_CONFIDENCE = 0.7
FALLBACK_CONFIDENCE = 0.5


@dataclass
class Speaker:
    """The speaker of a quotation: canonical actor (or None) and the words in the text that say who."""

    actor: ActorRef | None
    text: str | None
    start: int | None
    end: int | None
    confidence: float
    token: int | None = None  # index of the subject's head token


NOBODY = Speaker(None, None, None, None, 0.0)


def subject_of(cue: Token) -> Token | None:
    """The token that names who speaks for a cue verb, following participles, conjuncts and relatives."""
    tok = cue
    for _ in range(4):  # "X declined to comment, saying ..." climbs at most a few heads
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in {"there"}:
                if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return tok.head  # "Smith, who said ..." -> Smith
                return child
        # "..., said Fyodor Lukyanov": an inverted subject can come out as an object or attribute.
        for child in tok.children:
            if child.dep_ in {"attr", "dobj", "npadvmod"} and child.i > tok.i and (child.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or child.pos_ == "PROPN"):
                return child
        for child in tok.children:
            if child.dep_ == "agent":  # "was told by the minister"
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        if tok.dep_ in {"conj", "xcomp", "advcl"} and tok.head != tok:
            tok = tok.head  # "he said and added", "continued to say", "..., saying"
            continue
        if tok.dep_ == "pcomp" and tok.head.head != tok.head:
            tok = tok.head.head  # "responded by saying"
            continue
        if tok.dep_ == "acl" and tok.head != tok:
            if _can_speak(tok.head):
                return tok.head  # "the minister, speaking to reporters, ..." / "a statement saying"
            if tok.head.head != tok.head:
                tok = tok.head.head  # "went out of his way to say": the way is not the speaker
                continue
        break
    return _name_before(cue) if cue.tag_ in {"VBD", "VBZ", "VBP"} else None


def _can_speak(tok: Token) -> bool:
    """A noun that can be a speaker: a name, a pronoun, or a role or speech noun of the lexicon."""
    lemma = tok.lemma_.lower()
    return _is_name_token(tok) or tok.pos_ == "PRON" or lemma in cues().role_nouns or lemma in cues().speech_nouns


def _is_name_token(tok: Token) -> bool:
    return tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or tok.pos_ == "PROPN"


def _name_before(cue: Token) -> Token | None:
    """The name just before a finite cue the parser left without a subject ("In Brenna, Karl Obst,
    the retired ferryman, said ..."): right before it, or before an apposition closed by a comma."""
    doc = cue.doc
    j = cue.i - 1
    if j < 0:
        return None
    if _is_name_token(doc[j]):
        return _name_head(doc[j])
    if doc[j].text != ",":
        return None
    for k in range(j - 1, max(cue.sent.start, j - APPOSITION_MAX_TOKENS) - 1, -1):
        if doc[k].text == "," and k > 0 and _is_name_token(doc[k - 1]):
            return _name_head(doc[k - 1])
    return None


def _name_head(tok: Token) -> Token:
    """The last token of the name a token belongs to (its head word)."""
    doc = tok.doc
    i = tok.i
    while i + 1 < len(doc) and _is_name_token(doc[i + 1]) and doc[i + 1].ent_iob_ != "B":
        i += 1
    return doc[i]


def naming_span(doc: Doc, head: Token) -> tuple[int, int]:
    """Character offsets of the words naming a subject, without apposition or relative clause."""
    left = head.i
    for tok in head.subtree:
        if tok.i < head.i and tok.dep_ not in NOT_NAMING and all(a.dep_ not in NOT_NAMING for a in _path(tok, head)):
            left = min(left, tok.i)
    right = head.i
    for tok in head.children:
        if tok.dep_ in {"compound", "flat", "nummod"} and tok.i > right:
            right = tok.i
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right])


def _path(tok: Token, top: Token) -> list[Token]:
    """Tokens from tok up to (not including) top."""
    path = []
    while tok != top and tok.head != tok:
        path.append(tok)
        tok = tok.head
    return path


def _is_reference(tok: Token) -> bool:
    """A pronoun or a definite role noun ("the spokesman") that points back to someone named before."""
    if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
        return True
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    return det is not None and det.lower_ in {"the", "this", "that"} and tok.lemma_.lower() in cues().role_nouns


def _compatible(tok: Token, actor: ActorRef | None, text: str | None) -> bool:
    """Whether a previous speaker can be what a pronoun or role noun stands for."""
    low = tok.lower_
    head_word = (text or "").split()[-1].lower() if text else ""
    human = actor is not None and actor.kind == "person" or head_word in cues().role_nouns and head_word not in {"ministry", "government", "company", "agency", "group", "party", "campaign", "army", "military", "police", "statement"}
    if low in {"he", "she", "i"}:
        return human
    if low == "it":
        return not human and (actor is not None or bool(text))
    if low in {"they", "we"}:
        return True
    # a role noun: the previous speaker was named with the same noun, or holds that title
    noun = tok.lemma_.lower()
    title = (actor.title or "").lower() if actor is not None else ""
    return noun in (text or "").lower() or noun in title.split()


class SpeakerResolver:
    """Resolves the subjects of cues in one document, remembering the speakers quoted so far."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.history: list[tuple[int, int, Speaker]] = []  # (paragraph, subject token index, speaker)
        self.mentions: list[Mention] = doc._.actor_mentions or []

    def remember(self, paragraph: int, speaker: Speaker) -> None:
        """Note who spoke, so that later references can point back to them."""
        if speaker.text is not None and speaker.token is not None:
            self.history.append((paragraph, speaker.token, speaker))

    def resolve(self, head: Token, paragraph: int) -> Speaker:
        """The speaker named or referred to by a subject token."""
        doc = self.doc
        start, end = naming_span(doc, head)
        text = self.text[start:end]
        mention = mention_at(doc, head)
        if mention is not None and mention.via not in {"pronoun", "coref", "role"} and not _is_reference(head):
            return Speaker(mention.actor, text, start, end, mention.confidence, head.i)
        if _is_reference(head):
            actor = self._previous_speaker(head, paragraph)
            conf = REFERENCE_CONFIDENCE
            if actor is None:
                resolved = resolve_reference(doc, head)
                actor = resolved.actor if resolved is not None else None
            if actor is None and head.pos_ != "PRON":
                actor, conf = self._role_holder(head), FALLBACK_CONFIDENCE
            if actor is None and mention is not None:
                actor, conf = mention.actor, mention.confidence
            return Speaker(actor, text, start, end, conf if actor is not None else 0.0, head.i)
        if mention is not None:
            return Speaker(mention.actor, text, start, end, mention.confidence, head.i)
        actor = self._by_surname(head)
        return Speaker(actor, text, start, end, FALLBACK_CONFIDENCE if actor is not None else 0.0, head.i)

    def _previous_speaker(self, tok: Token, paragraph: int) -> ActorRef | None:
        """The last quotation's speaker, when nobody else has become the subject since."""
        if not self.history:
            return None
        para, subject_i, last = self.history[-1]
        if paragraph - para > SALIENCE_PARAGRAPHS or last.actor is None and last.text is None:
            return None
        if not _compatible(tok, last.actor, last.text):
            return None
        # Another person as the subject of a clause in between takes over "he" ("Putin disagreed. He said").
        if tok.lower_ in {"he", "she"}:
            for m in self.mentions:
                if subject_i < m.start < tok.i and m.actor.kind == "person" and m.actor != last.actor:
                    root = self.doc[m.start : m.end].root
                    if root.dep_ in SUBJECT_DEPS:
                        return None
        return last.actor

    def _role_holder(self, tok: Token) -> ActorRef | None:
        """"The British leader": the last person of that country named before, when the linker gives none."""
        mention = mention_at(self.doc, tok)
        country = mention.actor.country if mention is not None else None
        if country is None:
            return None
        for m in reversed(self.mentions):
            if m.end <= tok.i and m.actor.kind == "person" and m.actor.country == country:
                return m.actor
        return None

    def _by_surname(self, tok: Token) -> ActorRef | None:
        """"Truss tweeted": a person named in full earlier, when the linker did not link the surname."""
        if tok.pos_ != "PROPN":
            return None
        for m in reversed(self.mentions):
            if m.end <= tok.i and m.actor.kind == "person" and m.actor.name.split()[-1] == tok.text:
                return m.actor
        return None
