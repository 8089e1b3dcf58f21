"""References to actors: the mention at a word, and what a pronoun or role noun ("he", "the spokesman") means."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .kb import offices_of

if TYPE_CHECKING:
    from .actors import Mention

# Dependencies of a subject: the most salient referent of a sentence for a later pronoun.
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PRONOUNS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "it": "thing", "its": "thing", "they": "group", "them": "group", "their": "group"}
# Nouns that name an office; with a country ("the British leader") they name its holder on the article's date.
ROLE_NOUNS = {
    "leader": "leader", "president": "president", "chancellor": "chancellor", "premier": "prime minister", "pm": "prime minister",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "king": "king", "queen": "king", "emir": "leader", "sultan": "leader", "monarch": "leader",
}
ROLE_PHRASES = {("prime", "minister"): "prime minister", ("foreign", "minister"): "foreign", ("foreign", "secretary"): "foreign",
                ("defence", "minister"): "defence", ("defense", "minister"): "defence", ("defence", "secretary"): "defence",
                ("defense", "secretary"): "defence", ("secretary", "general"): "secretary general",
                ("top", "diplomat"): "foreign", ("press", "secretary"): "spokesperson"}
# Offices held by one person: a mention of "a Downing Street spokesman" can be "he" later.
PERSON_ROLES = {"spokesperson", "leader", "president", "chancellor", "prime minister", "foreign", "defence", "king", "secretary general"}


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


def _quoted(doc: Doc) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (cached on the Doc)."""
    spans = doc.user_data.get("crisisdesk_quoted")
    if spans is None:
        spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", doc.text)]
        doc.user_data["crisisdesk_quoted"] = spans
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= pos < b), None)


def resolve_reference(doc: Doc, token: Token) -> Mention | None:
    """Resolve a pronoun or role phrase ("he", "the spokesman", "the British leader") to the actor it means."""
    mentions: list[Mention] = doc._.actor_mentions or []
    quoted = _quoted(doc)
    here = _inside(quoted, token.idx)
    # Outside a quotation, the words inside quotations do not introduce referents of the narrative.
    # a place's people ("shelled Juba") are nobody a later pronoun or role noun means
    mentions = [m for m in mentions if m.via != "place"]
    before = [m for m in mentions if m.end <= token.i and (here is not None or _inside(quoted, m.start_char) is None)]
    before = before or [m for m in mentions if m.end <= token.i]
    low = token.lower_
    if low in PRONOUNS:
        want = PRONOUNS[low]
        verb = _governing_verb(token)
        # An object pronoun never means its own clause's subject: "Russia attacked it", "Macron told him".
        bound = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None) if verb is not None else None
        kinds = {"organization", "country"} | ({"group"} if want == "group" else set())
        candidates = _by_salience(doc, before, token)
        if want == "group" and any(_plural(doc, m) and m.actor.country for m in candidates if m.start >= token.sent.start):
            # "Ukrainians have said that if Russia invades, they will fight back": "they" means the people
            # its sentence names, not the country named by a singular name in between
            candidates = [m for m in candidates if not (m.start >= token.sent.start and m.actor.kind in {"country", "organization"} and not _plural(doc, m))]
        for m in candidates:
            if bound is not None and m.start <= bound.i < m.end:
                if want in {"thing", "group"}:
                    # "Russia voted against it": often a thing, no actor; an earlier one only from a clause above
                    return _commanding_subject(token, before, kinds)
                continue
            person = m.actor.kind == "person" or m.role in PERSON_ROLES
            if want in {"male", "female"} and person and m.gender in ("unknown", want):
                return m
            if doc[m.end - 1].left_edge.i <= token.i <= doc[m.end - 1].right_edge.i:
                continue  # a pronoun inside the phrase it would mean: "Western allegations of its intention"
            if want in {"thing", "group"} and m.actor.kind in kinds:
                return _commanding_subject(token, before, kinds) or _shared_subject(token, m, before, kinds) or m
        return None
    # A role phrase: "the spokesman", "the prime minister", "the British leader".
    office = _office_of_noun(doc, token)
    if office is None:
        noun = token.lemma_.lower()
        for m in reversed(before):
            if m.actor.kind == "person" and noun and noun in (m.actor.title or "").lower().split():
                return m
        return None
    return _by_office(before, office)


def _plural(doc: Doc, m: Mention) -> bool:
    """Whether a mention names many: "Ukrainians", "Western countries", "Russia and Belarus"."""
    head = doc[m.end - 1]
    return m.actor.kind == "group" or head.tag_ == "NNS" or bool(head.conjuncts)


def _by_salience(doc: Doc, before: list[Mention], token: Token) -> list[Mention]:
    """A pronoun's candidates in the order it is read: its own sentence from the nearest back, then each
    earlier sentence from the nearest, the main verb's subject first, then other subjects left to right
    (as Hobbs's search reads a previous sentence), then the rest from the nearest back. "Ukraine's president pleaded with leaders to punish Putin. He vowed
    ...": "he" is the president, not Putin, who is only the object of the sentence before."""
    start = token.sent.start
    out = [m for m in reversed(before) if m.start >= start]
    earlier: dict[int, list[Mention]] = {}
    for m in before:
        if m.start < start:
            earlier.setdefault(doc[m.start].sent.start, []).append(m)
    for s in sorted(earlier, reverse=True):
        ranked = [(_salience(doc, m), m) for m in earlier[s]]
        out.extend(m for r, m in sorted(((r, m) for r, m in ranked if r < 2), key=lambda x: (x[0], x[1].start)))
        out.extend(m for r, m in reversed(ranked) if r == 2)
    return out


def _salience(doc: Doc, m: Mention) -> int:
    """0 for the subject of a sentence's main verb, 1 for another finite verb's, 2 otherwise: the subject of
    an infinitive ("for Russia to step back") is a wish, not a participant of the sentence."""
    root = doc[m.start:m.end].root
    if root.dep_ not in SUBJECT_DEPS or any(c.dep_ == "aux" and c.lower_ == "to" for c in root.head.children):
        return 2
    return 0 if root.head.dep_ == "ROOT" else 1


def _commanding_subject(token: Token, before: list[Mention], kinds: set[str]) -> Mention | None:
    """The subject of a verb above "it" or "they", as Hobbs's search finds it walking up the tree, where
    the only actors named between them sit inside that subject's own phrase: "Russia, which has massed
    troops near Ukraine, denies it intends to invade" means Russia, though Ukraine is named last. A
    pronoun object skips its own clause's subject ("Ukraine said Russia attacked it"); "it" skips plural
    subjects and "they" singular ones. Any other actor in between ("threatened Russia with sanctions if
    it invades"), a noun phrase on the way up (other than one a relative clause hangs on), or a subject
    that names no actor leaves the nearest-back reading."""
    plural = PRONOUNS[token.lower_] == "group"
    own = token.head if token.dep_ == "poss" else _governing_verb(token)
    skipped: Token | None = None
    below = token
    for verb in token.ancestors:
        came_from, below = below, verb
        if verb.sent != token.sent or skipped is not None and came_from.dep_ in {"advcl", "parataxis"}:
            return None  # "China abstained, while Russia voted against it": no report of what befell China
        if verb.pos_ in {"NOUN", "PROPN"} and verb != own and came_from.dep_ != "relcl":
            return None  # up through a relative clause the noun is passed: "condemned the sanctions the EU imposed on it"
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is None or subj.left_edge.i <= token.i <= subj.right_edge.i:
            continue
        if verb == own and token.dep_ != "poss":
            skipped = subj
            continue
        if (subj.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subj.children)) != plural:
            continue
        m = next((m for m in before if m.start <= subj.i < m.end), None)
        if m is None or m.actor.kind not in kinds:
            return None
        inside = [(subj.left_edge.i, subj.right_edge.i)] + ([(skipped.left_edge.i, skipped.right_edge.i)] if skipped is not None else [])
        between = [c for c in before if m.end <= c.start and c.end <= token.i and c.actor.kind in kinds]
        return m if all(any(a <= c.start <= b for a, b in inside) for c in between) else None
    return None


def _governing_verb(token: Token) -> Token | None:
    """The verb whose object a pronoun is ("attacked it", "imposed sanctions on it"), else None."""
    verb = token.head.head if token.dep_ == "pobj" and token.head.dep_ in {"prep", "dative"} else token.head if token.dep_ in {"dobj", "dative"} else None
    return verb if verb is not None and verb.pos_ in {"VERB", "AUX"} else None


def _shared_subject(token: Token, candidate: Mention, before: list[Mention], kinds: set[str]) -> Mention | None:
    """The subject two coordinated verbs share, when "it" or "they" sits in the second and the candidate
    named last belongs to the first: "Russia held talks with the West and said some of its troops were
    returning" means Russia's troops. A second verb with its own subject ("and they pulled back") or
    one clause holding both ("sanctions against Russia for its invasion") keeps the last named."""
    doc = token.doc
    for conj in token.ancestors:
        if conj.dep_ != "conj" or conj.pos_ not in {"VERB", "AUX"} or any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children):
            continue
        first = conj.head
        if conj.left_edge.i <= candidate.start <= conj.right_edge.i or not first.left_edge.i <= candidate.start <= first.right_edge.i:
            return None
        subj = next((c for c in first.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        m = next((m for m in before if subj is not None and m.start <= subj.i < m.end), None)
        return m if m is not None and m.actor.kind in kinds and doc[m.start].sent == token.sent else None
    return None


def _office_of_noun(doc: Doc, token: Token) -> str | None:
    """The kind of office a role noun names ("spokesman" -> spokesperson, "prime minister" -> prime minister)."""
    if token.i > 0 and (doc[token.i - 1].lower_, token.lower_) in ROLE_PHRASES:
        return ROLE_PHRASES[(doc[token.i - 1].lower_, token.lower_)]
    return ROLE_NOUNS.get(token.lower_)


def _by_office(before: list[Mention], office: str) -> Mention | None:
    """The latest mention that holds or names a kind of office."""
    for m in reversed(before):
        if m.role == office or (m.actor.kind == "person" and office in offices_of(m.actor.title)):
            return m
    if office == "leader":
        # "the leader" after a head of state or government was named
        for m in reversed(before):
            if m.actor.kind == "person" and offices_of(m.actor.title) & {"president", "prime minister", "chancellor", "king"}:
                return m
    return None
