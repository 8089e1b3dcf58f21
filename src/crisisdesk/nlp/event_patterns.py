"""The verb-pattern dictionary: read PETRARCH verb files, compile them, and match a verb's phrase against them.

A PETRARCH pattern such as ``- * (TO BORDER) [154]`` says: this verb, followed somewhere in its
phrase by the preposition "to" whose object contains "border", is CAMEO 154. Words before ``*``
must occur before the verb (its subject, auxiliaries); words after it in its phrase, in order.
``{A B}`` is a group of adjacent words, ``&NAME`` a synonym set, ``[042:043]`` a pair of codes
(the source did 042 to the target, and the target did 043 to the source), ``[---]`` "no event".
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

from ..errors import CrisisdeskError
from .quote_clauses import RELATIVE_PRONOUNS

# Dependencies whose subtrees are another clause: their words are not part of this verb's phrase.
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl", "mark", "punct", "cc", "appos"}
# How deep below the verb a pattern word may sit: verb -> object -> preposition -> its object covers
# PETRARCH's "- * LOSS (OF SUPPORT)"; deeper words belong to other phrases.
MAX_DEPTH = 4
# Dependencies of a verb's objects: a pattern's prepositional phrase may hang on them ("- * TALKS (WITH)").
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd", "nsubjpass"}
# Prepositions of place and time: a pattern made of one of them alone is left out (see compile_pattern).
CIRCUMSTANCE_PREPS = {"at", "in", "on", "for", "from", "between", "during", "after", "before", "by", "near", "over", "into"}
# Heads of attribution phrases ("according to the governor"): who tells it, no part of the verb's
# phrase ("struck a building, according to ..." is no "accord", &TREATY).
ATTRIBUTION_WORDS = {"according"}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade"}
# Entity types whose words are names, not pattern words.
NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# A pattern word without a trailing "_" matches as a stem, as in TABARI/PETRARCH ("ARGENTIN" matches
# "Argentina"); this many extra letters at most, so that "AID" does not match "aide-de-camp".
STEM_SLACK = 3
# Stems shorter than this match whole words only: "ARM" must not match "army".
MIN_STEM = 4


class PatternFileError(CrisisdeskError):
    """A verb-pattern file cannot be read."""

    code = "E410"


@dataclass(frozen=True)
class Element:
    """One part of a pattern: a word (or synonym set), a group of adjacent words, or a prepositional phrase."""

    kind: str  # word | group | pp
    words: tuple[str, ...]  # lower case; "&name" for a synonym set; "_" at the end: exact word
    prep: str | None = None


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern of a verb block."""

    pre: tuple[Element, ...]
    post: tuple[Element, ...]
    code: str | None  # None: the pattern says "no event"
    reverse: str | None
    text: str
    weight: int  # how many words it needs: the most specific matching pattern wins
    pre_needs: tuple[frozenset[str], ...] = ()  # for a quick test: each set must meet the words' keys
    post_needs: tuple[frozenset[str], ...] = ()


@dataclass
class VerbEntry:
    """A verb (or multi-word verb) of the dictionary and the block whose patterns it uses."""

    words: tuple[str, ...]  # ("ask", "for")
    code: str | None
    reverse: str | None
    block: str


@dataclass
class Block:
    """A synonym block of verbs sharing a default code and a list of patterns."""

    name: str
    code: str | None
    reverse: str | None
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Coding:
    """What the dictionary says about one verb in its sentence."""

    code: str | None
    reverse: str | None
    verb: VerbEntry
    pattern: Pattern | None
    matched: list[Token]  # the words the pattern matched (evidence)


