"""Find quotations (direct, mixed, indirect) and attribute each to its speaker.

A quotation is a *statement*: a cue ("said", "according to", a colon) with its speaker and what was
said. What was said is either quoted words beside the cue ("“...,” she said", "he told reporters:
“...”"), a reported clause ("said that ...", "..., a senior official said", see quote_clauses.py),
or a clause with quoted words inside it (mixed). Quoted stretches no cue claims continue the last
speaker's statement when they open a sentence in the same or the next paragraph; quoted words
embedded in narrative with no cue are names and scare quotes ("Unity Day", a "core" presence) and
are not quotations. Each contiguous piece of a statement becomes one `quote` record; the pieces of
one statement (a quote split around its cue, a follow-up paragraph) share its `statement` number.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..records import ActorRef
from .quote_clauses import reported_ranges, source_of_preposition, source_preposition
from .quote_lexicon import cues
from .quote_marks import Stretch, find_stretches
from .quote_speakers import NOBODY, Speaker, SpeakerResolver, subject_of

CODER = "crisisdesk.quotes.v2"
# At most this many words between a closing mark and its cue verb ("“...,” Pavel Kuleshov, a
# 65-year-old pensioner, said"): long appositions run to about 25 words in PolNeAR train.
MAX_SUBJECT_WORDS = 30
# At most this many words between a cue and the opening mark of its quote ("told a news conference in
# Kyiv on Monday: “...”"); longer gaps held other clauses in PolNeAR train.
MAX_CUE_GAP_WORDS = 12
# A complement clause starting at most this many tokens after a cue is what the cue reports ("said the
# vote", "told reporters the vote"); later ones were relative clauses the parser misread.
CLAUSE_NEAR_CUE = 4
# A quoted stretch of at most this many capitalised words is a name ("Unity Day", "COBR"), not speech.
NAME_MAX_WORDS = 6
# A follow-up quotation continues the previous statement at most this many paragraphs later: in
# PolNeAR train a cue-less quoted paragraph belongs to the statement just before it four times in five.
CONTINUATION_PARAGRAPHS = 1
# Confidence of the quotation itself, by how it was found (the speaker's confidence multiplies it);
# ordered as the precision of each pattern on PolNeAR dev (quote beside its cue about 0.95, reported
# clause about 0.9, follow-up about 0.85, no speaker at all about 0.8).
DIRECT_CONFIDENCE = 0.95
CLAUSE_CONFIDENCE = 0.85
CONTINUATION_CONFIDENCE = 0.8
UNATTRIBUTED_CONFIDENCE = 0.5
SENTENCE_END = {".", "!", "?"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl"}


@dataclass
class QuoteMatch:
    """One contiguous piece of a quotation, with its attribution."""

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
    statement: int = 0  # pieces of one statement (split around the cue, follow-ups) share it
    rule: str = ""  # the pattern that found it (for inspection and benchmarks)


@dataclass
class Piece:
    """A contiguous stretch of what was said."""

    start: int
    end: int
    kind: str  # direct | indirect | mixed
    follow_up: bool = False  # a cue-less continuation of an earlier piece


@dataclass
class Statement:
    """A cue, its speaker and the pieces of text that were said."""

    pieces: list[Piece]
    rule: str  # which pattern found it: quote-before, quote-after, clause, according, follow-up, ...
    cue: str | None
    speaker: Speaker
    sentence: str
    confidence: float
    stretches: list[int] = field(default_factory=list)


class _Finder:
    """The quotations of one parsed document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.lex = cues()
        self.stretches = find_stretches(self.text)
        self.opens = [s.open_at for s in self.stretches]
        self.ends = [s.close_at if s.close_at is not None else s.end for s in self.stretches]
        # Paragraphs are the non-empty lines: blank lines between them do not count as paragraphs.
        self.para_starts = [m.start() for m in re.finditer(r"[^\n]+", self.text)] or [0]
        self.tok_stretch = self._map_tokens()
        self.claimed: dict[int, str] = {}  # stretch index -> "direct" | "clause"
        self.statements: list[Statement] = []
        self.speakers = SpeakerResolver(doc)

    # -- geometry -------------------------------------------------------------------------------
    def _map_tokens(self) -> list[int]:
        """For each token, the index of the quoted stretch (marks included) it lies in, or -1."""
        out = [-1] * len(self.doc)
        k = 0
        spans = [(s.open_at, (s.close_at + 1) if s.close_at is not None else s.end) for s in self.stretches]
        for tok in self.doc:
            while k < len(spans) and spans[k][1] <= tok.idx:
                k += 1
            if k < len(spans) and spans[k][0] <= tok.idx < spans[k][1]:
                out[tok.i] = k
        return out

    def paragraph(self, char: int) -> int:
        """Index of the paragraph (non-empty line) a character is in, or the one before a blank line."""
        return bisect.bisect_right(self.para_starts, char) - 1

    def _tokens_between(self, lo: int, hi: int) -> list[Token]:
        """Tokens starting at characters lo..hi-1."""
        span = self.doc.char_span(lo, hi, alignment_mode="expand") if hi > lo else None
        if span is None:
            return []
        return [t for t in span if lo <= t.idx < hi]

    def _group(self, k: int) -> list[int]:
        """All stretches of the quotation stretch k belongs to (one quote over several paragraphs)."""
        g = self.stretches[k].group
        lo = hi = k
        while lo > 0 and self.stretches[lo - 1].group == g:
            lo -= 1
        while hi + 1 < len(self.stretches) and self.stretches[hi + 1].group == g:
            hi += 1
        return list(range(lo, hi + 1))

    def is_name(self, s: Stretch) -> bool:
        """Quoted names and titles: a few capitalised words without speech punctuation."""
        words = self.text[s.start : s.end].split()
        last = self.text[s.close_at - 1] if s.close_at is not None else ""
        if not words or len(words) > NAME_MAX_WORDS or last in {",", "?", "!", "…"}:
            return False  # speech punctuation inside the marks: quoted words, however short
        small = {"of", "the", "and", "for", "on", "in", "a", "to", "de"}
        return all(w[:1].isupper() or w[:1].isdigit() or w in small for w in words)

    def opens_sentence(self, s: Stretch) -> bool:
        """Whether a quoted stretch starts its sentence (only marks or nothing before it)."""
        i = s.open_at - 1
        while i >= 0 and self.text[i] in " \t\xa0":
            i -= 1
        return i < 0 or self.text[i] in "\n.!?:;—–\"”’)“"

    def _sentence_at(self, char: int) -> Span:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.sent if span is not None else self.doc[:]

    # -- cues -----------------------------------------------------------------------------------
    def cue_tokens(self) -> list[Token]:
        """Cue verbs and prepositions outside quoted words, in text order."""
        out = []
        speech = self.lex.speech_verbs
        for tok in self.doc:
            if self.tok_stretch[tok.i] >= 0:
                continue
            if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in speech:
                if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "so":
                    continue  # a "so-called" label, not a speech act
                deps = {c.dep_ for c in tok.children}
                if "auxpass" in deps and "agent" not in deps and tok.lemma_.lower() != "ask":
                    continue  # "he had been assured ...", "it was reported": the speaker is not named
                out.append(tok)
            elif source_preposition(tok, self.lex) is not None:
                out.append(tok)
        return out

    def cue_phrase(self, cue: Token) -> tuple[str, int]:
        """The cue as written ("told reporters", "according to") and the token index after it."""
        doc = self.doc
        phrase = source_preposition(cue, self.lex)
        if phrase is not None:
            return doc[cue.i : cue.i + len(phrase)].text, cue.i + len(phrase)
        end = cue.i + 1
        # "said in a statement", "told reporters", "said in televised remarks"
        j = end + 1 if end < len(doc) and doc[end].lower_ in {"in", "to", "at", "during"} else end
        for ext in self.lex.cue_extensions:
            if tuple(t.lower_ for t in doc[j : j + len(ext)]) == ext:
                end = j + len(ext)
                break
        return doc[cue.i : end].text, end

    # -- quotations beside their cue ------------------------------------------------------------
    def quote_before(self, cue: Token, subject: Token | None) -> int | None:
        """The quoted stretch that ends just before a cue clause ("“...,” he said")."""
        k = bisect.bisect_left(self.ends, cue.idx) - 1
        if k < 0 or cue.tag_ == "VBG" and (subject is None or subject.i > cue.i or subject.idx < self.ends[k]):
            return None  # "“...,” calling the situation ...": a participle does not close a quotation
        s = self.stretches[k]
        if s.close_at is None or self.paragraph(s.close_at) != self.paragraph(cue.idx):
            return None
        inside, outside = self.text[s.close_at - 1], self.text[s.close_at + 1 : s.close_at + 2]
        if inside not in ",?!—–-…" and outside not in {",", "—", "–"}:
            return None  # "“...,” he said" has its comma; after a full stop a cue opens a new sentence
        subj_tokens = {t.i for t in subject.subtree} if subject is not None else set()
        words = 0
        for tok in self._tokens_between(s.close_at + 1, cue.idx):
            if tok.is_punct or tok.is_space:
                if tok.text in SENTENCE_END or tok.text in "“\"":
                    return None
                continue
            words += 1
            if tok.i in subj_tokens or tok.head == cue and tok.dep_ in {"aux", "auxpass", "advmod", "neg", "npadvmod"}:
                continue
            return None
        if words > MAX_SUBJECT_WORDS:
            return None
        # The cue must not report a clause of its own right after it ("“We won,” he said the vote was
        # fair"); a clause further on is usually a misparsed relative ("told lawmakers who could guess").
        if any(c.dep_ == "ccomp" and cue.i < c.left_edge.i <= cue.i + CLAUSE_NEAR_CUE and self.tok_stretch[c.i] < 0 for c in cue.children):
            return None
        return k

    def quote_after(self, cue: Token, after: int) -> tuple[int, int | None] | None:
        """The quoted stretch that a cue introduces ("told reporters: “...”", "said, “...”"), and
        where the reported clause starts when words of it come before the marks ("said her husband
        will “be the best president”"): then the quotation is mixed."""
        lo = self.doc[after - 1].idx + len(self.doc[after - 1])
        k = bisect.bisect_left(self.opens, lo)
        if k >= len(self.stretches):
            return None
        s = self.stretches[k]
        if self.is_name(s):
            return None
        gap = self._tokens_between(lo, s.open_at)
        para_gap = self.paragraph(s.open_at) - self.paragraph(cue.idx)
        last = next((t for t in reversed(gap) if not t.is_space), None)
        if para_gap > 1 or para_gap == 1 and (last is None or last.text != ":"):
            return None
        words = 0
        clause_start: int | None = None
        quoted = range(s.open_at, self.ends[k] + 1)
        for tok in gap:
            if tok.is_space:
                continue
            if tok.text in SENTENCE_END or tok.text in "“\"”":
                return None
            if tok.is_punct:
                continue
            words += 1
            if clause_start is None and _governed_from(tok, cue, quoted):
                clause_start = tok.idx
            elif clause_start is None and tok.head == cue and tok.dep_ == "dobj" and cue.lemma_.lower() in self.lex.object_content:
                clause_start = tok.left_edge.idx  # "calling the situation “very, very dangerous”"
            if clause_start is None and tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"aux", "auxpass", "neg"}:
                return None  # "urged Russia to take up “offers of dialogue”": the reported clause
            if tok.head.idx > self.ends[k]:
                return None  # "maintaining a “core” diplomatic presence": quoted words inside a phrase
        if words > MAX_CUE_GAP_WORDS:
            return None
        return k, clause_start

    def mixed_extension(self, cue: Token, s: Stretch) -> int | None:
        """Where the reported clause ends when the sentence goes on after a quote the cue introduced
        ("said “there is a chance” to reach an agreement"); None when the quote ends its clause."""
        close = s.close_at
        if close is None:
            return None
        i = close + 1
        while i < len(self.text) and self.text[i] in " \t\xa0":
            i += 1
        if i >= len(self.text) or self.text[i] in "\n.!?;:—–),":
            return None
        if self.text[s.end - 1] in SENTENCE_END or self.text[close - 1] in SENTENCE_END | {","}:
            return None
        nxt = self.doc.char_span(i, i + 1, alignment_mode="expand")
        if nxt is None or self.tok_stretch[nxt[0].i] >= 0:
            return None
        tok = nxt[0]
        hi = tok.sent.end
        for child in cue.children:
            if child.dep_ in {"ccomp", "xcomp"} and child.right_edge.i >= tok.i:
                hi = child.right_edge.i + 1
        for t in self.doc[tok.i : hi]:
            if t.pos_ == "VERB" and t.lemma_.lower() in self.lex.speech_verbs:
                hi = t.i  # "hailed “positive” talks ..., saying he ...": the next cue reports its own
                break
        rng = self.char_range(tok.i, hi)
        return rng[1] if rng is not None else None

    def direct_piece(self, k: int, nested: bool = False) -> tuple[Piece, list[int]] | None:
        """Claim the quotation stretch k belongs to (all its paragraphs) as one direct piece; a cue
        right beside it may take it from a clause that reported it ("said ..., an offer Lindhaven
        dismissed as “theatre”"): nested attribution."""
        group = [i for i in self._group(k) if i not in self.claimed or nested and self.claimed[i] == "clause"]
        if not group:
            return None  # already said by someone, or part of a clause someone reported
        for i in group:
            self.claimed[i] = "direct"
        return Piece(self.stretches[group[0]].start, self.stretches[group[-1]].end, "direct"), group

    # -- statements -----------------------------------------------------------------------------
    def char_range(self, lo: int, hi: int) -> tuple[int, int] | None:
        """Character offsets of tokens lo..hi-1, trimmed of punctuation, quote marks and a leading "that"."""
        doc = self.doc
        while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ == "that" and doc[lo].dep_ == "mark"):
            lo += 1
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
        if hi <= lo:
            return None
        return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])

    def run(self) -> list[Statement]:
        """Find every statement of the document."""
        for cue in self.cue_tokens():
            self._statement_for(cue)
        self._unclaimed()
        for st in self.statements:
            st.pieces.sort(key=lambda p: p.start)
        self.statements.sort(key=lambda st: st.pieces[0].start)
        return self.statements

    def _statement_for(self, cue: Token) -> None:
        cue_text, after = self.cue_phrase(cue)
        is_prep = source_preposition(cue, self.lex) is not None
        subject = source_of_preposition(cue) if is_prep else subject_of(cue)
        paragraph = self.paragraph(cue.idx)
        pieces: list[Piece] = []
        stretches: list[int] = []
        rule = "quote"
        if not is_prep:
            before = self.quote_before(cue, subject)
            if before is not None and (got := self.direct_piece(before, nested=True)) is not None:
                s_before = self.stretches[before]
                if len(got[1]) == 1 and not self.opens_sentence(s_before):
                    # "The program “is gaining traction,” she said": the words before the marks are
                    # hers too, reported: a mixed quotation from the start of the sentence.
                    sent = self._sentence_at(s_before.open_at)
                    rng = self.char_range(sent.start, sent.end)
                    if rng is not None and rng[0] < s_before.open_at:
                        got = (Piece(rng[0], s_before.close_at + 1 if s_before.close_at is not None else s_before.end, "mixed"), got[1])
                pieces.append(got[0])
                stretches += got[1]
                rule = "quote-before"
            found = self.quote_after(cue, after)
            after_k, clause_start = found if found is not None else (None, None)
            if after_k is not None and (got := self.direct_piece(after_k, nested=True)) is not None:
                piece, group = got
                end = self.mixed_extension(cue, self.stretches[after_k]) if len(group) == 1 else None
                if end is not None or clause_start is not None:
                    start = clause_start if clause_start is not None else self.stretches[after_k].open_at
                    s_after = self.stretches[after_k]
                    # up to and with the closing mark; an unclosed quote ends with its words
                    stop = s_after.close_at + 1 if s_after.close_at is not None else s_after.end
                    piece = Piece(start, max(end or 0, stop), "mixed")
                pieces.append(piece)
                stretches += group
                rule = "quote-after" if rule == "quote" else "quote-around"
        how = DIRECT_CONFIDENCE
        if not pieces:
            questioned = cue.lemma_.lower() == "ask" and (subject is None or subject.dep_ == "nsubjpass" or cue.tag_ == "VBN")
            if questioned:
                # "When asked about the loan, ...", "Rubio was asked to name ...": the question was
                # put by someone the text does not name; what was asked is still reported speech.
                subject = None
            elif subject is None and not is_prep:
                return
            how = CLAUSE_CONFIDENCE
            ranges, rule = reported_ranges(cue, self.lex)
            for lo, hi in ranges:
                got_pieces, inside = self._clause_pieces(lo, hi)
                pieces += got_pieces
                stretches += inside
        if not pieces:
            return
        speaker = self.speakers.resolve(subject, paragraph) if subject is not None else NOBODY
        self.speakers.remember(paragraph, speaker)
        sentence = cue.sent.text.strip()
        self.statements.append(Statement(pieces, rule, cue_text, speaker, sentence, how, stretches))

    def _clause_pieces(self, lo: int, hi: int) -> tuple[list[Piece], list[int]]:
        """A reported clause as pieces: indirect, mixed when quoted words lie inside, direct when the
        quote marks hold all of it; a quotation after a colon inside it is a direct piece of its own
        ("said the bloc was prepared to go further: “If the guns ...”")."""
        rng = self.char_range(lo, hi)
        if rng is None:
            return [], []
        k0 = bisect.bisect_left(self.opens, rng[0] - 1)
        inside = [i for i in range(k0, len(self.stretches)) if self.stretches[i].start < rng[1] and self.stretches[i].end <= rng[1] + 1]
        quoted = [i for i in inside if not self.is_name(self.stretches[i]) and i not in self.claimed]
        if quoted and all(self.stretches[i].start <= rng[0] + 1 and self.stretches[i].end >= rng[1] - 1 for i in quoted):
            got = self.direct_piece(quoted[0])
            return ([got[0]], got[1]) if got is not None else ([], [])
        pieces: list[Piece] = []
        claimed: list[int] = []
        end = rng[1]
        if quoted and self._after_colon(self.stretches[quoted[-1]]) and self.stretches[quoted[-1]].end >= rng[1] - 1:
            last = quoted.pop()
            got = self.direct_piece(last)
            if got is not None:
                pieces.append(got[0])
                claimed += got[1]
                end = self.stretches[last].open_at
                mark = self.doc.char_span(end, end + 1, alignment_mode="expand")
                rng_head = self.char_range(lo, mark[0].i) if mark is not None else None
                if rng_head is None:
                    return pieces, claimed
                end = rng_head[1]
        for i in inside:
            self.claimed.setdefault(i, "clause")
        start = min([rng[0]] + [self.stretches[i].open_at for i in quoted if self.stretches[i].start <= rng[0] + 1])
        pieces.append(Piece(start, end, "mixed" if quoted else "indirect"))
        return pieces, claimed + quoted

    def _after_colon(self, s: Stretch) -> bool:
        i = s.open_at - 1
        while i >= 0 and self.text[i] in " \t\xa0":
            i -= 1
        return i >= 0 and self.text[i] == ":"

    def _unclaimed(self) -> None:
        """Quoted stretches no cue claimed: colon introductions, follow-ups, or names and scare quotes."""
        for k, s in enumerate(self.stretches):
            if k in self.claimed:
                continue
            if self.is_name(s):
                continue
            if not self.opens_sentence(s):
                self._speech_noun(k)  # "Biden's pledge to “bring an end” to ...", else a scare quote
                continue
            if self._colon_introduction(k):
                continue
            para = self.paragraph(s.open_at)
            previous = self._statement_before(s.open_at)
            got = self.direct_piece(k)
            if got is None:
                continue
            piece, group = got
            if previous is not None and para - self.paragraph(previous.pieces[-1].end) <= CONTINUATION_PARAGRAPHS:
                piece.follow_up = True
                previous.pieces.append(piece)
                previous.stretches.extend(group)
                continue
            import os
            if os.environ.get("QX") == "nounattr":
                continue
            sentence = self._sentence_at(s.start).text.strip()
            self.statements.append(Statement([piece], "unattributed", None, NOBODY, sentence, UNATTRIBUTED_CONFIDENCE, group))

    def _speech_noun(self, k: int) -> bool:
        """Quoted words in the complement of a speech noun with its speaker as possessor ("Biden's
        pledge to “bring an end” to the pipeline", "the minister's warning that “...”"): mixed."""
        s = self.stretches[k]
        span = self.doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        for _ in range(4):
            if tok.head == tok:
                return False
            tok = tok.head
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.speech_nouns:
                break
        else:
            return False
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        after = [c for c in tok.children if c.i > tok.i and c.dep_ in {"acl", "prep", "relcl", "ccomp"}]
        if owner is None or owner.pos_ not in {"PROPN", "NOUN", "PRON"} or not after:
            return False
        rng = self.char_range(after[0].left_edge.i, max(c.right_edge.i for c in after) + 1)
        if rng is None or not rng[0] <= s.start < rng[1]:
            return False
        k0 = bisect.bisect_left(self.opens, rng[0] - 1)
        inside = [i for i in range(k0, len(self.stretches)) if self.stretches[i].start < rng[1] and i not in self.claimed]
        for i in inside:
            self.claimed[i] = "clause"
        paragraph = self.paragraph(s.open_at)
        speaker = self.speakers.resolve(owner, paragraph)
        self.speakers.remember(paragraph, speaker)
        sentence = self._sentence_at(s.start).text.strip()
        self.statements.append(Statement([Piece(rng[0], rng[1], "mixed")], "speech-noun", tok.text, speaker, sentence, CLAUSE_CONFIDENCE, inside))
        return True

    def _colon_introduction(self, k: int) -> bool:
        """"The minister was blunt: “...”": a quote after a colon belongs to the subject before it."""
        s = self.stretches[k]
        if not self._after_colon(s):
            return False
        i = self.text.rindex(":", 0, s.open_at)
        colon = self.doc.char_span(i, i + 1, alignment_mode="expand")
        if colon is None or colon[0].i == 0 or self.paragraph(i) != self.paragraph(s.open_at):
            return False
        head = colon[0].doc[colon[0].i - 1]
        while head.head != head and head.head.i < colon[0].i and head.dep_ not in {"ROOT"}:
            head = head.head
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None and head.pos_ == "PROPN":
            subject = head  # "Kerry: “...”"
        if subject is None:
            return False
        got = self.direct_piece(k)
        if got is None:
            return False
        paragraph = self.paragraph(s.open_at)
        speaker = self.speakers.resolve(subject, paragraph)
        self.speakers.remember(paragraph, speaker)
        sentence = self._sentence_at(i).text.strip()
        self.statements.append(Statement([got[0]], "colon-intro", None, speaker, sentence, DIRECT_CONFIDENCE, got[1]))
        return True

    def _statement_before(self, char: int) -> Statement | None:
        best = None
        for st in self.statements:
            if st.pieces[-1].end <= char and (best is None or st.pieces[-1].end > best.pieces[-1].end):
                best = st
        return best


