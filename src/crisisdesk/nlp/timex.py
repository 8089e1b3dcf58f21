"""Find time expressions and normalise them TIMEX3-style against the publication date.

Recognition is in timex_rules.py (patterns from data/lexicons/timex.yaml), values in timex_normalise.py;
this module reads tense from the parse, runs both over a document and finds the expression that
governs an event's verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from .timex_normalise import ANAPHORIC_RULES, Context, normalise
from .timex_rules import find_candidates

FUTURE_AUX = {"will", "'ll", "shall", "wo", "going"}
HYPOTHETICAL_AUX = {"could", "may", "might", "would", "should", "can", "must", "'d"}
PAST_AUX = {"did", "had", "'d", "was", "were", "has", "have", "'ve"}
# Verbs whose complement happens after them: "plans to visit", "is due to arrive", "expected ... Tuesday".
FUTURE_VERBS = {"plan", "expect", "schedule", "intend", "prepare", "due", "set", "hope", "aim", "threaten",
                "promise", "pledge", "vow", "agree", "want", "seek", "propose"}
# Verbs whose infinitive complement happened when they did.
IMPLICATIVE_VERBS = {"manage", "fail", "try", "attempt", "begin", "start", "continue", "refuse", "decline", "seem",
                     "appear", "happen", "allow", "force", "help", "use", "dare", "bother", "get", "come", "go"}
# Verbs of saying and being: their present tense says nothing of the time ("says", "is").
REPORT_VERBS = {"say", "tell", "be", "have", "add", "report", "announce", "state", "claim", "insist", "believe",
                "think", "know", "remain", "seem", "appear", "show", "suggest", "note", "warn"}
_MODAL_AFTER = re.compile(r"\s+(will|could|would|may|might|should|can|must|is\s+expected|is\s+due)\b", re.I)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass
class TimexMatch:
    """A time expression found in a document (character offsets into its text)."""

    start: int
    end: int
    text: str
    kind: str  # date | time | duration | set
    value: str | None
    mod: str | None = None


def _span_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause a token belongs to: the first verb among it and its heads."""
    for _ in range(12):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def verb_tense(verb: Token, depth: int = 0) -> int:
    """+2 when a verb speaks of what will happen, +1 of what may or is planned to, -1 of what happened, 0 unmarked."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.pos_ == "AUX":
        auxes.add(verb.lower_)
    if "have" in auxes and auxes & HYPOTHETICAL_AUX:
        return -1  # "would have visited"
    if auxes & FUTURE_AUX:
        return 2  # "will visit": surely ahead
    if auxes & HYPOTHETICAL_AUX:
        return 1
    if "to" in auxes:
        # An infinitive is ahead of the verb it completes ("invited him to talk on Friday"), except after
        # verbs that say it happened ("managed to leave on Friday"): those lend it their own tense.
        head = verb.head
        complement = verb.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() not in IMPLICATIVE_VERBS
        if complement or head == verb or head.pos_ not in {"VERB", "AUX"} or depth > 2:
            return 2
        return verb_tense(head, depth + 1)  # a purpose clause or an implicative verb: the head's time
    if verb.tag_ == "VBG" and auxes & {"is", "are", "'s", "'re", "am", "be"}:
        return 1
    if verb.lemma_.lower() in FUTURE_VERBS and verb.tag_ in {"VBN", "VBZ", "VBP"}:
        return 1  # "has scheduled a news conference Thursday", "is due to"
    if verb.tag_ == "VBD" or auxes & PAST_AUX:
        return -1
    if verb.tag_ == "VBN":
        return 1 if verb.lemma_.lower() in FUTURE_VERBS else -1
    if verb.tag_ in {"VBZ", "VBP"} and verb.lemma_.lower() not in REPORT_VERBS:
        return 1  # the news present of a plan: "the talks open Tuesday"
    return 0


def tense_at(doc: Doc, start: int, end: int, text: str | None = None) -> int:
    """The tense of the verb that governs the text between two offsets (see verb_tense)."""
    text = doc.text if text is None else text
    if re.search(r"\b(?:since|ago)\s+$", text[max(0, start - 7) : start], re.I):
        return -1
    if re.search(r"\bas\s+(?:soon|early)\s+as\s+$", text[max(0, start - 14) : start], re.I):
        return 2
    modal = _MODAL_AFTER.match(text, end)
    if modal:
        # "officials warned Wednesday could mark the start": the day is the subject of the modal's clause,
        # whatever the parser attached it to.
        return 2 if modal.group(1).lower() in FUTURE_AUX else 1
    root = _span_root(doc, start, end)
    if root is None:
        return 0
    verb = _clause_verb(root)
    return verb_tense(verb) if verb is not None else 0


def find_timexes(doc: Doc, published: str | None, date_order: str = "MDY") -> list[TimexMatch]:
    """All time expressions of a parsed document, normalised against its publication date, in text order."""
    dct = _day_of(published) if published else None
    text = doc.text
    ctx = Context(dct=dct, date_order=date_order, text=text, tense=lambda s, e: tense_at(doc, s, e, text))
    found: list[TimexMatch] = []
    for cand in find_candidates(text):
        kind, value, mod = normalise(cand, text, ctx)
        if value and _DAY_VALUE.match(value) and _day_of(value) is None:
            value = None  # "February 30", "31 April": a day the calendar lacks names no date
        found.append(TimexMatch(cand.start, cand.end, text[cand.start : cand.end], kind, value, mod))
        if value and kind in {"date", "time"} and value[:4].isdigit() and cand.rule not in ANAPHORIC_RULES:
            ctx.last_value = value
            ctx.last_date = _day_of(value)
    return found


def _day_of(value: str) -> date | None:
    """The calendar day a value names to the day, or None (also for a day the calendar lacks)."""
    if not _DAY_VALUE.match(value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def governing_timex(doc: Doc, token: Token) -> TimexMatch | None:
    """The time expression that governs an event's verb: attached to it in its own clause.

    An expression inside a subordinate or reported clause of the verb belongs to that clause's verb, so
    in "said on Monday that troops attacked on Sunday" Monday governs "said" and Sunday "attacked".
    Dates and times win over durations and sets; among those the nearest to the verb.
    """
    best: tuple[int, int, TimexMatch] | None = None
    for tx in doc._.timexes or []:
        if tx.value is None:
            continue
        root = _span_root(doc, tx.start, tx.end)
        if root is None or _clause_verb(root) != token:
            continue
        rank = (0 if tx.kind in {"date", "time"} else 1, abs(tx.start - token.idx))
        if best is None or rank < best[:2]:
            best = (*rank, tx)
    return best[2] if best else None


def event_day(timex: TimexMatch | None) -> str | None:
    """The ISO day a time expression names (its value to the day), or None when it names none."""
    if timex is None or not timex.value or not _DAY_VALUE.match(timex.value):
        return None
    return timex.value[:10]


_PERIOD_VALUE = re.compile(r"^(\d{4})(?:-(?:(\d\d)|W(\d\d)|Q([1-4])|H([12])))?$|^(\d{3})$")


def period_bounds(value: str | None) -> tuple[date, date] | None:
    """First and last day of the period a TIMEX3 value names (year, month, week, quarter, half, decade), else None."""
    m = _PERIOD_VALUE.match(value or "")
    if not m:
        return None
    year, month, week, quarter, half, decade = m.groups()
    if decade:
        return date(int(decade) * 10, 1, 1), date(int(decade) * 10 + 9, 12, 31)
    y = int(year)
    if month:
        first = date(y, int(month), 1)
        return first, date(y + int(month) // 12, int(month) % 12 + 1, 1) - timedelta(days=1)
    if week:
        first = date.fromisocalendar(y, int(week), 1)
        return first, first + timedelta(days=6)
    if quarter or half:
        months = 3 if quarter else 6
        n = int(quarter or half)
        start = date(y, (n - 1) * months + 1, 1)
        stop = date(y + 1, 1, 1) if n * months == 12 else date(y, n * months + 1, 1)
        return start, stop - timedelta(days=1)
    return date(y, 1, 1), date(y, 12, 31)


def after_publication(timex: TimexMatch | None, published: str | None) -> bool:
    """Whether the day or period a time expression names starts after the publication day ("next week": yes; "last week": no)."""
    if timex is None or not published:
        return False
    day = event_day(timex)
    if day:
        return day > published[:10]
    bounds = period_bounds(timex.value)
    return bounds is not None and bounds[0].isoformat() > published[:10]


def event_date(timex: TimexMatch | None, published: str | None) -> tuple[str | None, str]:
    """The date an event record gets, and its basis: the day its time expression names ("text"); none
    when the expression names a period apart from the publication day ("In 2014, Russia annexed Crimea"
    is no event of the day the article appeared: "text-period"); else the publication day."""
    day = event_day(timex)
    if day:
        return day, "text"
    bounds = period_bounds(timex.value) if timex is not None else None
    if bounds and published:
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError:
            pub = None
        if pub is not None and not bounds[0] <= pub <= bounds[1]:
            return None, "text-period"
    return (published[:10] if published else None), ("published" if published else "none")


class TimexTagger:
    """spaCy component: sets doc._.timexes from the text and parse."""

    def __init__(self, date_order: str = "MDY") -> None:
        self.date_order = date_order

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc, doc._.published, self.date_order)
        return doc
