"""When an event happened: the time expression that governs each clause verb, shared along a clause.

The choice of timex.governing_timex (a date or time over a duration, then the nearest to the verb),
made once per document, then passed to the verbs that share the clause's time without one of their
own: conjoined verbs, participles, clauses that describe a date ("since 2014, when Moscow annexed
Crimea") and clauses of time ("in 2014 after Moscow annexed Crimea"). Without this, retold history
is dated to the day the article appeared and reads as news.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .timex import TimexMatch
from .timex import (
    _clause_verb as clause_verb,  # the same clause rule as governing_timex, applied once per document
)
from .timex import _span_root as span_root


def timex_index(doc: Doc) -> dict[int, TimexMatch]:
    """Each clause verb's governing time expression, found in one pass.

    The choice of timex.governing_timex (a date or time over a duration, then the nearest to the
    verb), made once per document instead of once per event.
    """
    best: dict[int, tuple[tuple[int, int], TimexMatch]] = {}
    for tx in doc._.timexes or []:
        if tx.value is None:
            continue
        root = span_root(doc, tx.start, tx.end)
        verb = clause_verb(root) if root is not None else None
        if verb is None:
            continue
        if root is not None and root.lemma_.lower() in TIME_NOUNS and root.dep_ in {"appos", "npadvmod"} and any(c.dep_ == "relcl" for c in root.children):
            continue  # "2014, the year Russia seized Crimea": the clause takes the date it describes (_shared_timexes)
        rank = (0 if tx.kind in {"date", "time"} else 1, abs(tx.start - verb.idx))
        if verb.i not in best or rank < best[verb.i][0]:
            best[verb.i] = (rank, tx)
    index = {i: tx for i, (_, tx) in best.items()}
    return _shared_timexes(doc, index)


# Verbs of a response, which answers what the sentence before tells.
RESPONSE_VERBS = {"respond", "react", "retaliate", "reply", "answer"}
# Conjunctions of a clause of time: its event happened about the time of the clause it modifies.
TEMPORAL_MARKS = {"after", "before", "when", "while", "as", "once", "until", "since"}
# Conjunctions whose clause happens at the very time of the clause it modifies.
SAME_TIME_MARKS = {"when", "while", "as", "once"}


def _time_mark(verb: Token) -> str | None:
    """The conjunction of a clause of time; the parser often makes "when" and "while" adverbs of their verb
    ("It began in March 2014 when Russia annexed Crimea")."""
    return next(
        (c.lower_ for c in verb.children if c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS or c.dep_ == "advmod" and c.lower_ in {"when", "while"} and c.i < verb.i),
        None,
    )


# Nouns that, in apposition to a date, name the time of the clause they head ("2014, the year Russia seized Crimea").
TIME_NOUNS = {"year", "month", "week", "day", "time", "night", "morning", "summer", "winter", "spring", "autumn", "fall"}


def _described_date(noun: Token, inside) -> TimexMatch | None:  # noqa: ANN001
    """The date a time noun stands beside ("2014, the year ..."): as an apposition, or right before its comma."""
    if noun.dep_ == "appos" and (tx := inside(noun.head)) is not None:
        return tx
    left = noun.left_edge.i
    if left >= 2 and noun.doc[left - 1].text == ",":
        return inside(noun.doc[left - 2])
    return None


def _shared_timexes(doc: Doc, index: dict[int, TimexMatch]) -> dict[int, TimexMatch]:
    """Give the time of a clause to the verbs that share it without a time expression of their own.

    "invaded Ukraine in 2014 and seized Crimea": a conjoined verb; "in 2014, invading Ukraine": a
    participle of the verb; "since 2014, when Moscow annexed Crimea", "2014, the year Russia seized
    Crimea": a clause that describes the date. Without this, retold history is dated to the day the
    article appeared and reads as news.
    """
    spans = [(tx.start, tx.end, tx) for tx in doc._.timexes or [] if tx.value is not None]
    if not spans:
        return index

    def inside(tok: Token) -> TimexMatch | None:
        return next((tx for start, end, tx in spans if start <= tok.idx < end), None)

    for tok in doc:
        # "... since 2014, when an uprising drove the president from office. Moscow responded by annexing
        # Crimea": a response with no time of its own answers the year or month the sentence before tells
        if tok.dep_ == "ROOT" and tok.i not in index and tok.lemma_.lower() in RESPONSE_VERBS and tok.sent.start > 0:
            before = doc[tok.sent.start - 1].sent
            told = [tx for start, end, tx in spans if before.start_char <= start < before.end_char and _year_or_month(tx)]
            if told:
                index[tok.i] = told[-1]

    for tok in doc:  # in text order, so a chain of conjuncts passes the time along
        if tok.i in index or tok.pos_ not in {"VERB", "AUX"}:
            continue
        head = tok.head
        if head == tok:
            continue
        shared: TimexMatch | None = None
        if tok.dep_ == "conj" and head.i in index and not own_subject(tok):
            shared = index[head.i]
        elif tok.dep_ == "advcl" and tok.tag_ == "VBG" and head.i in index and not any(c.dep_ == "mark" for c in tok.children):
            shared = index[head.i]
        elif tok.dep_ == "advcl" and head.i in index and (mark := _time_mark(tok)) is not None:
            # "broke off cooperation in 2014 after Moscow annexed Crimea": a clause of time is told
            # against the time of its main clause, not on the day of publication. "Before" and "after"
            # share only a year or a month: "visits Kyiv on Monday before he travels to Moscow" is
            # not on Monday.
            if mark in SAME_TIME_MARKS or _year_or_month(index[head.i]):
                shared = index[head.i]
        elif tok.dep_ == "pcomp" and head.lower_ == "by" and head.head.i in index:
            # "Russia responded to the February 2014 ouster by annexing Crimea": the means, at the time of the act
            shared = index[head.head.i]
        elif tok.dep_ in {"relcl", "acl", "advcl"}:
            shared = inside(head)
            if head.lemma_.lower() in TIME_NOUNS and (described := _described_date(head, inside)) is not None:
                # "since 2014, the year Russia seized Crimea": "the year" is 2014, not the year of publication.
                shared = described
        if shared is not None:
            index[tok.i] = shared
    for tok in doc:
        # "annexed the peninsula after seizing it in 2014": a year or a month told in a clause of time
        # ("after", "before") is the main clause's too, as the other way round above
        if tok.i in index or tok.pos_ not in {"VERB", "AUX"}:
            continue
        for clause in _time_clauses(tok):
            tx = index.get(clause.i)
            if tx is not None and _year_or_month(tx):
                index[tok.i] = tx
                break
    for tok in doc:
        # "invaded Ukraine and annexed Crimea in 2014": the time told after the last conjunct covers the first.
        if tok.dep_ == "conj" and tok.i in index and tok.head.i not in index and tok.head.pos_ in {"VERB", "AUX"} and not own_subject(tok):
            index[tok.head.i] = index[tok.i]
    return index


def _year_or_month(tx: TimexMatch) -> bool:
    """Whether a time expression tells no more than a year or a month ("2014", "2014-02"), which a whole
    passage shares, where a day belongs to its own clause."""
    return len(tx.value or "") <= len("2014-02")


def _time_clauses(verb: Token) -> list[Token]:
    """The verbs of a verb's clauses of "after" and "before": "after seizing it", "before Moscow annexed it"."""
    out = [c for c in verb.children if c.dep_ == "advcl" and _time_mark(c) in {"after", "before"}]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"after", "before"}):
        out += [p for p in prep.children if p.dep_ == "pcomp" and p.pos_ in {"VERB", "AUX"}]
    return out


def own_subject(verb: Token) -> bool:
    """Whether a conjoined verb has a subject of its own ("Russia invaded in 2014 and the West responded")."""
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)


def since_clause(verb: Token) -> bool:
    """Whether a verb tells, in the past, the starting point of its main clause ("have improved since
    Russia annexed Crimea"): an event older than the article, whose date the clause does not give."""
    lead = verb.head if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"} else verb
    return lead.dep_ == "advcl" and verb.tag_ in {"VBD", "VBN"} and any(c.dep_ == "mark" and c.lower_ == "since" for c in lead.children)