def _governed_from(tok: Token, cue: Token, quoted: range) -> bool:
    """Whether a token between a cue and a quotation belongs to the quoted clause (its head chain
    reaches the quoted words before the cue): "said [her husband] will “be the best president”"."""
    for _ in range(12):
        if tok.idx in quoted:
            return True
        if tok == cue or tok.head == tok:
            return False
        tok = tok.head
    return False


def find_quotes(doc: Doc) -> list[QuoteMatch]:
    """All quotations of a parsed document with their speakers, piece by piece in text order."""
    out: list[QuoteMatch] = []
    for n, st in enumerate(_Finder(doc).run()):
        sp = st.speaker
        # A speaker found through a reference or a guess lowers the confidence; no speaker at all, more.
        confidence = round(st.confidence * (sp.confidence if sp.actor is not None else 0.6), 3)
        for p in st.pieces:
            cue = None if p.follow_up else st.cue
            rule = "follow-up" if p.follow_up else st.rule
            out.append(QuoteMatch(p.start, p.end, p.kind, cue, sp.actor, sp.text, sp.start, sp.end, st.sentence, confidence, n, rule))
    out.sort(key=lambda q: (q.start, q.end))
    return out


class QuoteFinder:
    """spaCy component: sets doc._.quotes from the text, parse and actor mentions."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc
