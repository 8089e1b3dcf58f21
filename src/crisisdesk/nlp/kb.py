"""The actor knowledge base: countries, bodies, people with dated roles and sector nouns, from data files."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import CrisisdeskError
from ..records import ActorRef

SECTOR_LABELS = {
    "GOV": "Government",
    "MIL": "Armed forces",
    "LEG": "Legislature",
    "JUD": "Judiciary",
    "SPY": "Intelligence services",
    "REB": "Rebels",
    "OPP": "Opposition",
    "CVL": "Civilians",
    "BUS": "Business",
    "MED": "Media",
    "COP": "Police",
    "EDU": "Education",
    "REL": "Religious groups",
    "HRI": "Rights groups",
    "REF": "Refugees",
    "CRM": "Criminals",
    "LAB": "Labour",
    "AGR": "Farmers",
    "HLH": "Health services",
    "ELI": "Elites",
    "UAF": "Unidentified armed forces",
    "PTY": "Political parties",
}
# Sectors whose actors are institutions ("organization"); the others are groups of people.
INSTITUTION_SECTORS = {"GOV", "MIL", "LEG", "JUD", "SPY", "COP", "PTY", "HLH", "EDU"}

# Offices by the words of their titles: one key per kind of office, so that "the top US diplomat",
# "the Secretary of State" and "the foreign minister" find the same person.
OFFICE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("spokesperson", re.compile(r"spokes(man|woman|person)|press secretary")),
    ("foreign", re.compile(r"foreign (minister|secretary)|^secretary of state$|external affairs minister|international relations minister|high representative for foreign")),
    ("defence", re.compile(r"defen[cs]e (minister|secretary)|secretary of defen[cs]e|secretary of national defen[cs]e")),
    ("prime minister", re.compile(r"^prime minister$|^premier$")),
    ("chancellor", re.compile(r"^chancellor$")),
    ("president", re.compile(r"^president$")),
    ("vice president", re.compile(r"^vice president$")),
    ("king", re.compile(r"^(king|queen)$")),
    ("secretary general", re.compile(r"secretary[- ]general")),
]


class ActorFileError(CrisisdeskError):
    """A user actor file cannot be read."""

    code = "E400"


def slug(text: str) -> str:
    """An id from a name: lower case, ASCII letters and digits joined by hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


def offices_of(title: str | None) -> set[str]:
    """The kinds of office a title names ("Foreign Secretary" -> {"foreign"})."""
    if not title:
        return set()
    low = title.lower().replace("-", " ").replace("defense", "defence")
    if re.match(r"(deputy|first deputy|vice|under|assistant|former) ", low) and low != "vice president":
        return set()  # a deputy is not the holder of the office
    return {key for key, pattern in OFFICE_PATTERNS if pattern.search(low)}