@dataclass
class PatternBook:
    """Compiled verb patterns plus the hand-written lexicons of data/lexicons/event_verbs.yaml."""

    synsets: dict[str, list[tuple[str, ...]]]
    blocks: dict[str, Block]
    verbs: dict[str, list[VerbEntry]]  # first word (lemma) -> entries, multi-word first
    forms: dict[str, str]  # irregular form -> lemma ("fought" -> "fight")
    lexicon: dict[str, Any]  # nouns, light verbs, reporting verbs, intent codes ...
    source: str
    ambiguous: frozenset[str] = frozenset()  # verbs coded only by their patterns, not their default
    object_required: frozenset[str] = frozenset()  # verbs whose default needs a named object
    intransitive: frozenset[str] = frozenset()  # verbs whose default holds only without a direct object
    _word_sets: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def words(self, *path: str) -> frozenset[str]:
        """A word list of the lexicon ("naming_verbs", or "withdrawal_cues", "particles") as a set, built once."""
        found = self._word_sets.get(path)
        if found is None:
            node: Any = self.lexicon
            for key in path:
                node = (node or {}).get(key)
            found = self._word_sets[path] = frozenset(str(w).lower() for w in node or [])
        return found

    def entries(self, lemma: str, text: str) -> list[VerbEntry]:
        """The dictionary entries of a verb token, by its lemma, its irregular form or a regular de-inflection."""
        found = self.verbs.get(lemma)
        if found is None:
            base = self.forms.get(text)
            found = self.verbs.get(base, []) if base else []
        if not found:
            base = next((b for b in base_forms(text) if b in self.verbs), None)
            found = self.verbs.get(base, []) if base else []
        return found


