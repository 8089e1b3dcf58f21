"""Normalise recognised time expressions to TIMEX3 type, value and modifier against the publication date."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .timex_rules import Candidate, lexicon

SEASON_MONTH = {"WI": 1, "SP": 4, "SU": 7, "FA": 10}  # a month inside each season, to order them
QUARTER_OF = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
PMODS = {"early": "START", "earlier": "START", "beginning": "START", "start": "START", "late": "END", "later": "END",
         "end": "END", "close": "END", "mid": "MID", "middle": "MID"}


@dataclass
class Context:
    """What normalising one document needs: its date, the reading of 2/3/22, tense, and the last date seen."""

    dct: date | None
    date_order: str = "MDY"
    tense: Callable[[int, int], int] = lambda start, end: 0
    last_date: date | None = None
    last_value: str | None = None
    text: str | None = None


# Rules whose value comes from the last date in view: they do not become that date themselves.
ANAPHORIC_RULES = {"offset", "year_earlier", "anaphor"}

Result = tuple[str, str | None, str | None]  # kind, value, mod


def number(text: str | None) -> float | str:
    """The number a numeral stands for ("two", "12", "twenty-five", "5 1/2"), or "X" when vague."""
    if not text:
        return "X"
    text = re.sub(r"\s+", " ", text.lower().strip())
    half = 0.5 if text.endswith((" 1/2", " and a half")) else 0.0
    text = re.sub(r"(?: 1/2| and a half)$", "", text)
    numbers = lexicon()["numbers"]
    try:
        return float(text) + half
    except ValueError:
        pass
    if text in numbers:
        return float(numbers[text]) + half
    parts = re.split(r"[-\s]", text)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        a, b = numbers[parts[0]], numbers[parts[1]]
        return float(a * b if b >= 100 else a + b) + half
    return "X"


def _num_str(n: float | str) -> str:
    if isinstance(n, str):
        return n
    return str(int(n)) if n == int(n) else str(n)


def _pmod(text: str | None) -> str | None:
    """The TIMEX3 mod of a point modifier: "early" START, "the end of" END, "mid-" MID."""
    if not text:
        return None
    words = re.split(r"[\s-]+", text.lower().strip("- "))
    return PMODS.get(words[1] if words[0] == "the" and len(words) > 1 else words[0])


# A fraction of a unit is written in the next smaller one: 2 1/2 years is P2Y6M, 5 1/2 hours PT5H30M.
SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}


def _duration(n: float | str, unit: str) -> str:
    """A TIMEX3 duration: P3D, PT48H, P10Y for a decade, PXY when the number is vague."""
    code = lexicon()["units"][unit]
    time_part = code.startswith("T")
    mult = re.match(r"T?(\d*)(\D+)", code)
    assert mult is not None
    factor, letter = int(mult.group(1) or 1), mult.group(2)
    prefix = "PT" if time_part else "P"
    if n == "X":
        return "PXDE" if factor == 10 else ("PXCE" if factor == 100 else f"{prefix}X{letter}")
    n = float(n) * factor
    if n == int(n):
        return f"{prefix}{int(n)}{letter}"
    whole, rest = int(n), n - int(n)
    sub = SMALLER.get(letter) if not (time_part and letter == "S") else None
    if sub is None:
        return f"{prefix}{n}{letter}"
    small, per = sub
    if not time_part and letter == "D":
        return f"P{whole}DT{round(rest * per)}H" if whole else f"PT{round(rest * per)}H"
    if time_part and letter == "M":
        return f"PT{whole}M{round(rest * 60)}S" if whole else f"PT{round(rest * 60)}S"
    return f"{prefix}{whole}{letter}{round(rest * per)}{small}" if whole else f"{prefix}{round(rest * per)}{small}"


def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.rstrip("s")


def _month_of(word: str) -> int:
    return int(lexicon()["months"][word.lower().rstrip(".")])


def _year_for(month: int, day: int | None, ctx: Context, start: int, end: int, weekday: int | None = None) -> int | None:
    """The year of a month (and day) written without one: the nearest to the publication date, unless the
    tense says otherwise and the nearest is three months or more the other way."""
    if ctx.dct is None:
        return None
    dct = ctx.dct
    years = (dct.year - 1, dct.year, dct.year + 1)
    if weekday and day:
        # "Saturday, April 25": the year in which that day is a Saturday, if one of the three is.
        fits = [y for y in years if _valid(y, month, day) and date(y, month, day).isoweekday() == weekday]
        if len(fits) == 1:
            return fits[0]
    dct_index = dct.year * 12 + dct.month - 1
    # Months from the publication date, ties going to the past (news tells more of what was).
    nearest = min(years, key=lambda y: (abs(y * 12 + month - 1 - dct_index), y))
    ahead = nearest * 12 + month - 1 - dct_index
    if ahead == 0 and day:
        return nearest
    direction = ctx.tense(start, end)
    if direction == 0 and day is None:
        direction = -1  # a month named alone in news is mostly one gone by
    if direction < 0 and ahead >= 3:
        return nearest - 1
    if direction > 0 and ahead <= -3:
        return nearest + 1
    return nearest


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _shift_month(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, n: int) -> str:
    index = year * 4 + quarter - 1 + n
    return f"{index // 4}-Q{index % 4 + 1}"


def _weekday(wd: int, rel: str | None, ctx: Context, start: int, end: int) -> str:
    """The date of a weekday named in the text: by its determiner, else by the tense of its verb."""
    dct = ctx.dct
    assert dct is not None
    today = dct.isoweekday()
    ahead = (wd - today) % 7
    behind = (today - wd) % 7
    if rel in {"next", "coming", "the following"}:
        return (dct + timedelta(days=ahead or 7)).isoformat()
    if rel in {"last", "past", "the previous"}:
        return (dct - timedelta(days=behind or 7)).isoformat()
    if rel == "this":
        return (dct + timedelta(days=wd - today)).isoformat()
    if wd == today:
        return dct.isoformat()
    # "Wednesday's ruling": a day named for what happened on it.
    possessive = ctx.text is not None and ctx.text.startswith("'s", end)
    direction = -1 if possessive else ctx.tense(start, end)
    # A modal or a plan reaches a few days ahead; a weekday one to three days back is more often the one just
    # gone ("would" in reported speech). Counted on TimeBank/AQUAINT weekdays: 8 of 10 such cases were past.
    if direction > 1 or direction == 1 and ahead <= 3:
        return (dct + timedelta(days=ahead)).isoformat()
    if direction != 0:
        return (dct - timedelta(days=behind)).isoformat()
    # Unmarked: news tells of the past week more than of the next one; a day or two ahead is the
    # exception ("the talks open Tuesday" in a Monday story). Chosen on TimeBank/AQUAINT.
    return (dct + timedelta(days=ahead)).isoformat() if ahead <= 1 else (dct - timedelta(days=behind)).isoformat()


def _season_value(season: str, rel: str | None, year: int | None, ctx: Context, start: int, end: int) -> str:
    code = lexicon()["seasons"][season.lower()]
    if year:
        return f"{year}-{code}"
    if ctx.dct is None:
        return f"XXXX-{code}"
    dct = ctx.dct
    current = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(dct.month, "FA")
    later = SEASON_MONTH[code] > SEASON_MONTH[current]
    if rel in {"last", "past", "previous"}:
        y = dct.year if SEASON_MONTH[code] < SEASON_MONTH[current] else dct.year - 1
    elif rel in {"next", "coming", "following"}:
        y = dct.year if later else dct.year + 1
    elif rel == "this" or code == current:
        y = dct.year
    else:
        direction = ctx.tense(start, end)
        y = dct.year if (direction >= 0 and later) or (direction <= 0 and not later) else (
            dct.year + 1 if direction > 0 else dct.year - 1)
    return f"{y}-{code}"


def normalise(cand: Candidate, text: str, ctx: Context) -> Result:
    """TIMEX3 kind, value and modifier of one recognised expression."""
    g: dict[str, Any] = {k: (v.lower() if isinstance(v, str) else v) for k, v in cand.groups.items()}
    rule, dct, s, e = cand.rule, ctx.dct, cand.start, cand.end
    rel = re.sub(r"\s+", " ", g["rel"]) if g.get("rel") else None
    if rule == "clock":
        return _clock(g, ctx, s, e)
    if rule == "clock_pod":
        hour = int(g["h"]) + (12 if g["pod"] in {"afternoon", "evening"} and int(g["h"]) < 12 else 0)
        anchor = ctx.last_date or dct
        return "time", f"{anchor.isoformat() if anchor else 'XXXX-XX-XX'}T{hour:02d}:00", None
    if rule == "iso":
        value = f"{g['y']}-{g['m']}-{g['d']}"
        return ("time", f"{value}T{g['hm']}", None) if g.get("hm") else ("date", value, None)
    if rule == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        y = y + (2000 if y < 50 else 1900) if y < 100 else y
        month, day = (a, b) if ctx.date_order.upper().startswith("M") else (b, a)
        if month > 12 >= day:
            month, day = day, month
        return "date", f"{y:04d}-{month:02d}-{day:02d}", None
    if rule in {"date_mdy", "date_dmy"}:
        month, day = _month_of(g["month"]), int(g["d"])
        if not 1 <= day <= 31:
            return "date", None, None
        weekday = int(lexicon()["weekdays"][g["wd"]]) if g.get("wd") else None
        year = int(g["y"]) if g.get("y") else _year_for(month, day, ctx, s, e, weekday)
        return "date", f"{year if year else 'XXXX'}-{month:02d}-{day:02d}", None
    if rule == "month_year":
        return "date", f"{g['y']}-{_month_of(g['month']):02d}", _pmod(g.get("pmod"))
    if rule == "month_rel_year":
        year = dct.year + {"last": -1, "next": 1}.get(rel or "", 0) if dct else None
        return "date", f"{year or 'XXXX'}-{_month_of(g['month']):02d}", _pmod(g.get("pmod"))
    if rule == "spoken_year":
        tens = ["ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        ones = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        year = 1900 + 10 * (tens.index(g["tens"]) + 1) + ones.index(g.get("ones") or "") if g.get("tens") else \
            2000 + ones.index(g.get("ones2") or "")
        if g.get("month"):
            return "date", f"{year}-{_month_of(g['month']):02d}", _pmod(g.get("pmod"))
        return "date", str(year), _pmod(g.get("pmod"))
    if rule == "year_period":
        if g.get("ord"):
            return "date", f"{g['y']}-Q{QUARTER_OF[g['ord']]}", None
        if ctx.last_value and re.fullmatch(r"\d{4}-Q\d", ctx.last_value):
            return "date", f"{g['y']}{ctx.last_value[4:]}", None
        return "date", g["y"], None
    if rule == "quarter_of_year":
        quarter_year = g.get("y") or (str(dct.year + {"last": -1, "next": 1}.get(rel or "", 0)) if dct else "XXXX")
        return "date", f"{quarter_year}-Q{QUARTER_OF[g['ord']]}", None
    if rule == "month":
        month = _month_of(g["month"])
        if dct is None:
            return "date", f"XXXX-{month:02d}", _pmod(g.get("pmod"))
        if rel == "last":
            year = dct.year if month < dct.month else dct.year - 1
        elif rel in {"next", "coming"}:
            year = dct.year if month > dct.month else dct.year + 1
        elif rel == "this":
            year = dct.year
        else:
            year = _year_for(month, None, ctx, s, e) or dct.year
        return "date", f"{year}-{month:02d}", _pmod(g.get("pmod"))
    if rule in {"season", "year_season"}:
        value = _season_value(g["season"], rel, int(g["y"]) if g.get("y") else None, ctx, s, e)
        return "date", value, _pmod(g.get("pmod"))
    if rule == "quarter":
        return "date", _quarter_value(g, rel, ctx), None
    if rule == "half":
        half_year = g.get("y") or (str(dct.year + {"last": -1, "next": 1}.get(rel or "", 0)) if dct else "XXXX")
        return "date", f"{half_year}-H{1 if g['ord'] == 'first' else 2}", None
    if rule == "decade":
        if g.get("c"):
            return "date", f"{g['c']}{g['d']}", _pmod(g.get("pmod")) or ("MID" if text[s:e].lower().startswith("mid") else None)
        century = "19" if dct is None or int(g["d2"]) > dct.year % 100 // 10 else str(dct.year)[:2]
        return "date", f"{century}{g['d2']}", _pmod(g.get("pmod"))
    if rule == "century":
        if g.get("ord"):
            n = re.match(r"\d+", g["ord"])
            ordinal = int(n.group()) if n else int(lexicon()["ordinals"].get(g["ord"], 0))
            return "date", f"{ordinal - 1:02d}", _pmod(g.get("pmod"))
        if rel in {"the past", "the last"}:
            return "duration", "P100Y", None
        base = (dct.year // 100 if dct else 0) + {"last": -1, "next": 1}.get(rel or "", 0)
        return "date", f"{base:02d}" if dct else "XX", _pmod(g.get("pmod"))
    if rule == "year":
        value = g["y"]
        return "date", value, _pmod(g.get("pmod"))
    if rule == "relative_day":
        return _relative_day(g["word"], g.get("pod"), ctx)
    if rule == "mid_pod":
        anchor = ctx.last_date or dct
        return "time", f"{anchor.isoformat() if anchor else 'XXXX-XX-XX'}T{lexicon()['parts_of_day'][g['pod']]}", "MID"
    if rule in {"pod", "pod_day"} and rel in {"the next", "the following"}:
        day_before = ctx.last_date or dct
        anchor = day_before + timedelta(days=1) if day_before else None
        return "time", f"{anchor.isoformat() if anchor else 'XXXX-XX-XX'}T{lexicon()['parts_of_day'][g['pod']]}", None
    if rule in {"pod", "pod_day"}:
        word = rel or g.get("rday") or "this"
        pod_day: date | None
        if word == "the":
            pod_day = ctx.last_date or dct
        else:
            pod_day = dct + timedelta(days={"last": -1, "yesterday": -1, "tomorrow": 1}.get(word, 0)) if dct else None
        if word == "last" and g["pod"] != "night":
            return "time", f"XXXX-XX-XXT{lexicon()['parts_of_day'][g['pod']]}", None
        code = lexicon()["parts_of_day"][g["pod"]]
        return "time", f"{pod_day.isoformat() if pod_day else 'XXXX-XX-XX'}T{code}", None
    if rule == "weekday":
        wd = int(lexicon()["weekdays"][g["wd"]])
        value = _weekday(wd, rel, ctx, s, e) if dct else f"XXXX-WXX-{wd}"
        if g.get("pod"):
            return "time", f"{value}T{lexicon()['parts_of_day'][g['pod']]}", None
        return "date", value, _pmod(g.get("pmod"))
    if rule == "weekday_set":
        return "set", f"XXXX-WXX-{lexicon()['weekdays'][g['wd']]}", None
    if rule == "relative_unit":
        return _relative_unit(g, rel, ctx, s, e)
    if rule == "offset":
        return _offset(g, ctx)
    if rule == "year_earlier":
        return _year_earlier(g, ctx)
    if rule == "duration":
        return _duration_result(g, text[s:e].lower())
    if rule == "half_unit":
        unit = g.get("unit") or g.get("unit2") or "hour"
        value = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "century": "P50Y"}[unit]
        return "duration", value, lexicon()["duration_mods"].get(g["mod"]) if g.get("mod") else None
    if rule == "vague_plural":
        unit = _unit(g["unit"])
        pre = re.sub(r"\s+", " ", g["pre"] or "")
        if pre == "past" or (pre == "recent" and unit in {"year", "decade"}):
            return "date", "PAST_REF", None
        if pre in {"coming", "future"}:
            return "date", "FUTURE_REF", None
        return "duration", _duration("X", unit), None
    if rule == "set_every":
        return _set_value(g)
    if rule == "set_adv":
        return "set", str(lexicon()["set_adverbs"][g["adv"]]), None
    if rule == "holiday":
        md = lexicon()["holidays"][re.sub(r"\s+", " ", g["holiday"])]
        holiday_year = g.get("y") or (str(_year_for(int(md[:2]), int(md[3:]), ctx, s, e)) if dct else "XXXX")
        return "date", f"{holiday_year}-{md}", None
    if rule == "year_ended":
        return "duration", "P1Y", None
    if rule == "year_end":
        return "date", str(dct.year) if dct else "XXXX", "END" if not g.get("mod") else "APPROX"
    if rule == "latest_period":
        return "date", _shift_quarter(dct.year, _quarter(dct), -1) if dct else "XXXX-QX", None
    if rule == "movable":
        return "date", _movable(g, rel, ctx, s, e), None
    if rule == "spoken_decade":
        tens = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        return "date", f"19{tens.index(g['tens']) + 2}", _pmod(g.get("pmod"))
    if rule == "ref":
        return "date", str(lexicon()["references"][re.sub(r"\s+", " ", g["ref"])]), None
    return "date", None, None


def _movable_day(name: str, year: int) -> date:
    """The date of a movable holiday in a year (US federal calendar; Western Easter by the anonymous algorithm)."""
    def nth(weekday: int, month: int, n: int) -> date:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.isoweekday()) % 7)
        if n < 0:
            last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
            return last - timedelta(days=(last.isoweekday() - weekday) % 7)
        return day + timedelta(weeks=n - 1)

    name = name.removesuffix(" day") if name.startswith("thanksgiving") else name
    if name == "thanksgiving":
        return nth(4, 11, 4)
    if name == "election day":
        return nth(1, 11, 1) + timedelta(days=1)
    if name == "memorial day":
        return nth(1, 5, -1)
    if name in {"labor day", "labour day"}:
        return nth(1, 9, 1)
    if name == "mother's day":
        return nth(7, 5, 2)
    if name == "father's day":
        return nth(7, 6, 3)
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    easter = date(year, (h + l_ - 7 * m + 114) // 31, (h + l_ - 7 * m + 114) % 31 + 1)
    return easter - timedelta(days=2) if name == "good friday" else easter


def _movable(g: dict, rel: str | None, ctx: Context, s: int, e: int) -> str:
    name = re.sub(r"\s+", " ", g["holiday"])
    if g.get("y"):
        return _movable_day(name, int(g["y"])).isoformat()
    if ctx.dct is None:
        return "XXXX-XX-XX"
    dct = ctx.dct
    this_year = _movable_day(name, dct.year)
    if rel == "last":
        return (this_year if this_year < dct else _movable_day(name, dct.year - 1)).isoformat()
    if rel == "next":
        return (this_year if this_year > dct else _movable_day(name, dct.year + 1)).isoformat()
    # The nearest occurrence, unless the tense points the other way.
    options = [_movable_day(name, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    direction = ctx.tense(s, e)
    if direction < 0:
        options = [d for d in options if d <= dct]
    elif direction > 0:
        options = [d for d in options if d >= dct]
    return min(options, key=lambda d: abs((d - dct).days)).isoformat()


def _clock(g: dict, ctx: Context, s: int, e: int) -> Result:
    """ "10:35 a.m.", "noon Thursday", "9 a.m. EST Tuesday": a time on the day named, else the publication day."""
    clock = g["clock"]
    if clock in {"noon", "midday"}:
        hm = "12:00"
    elif clock == "midnight":
        hm = "24:00"
    else:
        m = re.match(r"(\d{1,2})(?::(\d\d))?\s*(a|p)?", clock)
        if m is None:
            return "time", None, None
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if m.group(3) == "p" and hour < 12:
            hour += 12
        if m.group(3) == "a" and hour == 12:
            hour = 0
        if hour > 24 or minute > 59:
            return "time", None, None
        hm = f"{hour:02d}:{minute:02d}"
    if g.get("wd") and ctx.dct:
        day = _weekday(int(lexicon()["weekdays"][g["wd"]]), None, ctx, s, e)
    elif g.get("rday") and ctx.dct:
        day = (ctx.dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(g["rday"], 0))).isoformat()
    elif g.get("month") and g.get("d"):
        month, d = _month_of(g["month"]), int(g["d"])
        year = _year_for(month, d, ctx, s, e)
        day = f"{year or 'XXXX'}-{month:02d}-{d:02d}"
    else:
        anchor = ctx.last_date or ctx.dct
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    mod = {"around": "APPROX", "approximately": "APPROX"}.get((g.get("mod") or "").split(" ")[0])
    return "time", f"{day}T{hm}", mod


def _relative_day(word: str, pod: str | None, ctx: Context) -> Result:
    word = re.sub(r"\s+", " ", word)
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
              "the day after tomorrow": 2}[word]
    if ctx.dct is None:
        return ("date", "PRESENT_REF", None) if word == "today" else ("date", None, None)
    value = (ctx.dct + timedelta(days=offset)).isoformat()
    if word == "tonight":
        return "time", f"{value}TNI", None
    if pod:
        return "time", f"{value}T{lexicon()['parts_of_day'][pod]}", None
    return "date", value, None


def _quarter_value(g: dict, rel: str | None, ctx: Context) -> str:
    dct = ctx.dct
    ordinal = QUARTER_OF.get(g.get("ord") or "")
    if g.get("y"):
        return f"{g['y']}-Q{ordinal or 'X'}"
    if dct is None:
        return f"XXXX-Q{ordinal or 'X'}"
    current = _quarter(dct)
    if ordinal:
        # A quarter named without a year is the latest one of that name that has begun.
        year = dct.year if ordinal <= current else dct.year - 1
        if rel in {"year-earlier", "year-ago"}:
            year -= 1
        elif rel == "next":
            year = dct.year if ordinal > current else dct.year + 1
        return f"{year}-Q{ordinal}"
    if rel in {"year-earlier", "year-ago"}:
        return _shift_quarter(dct.year, current, -5)
    if rel in {"next"}:
        return _shift_quarter(dct.year, current, 1)
    if rel in {"this", "current"}:
        return _shift_quarter(dct.year, current, 0)
    # "the quarter", "the latest quarter", "last quarter": news reports the quarter just ended.
    return _shift_quarter(dct.year, current, -1)


ANAPHORIC_REL = {"that": 0, "the same": 0, "same": 0, "the following": 1, "the next": 1, "the previous": -1, "the prior": -1}
DEICTIC_STEP = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}


def _value_start(value: str | None) -> date | None:
    """The first day of a TIMEX3 date value of year, month or day precision ("1998-04" is 1998-04-01)."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?$", value or "")
    if not m:
        return None
    return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