@dataclass(frozen=True)
class Role:
    """An office held between two dates (ISO strings; open ends are None); `code` for bodies without a country."""

    country: str | None
    sector: str | None
    title: str | None
    start: str | None = None
    end: str | None = None
    code: str | None = None

    def active_on(self, day: str | None) -> bool:
        """Whether the role was held on a day (any day when the day is unknown)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def dated(self) -> bool:
        """Whether the role has a start or an end (an undated role is a default, as in the Phoenix files)."""
        return self.start is not None or self.end is not None


@dataclass
class Person:
    """A person the knowledge base knows, with their offices over time."""

    id: str
    name: str
    aliases: list[str]
    gender: str = "unknown"
    roles: list[Role] = field(default_factory=list)
    source: str | None = None
    short: list[str] = field(default_factory=list)  # one-word names ("Putin", "Xi") used once the person is known
    rank: int = 0  # 0 hand-written and user files, 1 US officials, 2 Phoenix: the lower wins a shared name

    def role_on(self, day: str | None) -> Role | None:
        """The role held on a day (dated roles first), else the latest one before it, else the default, else the first."""
        active = [r for r in self.roles if r.dated and r.active_on(day)]
        if active:
            return max(active, key=lambda r: r.start or "")
        default = [r for r in self.roles if not r.dated]
        if day:
            before = [r for r in self.roles if r.dated and r.start and r.start <= day]
            if before and not default:
                return max(before, key=lambda r: r.start or "")
        if default:
            return default[-1]
        return self.roles[-1] if self.roles else None

    def active(self, day: str | None) -> bool:
        """Whether the person held a dated office on the day."""
        return any(r.dated and r.active_on(day) for r in self.roles)


@dataclass
class Country:
    """A country with the names, adjectives, capitals and seats of power that stand for it."""

    code: str
    name: str
    names: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    seats: list[tuple[str, str]] = field(default_factory=list)
    leader: str = "President"  # the title of the office "the Russian leader" means
    source: str | None = None
    region: bool = False  # a region with a CAMEO code ("the West" WST), not a state


@dataclass
class Organization:
    """An international body or a national institution."""

    id: str
    name: str
    aliases: list[str]
    code: str | None = None
    sector: str | None = None
    country: str | None = None
    source: str | None = None
    seats: list[str] = field(default_factory=list)  # places that stand for it ("Brussels" for the EU and NATO)
    rank: int = 0


@dataclass(frozen=True)
class Surface:
    """What a surface form can stand for."""

    kind: str  # country | adjective | demonym | capital | seat | person | organization | org_seat
    key: str  # country code, person id or organization id
    sector: str | None = None


@dataclass
class KnowledgeBase:
    """Everything the linker knows, indexed by surface form."""

    countries: dict[str, Country] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    name_words: dict[str, str] = field(default_factory=dict)  # a word in a body's name -> its sector ("Front" REB)
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)
    shorts: dict[str, list[str]] = field(default_factory=dict)  # one-word name -> person ids
    places: set[str] = field(default_factory=set)  # forms that name a place (never a person)
    holders: dict[tuple, Any] = field(default_factory=dict, repr=False)  # memo of holder(): it scans every role

    def index(self) -> None:
        """Rebuild the surface indexes from the entries."""
        surfaces: dict[str, list[Surface]] = {}

        def add(form: str, surface: Surface, exclusive: bool = False) -> None:
            form = form.strip()
            if not form:
                return
            for variant in _variants(form, surface.kind):
                have = surfaces.setdefault(variant, [])
                if exclusive and have:
                    continue  # a lower-ranked entry does not take a name a better source already gave
                if surface not in have:
                    have.append(surface)

        places: set[str] = set()
        for c in self.countries.values():
            for form in [c.name, *c.names]:
                add(form, Surface("country", c.code))
                places.add(form)
            for form in c.adjectives:
                add(form, Surface("adjective", c.code))
            for form in c.demonyms:
                add(form, Surface("demonym", c.code))
            for form in c.capitals:
                add(form, Surface("capital", c.code))
                places.add(form)
            for form, sector in c.seats:
                add(form, Surface("seat", c.code, sector))
        # Of two entries with one name, the one that knows its country comes first and keeps the name.
        for o in sorted(self.organizations.values(), key=lambda o: (o.rank, o.country is None)):
            for form in [o.name, *o.aliases]:
                add(form, Surface("organization", o.id), exclusive=o.rank > 0)
            for form in o.seats:
                add(form, Surface("org_seat", o.id))
        shorts: dict[str, list[str]] = {}
        for p in sorted(self.people.values(), key=lambda p: p.rank):
            forms = [p.name, *p.aliases]
            if p.rank > 0 and any(any(s.kind == "person" for s in surfaces.get(f, [])) for f in forms):
                continue  # the same person from a better source (or a namesake): keep the better entry
            for form in forms:
                add(form, Surface("person", p.id), exclusive=p.rank > 0)
            for form in p.short:
                shorts.setdefault(form, []).append(p.id)
        self.surfaces = surfaces
        self.shorts = shorts
        self.holders = {}
        self.places = places

    def is_state(self, code: str | None) -> bool:
        """Whether a code is a country's (a state's), not a region's."""
        return code in self.countries and not self.countries[code].region

    def country_ref(self, code: str, sector: str | None = None) -> ActorRef:
        """The actor for a country, or for one sector of it (its government, its armed forces)."""
        country = self.countries.get(code)
        name = country.name if country else code
        # A region keeps its CAMEO code ("WSTGOV") but no country: the record's country is a state's ISO code.
        iso = None if country is not None and country.region else code
        if sector:
            label = SECTOR_LABELS.get(sector, sector)
            return ActorRef(
                name=f"{label} of {name}",
                actor_id=f"{code}{sector}".lower(),
                kind="organization" if sector in INSTITUTION_SECTORS else "group",
                country=iso,
                sector=sector,
                code=f"{code}{sector}",
            )
        return ActorRef(name=name, actor_id=code.lower(), kind="country", country=iso, sector=None, code=code)

    def person_ref(self, person: Person, day: str | None) -> ActorRef:
        """The actor for a known person, with the role they held on the day."""
        role = person.role_on(day)
        country = role.country if role else None
        sector = role.sector if role else None
        if role and day and role.end and role.end <= day and sector in INSTITUTION_SECTORS and country:
            # out of every office on the day: a former office holder is an elite (CAMEO ELI), as Phoenix codes
            # the years after a leader's term and NGEC codes Angela Merkel in 2022; the title is dropped so
            # that a title in the text ("President X") still picks the office it names
            return ActorRef(name=person.name, actor_id=person.id, kind="person", country=country, sector="ELI", code=country + "ELI", title=None)
        code = (role.code if role else None) or ((country or "") + (sector or "")) or None
        return ActorRef(name=person.name, actor_id=person.id, kind="person", country=country, sector=sector, code=code, title=role.title if role else None)

    def organization_ref(self, org: Organization) -> ActorRef:
        """The actor for an organization."""
        return ActorRef(
            name=org.name,
            actor_id=org.id,
            kind="organization",
            country=org.country,
            sector=org.sector,
            code=org.code or ((org.country or "") + (org.sector or "")) or None,
        )

    def holder(self, office: str, country: str | None, day: str | None, body: str | None = None) -> Person | None:
        """The one person who held a kind of office ("foreign", "leader", ...) of a country or body on a day."""
        key = (office, country, day, body)
        if key not in self.holders:
            self.holders[key] = self._holder(office, country, day, body)
        return self.holders[key]

    def _holder(self, office: str, country: str | None, day: str | None, body: str | None) -> Person | None:
        if office == "leader" and country in self.countries:
            office_keys = offices_of(self.countries[country].leader) or {"president"}
            title = self.countries[country].leader.lower()
        else:
            office_keys, title = {office}, None
        found: dict[int, list[Person]] = {}
        for p in self.people.values():
            for r in p.roles:
                if not r.dated or not r.active_on(day) or r.country != country or (body and r.code != body):
                    continue
                if (title and (r.title or "").lower() == title) or offices_of(r.title) & office_keys:
                    found.setdefault(p.rank, []).append(p)
                    break
        for rank in sorted(found):
            return found[rank][0] if len(found[rank]) == 1 else None
        return None