def base_forms(word: str) -> list[str]:
    """Regular base forms of an inflected English verb, for the lemmatizer's slips ("staged" -> "stag")."""
    w = word.lower()
    out = []
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""), ("s", ""), ("d", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            out.append(w[: len(w) - len(suffix)] + repl)
    return out


# -- reading the PETRARCH verb-file format -----------------------------------------------------------
_CODE = re.compile(r"\[([^\]]*)\]")


def _codes(raw: str) -> tuple[str | None, str | None]:
    """'[042:043]' -> ('042', '043'); '[---]' -> (None, None); '[080!]' -> ('080', None)."""
    parts = [re.sub(r"[^0-9-]", "", p) for p in raw.split(":")]
    code = parts[0] if parts[0] and "-" not in parts[0] else None
    reverse = parts[1] if len(parts) > 1 and parts[1] and "-" not in parts[1] else None
    return code, reverse


def _strip_comment(line: str) -> str:
    return re.split(r"\s#|^#|;", line, maxsplit=1)[0].rstrip()


def read_petrarch_verbs(text: str, source: str = "verbs") -> dict[str, Any]:
    """Parse a PETRARCH verb dictionary into synonym sets and blocks of verbs with raw pattern lines."""
    synsets: dict[str, list[str]] = {}
    blocks: list[dict[str, Any]] = []
    current_syn: str | None = None
    block: dict[str, Any] | None = None
    in_patterns = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("<!") or line.startswith("~"):
            current_syn = None if not line else current_syn
            continue
        if line.startswith("####"):
            continue
        if line.startswith("&"):
            current_syn = _strip_comment(line).strip().lower()
            synsets[current_syn] = []
            continue
        if current_syn is not None and line.startswith("+"):
            synsets[current_syn].append(_strip_comment(line)[1:].strip().lower())
            continue
        current_syn = None
        if line.startswith("---"):
            m = re.match(r"---\s*(\S+)\s*(.*?)\s*---\s*$", line)
            if not m:
                raise PatternFileError(f"line {n}: cannot read block header {line!r}", source=source)
            codes = _CODE.findall(m.group(2))
            code, reverse = _codes(codes[-1]) if codes else (None, None)
            block = {"name": m.group(1).upper(), "code": code, "reverse": reverse, "verbs": [], "patterns": []}
            blocks.append(block)
            in_patterns = False
            continue
        if block is None:
            continue
        if line.startswith("- "):
            in_patterns = True
            body = re.split(r"\s#", line, maxsplit=1)[0].rstrip()
            if _CODE.search(body) and "*" in body:
                block["patterns"].append(body)
            continue
        if in_patterns and not line[:1].isalpha() and not line.startswith("+"):
            continue
        body = _strip_comment(line)
        codes = _CODE.findall(body)
        word = re.split(r"[\s{\[]", body.lstrip("+"), maxsplit=1)[0]
        forms = re.findall(r"\{([^}]*)\}", body)
        verb: dict[str, Any] = {"verb": word.lower().strip("_") or word.lower()}
        if codes:
            verb["code"], verb["reverse"] = _codes(codes[0])
            if verb["code"] is None and "---" in codes[0]:
                verb["none"] = True
        if forms and forms[0].strip():
            verb["forms"] = [f.lstrip("+").lower() for f in forms[0].split()]
        block["verbs"].append(verb)
    return {"synsets": synsets, "blocks": blocks}


# -- compiling ---------------------------------------------------------------------------------------
def _words(chunk: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in chunk.replace("_", " _").split() if w.strip("_")) if "_" not in chunk.strip("_") else tuple(
        w.lower() for w in chunk.split("_") if w
    )


def _elements(side: str) -> tuple[Element, ...]:
    """Parse one side of a pattern ('(TO {BANNED PARTIES}) $') into elements."""
    out: list[Element] = []
    for m in re.finditer(r"\(([^)]*)\)|\{([^}]*)\}|(\S+)", side):
        pp, group, word = m.groups()
        if pp is not None:
            inner = pp.replace("{", " ").replace("}", " ").split()
            words = [w for w in inner if w not in {"$", "+", "^", "%"}]
            if words:
                out.append(Element("pp", tuple(w.lower() for w in words[1:]), words[0].lower().strip("_")))
        elif group is not None:
            words = [w.lower() for w in group.split() if w not in {"$", "+", "^", "%"}]
            if words:
                out.append(Element("group", tuple(words)))
        elif word not in {"$", "+", "^", "%", "*"}:
            parts = [p for p in word.split("_") if p]
            exact = word.endswith("_")
            if len(parts) > 1:
                out.append(Element("group", tuple(p.lower() for p in parts)))
            elif parts:
                out.append(Element("word", (parts[0].lower() + ("_" if exact else ""),)))
    return tuple(out)


def compile_pattern(line: str) -> Pattern | None:
    """Compile one pattern line ('- * (TO BORDER) [154]'); None if it has no verb position."""
    m = re.match(r"-\s*(.*?)\s*\[([^\]]*)\]\s*$", line.strip())
    if not m or "*" not in m.group(1):
        return None
    body = m.group(1)
    pre, _, post = body.partition("*")
    pre_el, post_el = _elements(pre), _elements(post)
    code, reverse = _codes(m.group(2))
    if not pre_el and len(post_el) == 1 and not post_el[0].words and post_el[0].prep in CIRCUMSTANCE_PREPS:
        # "- * (AT) [036]", "- * (FOR) [042:043]": a bare place or time phrase says nothing about the event.
        return None
    if not pre_el and len(post_el) == 1 and post_el[0].kind == "word" and post_el[0].words[0].rstrip("_") in CIRCUMSTANCE_PREPS | {"to"}:
        return None
    weight = sum(len(e.words) + (1 if e.prep else 0) for e in (*pre_el, *post_el))
    return Pattern(pre_el, post_el, code, reverse, line.strip(), weight)


def _needs(elements: tuple[Element, ...], synsets: dict[str, list[tuple[str, ...]]]) -> tuple[frozenset[str], ...]:
    """What a side of a pattern needs among the keys of a phrase's words (see word_keys), one set per word."""
    out = []
    for el in elements:
        if el.prep:
            out.append(frozenset({el.prep}))
        for w in el.words:
            if w.startswith("&"):
                alts = synsets.get(w.rstrip("_"), [])
                if alts:
                    out.append(frozenset(_key(a[0]) for a in alts))
            else:
                out.append(frozenset({_key(w)}))
    return tuple(out)


def _key(w: str) -> str:
    """The key a pattern word needs: the whole word if exact or short, else its stem's first letters."""
    if w.endswith("_"):
        w = w[:-1]
        return w if len(w) < MIN_STEM else w[:MIN_STEM]
    return w if len(w) < MIN_STEM else w[:MIN_STEM]


def word_keys(tokens: list[Token]) -> set[str]:
    """The keys of a phrase's words: each word and lemma, whole and cut to MIN_STEM letters."""
    keys: set[str] = set()
    for t in tokens:
        low, lem = t.lower_, t.lemma_.lower()
        keys.update((low, lem, low[:MIN_STEM], lem[:MIN_STEM]))
    return keys


def compile_book(data: dict[str, Any], lexicon: dict[str, Any], source: str) -> PatternBook:
    """Build the matcher's tables from parsed verb data and the hand-written lexicon."""
    synsets: dict[str, list[tuple[str, ...]]] = {}
    for name, entries in data["synsets"].items():
        synsets[name.lower().rstrip("_")] = [tuple(e.replace("_", " ").split()) for e in entries if e.strip("_ ")]
    blocks: dict[str, Block] = {}
    verbs: dict[str, list[VerbEntry]] = {}
    forms: dict[str, str] = {}
    for b in data["blocks"]:
        block = blocks.get(b["name"])
        if block is None:
            block = blocks[b["name"]] = Block(b["name"], b.get("code"), b.get("reverse"))
        for line in b.get("patterns", []):
            pat = compile_pattern(line)
            if pat is not None:
                block.patterns.append(pat)
        for v in b.get("verbs", []):
            words = tuple(w for w in v["verb"].split("_") if w)
            if not words:
                continue
            code = v.get("code") if "code" in v or v.get("none") else block.code
            reverse = v.get("reverse") if "code" in v else block.reverse
            entry = VerbEntry(words, code, reverse, block.name)
            verbs.setdefault(words[0], []).append(entry)
            for form in v.get("forms", []):
                fwords = form.split("_")
                if len(fwords) == 1 and fwords[0] != words[0]:
                    forms.setdefault(fwords[0], words[0])
    for lemma, entries in verbs.items():
        # Multi-word verbs first ("ask for" before "ask"); a later definition of the same verb wins.
        unique: dict[tuple[str, ...], VerbEntry] = {}
        for e in entries:
            unique[e.words] = e
        verbs[lemma] = sorted(unique.values(), key=lambda e: -len(e.words))
    for block in blocks.values():
        # The most specific pattern first; the stable sort keeps the file's order among equals.
        block.patterns.sort(key=lambda p: -p.weight)
        block.patterns = [
            Pattern(p.pre, p.post, p.code, p.reverse, p.text, p.weight, _needs(p.pre, synsets), _needs(p.post, synsets)) for p in block.patterns
        ]
    ambiguous = frozenset(str(v).lower() for v in lexicon.get("ambiguous_verbs") or [])
    needs_object = frozenset(str(v).lower() for v in lexicon.get("object_required_verbs") or [])
    intransitive = frozenset(str(v).lower() for v in lexicon.get("intransitive_verbs") or [])
    return PatternBook(synsets, blocks, verbs, forms, lexicon, source, ambiguous, needs_object, intransitive)


def _apply_overlay(data: dict[str, Any], overlay: dict[str, Any]) -> None:
    """Add the hand-written corrections of event_verbs.yaml to parsed PETRARCH data."""
    by_name = {b["name"]: b for b in data["blocks"]}
    for name, entries in (overlay.get("synsets") or {}).items():
        data["synsets"].setdefault(name.lower(), [])
        data["synsets"][name.lower()].extend(str(e).lower() for e in entries)
    for name, spec in (overlay.get("blocks") or {}).items():
        block = by_name.get(name)
        if block is None:
            block = by_name[name] = {"name": name, "code": None, "reverse": None, "verbs": [], "patterns": []}
            data["blocks"].append(block)
        if "code" in spec:
            block["code"], block["reverse"] = _codes(f"{spec['code']}")
        drop = set(spec.get("drop") or [])
        block["patterns"] = [p for p in block["patterns"] if re.sub(r"\s+", " ", p) not in drop]
        block["patterns"].extend(spec.get("patterns") or [])
        if spec.get("take_from"):
            # The lines move here: the block they are taken from keeps none of them.
            moved = {re.sub(r"\s+", " ", str(p)) for p in spec.get("patterns") or []}
            source = by_name[spec["take_from"]]
            source["patterns"] = [p for p in source["patterns"] if re.sub(r"\s+", " ", p) not in moved]
        for verb in spec.get("verbs") or []:
            entry: dict[str, Any] = {"verb": str(verb).lower()} if not isinstance(verb, dict) else dict(verb)
            if isinstance(verb, dict) and "code" in verb:
                entry["code"], entry["reverse"] = _codes(str(verb["code"]))
                entry["none"] = entry["code"] is None
            # A verb moved here leaves its old block.
            for other in data["blocks"]:
                other["verbs"] = [v for v in other["verbs"] if v["verb"] != entry["verb"]]
            block["verbs"].append(entry)


@lru_cache(maxsize=1)
def bundled_lexicon() -> dict[str, Any]:
    """data/lexicons/event_verbs.yaml, parsed once (read only: callers must not change it)."""
    text = resources.files("crisisdesk.data.lexicons").joinpath("event_verbs.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or {}


@lru_cache(maxsize=4)
def load_book(verbs_file: str | None = None) -> PatternBook:
    """The bundled dictionary (generated from CAMEO.2.0.txt plus event_verbs.yaml), or a user's PETRARCH verb file."""
    lexicon = copy.deepcopy(bundled_lexicon())
    if verbs_file is None:
        raw = resources.files("crisisdesk.data.lexicons").joinpath("event_patterns.json").read_text("utf-8")
        data = json.loads(raw)
        _apply_overlay(data, lexicon)
        return compile_book(data, lexicon, "event_patterns.json + event_verbs.yaml")
    path = Path(verbs_file)
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise PatternFileError(f"cannot read the verb-pattern file ({exc})", source=verbs_file) from exc
    data = json.loads(text) if path.suffix == ".json" else read_petrarch_verbs(text, verbs_file)
    if not data.get("blocks"):
        raise PatternFileError("no verb blocks found", source=verbs_file, hint="expected a PETRARCH verb dictionary ('--- VERB [code] ---' blocks)")
    # A user's dictionary brings its own codes: only the grammatical lexicons of ours apply.
    grammar = {k: v for k, v in lexicon.items() if k not in {"blocks", "nouns", "light_verbs", "intent_codes", "ambiguous_verbs"}}
    return compile_book(data, grammar, verbs_file)


def unknown_codes(book: PatternBook) -> set[str]:
    """The codes of a dictionary that the CAMEO codebook does not know."""
    from .codebook import codebook

    known = set(codebook())
    codes = {c for b in book.blocks.values() for c in (b.code, b.reverse, *[x for p in b.patterns for x in (p.code, p.reverse)])}
    codes |= {c for entries in book.verbs.values() for e in entries for c in (e.code, e.reverse)}
    return {c for c in codes if c is not None and c not in known}


# -- matching ----------------------------------------------------------------------------------------
def _word_match(w: str, tok: Token) -> bool:
    if w.endswith("_"):
        w = w[:-1]
        return tok.lower_ == w
    low = tok.lower_
    if low == w or tok.lemma_.lower() == w:
        return True
    return len(w) >= MIN_STEM and low.startswith(w) and len(low) - len(w) <= STEM_SLACK


def phrase_tokens(verb: Token, after: bool) -> list[Token]:
    """The words of a verb's own phrase after (or before) it, leaving out embedded clauses and names.

    Names are left out as PETRARCH replaces actors by their codes before matching: the "Security"
    of "UN Security Council" is no &SECURITY word. Words deeper than MAX_DEPTH below the verb
    belong to other phrases ("a meeting with members of the security body").
    """
    out: list[Token] = []
    stack = [
        (c, 1) for c in verb.children
        if (c.i > verb.i) == after and c.dep_ not in CLAUSE_DEPS and not (c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}) and c.lower_ not in ATTRIBUTION_WORDS
    ]
    while stack:
        tok, depth = stack.pop()
        if tok.dep_ == "prep" and depth > 1 and _topic_of_words(tok):
            continue  # "delivers remarks on Russia's attack": the attack is what the remarks are about
        if tok.ent_type_ not in NAME_TYPES:
            out.append(tok)
        if depth < MAX_DEPTH and not (tok.dep_ == "pcomp" and tok.pos_ == "VERB" and depth > 1 and not participle_adjective(tok)):
            # "accused Varenia of massing troops": the gerund's own object belongs to its clause.
            stack.extend((c, depth + 1) for c in tok.children if c.dep_ not in CLAUSE_DEPS)
    out.sort(key=lambda t: t.i)
    if after:
        return _antecedent_object(verb) + out
    return out


def participle_adjective(tok: Token) -> bool:
    """Whether a gerund is a participle describing the noun after it ("with punishing sanctions")."""
    return tok.tag_ == "VBG" and tok.lower_ in _participle_words() and any(c.dep_ == "dobj" and c.i == tok.i + 1 for c in tok.children)


@lru_cache(maxsize=1)
def _participle_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in bundled_lexicon().get("participle_adjectives") or [])


