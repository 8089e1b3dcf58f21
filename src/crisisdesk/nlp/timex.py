"""Find time expressions and normalise them TIMEX3-style against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Token

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "several": "X",
    "few": "X", "a few": "X", "couple of": 2, "a couple of": 2,
}
UNITS = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
MODS = {"more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "less than": "LESS_THAN",
        "under": "LESS_THAN", "nearly": "APPROX", "about": "APPROX", "around": "APPROX", "almost": "LESS_THAN",
        "up to": "EQUAL_OR_LESS", "roughly": "APPROX"}
FUTURE_AUX = {"will", "'ll", "shall", "wo", "going"}
HYPOTHETICAL_AUX = {"could", "may", "might", "would", "should", "can", "must"}

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|a few|few|a couple of)"
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade)s?"
_MOD = r"(?:more than|at least|less than|nearly|about|around|almost|up to|roughly|over|under)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("numeric", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2}|\d{4})\b")),
    ("month_day", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?")),
    ("day_month", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?")),
    ("month_year", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<y>\d{{4}})\b")),
    ("set", re.compile(rf"\b(?:every|each)\s+(?P<unit>{_WEEKDAY}|day|week|month|year|morning|night)\b", re.I)),
    ("set_adv", re.compile(r"\b(?P<adv>daily|weekly|monthly|annually|yearly)\b")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|next|this|coming)\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?\b")),
    ("relative_day", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.I)),
    ("relative_unit", re.compile(r"\b(?P<pre>(?:earlier|later)\s+this|this|last|next|the past|the coming|the next|the last|past|coming)\s+(?P<unit>week|month|year|weekend)\b", re.I)),
    ("ago", re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+ago\b", re.I)),
    ("duration", re.compile(rf"\b(?:(?P<mod>{_MOD})\s+)?(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\b(?!\s+ago)", re.I)),
    ("plural_unit", re.compile(r"\b(?P<unit>days|weeks|months|years|decades)\b(?=\s+(?:of|ago|later|earlier|before|after)\b)", re.I)),
    ("ref", re.compile(r"\b(?P<ref>in the near future|in the coming (?:days|weeks|months)|the near future|now|recently|currently|at any moment|in the past|soon)\b", re.I)),
    ("quarter", re.compile(r"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter(?:\s+of\s+(?P<y>\d{4}))?\b", re.I)),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<y>1[89]\d0|20\d0)s\b")),
    ("year", re.compile(r"(?<![\d,.$€£])\b(?P<y>19[5-9]\d|20[0-4]\d)\b(?![\d,%]|\s*(?:people|troops|km|kilometres|dollars|euros))")),
]
REF_VALUES = {"in the near future": "FUTURE_REF", "the near future": "FUTURE_REF", "soon": "FUTURE_REF",
              "now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF", "in the past": "PAST_REF",
              "at any moment": "FUTURE_REF"}
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@dataclass
class TimexMatch:
    """A time expression found in a document."""

    start: int
    end: int
    text: str
    kind: str  # date | time | duration | set
    value: str | None
    mod: str | None = None


def _number(text: str) -> int | str:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBERS.get(text, "X")


def _year_for(month: int, day: int | None, dct: date | None) -> int | None:
    """The year of a month (and day) given without one: the one closest to the publication date."""
    if dct is None:
        return None
    best = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidate = date(year, month, min(day or 15, 28 if month == 2 else 30))
        except ValueError:
            continue
        if best is None or abs((candidate - dct).days) < abs((best - dct).days):
            best = candidate
    return best.year if best else None


def _direction(doc: Doc, start: int, end: int) -> int:
    """+1 when the verb governing a span is future or modal, -1 when past, 0 when unmarked."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0
    verb: Token | None = span.root
    while verb is not None and verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
        verb = verb.head
    if verb is None or verb.pos_ not in {"VERB", "AUX"}:
        return 0
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}} | ({verb.lower_} if verb.pos_ == "AUX" else set())
    if auxes & FUTURE_AUX or auxes & HYPOTHETICAL_AUX or any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
        return 1
    if verb.tag_ in {"VBD", "VBN"} or auxes & {"did", "had", "was", "were"}:
        return -1
    if verb.tag_ == "VBG" and auxes & {"is", "are", "'s", "'re", "am"}:
        return 1
    return 0


def _weekday_value(wd: int, rel: str | None, direction: int, dct: date) -> str:
    if rel in {"next", "coming"}:
        delta = (wd - dct.weekday()) % 7 or 7
        return (dct + timedelta(days=delta)).isoformat()
    if rel == "last":
        delta = (dct.weekday() - wd) % 7 or 7
        return (dct - timedelta(days=delta)).isoformat()
    if wd == dct.weekday():
        return dct.isoformat()
    if direction > 0 or rel == "this" and wd > dct.weekday():
        return (dct + timedelta(days=(wd - dct.weekday()) % 7)).isoformat()
    return (dct - timedelta(days=(dct.weekday() - wd) % 7)).isoformat()


