"""What a cue reports when no quote marks say it: the reported clause, read from the parse.

"said (that) ...", "..., he told Putin", "The museum, Mr. Bush said, celebrated ...", "according to
X, ...", "urged Russia to ...", "denied the report", "added:" before a block quotation. Every
function returns token ranges (start, end exclusive) inside the cue's paragraph.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .quote_lexicon import Cues

# A cue clause set off by commas has at most this many words besides its subject ("he told Putin on
# Monday"): longer ones were subordinate clauses of their own in PolNeAR train.
ASIDE_MAX_WORDS = 5
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
SUBORDINATORS = {"as", "while", "when", "if", "because", "although", "though", "since", "after", "before", "until", "unless"}
# A cue in one of these positions heads its sentence's main clause (or a coordinate of it).
MAIN_CLAUSE_DEPS = {"ROOT", "conj", "parataxis"}
# Objects that stand for something said elsewhere ("confirmed it"): not what was said.
PRONOUN_OBJECTS = {"it", "this", "that", "them", "him", "her", "so", "me", "us", "you"}


def follows(tok: Token, phrase: tuple[str, ...]) -> bool:
    """Whether the tokens from tok on spell a phrase."""
    doc = tok.doc
    return tok.i + len(phrase) <= len(doc) and all(doc[tok.i + n].lower_ == w for n, w in enumerate(phrase))


def source_preposition(tok: Token, lex: Cues) -> tuple[str, ...] | None:
    """The source phrase ("according to") starting at tok, if any."""
    return next((p for p in lex.source_prepositions if tok.lower_ == p[0] and follows(tok, p)), None)


def source_of_preposition(cue: Token) -> Token | None:
    """The object of "according to X" / "in the words of X"."""
    doc = cue.doc
    for n in range(1, 5):
        if cue.i + n >= len(doc):
            break
        obj = next((c for c in doc[cue.i + n].children if c.dep_ == "pobj"), None)
        if obj is not None:
            return obj
    return None


def paragraph_tokens(doc: Doc, tok: Token) -> tuple[int, int]:
    """Token range of the paragraph (line) a token is in."""
    lo = tok.i
    while lo > 0 and not (doc[lo - 1].is_space and "\n" in doc[lo - 1].text):
        lo -= 1
    hi = tok.i + 1
    while hi < len(doc) and not (doc[hi].is_space and "\n" in doc[hi].text):
        hi += 1
    return lo, hi


def sentence_end(tok: Token) -> int:
    """Index after the last token of a token's sentence, stopping at a paragraph break."""
    sent = tok.sent
    for t in tok.doc[tok.i : sent.end]:
        if t.is_space and "\n" in t.text:
            return t.i
    return sent.end


def edges(tok: Token) -> tuple[int, int]:
    """First and after-last token of a subtree, without the punctuation at its edges."""
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while lo < tok.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi - 1 > tok.i and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return lo, hi


def clause_like(tok: Token) -> bool:
    """A complement that is a clause with words of its own, not a bare "so" or a lone pronoun."""
    return tok.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in tok.children)


def short_aside(cue: Token) -> bool:
    """A cue clause set off by punctuation with little but its subject ("..., Mr. Clarke said, ...")."""
    doc = cue.doc
    subject = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or any(c.dep_ == "mark" for c in cue.children):
        return False  # "... if attacks continued": a subordinate clause, not an aside
    own = {t.i for t in subject.subtree}
    rest = [t for t in cue.subtree if t.i not in own and not t.is_punct and not t.is_space]
    lo, hi = edges(cue)
    before_ok = lo > 0 and (doc[lo - 1].is_punct or doc[lo - 1].is_space)
    after_ok = hi >= len(doc) or doc[hi].is_punct or doc[hi].is_space or hi >= cue.sent.end
    return len(rest) <= ASIDE_MAX_WORDS and before_ok and after_ok


def _own_subject(cue: Token) -> bool:
    """The cue has a subject of its own or shares its conjunct's ("called him X and urged him to"),
    not a relative pronoun ("a diplomat, who asked not to be named")."""
    tok = cue
    for _ in range(3):
        subject = next((c for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS), None)
        if subject is not None:
            return True
        if tok.dep_ != "conj" or tok.head == tok:
            return False
        tok = tok.head
    return False


def _as_reported(cue: Token, lex: Cues) -> list[tuple[int, int]]:
    """"As Breitbart News reported, the White House was refusing ..." / "..., as Dayen noted": the
    clause the "as" aside is attached to, without the aside."""
    if cue.lemma_.lower() not in lex.as_verbs or cue.tag_ == "VBN" and not any(c.dep_ == "aux" for c in cue.children):
        return []  # "as it's currently written": a passive, nobody reports
    if cue.dep_ != "advcl" or cue.head == cue or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return []
    if any(c.dep_ in {"ccomp", "dobj", "xcomp"} for c in cue.children):
        return []  # "as he told reporters that ..." reports its own clause
    head = cue.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    c_lo, c_hi = cue.left_edge.i, cue.right_edge.i + 1
    sides = [(lo, c_lo), (c_hi, hi)]
    return [max(sides, key=lambda r: r[1] - r[0])]


def verb_clause(cue: Token, lex: Cues) -> tuple[list[tuple[int, int]], str]:
    """Ranges of what a cue verb reports, and the name of the pattern that found them."""
    doc = cue.doc
    lemma = cue.lemma_.lower()
    ranges: list[tuple[int, int]] = []
    after = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i and clause_like(c)]
    before = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i and clause_like(c) and not after]
    for child in after + before:
        lo, hi = child.left_edge.i, child.right_edge.i + 1
        if lo < cue.i and doc[lo].dep_ == "mark" and doc[lo].lower_ in SUBORDINATORS:
            continue  # "As officials warned ..., Zelensky announced": a misread adverbial clause
        if lo > cue.i and cue.dep_ not in {"relcl", "acl"}:
            # Reported speech runs on to the end of its sentence ("said she hopes to win, but she
            # knows that ..."), as PolNeAR's contents do; not from inside a relative clause.
            hi = max(hi, sentence_end(cue))
        ranges.append((lo, hi))
    if ranges:
        return ranges, "clause"
    if lemma in lex.object_infinitive and _own_subject(cue):
        xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i), None)
        if xcomp is not None:
            obj = next((c for c in cue.children if c.dep_ in {"dobj", "dative"} and c.i < xcomp.i), None)
            return [((obj or xcomp).left_edge.i, xcomp.right_edge.i + 1)], "infinitive"
    if cue.dep_ in {"parataxis", "ccomp", "advcl"} and cue.head != cue and clause_like(cue.head) and short_aside(cue):
        # "..., he told Putin." / "The museum, Mr. Bush said, celebrated ...": the clause the cue
        # follows or interrupts; an interrupted clause stays one piece, the aside inside it, so that
        # the record reads as the sentence does.
        head = cue.head
        lo, hi = head.left_edge.i, head.right_edge.i + 1
        c_lo, c_hi = edges(cue)
        if c_lo > lo and (hi <= c_hi or doc[c_lo - 1].is_punct):
            after = [t for t in doc[c_hi:hi] if not t.is_punct and not t.is_space]
            if after and after[0].dep_ == "cc":
                hi = c_hi  # "..., the EU said, and no new date has been set": a clause of its own
            if c_hi >= hi or not any(not t.is_punct for t in doc[lo:c_lo]):
                return [(lo, c_lo)] if c_hi >= hi else [(c_hi, hi)], "interposed"
            return [(lo, hi)], "interposed"
    if lemma == "ask" and (cue.tag_ == "VBN" or any(c.dep_ == "nsubjpass" for c in cue.children)):
        # "asked about the loan", "was asked whether ...", "asked to name ...": the question
        topic = next((c for c in cue.children if c.i > cue.i and (c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "prep" and c.lower_ == "about")), None)
        if topic is not None:
            return [(topic.left_edge.i, topic.right_edge.i + 1)], "question"
    aside = _as_reported(cue, lex)
    if aside:
        return aside, "as-reported"
    nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == ":":
        end = sentence_end(cue)
        if end - (cue.i + 2) >= 2:
            return [(cue.i + 2, end)], "colon"
        return next_paragraph(cue), "colon-paragraph"
    if lemma in lex.object_content and _own_subject(cue):
        obj = next((c for c in cue.children if c.dep_ in {"dobj", "oprd"} and c.i > cue.i), None)
        if obj is not None and (obj.lower_ not in PRONOUN_OBJECTS or lemma == "say"):
            hi = obj.right_edge.i + 1
            for c in cue.children:  # "described him as a disgrace", "called it a hoax"
                if c.i > obj.i and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as"):
                    hi = max(hi, c.right_edge.i + 1)
            return [(obj.left_edge.i, hi)], "object"
    return [], "none"


def according_clause(cue: Token) -> list[tuple[int, int]]:
    """"According to X, Y" and "Y, according to X": Y, on either side of the phrase."""
    doc = cue.doc
    sent = cue.sent
    lo, hi = cue.left_edge.i, cue.right_edge.i + 1
    if cue.head == cue or hi <= lo + 1:
        obj = source_of_preposition(cue)
        hi = obj.right_edge.i + 1 if obj is not None else cue.i + 2
    sides = [(sent.start, lo), (hi, sent.end)]
    return [r for r in sides if sum(1 for t in doc[r[0] : r[1]] if not t.is_punct and not t.is_space) >= 3]


def next_paragraph(cue: Token) -> list[tuple[int, int]]:
    """"The governor added:" closing a paragraph: the next paragraph is what was said."""
    doc = cue.doc
    _, hi = paragraph_tokens(doc, cue)
    while hi < len(doc) and doc[hi].is_space:
        hi += 1
    if hi >= len(doc):
        return []
    return [paragraph_tokens(doc, doc[hi])]


def reported_ranges(cue: Token, lex: Cues) -> tuple[list[tuple[int, int]], str]:
    """Token ranges of what a cue reports, kept inside its paragraph, merged where they touch."""
    doc = cue.doc
    if source_preposition(cue, lex) is not None:
        ranges, rule = according_clause(cue), "according"
    else:
        ranges, rule = verb_clause(cue, lex)
    lo_para, hi_para = paragraph_tokens(doc, cue)
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if lo < hi_para:  # a colon's block quotation is the next paragraph, taken whole
            lo, hi = max(lo, lo_para), min(hi, hi_para)
        if sum(1 for t in doc[lo:hi] if not t.is_punct and not t.is_space) < 2:
            continue
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out, rule
