"""Recognise time expressions: regular patterns built from the time lexicon, longest match first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def lexicon() -> dict[str, Any]:
    """The time lexicon of data/lexicons/timex.yaml."""
    text = resources.files("crisisdesk.data.lexicons").joinpath("timex.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Candidate:
    """A stretch of text that one rule recognised as a time expression."""

    start: int
    end: int
    rule: str
    groups: dict[str, str | None]


def _alt(words: object) -> str:
    """A regex alternation of words, longest first so that "a few" wins over "a"."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


@cache
def _parts() -> dict[str, str]:
    lex = lexicon()
    month_words = [m for m in lex["months"] if len(m) > 3] + [m for m in lex["months"] if len(m) <= 4]
    digits = "one|two|three|four|five|six|seven|eight|nine"
    tens = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    numword = _alt(lex["numbers"])
    return {
        "MONTH": _alt(month_words),
        "WEEKDAY": _alt(lex["weekdays"]),
        "NUM": rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|(?:{tens}[-\s](?:{digits})|(?:{digits})\s+(?:hundred|thousand)|{numword})(?:\s+and\s+a\s+half)?)",
        "VAGUE": _alt(lex["vague_numbers"]),
        "UNIT": r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ies))",
        "DMOD": _alt(lex["duration_mods"]),
        "PMOD": r"(?:early|earlier|late|later|mid|the\s+(?:beginning|start|end|close|middle)\s+of)",
        "ORD": _alt(lex["ordinals"]),
        "SEASON": _alt(lex["seasons"]),
        "POD": r"(?:morning|afternoon|evening|night)",
        "REL": r"(?:last|next|this|coming|past|previous|following|current|same|that|full)",
        "REF": _alt(lex["references"]),
        "SETADV": _alt(lex["set_adverbs"]),
        "HOLIDAY": _alt(lex["holidays"]),
        "MOVABLE": _alt(lex["movable_holidays"]),
        "YEAR": r"(?:1[6-9]\d\d|20\d\d)",
        "CLOCK": r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)|\d{1,2}:\d\d|noon|midday|midnight|\d{1,2}\s+o'clock)",
        "TZ": r"(?:\s+" + _alt(lex["time_zones"]) + r"\b|\s+local\s+time)",
    }