def _normalise(kind: str, m: re.Match[str], doc: Doc, dct: date | None, date_order: str) -> tuple[str, str | None, str | None]:
    """The TIMEX3 type, value and modifier of one match."""
    g = m.groupdict()
    if kind == "iso":
        return "date", f"{g['y']}-{g['m']}-{g['d']}", None
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        y = y + 2000 if y < 100 else y
        month, day = (a, b) if date_order.startswith("M") else (b, a)
        if month > 12:
            month, day = day, month
        return "date", f"{y:04d}-{month:02d}-{day:02d}", None
    if kind in {"month_day", "day_month"}:
        month = MONTHS[g["month"].rstrip(".").lower()]
        day = int(g["d"])
        year = int(g["y"]) if g.get("y") else _year_for(month, day, dct)
        return "date", (f"{year:04d}" if year else "XXXX") + f"-{month:02d}-{day:02d}", None
    if kind == "month_year":
        return "date", f"{int(g['y']):04d}-{MONTHS[g['month'].rstrip('.').lower()]:02d}", None
    if kind == "set":
        unit = g["unit"].lower()
        if unit in WEEKDAYS:
            return "set", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", None
        return "set", {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "morning": "TMO", "night": "TNI"}[unit], None
    if kind == "set_adv":
        return "set", {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y"}[g["adv"].lower()], None
    if kind == "weekday":
        if dct is None:
            return "date", f"XXXX-WXX-{WEEKDAYS[g['wd'].lower()] + 1}", None
        value = _weekday_value(WEEKDAYS[g["wd"].lower()], (g["rel"] or "").lower() or None, _direction(doc, m.start(), m.end()), dct)
        if g.get("part"):
            return "time", value + "T" + PARTS_OF_DAY[g["part"].lower()], None
        return "date", value, None
    if kind == "relative_day":
        word = g["word"].lower()
        if dct is None:
            return "date", {"today": "PRESENT_REF", "tonight": "PRESENT_REF"}.get(word, "XXXX-XX-XX"), None
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        value = (dct + timedelta(days=offset)).isoformat()
        return ("time", value + "TNI", None) if word == "tonight" else ("date", value, None)
    if kind == "relative_unit":
        pre, unit = g["pre"].lower(), g["unit"].lower()
        if dct is None:
            return "date", None, None
        step = -1 if pre in {"last", "the past", "past", "the last"} else 1 if pre in {"next", "the coming", "coming", "the next"} else 0
        if unit in {"week", "weekend"}:
            iso = (dct + timedelta(weeks=step)).isocalendar()
            return "date", f"{iso[0]}-W{iso[1]:02d}" + ("-WE" if unit == "weekend" else ""), None
        if unit == "month":
            month_index = dct.year * 12 + dct.month - 1 + step
            return "date", f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", None
        return "date", f"{dct.year + step:04d}", None
    if kind == "ago":
        n = _number(g["n"])
        unit = g["unit"].lower().rstrip("s")
        if dct is None or n == "X":
            return "date", "PAST_REF", None
        days = {"day": 1, "week": 7, "month": 30, "year": 365}.get(unit)
        if days is None:
            return "date", "PAST_REF", None
        past = dct - timedelta(days=days * int(n))
        return "date", past.isoformat() if unit in {"day", "week"} else (past.strftime("%Y-%m") if unit == "month" else str(past.year)), None
    if kind == "duration":
        n = _number(g["n"])
        code = UNITS[g["unit"].lower().rstrip("s")]
        mod = MODS.get((g.get("mod") or "").lower()) if g.get("mod") else None
        if code == "DE":
            return "duration", f"P{n if n == 'X' else int(n) * 10}Y", mod
        if code.startswith("T"):
            return "duration", f"PT{n}{code[1]}", mod
        return "duration", f"P{n}{code}", mod
    if kind == "plural_unit":
        return "duration", f"PX{UNITS[g['unit'].lower().rstrip('s')][-1]}", None
    if kind == "ref":
        return "date", REF_VALUES.get(g["ref"].lower(), "FUTURE_REF"), None
    if kind == "quarter":
        year = g.get("y") or (str(dct.year) if dct else "XXXX")
        return "date", f"{year}-Q{ORDINAL_QUARTERS[g['q'].lower()]}", None
    if kind == "decade":
        return "date", g["y"][:3], None
    if kind == "year":
        return "date", g["y"], None
    return "date", None, None


def find_timexes(doc: Doc, published: str | None, date_order: str = "MDY") -> list[TimexMatch]:
    """All time expressions of a parsed document, longest first where they overlap, in text order."""
    dct = date.fromisoformat(published) if published else None
    text = doc.text
    taken: list[tuple[int, int]] = []
    found: list[TimexMatch] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "month_day" and m.group("month").startswith("May") and not m.group("d"):
                continue
            if kind == "year" and _inside_name(text, s, e):
                continue
            ttype, value, mod = _normalise(kind, m, doc, dct, date_order)
            taken.append((s, e))
            found.append(TimexMatch(s, e, text[s:e], ttype, value, mod))
    found.sort(key=lambda t: t.start)
    return found


def _inside_name(text: str, start: int, end: int) -> bool:
    """A year that is part of a name or a number ("Agenda 2030", "2022-23") is not a date."""
    before = text[max(0, start - 12) : start]
    return bool(re.search(r"[A-Z][a-z]+\s$", before)) and not re.search(r"(?:in|of|since|by|until|from|to|and|or)\s$", before, re.I)


class TimexTagger:
    """spaCy component: sets doc._.timexes from the text and parse."""

    def __init__(self, date_order: str = "MDY") -> None:
        self.date_order = date_order

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc, doc._.published, self.date_order)
        return doc