def relative_object(verb: Token) -> Token | None:
    """The noun a relative clause's verb takes as its object: "the sanctions (which) the EU imposed on
    Russia". Only where the clause has a subject of its own and its object is the relative word (told by
    its word: the parser tags "that" as a preposition at times) or absent."""
    if verb.dep_ != "relcl" or verb.head.pos_ != "NOUN":
        return None
    if any(c.dep_ == "mark" for c in verb.children):
        return None  # "a false report that Varenia had invaded": a content clause the parser hangs on as relative
    if not any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children):
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children):
        return None
    return verb.head


def _antecedent_object(verb: Token) -> list[Token]:
    """A relative clause's object noun and its modifiers, read as if they followed the verb, as
    PETRARCH's linear patterns ("impose * SANCTIONS") expect."""
    noun = relative_object(verb)
    if noun is None:
        return []
    return [t for t in noun.lefts if t.dep_ in {"compound", "amod"} and t.ent_type_ not in NAME_TYPES] + [noun]


@lru_cache(maxsize=1)
def _discourse() -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon's discourse_nouns: the prepositions of a topic and the nouns of words that take one."""
    lex = bundled_lexicon().get("discourse_nouns") or {}
    return frozenset(lex.get("preps") or []), frozenset(lex.get("nouns") or [])