# Rule name, pattern. Where matches overlap the longest wins, then the earlier rule.
_RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hm>\d\d:\d\d(?::\d\d)?))?\b"),
    ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("clock", r"\b(?:(?P<mod>around|approximately|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?"
              r"(?P<clock>{CLOCK}){TZ}?"
              r"(?:,?\s+(?:on\s+)?(?:(?P<wd>{WEEKDAY})|(?P<rday>today|yesterday|tomorrow)|(?P<month>{MONTH})\.?\s+(?P<d>\d{{1,2}})\b))?"),
    ("clock_pod", r"\b(?P<h>\d{1,2})\s+in\s+the\s+(?P<pod>morning|afternoon|evening)\b"),
    ("date_mdy", r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<month>{MONTH})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{YEAR})\b)?"),
    ("date_dmy", r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})\b\.?(?:,?\s+(?P<y>{YEAR})\b)?"),
    ("month_year", r"\b(?:(?P<pmod>{PMOD})[\s-]*)?(?P<month>{MONTH})\.?,?\s+(?:of\s+)?(?P<y>{YEAR})\b"),
    ("month_rel_year", r"\b(?:(?P<pmod>{PMOD})[\s-]*)?(?P<month>{MONTH})\.?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),
    ("month", r"\b(?:(?P<pmod>{PMOD})[\s-]*)?(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<month>{MONTH})\b"),
    ("season", r"\b(?:(?P<pmod>{PMOD})[\s-]*)?(?:(?P<rel>{REL}|the)\s+)?(?P<season>{SEASON})\b(?:\s+(?:of\s+)?(?P<y>{YEAR})\b)?"),
    ("year_season", r"\b(?P<y>{YEAR})\s+(?P<season>{SEASON})\b"),
    ("quarter", r"\b(?:the\s+)?(?:(?P<rel>last|next|this|current|latest|previous|past|year-earlier|year-ago|same|fiscal|calendar)\s+)?"
                r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal\s+)?quarter\b"
                r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{YEAR})\b)?"),
    ("quarter_of_year", r"\b(?:the\s+)?(?:(?P<rel>this|last|next)\s+year's|(?P<y>{YEAR}))\s+(?:fiscal\s+)?(?P<ord>first|second|third|fourth)[\s-]+quarter\b"),
    ("year_period", r"\bthe\s+(?P<y>{YEAR})\s+(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?:quarter|period)\b"),
    ("half", r"\b(?:the\s+)?(?P<ord>first|second)[\s-]+half\b(?:\s+of\s+(?:(?P<rel>the|this|last|next)\s+year|(?P<y>{YEAR})\b))?"),
    ("decade", r"(?:\b(?:the\s+)?(?:(?P<pmod>early|mid|late)[\s-]+|mid-)?)(?:\b(?P<c>1[6-9]|20)(?P<d>\d)0'?s\b|'(?P<d2>\d)0s\b)"),
    ("century", r"\b(?:the\s+)?(?:(?P<pmod>early|mid|late)[\s-]+)?(?:(?P<ord>\d{1,2}(?:st|nd|rd|th)|{ORD})|(?P<rel>this|last|next|the\s+past|the\s+last))\s+century\b"),
    ("year", r"\b(?:(?P<pmod>{PMOD})[\s-]+)?(?:(?P<fiscal>fiscal|calendar|the\s+year)\s+)?(?<![$#€£.,\d])(?P<y>{YEAR})(?![\d%]|[.,]\d)\b"),
    ("spoken_year", r"\b(?:(?P<pmod>{PMOD})[\s-]+)?(?:the\s+year\s+)?(?:(?P<month>{MONTH})\s+)?(?:nineteen[\s-]+(?P<tens>ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                    r"(?:[\s-]+(?P<ones>one|two|three|four|five|six|seven|eight|nine))?|(?P<two>two\s+thousand)(?:\s+(?:and\s+)?(?P<ones2>one|two|three|four|five|six|seven|eight|nine|ten))?)\b"),
    ("relative_day", r"\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight)\b"
                     r"(?:\s+(?P<pod>morning|afternoon|evening|night))?"),
    ("pod", r"\b(?:(?P<pmod>early|late|mid)[\s-]+)?(?P<rel>this|last|yesterday|tomorrow|the\s+next|the\s+following|the)\s+(?P<pod>morning|afternoon|evening|night)\b"),
    ("mid_pod", r"\bmid[\s-]+(?P<pod>morning|afternoon|evening)\b"),
    ("pod_day", r"\b(?:(?P<pmod>early|late|mid)[\s-]+)?(?P<pod>morning|afternoon|evening|night)\s+(?P<rday>yesterday|today|tomorrow)\b"),
    ("weekday", r"\b(?:(?P<pmod>early|late)\s+)?(?:(?P<rel>last|next|this|coming|past|the\s+following|the\s+previous)\s+)?(?P<wd>{WEEKDAY})(?!s\b)"
                r"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b"),
    ("weekday_set", r"\b(?P<wd>{WEEKDAY})s\b"),
    ("year_ended", r"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending)\b)"),
    ("relative_unit", r"\b(?:(?P<pmod>{PMOD})[\s-]+)?(?P<rel>(?:the\s+)?(?:{REL})|the|this|the\s+past|the\s+coming)\s+"
                      r"(?P<unit>week|weekend|month|year|decade|day|fiscal\s+year)\b"),
    ("offset", r"\b(?:(?P<mod>{DMOD})\s+)?(?P<n>{NUM}|{VAGUE})\s+(?P<unit>{UNIT})s?\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b"),
    ("year_earlier", r"\b(?:the\s+)?(?P<unit>year|month|quarter)[\s-](?:earlier|ago)(?:\s+(?P<what>quarter|period|month|year))?\b"),
    ("set_every", r"\b(?:(?P<freq>once|twice|\d+\s+times|three\s+times|several\s+times)\s+)?(?P<q>every|each|per|a)\s+(?:other\s+)?(?:(?P<n>{NUM})\s+)?"
                  r"(?P<what>{WEEKDAY}|{UNIT}|{SEASON}|morning|afternoon|evening|night|weekend)s?\b"),
    ("duration", r"\b(?:(?P<mod>{DMOD})\s+(?!the\b))?(?:(?P<pre>the\s+(?:past|last|next|first|coming|previous|following|final|remaining|latest|initial|same)|past|next|coming|another|the)\s+)?"
                 r"(?P<n>{NUM}|{VAGUE})(?:\s+(?:to|or)\s+(?P<n2>{NUM}))?(?:\s+more)?(?:\s+(?:trading|business|working|calendar))?[\s-]+(?P<unit>{UNIT})s?(?:\s+and\s+a\s+half|\s+or\s+so|\s+or\s+more)?\b(?!-old)"),
    ("half_unit", r"\b(?:(?P<mod>{DMOD})\s+)?(?:half\s+an?\s+(?P<unit>hour|day|year|century)|an?\s+half[\s-](?P<unit2>hour|day|year))\b"),
    ("vague_plural", r"\b(?:(?P<pre>recent|the\s+past|the\s+last|the\s+next|the\s+coming|coming|future|past|the\s+first|the\s+final|later|the\s+early|the\s+late|the)\s+)?"
                     r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries|quarters)\b(?P<ahead>\s+ahead)?"),
    ("set_adv", r"\b(?P<adv>{SETADV})\b"),
    ("holiday", r"\b(?P<holiday>{HOLIDAY})\b(?:\s+(?P<y>{YEAR})\b)?"),
    ("ref", r"\b(?P<ref>{REF})\b"),
    ("year_end", r"\b(?:(?P<mod>around|about)\s+)?(?:the\s+)?(?:end\s+of\s+the\s+year|year(?:'s)?[\s-]end)\b"),
    ("latest_period", r"\bthe\s+(?:latest|most\s+recent)\s+period\b"),
    ("movable", r"\b(?:(?P<rel>last|next|this)\s+)?(?P<holiday>{MOVABLE})\b(?:\s+(?P<y>{YEAR})\b)?"),
    ("spoken_decade", r"\b(?:the\s+)?(?:(?P<pmod>early|mid|late)[\s-]+)?(?:nineteen[\s-]+)?(?P<tens>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"),
]