_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "la", "le"}


# Particles of personal names that news writes in lower case inside a name ("Daniel arap Moi", "Omar al-Bashir").
_NAME_PARTICLES = {"arap", "bin", "ibn", "al", "el", "van", "von", "der", "den", "da", "das", "dos", "de", "del", "della", "di", "du", "la", "le", "ould"}
# First names that begin a hyphenated double first name in French and Portuguese usage ("Jean-Bertrand").
_DOUBLE_FIRST_NAMES = {"Jean", "Marie", "Pierre", "Louis", "Anne", "Paul"}


def _particle_prefix(word: str) -> str:
    """'Al-Assad' as news writes it: 'al-Assad'."""
    head, sep, rest = word.partition("-")
    return f"{head.lower()}-{rest}" if sep and head.lower() in _NAME_PARTICLES and rest[:1].isupper() else word


def _variants(form: str, kind: str) -> list[str]:
    """A form as news copy writes it: curly or straight apostrophes, and bodies in title case too."""
    forms = [form]
    if kind == "organization" and " " in form and not form.isupper():
        titled = " ".join(w if w.lower() in _SMALL_WORDS or not w[:1].islower() else w[:1].upper() + w[1:] for w in form.split())
        forms.append(titled)
        # Phoenix's names are title-cased throughout ("Liberation Tigers Of Tamil Eelam"): news writes "of"
        small = " ".join(w.lower() if n and w.lower() in _SMALL_WORDS | _NAME_PARTICLES else _particle_prefix(w) if n else w for n, w in enumerate(form.split()))
        forms.append(small)
    words = form.split()
    if kind == "person" and len(words) >= 3:
        # Phoenix writes every word of a name capitalised and without hyphens ("Daniel Arap Moi", "Jean
        # Bertrand Aristide", "Bashar Al-Assad"); news writes the particles in lower case and joins a double
        # first name ("Daniel arap Moi", "Jean-Bertrand Aristide", "Bashar al-Assad")
        lowered = [w.lower() if n and w.lower() in _NAME_PARTICLES else _particle_prefix(w) for n, w in enumerate(words)]
        forms.append(" ".join(lowered))
        if words[0] in _DOUBLE_FIRST_NAMES:
            forms.append(f"{words[0]}-{' '.join(words[1:])}")
    for f in list(forms):
        if "'" in f:
            forms.append(f.replace("'", "\u2019"))
        elif "\u2019" in f:
            forms.append(f.replace("\u2019", "'"))
    return list(dict.fromkeys(forms))


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