def _weekend(step: int, ctx: Context, s: int, e: int) -> str:
    """The ISO week of the weekend meant: the one just past, unless the tense or "next" points ahead."""
    dct = ctx.dct
    assert dct is not None
    ahead = step > 0 or (step == 0 and ctx.tense(s, e) > 0)
    if ahead:
        # The coming weekend; on a Sunday that is next week's.
        return _week(dct + timedelta(days=7 if dct.isoweekday() == 7 else 0)) + "-WE"
    return _week(dct if dct.isoweekday() >= 6 else dct - timedelta(days=7)) + "-WE"


def _relative_unit(g: dict, rel: str | None, ctx: Context, s: int, e: int) -> Result:
    """ "last week", "this year", "the following month", "that day": a period counted from a date."""
    dct = ctx.dct
    unit = re.sub(r"\s+", " ", g["unit"])
    pmod = _pmod(g.get("pmod"))
    rel = rel or "the"
    if dct is None:
        return "date", None, pmod
    if rel in ANAPHORIC_REL:
        # Counted from the last date the text gave, not from the publication date.
        step = ANAPHORIC_REL[rel]
        base = ctx.last_date or _value_start(ctx.last_value) or dct
    else:
        short = rel.removeprefix("the ").strip()
        step, base = DEICTIC_STEP.get(short, 0), dct
        if short == "past" and rel.startswith("the") and unit == "year":
            return "date", str(dct.year - 1), None  # TimeBank: "the past year" is last year
        if short in {"past", "coming"} and rel.startswith("the") and unit in {"week", "month", "year", "day"}:
            # "the past week": the stretch up to now, a duration in TimeML.
            return "duration", _duration(1.0, unit), None
    if unit == "day":
        if rel == "the":
            base = ctx.last_date or dct
        return "date", (base + timedelta(days=step)).isoformat(), None
    if unit == "weekend":
        if base is dct:
            return "date", _weekend(step, ctx, s, e), pmod
        return "date", _week(base + timedelta(weeks=step)) + "-WE", pmod
    if unit == "week":
        return "date", _week(base + timedelta(weeks=step)), pmod
    if unit == "month":
        y, m = _shift_month(base, step)
        return "date", f"{y}-{m:02d}", pmod
    if unit == "decade":
        return "date", str(base.year // 10 + step), pmod
    return "date", str(base.year + step), pmod


def _offset(g: dict, ctx: Context) -> Result:
    """ "three days ago", "a year earlier": the date that far from now (or from the last date seen)."""
    n = number(g["n"])
    unit = _unit(g["unit"])
    direction = re.sub(r"\s+", " ", g["dir"])
    sign = -1 if direction in {"ago", "earlier"} else 1
    mod = lexicon()["duration_mods"].get(g["mod"]) if g.get("mod") else None
    if direction == "later":
        return "duration", _duration(n, unit), mod
    base = ctx.dct if direction in {"ago", "from now", "hence"} else (ctx.last_date or ctx.dct)
    if base is not None and n == "X" and direction == "ago":
        # "a few years ago": the unit of the point is known, not the point (199X, 1998-XX).
        vague = {"year": str(base.year)[:3] + "X", "month": f"{base.year}-XX", "week": f"{base.year}-WXX",
                 "day": f"{base.year}-{base.month:02d}-XX"}.get(unit)
        if vague:
            return "date", vague, mod
    if base is None or n == "X":
        return "date", "PAST_REF" if sign < 0 else "FUTURE_REF", mod
    k = int(float(n)) * sign
    if unit == "year" and direction in {"ago", "earlier"} and ctx.last_value and re.fullmatch(r"\d{4}-Q\d", ctx.last_value):
        # Earnings reports compare a quarter with the same quarter a year before.
        return "date", f"{int(ctx.last_value[:4]) + k}{ctx.last_value[4:]}", mod
    if unit in {"day", "night"}:
        return "date", (base + timedelta(days=k)).isoformat(), mod
    if unit == "week":
        return "date", _week(base + timedelta(weeks=k)), mod
    if unit == "month":
        y, m = _shift_month(base, k)
        return "date", f"{y}-{m:02d}", mod
    if unit == "year":
        return "date", str(base.year + k), mod
    if unit == "decade":
        return "date", str(base.year + 10 * k)[:3], mod
    if unit == "quarter":
        return "date", _shift_quarter(base.year, _quarter(base), k), mod
    if unit in {"hour", "minute", "second"}:
        return "time", None, mod
    return "date", str(base.year + 100 * k)[:2], mod


def _year_earlier(g: dict, ctx: Context) -> Result:
    """ "year-earlier", "the year-ago quarter": the same period a year before the one in view."""
    if ctx.dct is None:
        return "date", None, None
    if ctx.last_value and re.fullmatch(r"\d{4}-Q\d", ctx.last_value):
        return "date", f"{int(ctx.last_value[:4]) - 1}{ctx.last_value[4:]}", None
    if g.get("what") == "quarter":
        return "date", _shift_quarter(ctx.dct.year, _quarter(ctx.dct), -5), None
    return "date", str(ctx.dct.year - 1), None


def _duration_result(g: dict, span_text: str) -> Result:
    unit = _unit(g["unit"])
    mod = lexicon()["duration_mods"].get(re.sub(r"\s+", " ", g["mod"])) if g.get("mod") else None
    n = "X" if g.get("n2") else number(g["n"])
    if n != "X" and re.search(r"\band\s+a\s+half$", span_text) and not str(g["n"]).endswith("half"):
        n = float(n) + 0.5  # "a minute and a half"
    if unit == "quarter":
        return "duration", f"P{_num_str(float(n) * 3)}M" if n != "X" else "PXM", mod
    if span_text.endswith("or so") and mod is None:
        mod = "APPROX"
    if span_text.endswith("or more") and mod is None:
        mod = "EQUAL_OR_MORE"
    return "duration", _duration(n, unit), mod


def _set_value(g: dict) -> Result:
    what = g["what"]
    n = number(g.get("n")) if g.get("n") else 1.0
    if what in lexicon()["weekdays"]:
        return "set", f"XXXX-WXX-{lexicon()['weekdays'][what]}", None
    if what in lexicon()["seasons"]:
        return "set", f"XXXX-{lexicon()['seasons'][what]}", None
    if what in lexicon()["parts_of_day"]:
        return "set", f"XXXX-XX-XXT{lexicon()['parts_of_day'][what]}", None
    if what == "weekend":
        return "set", "XXXX-WXX-WE", None
    return "set", _duration(n, _unit(what)), None
