"""Parse the dateline that opens a wire story: places, region, date and agency ("KYIV, Ukraine (AP) —")."""

from __future__ import annotations

import re
from dataclasses import dataclass

# One place word written in capitals: MOSCOW, ST., U.N., O'HARE, WILKES-BARRE.
_CAP_WORD = r"[A-Z][A-Z'’.\-]*"
_CAP_PLACE = rf"{_CAP_WORD}(?:\s{_CAP_WORD}){{0,3}}"
# A place in title case ("Moscow", "New York", "Santa Monica"); only accepted where a date or an agency follows.
_TITLE_WORD = r"[A-Z][a-zà-ÿ'’.\-]+"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}"
# A region after the city: "Ukraine", "Calif.", "W.Va.", "QC", "NY", "New York".
_REGION = r"[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*){0,2}"
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?"
)
_DATE = rf"(?:(?:{_MONTH})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH}))(?:,?\s+\d{{4}})?"
# The agency in parentheses ("(Reuters)", "(Prensa Latina)") or TASS's "/TASS/".
# An agency name holds a capital: "(eCanadaNow)" is one, "(right)" is not.
_AGENCY = r"\((?P<agency>(?=[^()\n]*[A-Z])[A-Za-z][^()\n]{0,38})\)|\.?\s*/(?P<slash_agency>[A-Z][A-Za-z\- ]{1,20})/\.?"
# The dash that ends a dateline: hyphens, en and em dashes, "--", a colon; "?" where an old crawl lost the dash.
_DASH = r"(?:-{1,2}|[–—]|:)"

_WITH_PLACE = re.compile(
    rf"""^
    (?:(?P<caps>{_CAP_PLACE}(?:\s*/\s*{_CAP_PLACE})*)|(?P<title>{_TITLE_PLACE}(?:\s*/\s*{_TITLE_PLACE})*))
    (?:,\s+(?P<region>{_REGION}?))??
    (?:,?\s+(?P<date>{_DATE}))?
    \s*(?:{_AGENCY})?
    (?P<end>\s*{_DASH}\s*|\s+\?\s+|\s+)(?=\S)
    """,
    re.VERBOSE,
)
_AGENCY_ONLY = re.compile(rf"^\((?P<agency>[A-Z][A-Za-z.&' ]{{0,30}})\)\s*(?:{_DASH}\s*)?(?=\S)")

# All-capital words that open sentences or mark a genre, not places.
_NOT_PLACES = frozenset(
    {"I", "A", "AN", "THE", "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "OPINION", "ANALYSIS",
     "NEW:", "VIDEO", "PHOTOS", "EDITOR'S", "NOTE", "FILE", "CORRECTION", "UPDATE:", "WARNING", "OK", "TV"}
)


@dataclass
class Dateline:
    """The parts of a dateline, and where the story text after it starts."""

    places: list[str]
    region: str | None
    date: str | None
    agency: str | None
    end: int


def _shouted(places: list[str]) -> bool:
    """Places that are really shouted words or single letters rather than names."""
    return any(len(p.replace(".", "")) < 2 or p in _NOT_PLACES or p.endswith(":") for p in places)


def parse_dateline(paragraph: str) -> Dateline | None:
    """Parse the dateline at the start of a paragraph, or return None when it opens with none."""
    match = _AGENCY_ONLY.match(paragraph)
    if match:
        return Dateline([], None, None, match["agency"].strip(), match.end())
    match = _WITH_PLACE.match(paragraph)
    if not match:
        return None
    agency = match["agency"] or match["slash_agency"]
    has_dash = bool(re.search(r"[-–—:?]", match["end"]))
    if match["caps"]:
        places = [p.strip() for p in match["caps"].split("/") if p.strip()]
        # Capitals then a plain space is a shouted first sentence unless an agency or a date stands between.
        if not (has_dash or agency):
            return None
    else:
        places = [p.strip() for p in match["title"].split("/") if p.strip()]
        # A title-case place is only a dateline with the wire's marks: a date or agency, and not a bare colon.
        if not (agency or match["date"] and has_dash):
            return None
    if not places or _shouted(places):
        return None
    region = match["region"].strip() if match["region"] else None
    return Dateline(places, region, match["date"], agency.strip() if agency else None, match.end())


def split_dateline(paragraph: str) -> tuple[list[str], str | None, str]:
    """Take a wire dateline off a paragraph: return its places, its agency and the rest of the paragraph."""
    found = parse_dateline(paragraph)
    if found is None:
        return [], None, paragraph
    return found.places, found.agency, paragraph[found.end :]