def _date(value: Any) -> str | None:
    return None if value in (None, "", "null") else str(value)


def _gender(value: Any) -> str:
    text = str(value or "").lower()
    return {"m": "male", "f": "female", "male": "male", "female": "female"}.get(text, "unknown")


def _role(raw: Any) -> Role:
    """A role from a mapping or from the compact list [country, sector, title, start, end, code]."""
    if isinstance(raw, (list, tuple)):
        raw = dict(zip(("country", "sector", "title", "start", "end", "code"), raw, strict=False))
    return Role(
        country=raw.get("country") or None,
        sector=raw.get("sector") or None,
        title=raw.get("title") or None,
        start=_date(raw.get("start")),
        end=_date(raw.get("end")),
        code=raw.get("code") or None,
    )


def merge(kb: KnowledgeBase, data: dict[str, Any], source: str, rank: int = 0) -> None:
    """Add or override the entries of one actor file (already parsed) in the knowledge base."""
    default_source = data.get("source") or source
    entries = [(c, False) for c in data.get("countries") or []] + [(c, True) for c in data.get("regions") or []]
    for c, region in entries:
        code = str(c["code"]).upper()
        old = kb.countries.get(code)
        seats = [(s["name"], s.get("sector", "GOV")) if isinstance(s, dict) else (str(s), "GOV") for s in c.get("seats") or []]
        capitals = _as_list(c.get("capitals")) or _as_list(c.get("capital"))
        if old is not None:
            old.name = c.get("name", old.name)
            old.names = sorted(set(old.names) | set(_as_list(c.get("names"))))
            old.adjectives = sorted(set(old.adjectives) | set(_as_list(c.get("adjectives"))))
            old.demonyms = sorted(set(old.demonyms) | set(_as_list(c.get("demonyms"))))
            old.capitals = sorted(set(old.capitals) | set(capitals))
            old.seats = sorted(set(old.seats) | set(seats))
            old.leader = c.get("leader", old.leader)
        else:
            kb.countries[code] = Country(
                code=code,
                name=c.get("name", code),
                names=_as_list(c.get("names")),
                adjectives=_as_list(c.get("adjectives")),
                demonyms=_as_list(c.get("demonyms")),
                capitals=capitals,
                seats=seats,
                leader=c.get("leader") or "President",
                source=c.get("source", default_source),
                region=region,
            )
    for o in data.get("organizations") or []:
        oid = o.get("id") or slug(o["name"])
        if rank > 0 and oid in kb.organizations:
            continue
        kb.organizations[oid] = Organization(
            id=oid,
            name=o["name"],
            aliases=_as_list(o.get("aliases")),
            code=o.get("code") or None,
            sector=o.get("sector") or None,
            country=o.get("country") or None,
            source=o.get("source", default_source),
            seats=_as_list(o.get("seats")),
            rank=rank,
        )
    for p in data.get("people") or []:
        pid = p.get("id") or slug(p["name"])
        if rank > 0 and pid in kb.people and kb.people[pid].rank < rank:
            continue
        aliases = _as_list(p.get("aliases"))
        short = _as_list(p["short"]) if "short" in p else [a for a in aliases if " " not in a]
        if "short" not in p and not short:
            last = p["name"].split()[-1]
            short = [last] if len(p["name"].split()) > 1 and last[:1].isupper() else []
        roles = sorted((_role(r) for r in p.get("roles") or []), key=lambda r: r.start or "")
        kb.people[pid] = Person(
            id=pid,
            name=p["name"],
            aliases=[a for a in aliases if " " in a or a not in short],
            gender=_gender(p.get("gender")),
            roles=roles,
            source=p.get("source", default_source),
            short=short,
            rank=rank,
        )
    for sector, words in (data.get("name_words") or {}).items():
        for word in words:
            kb.name_words[str(word).lower()] = sector
    for sector, nouns in (data.get("agents") or {}).items():
        for noun in _as_list(nouns):
            if rank == 0 or noun.lower() not in kb.agents:
                kb.agents[noun.lower()] = sector