@cache
def compiled_rules(flags: int = 0) -> list[tuple[str, re.Pattern[str]]]:
    """The rules with the lexicon filled in, compiled once; they read lower-cased text (flags=re.I: any)."""
    parts = _parts()
    out = []
    for name, pattern in _RULES:
        for key, value in parts.items():
            pattern = pattern.replace("{" + key + "}", value)
        out.append((name, re.compile(pattern.replace("{{", "{").replace("}}", "}"), flags)))
    return out


@cache
def _not_timex_pattern() -> re.Pattern[str]:
    return re.compile(r"\b" + _alt(lexicon()["not_timexes"]) + r"\b", re.I)


@cache
def _ambiguous_months() -> frozenset[str]:
    return frozenset(lexicon()["ambiguous_months"])


_RULE_RANK = {name: n for n, (name, _) in enumerate(_RULES)}
# A capitalised word right before a time word makes a name ("Unity Day", "Sunday Times"), unless it
# is a word that starts a sentence or a date phrase.
_NAME_BEFORE = re.compile(r"(?:^|\s)([A-Z][a-z]+)\s+$")
_NOT_NAME_WORDS = {"On", "In", "By", "Since", "Until", "Last", "Next", "This", "That", "Early", "Late", "Mid", "The",
                   "Each", "Every", "From", "Through", "During", "Before", "After", "Of", "Between", "And", "Or",
                   "Earlier", "Later", "Till", "For", "But", "Then", "As", "At", "Over", "About", "Around"}
_TIME_CONTEXT_BEFORE = re.compile(
    r"\b(?:in|on|of|since|until|till|by|through|from|to|during|before|after|between|early|late|mid|last|next|this|"
    r"the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|and|or)[\s-]+$", re.I)
# Capitalised heads that turn a time word before them into a name.
_NAME_AFTER = re.compile(r"\s+(?:War|Wars|Revolution|Offensive|Uprising|Agreement|Accords?|Massacre|Crisis|Movement|"
                         r"Party|Times|Telegraph|Express|Post|Mail|Herald|Group|Declaration|Rising|Coup|Campaign|"
                         r"Show|Night\s+Live|Magazine|Newspaper|Brigade|Battalion)\b")
