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
from .timex_rules import lexicon as timex_lexicon

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# The dashes that end a dateline or a time stamp before the story's first sentence.
DASHES = {"—", "–", "-", "--"}
# Role nouns that name people (the rest of the lexicon's role nouns name bodies: ministry, campaign).
HUMAN_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "minister", "president", "leader", "chancellor",
    "premier", "secretary", "ambassador", "envoy", "diplomat", "general", "commander", "governor", "mayor",
    "senator", "lawmaker", "analyst", "expert", "source", "chief", "head", "director", "prosecutor", "judge",
    "officer", "adviser", "advisor", "aide", "negotiator", "representative", "man", "woman", "resident",
    "witness", "pensioner", "candidate", "nominee", "congressman", "congresswoman", "economist", "professor",
}
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
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in {"there"} and not _dateline_before(child, tok):
                if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return tok.head  # "Smith, who said ..." -> Smith
                return _after_dateline(child) or child
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
    finite = cue.tag_ in {"VBD", "VBZ", "VBP"} or cue.tag_ == "VBN" and not any(c.dep_ == "auxpass" for c in cue.children)
    return _name_before(cue) if finite else None


def _after_dateline(subj: Token) -> Token | None:
    """The speaker the parser hung as an apposition on a dateline or time stamp taken for the subject:
    "Avdiivka, Eastern Ukraine — President Biden says", "19 Feb 2022 - 16:03 GMT The Ukrainian military said"."""
    start = subj.sent.start
    for a in sorted((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i), key=lambda t: -t.i):
        if a.ent_type_ in {"GPE", "LOC", "DATE", "TIME"} or not (_can_speak(a) or a.pos_ == "NOUN"):
            continue
        if any(t.text in DASHES for t in subj.doc[start : a.left_edge.i]):
            return a
    return None


def _dateline_before(subj: Token, verb: Token) -> bool:
    """Whether a subject is a dateline the parser took for one, with the real subject after its dash
    ("Lindhaven, Eastern Ostmark — Anna Velska says": Lindhaven and Velska both come out as subjects)."""
    others = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i > subj.i]
    return bool(others) and any(t.text in DASHES for t in subj.doc[subj.i : others[0].i])


def _generic(actor: ActorRef) -> bool:
    """A sector noun with no country or body ("officials", "doctors"): nobody the reader could look up."""
    return actor.kind == "group" and actor.country is None and actor.code in (None, actor.sector)


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
        elif tok.dep_ == "prep" and tok.lower_ == "of" and tok.i == right + 1:
            right = tok.right_edge.i  # "a resident of the village", "the head of the agency"
    # A dateline or time stamp the parser folded into the name ("12 Mar 2024 - 09:15 GMT Tomas Rydek")
    # ends at its dash, or at its time zone when it has none.
    for k in range(head.i - 1, left - 1, -1):
        if doc[k].text in DASHES or doc[k].lower_ in timex_lexicon()["time_zones"]:
            left = k + 1
            break
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


def _compatible(tok: Token, speaker: Speaker, head: Token) -> bool:
    """Whether an earlier speaker can be what a pronoun or role noun stands for."""
    low = tok.lower_
    actor = speaker.actor
    word = head.lemma_.lower()
    plural = head.tag_ in {"NNS", "NNPS"} or head.lower_ in {"they", "we"}
    words = set((speaker.text or "").lower().split())
    # a person, or named with a word for people ("German Chancellor Olaf Scholz", whatever the linker made of him)
    human = (actor is not None and actor.kind == "person") or word in HUMAN_NOUNS or bool(words & HUMAN_NOUNS) or head.lower_ in {"he", "she", "i"}
    if low in {"he", "she", "i"}:
        return human and not plural
    if low == "it":
        return not human and not plural
    if low in {"they", "we"}:
        return plural or actor is not None and actor.kind == "group"
    # a role noun: the earlier speaker was named with the same noun, or holds that title
    noun = tok.lemma_.lower()
    title = (actor.title or "").lower() if actor is not None else ""
    return noun in (speaker.text or "").lower() or noun in title.split()


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
        if mention is not None and _generic(mention.actor):
            # "a European diplomat", "doctors": a group of nobody in particular is not a speaker we can name
            mention = None
        if mention is not None and mention.via not in {"pronoun", "coref", "role"} and not _is_reference(head):
            return Speaker(mention.actor, text, start, end, mention.confidence, head.i)
        if _is_reference(head):
            found, actor = self._previous_speaker(head, paragraph)
            conf = REFERENCE_CONFIDENCE
            if not found and head.pos_ != "PRON" and (mention is None or mention.actor.kind != "person"):
                # "The British leader": a person of that country named before, rather than the
                # country's government the linker reads in the words
                actor = self._role_holder(head)
            if not found and actor is None:
                resolved = resolve_reference(doc, head)
                actor = resolved.actor if resolved is not None else None
            if not found and actor is None and mention is not None:
                actor, conf = mention.actor, mention.confidence
            return Speaker(actor, text, start, end, conf if actor is not None else 0.0, head.i)
        if mention is not None:
            return Speaker(mention.actor, text, start, end, mention.confidence, head.i)
        actor = self._by_surname(head)
        return Speaker(actor, text, start, end, FALLBACK_CONFIDENCE if actor is not None else 0.0, head.i)

    def _previous_speaker(self, tok: Token, paragraph: int) -> tuple[bool, ActorRef | None]:
        """The latest speaker quoted in the last few paragraphs that a pronoun or role noun can stand
        for: (found, their actor, None when the text named nobody identifiable)."""
        low = tok.lower_
        for para, subject_i, sp in reversed(self.history):
            if paragraph - para > SALIENCE_PARAGRAPHS:
                break
            if sp.text is None or sp.token is None or not _compatible(tok, sp, self.doc[sp.token]):
                continue
            if low in {"he", "she"}:
                # Another person as the subject of a clause in between takes over ("Putin disagreed. He said").
                for m in self.mentions:
                    if subject_i < m.start < tok.i and m.actor.kind == "person" and m.actor != sp.actor:
                        if self.doc[m.start : m.end].root.dep_ in SUBJECT_DEPS:
                            return False, None
            return True, sp.actor
        return False, None

    def _role_holder(self, tok: Token) -> ActorRef | None:
        """"The British leader": the last person of that country named before, when the linker gives none."""
        mention = mention_at(self.doc, tok)
        country = mention.actor.country if mention is not None else None
        if country is None:
            return None
        before = [m for m in self.mentions if m.end <= tok.i]
        for n in range(len(before) - 1, -1, -1):
            m = before[n]
            if m.actor.kind != "person":
                continue
            # the person's own country, or a country word right before the name ("British Prime Minister Boris Johnson")
            if m.actor.country == country or n > 0 and before[n - 1].actor.country == country and m.start - before[n - 1].end <= 1:
                return m.actor
        return None

    def _by_surname(self, tok: Token) -> ActorRef | None:
        """"Truss tweeted": a person named in full earlier, when the linker did not link the surname."""
        if tok.pos_ != "PROPN":
            return None
        for m in reversed(self.mentions):
            # any kind: the linker may have taken an unknown person for a body ("Olaf Scholz" as ORG)
            if m.end <= tok.i and len(m.actor.name.split()) > 1 and m.actor.name.split()[-1] == tok.text:
                return m.actor
        return None