def _topic_of_words(prep: Token) -> bool:
    """Whether a preposition gives the topic of words ("remarks on", "a report about"), which the verb's
    pattern may not reach into."""
    preps, nouns = _discourse()
    return prep.lower_ in preps and prep.head.lemma_.lower() in nouns


class _Matcher:
    """Match pattern elements in order against a list of tokens."""

    def __init__(self, book: PatternBook, tokens: list[Token], verb: Token | None = None) -> None:
        self.book = book
        self.tokens = tokens
        self.verb = verb

    def _alternatives(self, w: str) -> list[tuple[str, ...]]:
        if w.startswith("&"):
            return self.book.synsets.get(w.rstrip("_"), [])
        return [(w,)]

    def _seq_at(self, words: tuple[str, ...], pos: int, lo: int, hi: int) -> int | None:
        """Match adjacent words (a group) starting exactly at pos; a single skipped word between is allowed."""
        cursor = pos
        for k, w in enumerate(words):
            for alt in self._alternatives(w):
                end = self._alt_at(alt, cursor, hi, slack=(1 if k else 0))
                if end is not None:
                    cursor = end
                    break
            else:
                return None
        return cursor

    def _alt_at(self, alt: tuple[str, ...], pos: int, hi: int, slack: int) -> int | None:
        for start in range(pos, min(pos + slack + 1, hi)):
            cursor = start
            ok = True
            for w in alt:
                if cursor >= hi or not _word_match(w, self.tokens[cursor]):
                    ok = False
                    break
                cursor += 1
            if ok:
                return cursor
        return None

    def find(self, el: Element, lo: int, hi: int, matched: list[Token]) -> int | None:
        """Find an element at or after lo (before hi); return the position after it."""
        if el.kind == "pp":
            for p in range(lo, hi):
                tok = self.tokens[p]
                if tok.lower_ != el.prep:
                    continue
                if self.verb is not None and tok.head != self.verb and not (tok.head.head == self.verb and tok.head.dep_ in OBJECT_DEPS):
                    # PETRARCH's "(WITH ...)" is a phrase of the verb or of its object, not any "with" below.
                    continue
                if not el.words:
                    matched.append(tok)
                    return p + 1
                sub_hi = p + 1
                while sub_hi < hi and self.tokens[sub_hi].is_ancestor(tok) is False and tok.is_ancestor(self.tokens[sub_hi]):
                    sub_hi += 1
                end = self._in_order(el.words, p + 1, max(sub_hi, p + 1), matched)
                if end is not None:
                    matched.append(tok)
                    return end
            return None
        if el.kind == "group":
            for p in range(lo, hi):
                end = self._seq_at(el.words, p, lo, hi)
                if end is not None:
                    matched.extend(self.tokens[p:end])
                    return end
            return None
        return self._in_order(el.words, lo, hi, matched)

    def _in_order(self, words: tuple[str, ...], lo: int, hi: int, matched: list[Token]) -> int | None:
        cursor = lo
        for w in words:
            for p in range(cursor, hi):
                tok = self.tokens[p]
                if self.verb is not None and tok.pos_ in {"ADP", "PART"} and tok.head != self.verb:
                    # A bare preposition in a pattern is the verb's particle ("PRESS * ON"), not any "on".
                    continue
                end = next((e for alt in self._alternatives(w) if (e := self._alt_at(alt, p, hi, 0)) is not None), None)
                if end is not None:
                    matched.extend(self.tokens[p:end])
                    cursor = end
                    break
            else:
                return None
        return cursor

    def match(self, elements: tuple[Element, ...], matched: list[Token]) -> bool:
        cursor = 0
        hi = len(self.tokens)
        for el in elements:
            end = self.find(el, cursor, hi, matched)
            if end is None:
                return False
            cursor = end
        return True