_SEASON_CONTEXT_BEFORE = re.compile(r"\b(?:in|during|since|until|till|by|through|this|last|next|early|late|mid)[\s-]+$", re.I)


def _keep(text: str, cand: Candidate) -> bool:
    """Whether a recognised stretch is a time expression in its context (filters that need the text)."""
    g = cand.groups
    before = text[max(0, cand.start - 40) : cand.start]
    month = (g.get("month") or "").lower().rstrip(".")
    if cand.rule == "month":
        word = re.split(r"[\s-]", text[cand.start : cand.end])[-1]
        if month in _ambiguous_months() or len(month) <= 3:
            # "May", "March" and abbreviations alone are dates only behind a date word and capitalised.
            if not word[:1].isupper() or not (g.get("pmod") or g.get("rel") or _TIME_CONTEXT_BEFORE.search(before)):
                return False
        if not word[:1].isupper() or re.match(r"\s+[A-Z][a-z]", text[cand.end : cand.end + 3]):
            return False
    if cand.rule in {"date_mdy", "month_year"} and month in _ambiguous_months():
        first = text[cand.start : cand.end].lstrip()
        if not first[:1].isupper() and not g.get("wd") and not g.get("pmod"):
            return False
    if cand.rule == "season" and not (g.get("rel") or g.get("pmod") or g.get("y")):
        if not _SEASON_CONTEXT_BEFORE.search(before):
            return False
    if cand.rule == "season" and (g.get("rel") or "").lower() == "the" and not g.get("y"):
        after = text[cand.end : cand.end + 4].lower()
        if after.startswith(" of"):
            return False
    after = text[cand.end : cand.end + 30]
    if cand.rule == "duration" and re.match(r"[\s-]+old\b", after):
        return False  # an age: "37 years old"
    if cand.rule in {"duration", "quarter"} and re.match(r"-(?:century|to-)", after) \
            or cand.rule == "duration" and re.search(r"-quarters$", text[cand.start : cand.end], re.I):
        return False  # "quarter-century", "quarter-to-quarter", "three-quarters of"
    if cand.rule == "duration" and re.fullmatch(r"a\s+second", text[cand.start : cand.end], re.I) \
            and re.match(r"\s+[a-z]", after):
        return False  # "a second betrayal"
    if cand.rule == "clock" and re.search(r"\bhigh\s+$", before, re.I):
        return False
    if cand.rule in {"relative_unit", "pod"} and re.fullmatch(r"the\s+(?:day|night)", text[cand.start : cand.end], re.I):
        return False  # "during the day", "the night of Oct. 23": rarely a time of their own (2 of 12 in TimeBank)
    if cand.rule == "set_adv" and (g.get("adv") or "").lower() == "quarterly" and re.match(r"\s+[a-z]", after):
        return False  # "quarterly dividend": a kind of report, not a time (1 in 11 tagged in TimeBank)
    if cand.rule == "year":
        # Amounts and model numbers: "2000 troops", "Boeing 747", "Resolution 2231", "$2,000".
        if re.match(r"\s*(?:-|–)?\s*(?:[a-z]+\s+)?(?:troops|soldiers|people|men|women|km|miles|tons|tonnes|metres|meters|"
                    r"feet|kilometers|kilometres|pounds|dollars|euros|rubles|yuan|barrels|votes|members|points|"
                    r"residents|cases|deaths|shares|jobs|units|vehicles|tanks|aircraft|planes|workers|students|hours|"
                    r"minutes|rounds|calories)\b", after, re.I):
            return False
        if not (g.get("pmod") or g.get("fiscal")) and re.search(r"(?:[A-Z][a-z]*|No\.|[A-Z]+-?)\s+$", before) \
                and not re.search(r"(?:In|By|Since|Until|From|Through|During|Before|After|Of|And|Or|To|For|Early|Late|Mid|"
                                  r"Spring|Summer|Fall|Autumn|Winter|Christmas|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|"
                                  r"Nov|Dec|January|February|March|April|June|July|August|September|October|November|"
                                  r"December)\.?\s+$", before):
            return False
    if cand.rule in {"set_every"} and (g.get("q") or "").lower() == "a" and not g.get("freq"):
        # "a year" is a set only after an amount or a count: "$5 million a year", "100 a day".
        if not re.search(r"(?:\d|percent|%|times|million|billion|dollars|cents|a\s+share|each|\)|once|twice)\s*$", before, re.I):
            return False
    if cand.rule == "relative_unit" and g.get("rel") and text[cand.start].isupper() and text[cand.end - len(g["unit"] or "")].isupper():
        if not re.search(r"(?:^|[.!?:\n]\s*)$", before):
            return False
    if cand.rule in {"season", "month", "weekday", "holiday", "movable", "relative_day"} and _NAME_AFTER.match(after) \
            and text[cand.end - 1 : cand.end].isalpha() and re.search(r"[A-Z]", text[cand.start : cand.end]):
        return False  # "the Autumn War", "October Revolution", "Sunday Times"
    if cand.rule == "spoken_year" and g.get("two") and not g.get("ones2") and "year" not in text[cand.start : cand.end].lower():
        if not re.search(r"\b(?:in|by|since|until|of)\s+$", before, re.I):
            return False
    if cand.rule == "vague_plural" and before.endswith("-"):
        return False  # "three-quarters", "decades-long" belong to another word
    if cand.rule == "vague_plural" and (g.get("pre") or "").lower() == "the" and not g.get("ahead"):
        if not re.search(r"\b(?:over|for|in|during|throughout)\s+$", before, re.I):
            return False
    if cand.rule == "vague_plural" and not g.get("pre"):
        after = text[cand.end : cand.end + 12].lower()
        if not (re.search(r"\b(?:for|in|within|over|after|took|take|takes|lasted|last|spent|spend)\s+$", before, re.I)
                or re.match(r"\s+(?:ago|later|earlier|of\b)", after)):
            return False
    return True