CSV_COLUMNS = "kind,id,name,aliases,country,sector,code,title,start,end,gender"


def read_actor_file(path: Path) -> dict[str, Any]:
    """Parse a user's YAML or CSV actor file into the knowledge-base layout; raise ActorFileError if unreadable."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorFileError(f"cannot read the actor file ({exc})", source=str(path)) from exc
    if path.suffix.lower() == ".csv":
        people: dict[str, dict[str, Any]] = {}
        orgs = []
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        for n, row in enumerate(csv.DictReader(lines), 2):
            if not (row.get("name") or "").strip():
                raise ActorFileError(f"row {n} has no name", source=str(path), hint=f"columns: {CSV_COLUMNS}")
            if (row.get("kind") or "person").strip() == "person":
                role = {k: (row.get(k) or "").strip() or None for k in ("country", "sector", "title", "start", "end", "code")}
                pid = (row.get("id") or "").strip() or slug(row["name"])
                if pid in people:  # one row per role: later rows add roles to the same person
                    people[pid]["roles"].append(role)
                else:
                    people[pid] = {**{k: v for k, v in row.items() if v}, "id": pid, "roles": [role]}
            else:
                orgs.append({k: v for k, v in row.items() if v})
        return {"people": list(people.values()), "organizations": orgs}
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ActorFileError(f"not valid YAML ({exc})", source=str(path)) from exc
    if not isinstance(data, dict):
        raise ActorFileError("expected a mapping with countries, people, organizations or agents", source=str(path))
    return data


# The bundled files, in the order they are read, with their rank (see Person.rank).
_BUNDLED = (
    ("countries.yaml", 0),
    ("regions.yaml", 0),
    ("organizations.yaml", 0),
    ("agents.yaml", 0),
    ("people.yaml", 0),
    ("us_officials.json", 1),
    ("phoenix.json", 2),
)


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """The CAMEO codes of the regions in regions.yaml ("WST", "EUR"), without loading the knowledge base."""
    return frozenset(str(r["code"]).upper() for r in _read_bundled("regions.yaml").get("regions") or [])


def party(country: str | None, code: str | None) -> str | None:
    """The party an actor counts for in pairs and indices: its country, else its region ("WSTGOV" -> "WST"),
    else its code (international bodies: NATO is "IGOWSTNAT")."""
    if country:
        return country
    return code[:3] if code and code[:3] in region_codes() else code


def _read_bundled(name: str) -> dict[str, Any]:
    entry = resources.files("crisisdesk.data.actors").joinpath(name)
    if not entry.is_file():
        return {}
    text = entry.read_text("utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def _complete_roles(kb: KnowledgeBase) -> None:
    """Fill the country and sector of roles that carry only a code ("GEOGOV").

    The Phoenix conversion knew no country of the former Soviet Union, Eritrea or South Sudan, so
    their people came without a country; the code still names it.
    """
    for person in kb.people.values():
        for i, role in enumerate(person.roles):
            code = role.code or ""
            if code[:3] in CAMEO_LEGACY or role.country in CAMEO_LEGACY:
                code = CAMEO_LEGACY.get(code[:3], code[:3]) + code[3:]
                role = person.roles[i] = replace(role, code=code, country=CAMEO_LEGACY.get(role.country or "", role.country))
            if role.country is None and len(code) >= 3 and kb.is_state(code[:3]):
                sector = code[3:6] if code[3:6] in SECTOR_LABELS else role.sector
                person.roles[i] = replace(role, country=code[:3], sector=sector)


# Words that make an agent phrase a title with its own complement ("ministry of the treasury"), whose
# last word is no plural head: their phrases get no plural form.
_PHRASE_LINKS = {"of", "for", "and", "in", "on", "to", "the"}


def _plural(word: str) -> str | None:
    """The English plural of a noun, by the regular rules only; None where it already looks plural."""
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in {"a", "e", "i", "o", "u"}:
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return None
    return word + "s"


def _complete_agent_plurals(kb: KnowledgeBase) -> None:
    """Give the multi-word agent phrases their plural where the dictionaries lack it.

    Phoenix lists most phrases in the singular and adds "S" for the plural, which misses nouns in -y:
    "intelligence agencies", "defence ministries", "ruling parties" were not matched (the phrase matcher
    compares whole forms; single words go through their lemma instead).
    """
    for phrase, sector in list(kb.agents.items()):
        words = phrase.split()
        if len(words) < 2 or _PHRASE_LINKS & set(words):
            continue
        plural = _plural(words[-1])
        if plural:
            kb.agents.setdefault(" ".join([*words[:-1], plural]), sector)


# CAMEO's country codes that predate ISO 3166 alpha-3 (CAMEO manual's country list; Phoenix still uses
# a few, e.g. UNITA's ANGREB), read as their ISO codes.
CAMEO_LEGACY = {"ANG": "AGO", "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAI": "COD", "TMP": "TLS", "KSV": "XKX"}
# Code prefixes of bodies that belong to no one country (CAMEO IGO, NGO, IMG): their name never gives one.
INTERNATIONAL_PREFIXES = {"IGO", "NGO", "IMG"}
_ABBREVIATED = re.compile(r"^(.*\S)\s+\((\w+)\)$")


def _complete_organizations(kb: KnowledgeBase) -> None:
    """Fill a body's country and sector from its code and name, and split "Name (abbr)" names.

    Phoenix codes armed groups by region or as transnational ("MEAREB", "INTREB", "NGOHLH"): the sector
    is still in the code. A national body without a country code often names its country first
    ("Palestinian Islamic Jihad"). Its converter also kept abbreviations in names ("Moro Islamic
    Liberation Front (milf)"), so the plain name never matched.
    """
    for org in kb.organizations.values():
        if org.code and org.code[:3] in CAMEO_LEGACY:
            org.code = CAMEO_LEGACY[org.code[:3]] + org.code[3:]
        org.country = CAMEO_LEGACY.get(org.country or "", org.country)
        code = org.code or ""
        if org.country is None and kb.is_state(code[:3]):  # "MEAREB" is a body of no one state
            org.country = code[:3]
        if org.sector is None:
            org.sector = next((code[i : i + 3] for i in range(3, len(code) - 2, 3) if code[i : i + 3] in SECTOR_LABELS), None)
        if org.country is None and code[:3] not in INTERNATIONAL_PREFIXES:
            first = org.name.split()[0] if org.name.split() else ""
            codes = {c.code for c in kb.countries.values() if (first in c.adjectives or first in c.names) and not c.region}
            org.country = codes.pop() if len(codes) == 1 else None
        head = org.name.lower().split(" of ")[0].split()
        if org.sector is None:
            # a body the dictionaries give no sector: its name's, as for a body they do not know ("World Health
            # Organization" HLH, "Islamic Front" REB, "Afusa Inc" BUS); LAB and OPP are left out, their name words
            # ("trade", "movement") too often name a body's subject rather than its members
            parts = [head, " ".join(org.name.lower().split(" of ")[1:]).split()]  # the head's words first
            sector = next((kb.name_words[w] for part in parts for w in reversed(part) if w in kb.name_words), None)
            org.sector = sector if sector not in {"LAB", "OPP"} else None
        if org.country and org.sector == "GOV" and head and kb.name_words.get(head[-1]) == "LEG":
            # a state's legislature that Phoenix codes GOV ("United States Congress", "Islamic Consultative
            # Assembly") is LEG, CAMEO's sector for legislatures, as NGEC codes the Iranian assembly
            org.sector = "LEG"
            if org.code and org.code.endswith("GOV"):
                org.code = org.code[:-3] + "LEG"
        abbreviated = _ABBREVIATED.match(org.name)
        if abbreviated:
            org.name = abbreviated.group(1)
            if abbreviated.group(2).isalpha() and len(abbreviated.group(2)) > 2:
                org.aliases = [*org.aliases, abbreviated.group(2).upper()]


@lru_cache(maxsize=8)
def load_kb(actors_file: str | None = None) -> KnowledgeBase:
    """Load the bundled knowledge base plus a user's actor file (cached: once per process and file)."""
    kb = KnowledgeBase()
    for name, rank in _BUNDLED:
        merge(kb, _read_bundled(name), name, rank)
    _complete_roles(kb)
    _complete_organizations(kb)
    _complete_agent_plurals(kb)
    if actors_file:
        try:
            merge(kb, read_actor_file(Path(actors_file)), actors_file)
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ActorFileError(f"an entry lacks a required field ({exc})", source=actors_file) from exc
    kb.index()
    return kb