def _verb_words_match(entry: VerbEntry, verb: Token, post: list[Token]) -> list[Token] | None:
    """For a multi-word verb ("ask for", "wage war"), the tokens after the verb that complete it."""
    if len(entry.words) == 1:
        return []
    rest = entry.words[1:]
    # The rest follows the verb closely: a particle, a preposition or the object's head.
    near = [t for t in post if t.i - verb.i <= len(rest) + 2]
    got: list[Token] = []
    cursor = 0
    for w in rest:
        for k in range(cursor, len(near)):
            if near[k].dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in near[k].children):
                continue  # "called Putin on Saturday" is no "call on"
            after = near[k].nbor(1) if near[k].i + 1 < len(near[k].doc) else None
            if near[k].dep_ == "quantmod" or after is not None and after.like_num and after.head.lemma_.lower() in DURATION_UNITS:
                continue  # "took over six months": the word counts a span of time, no "take over"; "handed over 700 kg" hands over
            if _word_match(w + "_" if len(w) < MIN_STEM else w, near[k]):
                got.append(near[k])
                cursor = k + 1
                break
        else:
            return None
    return got


def code_verb(book: PatternBook, verb: Token, subject_words: list[Token] | None = None) -> Coding | None:
    """The coding of a verb token by the dictionary: the most specific matching pattern, else the verb's default.

    `subject_words`: the words of a subject the verb inherits from the verb governing it.
    """
    entries = book.entries(verb.lemma_.lower(), verb.lower_)
    if not entries:
        return None
    post = phrase_tokens(verb, after=True)
    pre = sorted({*phrase_tokens(verb, after=False), *(subject_words or [])}, key=lambda t: t.i)
    # Computed once per verb: most entries are one word, whose rest is the whole phrase after the verb.
    pre_m, pre_keys = _Matcher(book, pre, verb), word_keys(pre)
    whole = (_Matcher(book, post, verb), word_keys(post))
    for entry in entries:
        extra = _verb_words_match(entry, verb, post)
        if extra is None:
            continue
        rest = [t for t in post if t not in extra] if extra else post
        block = book.blocks.get(entry.block)
        post_m, post_keys = (_Matcher(book, rest, verb), word_keys(rest)) if extra else whole
        for pat in block.patterns if block else []:
            if any(post_keys.isdisjoint(need) for need in pat.post_needs) or any(pre_keys.isdisjoint(need) for need in pat.pre_needs):
                continue
            matched: list[Token] = []
            if pat.post and not post_m.match(pat.post, matched):
                continue
            if pat.pre and not pre_m.match(pat.pre, matched):
                continue
            return Coding(pat.code, pat.reverse, entry, pat, [*extra, *matched])
        if len(entry.words) == 1 and entry.words[0] in book.ambiguous:
            return Coding(None, None, entry, None, extra)
        if len(entry.words) == 1 and entry.words[0] in book.object_required and (
            # "called Putin", "called him", "called Ukraine's president"
            not any(c.dep_ == "dobj" and (c.pos_ in {"PROPN", "PRON"} or any(p.dep_ == "poss" and p.pos_ == "PROPN" for p in c.children)) for c in verb.children)
            or any(c.dep_ in {"oprd", "xcomp", "ccomp"} for c in verb.children)
        ):
            return Coding(None, None, entry, None, extra)
        if len(entry.words) == 1 and entry.words[0] in book.intransitive and any(c.dep_ == "dobj" for c in verb.children):
            # "demonstrated courage", "rallied support": another sense than the protest.
            return Coding(None, None, entry, None, extra)
        return Coding(entry.code, entry.reverse, entry, None, extra)
    return None


# -- verbs of intent, appeal, demand, refusal and threat ---------------------------------------------
def family_of(book: PatternBook, lemma: str, coding: Coding | None = None) -> str | None:
    """The CAMEO family (02, 03, 10, 12, 13) of a verb that takes its code from the action it governs."""
    families = book.lexicon.get("intent_families") or {}
    fam = families.get(lemma)
    if fam is None and coding is not None and len(coding.verb.words) > 1:
        fam = families.get("_".join(coding.verb.words))  # "ruled out sending troops"
    if fam is None and coding is not None and coding.verb.words[0] != lemma:
        fam = families.get(coding.verb.words[0])
    return str(fam) if fam is not None else None


def action_key(book: PatternBook, code: str) -> str | None:
    """What kind of action a code is ("meet", "deescalate", "force"), for folding it into an intent."""
    keys = book.lexicon.get("action_keys") or {}
    for n in range(len(code), 1, -1):
        key = keys.get(code[:n])
        if key:
            return str(key)
    # An intent code names its action too: 036 (intent to meet) is about meeting.
    for key, row in (book.lexicon.get("intent_codes") or {}).items():
        if code in {str(v) for v in row.values()}:
            return str(key)
    return None


def compose(book: PatternBook, family: str, code: str) -> str | None:
    """The code of "FAMILY to do CODE": compose("02", "0874") -> "0256" (appeal for de-escalation)."""
    key = action_key(book, code)
    table = book.lexicon.get("intent_codes") or {}
    if key is None:
        return None
    row = {str(k): str(v) for k, v in (table.get(key) or {}).items()}
    if family in row:
        return row[family]
    # An intent to use force or coercion is a threat ("vowed to wage war" is 138, not 030).
    if family == "03" and "13" in row:
        return row["13"]
    generic = {str(k): str(v) for k, v in (table.get("any") or {}).items()}
    return generic.get(family)