_ATTRIBUTIVE = re.compile(r"^(?:a|an|the)\s+(?=\S+[\s-](?:second|minute|hour|day|week|month|quarter|year|decade)\b(?!s))", re.I)


def _trim(text: str, cand: Candidate) -> Candidate:
    """TimeML extents: no article before an attributive duration ("a [two-day] visit"), no "later" after one."""
    span = text[cand.start : cand.end]
    if cand.rule == "duration" or cand.rule == "quarter" and "-quarter" in span.lower():
        m = _ATTRIBUTIVE.match(span)
        if m and not (cand.groups.get("pre") or "").lower().startswith("the "):
            return Candidate(cand.start + m.end(), cand.end, cand.rule, cand.groups)
    if cand.rule == "vague_plural" and (cand.groups.get("pre") or "").lower() == "the":
        cut = re.match(r"the\s+", span, re.I)
        return Candidate(cand.start + (cut.end() if cut else 0), cand.end, cand.rule, cand.groups)  # "in the [weeks] before"
    if cand.rule == "offset" and (cand.groups.get("dir") or "").lower() == "later":
        cut = span.lower().rindex("later")
        return Candidate(cand.start, cand.start + len(span[:cut].rstrip()), cand.rule, cand.groups)
    return cand


# The words (or digit shapes) each rule needs: a rule runs only near a trigger of its kinds.
_UNIT_WORDS = {"second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "half", "year",
               "decade", "centur", "period", "end", "weekend"}
_DAY_WORDS = {"today", "tonight", "tomorrow", "yesterday", "noon", "midday", "midnight", "morning", "afternoon", "night",
              "evening", "overnight", "o'clock"}
RULE_ANCHORS: dict[str, str] = {
    "iso": "D", "numeric": "D", "clock": "DT", "clock_pod": "T", "date_mdy": "M", "date_dmy": "M", "month_year": "M",
    "month_rel_year": "M", "month": "M", "season": "S", "year_season": "S", "quarter": "U", "quarter_of_year": "U",
    "year_period": "U", "half": "U", "decade": "D", "century": "U", "year": "D", "spoken_year": "N",
    "relative_day": "T", "pod": "T", "mid_pod": "T", "pod_day": "T", "weekday": "W", "weekday_set": "W", "relative_unit": "U",
    "offset": "U", "year_earlier": "U", "set_every": "UWST", "duration": "U", "half_unit": "U",
    "vague_plural": "U", "year_ended": "U", "set_adv": "A", "holiday": "H", "ref": "R", "year_end": "U",
    "latest_period": "U", "movable": "H", "spoken_decade": "N",
}


