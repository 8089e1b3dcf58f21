"""Wire datelines: the forms seen in L3S-GN1 (2008 wires) and crisis2022 (2022 wires), written anew here."""

from __future__ import annotations

import pytest

from crisisdesk.ingest.dateline import parse_dateline, split_dateline

# (paragraph, places, region, date, agency, rest): one row per form; the story words are invented.
FORMS = [
    # Reuters and AP, capitals, with and without a region or a date
    ("WASHINGTON (Reuters) - The envoy left.", ["WASHINGTON"], None, None, "Reuters", "The envoy left."),
    ("LOS ANGELES (Reuters) - A studio said.", ["LOS ANGELES"], None, None, "Reuters", "A studio said."),
    ("PARIS, Jan 8 (Reuters) - The minister spoke.", ["PARIS"], None, "Jan 8", "Reuters", "The minister spoke."),
    ("MELBOURNE, Dec 30 (Reuters) - Play resumed.", ["MELBOURNE"], None, "Dec 30", "Reuters", "Play resumed."),
    ("VILLAVICENCIO, Colombia (Reuters) - Talks went on.", ["VILLAVICENCIO"], "Colombia", None, "Reuters", "Talks went on."),
    ("KYIV, Ukraine (AP) — Shelling resumed.", ["KYIV"], "Ukraine", None, "AP", "Shelling resumed."),
    ("SANTA MONICA, Calif. (AP) -- The film opened.", ["SANTA MONICA"], "Calif.", None, "AP", "The film opened."),
    ("GRANT TOWN, W.Va. (AP) - Families waited.", ["GRANT TOWN"], "W.Va.", None, "AP", "Families waited."),
    ("ST. LOUIS (Ticker) -- The team won.", ["ST. LOUIS"], None, None, "Ticker", "The team won."),
    ("TORONTO (AP) -The guard scored.", ["TORONTO"], None, None, "AP", "The guard scored."),
    ("WASHINGTON (AP)   Lawmakers returned.", ["WASHINGTON"], None, None, "AP", "Lawmakers returned."),
    ("COLOMBO (AFP) ? Troops advanced.", ["COLOMBO"], None, None, "AFP", "Troops advanced."),
    ("LONDON, JAN 17 (PTI) - A court ruled.", ["LONDON"], None, "JAN 17", "PTI", "A court ruled."),
    ("UNITED NATIONS, Feb 14 (Reuters) - Envoys met.", ["UNITED NATIONS"], None, "Feb 14", "Reuters", "Envoys met."),
    # 2022 wires: TASS, Xinhua, Sputnik, Prensa Latina, AP, Breitbart
    ("MOSCOW, February 1. /TASS/. The ministry said.", ["MOSCOW"], None, "February 1", "TASS", "The ministry said."),
    ("UNITED NATIONS, March 4. /TASS/. The council met.", ["UNITED NATIONS"], None, "March 4", "TASS", "The council met."),
    ("GENEVA, March 2 (Xinhua) -- The agency warned.", ["GENEVA"], None, "March 2", "Xinhua", "The agency warned."),
    ("BEIJING, Feb. 8 (Xinhua) -- Officials said.", ["BEIJING"], None, "Feb. 8", "Xinhua", "Officials said."),
    ("MOSCOW (Sputnik) - The spokesman said.", ["MOSCOW"], None, None, "Sputnik", "The spokesman said."),
    ("Moscow, Mar 3 (Prensa Latina) The guard was reinforced.", ["Moscow"], None, "Mar 3", "Prensa Latina", "The guard was reinforced."),
    ("Minsk, Mar 1 (Prensa Latina) The chief spoke.", ["Minsk"], None, "Mar 1", "Prensa Latina", "The chief spoke."),
    ("ROME — An archbishop appealed.", ["ROME"], None, None, None, "An archbishop appealed."),
    ("MOSCOW/LONDON – Russia held the door open.", ["MOSCOW", "LONDON"], None, None, None, "Russia held the door open."),
    ("NEW YORK — The UN met.", ["NEW YORK"], None, None, None, "The UN met."),
    # mixed case with a region or a day-first date
    ("Naciriya, 2 Jan. (AKI) - A group claimed it.", ["Naciriya"], None, "2 Jan.", "AKI", "A group claimed it."),
    ("Montreal, QC (Sports Network) - The club signed him.", ["Montreal"], "QC", None, "Sports Network", "The club signed him."),
    ("Boston (eCanadaNow) - The host left.", ["Boston"], None, None, "eCanadaNow", "The host left."),
    # agency alone
    ("(CNN) -- The talks stalled.", [], None, None, "CNN", "The talks stalled."),
    ("(Sports Network) - The season ended.", [], None, None, "Sports Network", "The season ended."),
]

NOT_DATELINES = [
    "NATO said on Monday it would respond.",
    "BREAKING - Troops move.",
    "The Board of Control for Cricket in India (BCCI) on Tuesday ruled.",
    "Putin (right) met the envoy.",
    "I think so - he said.",
    "Fox News Flash top headlines are here.",
    "(14/01/2008) A notice.",
    "Moscow: talks are over.",
]


@pytest.mark.parametrize(("paragraph", "places", "region", "date", "agency", "rest"), FORMS)
def test_dateline_forms_parsed(paragraph: str, places: list[str], region: str | None, date: str | None, agency: str | None, rest: str) -> None:
    found = parse_dateline(paragraph)
    assert found is not None
    assert (found.places, found.region, found.date, found.agency) == (places, region, date, agency)
    assert paragraph[found.end :] == rest


@pytest.mark.parametrize("paragraph", NOT_DATELINES)
def test_dateline_story_openings_are_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None
    assert split_dateline(paragraph) == ([], None, paragraph)