def _branches(words: set[str]) -> str:
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    # One branch per first letter: the regex engine then tries only the words that can start there.
    return "|".join(re.escape(c) + "(?:" + "|".join(sorted(rest, key=len, reverse=True)) + ")"
                    for c, rest in sorted(by_first.items()))


@cache
def _trigger_kinds() -> dict[str, str]:
    """Each trigger word and the kinds of rule it wakes (see RULE_ANCHORS)."""
    lex = lexicon()
    kinds = {
        "M": set(lex["months"]), "W": set(lex["weekdays"]), "S": set(lex["seasons"]), "A": set(lex["set_adverbs"]),
        "R": {w.split()[-1] for w in lex["references"]},
        "H": {w.split()[0] for w in lex["holidays"]} | {w.split()[0] for w in lex["movable_holidays"]},
        "N": {"nineteen", "thousand", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
              "eighties", "nineties"},
        "U": _UNIT_WORDS, "T": _DAY_WORDS,
    }
    words = {w for ws in kinds.values() for w in ws}
    # A word wakes every kind one of whose words begins it: "days" is a reference word and a unit.
    return {w: "".join(k for k, ws in kinds.items() if any(w.startswith(x) for x in ws)) for w in words}


@cache
def _trigger(flags: int = 0) -> re.Pattern[str]:
    """Trigger words and digit shapes (the digits in the group D)."""
    words = _branches(set(_trigger_kinds()))
    return re.compile(r"(?P<D>(?:1[6-9]|20)\d\d|\d[/:]\d|'\d0s|[ap]\.m\b|\d\s*[ap]m\b)|\b(?:" + words + ")", flags)


# Characters around a trigger word that a rule may take in ("the beginning of the past few" is 29).
WINDOW = 40


def _windows(text: str, flags: int) -> dict[str, list[tuple[int, int]]]:
    """Stretches of text around the triggers of each kind, overlapping ones merged."""
    spans: dict[str, list[tuple[int, int]]] = {}
    kinds_of = _trigger_kinds()
    for m in _trigger(flags).finditer(text):
        s, e = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        for kind in "D" if m.lastgroup == "D" else kinds_of[m.group().lower()]:
            own = spans.setdefault(kind, [])
            if own and s <= own[-1][1]:
                own[-1] = (own[-1][0], e)
            else:
                own.append((s, e))
    return spans


def _rule_windows(windows: dict[str, list[tuple[int, int]]], kinds: str) -> list[tuple[int, int]]:
    if len(kinds) == 1:
        return windows.get(kinds, [])
    merged: list[tuple[int, int]] = []
    for s, e in sorted(w for k in kinds for w in windows.get(k, [])):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def find_candidates(text: str) -> list[Candidate]:
    """Every time expression the rules find in a text, without overlaps, in text order."""
    raw: list[Candidate] = []
    # Matching lower-cased text without re.I is several times faster; lower() keeps offsets for all but a
    # few letters (Turkish dotted I), and for those the rules read the text as it is, case-insensitively.
    low = text.lower()
    flags = 0 if len(low) == len(text) else re.I
    if flags:
        low = text
    windows = _windows(low, flags)
    for name, pattern in compiled_rules(flags):
        for ws, we in _rule_windows(windows, RULE_ANCHORS[name]):
            for m in pattern.finditer(low, ws, we):
                if m.end() > m.start():
                    raw.append(Candidate(m.start(), m.end(), name, m.groupdict()))
    raw = [_trim(text, c) for c in raw if _keep(text, c)]
    blocked = [(m.start(), m.end()) for m in _not_timex_pattern().finditer(text)]
    raw.sort(key=lambda c: (-(c.end - c.start), _RULE_RANK[c.rule], c.start))
    taken: list[Candidate] = []
    for cand in raw:
        if any(cand.start < e and s < cand.end for s, e in blocked):
            continue
        if any(cand.start < t.end and t.start < cand.end for t in taken):
            continue
        taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return taken
