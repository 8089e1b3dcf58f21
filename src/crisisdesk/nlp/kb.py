"""The actor knowledge base: countries, bodies, people with dated roles and sector nouns, from data files."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
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
}


class ActorFileError(CrisisdeskError):
    """A user actor file cannot be read."""

    code = "E400"


def slug(text: str) -> str:
    """An id from a name: lower case, ASCII letters and digits joined by hyphens."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


@dataclass(frozen=True)
class Role:
    """An office held between two dates (ISO strings; open ends are None)."""

    country: str | None
    sector: str | None
    title: str | None
    start: str | None = None
    end: str | None = None

    def active_on(self, day: str | None) -> bool:
        """Whether the role was held on a day (any day when the day is unknown)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Person:
    """A person the knowledge base knows, with their offices over time."""

    id: str
    name: str
    aliases: list[str]
    gender: str = "unknown"
    roles: list[Role] = field(default_factory=list)
    source: str | None = None

    def role_on(self, day: str | None) -> Role | None:
        """The role held on a day, else the latest one before it, else the first."""
        active = [r for r in self.roles if r.active_on(day)]
        if active:
            return active[-1]
        if day:
            before = [r for r in self.roles if r.start and r.start <= day]
            if before:
                return max(before, key=lambda r: r.start or "")
        return self.roles[0] if self.roles else None


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
    source: str | None = None


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


@dataclass(frozen=True)
class Surface:
    """What a surface form can stand for."""

    kind: str  # country | adjective | demonym | capital | seat | person | organization
    key: str  # country code, person id or organization id
    sector: str | None = None


@dataclass
class KnowledgeBase:
    """Everything the linker knows, indexed by surface form."""

    countries: dict[str, Country] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)

    def index(self) -> None:
        """Rebuild the surface index from the entries."""
        surfaces: dict[str, list[Surface]] = {}

        def add(form: str, surface: Surface) -> None:
            form = form.strip()
            if form and surface not in surfaces.setdefault(form, []):
                surfaces[form].append(surface)

        for c in self.countries.values():
            for form in [c.name, *c.names]:
                add(form, Surface("country", c.code))
            for form in c.adjectives:
                add(form, Surface("adjective", c.code))
            for form in c.demonyms:
                add(form, Surface("demonym", c.code))
            for form in c.capitals:
                add(form, Surface("capital", c.code))
            for form, sector in c.seats:
                add(form, Surface("seat", c.code, sector))
        for o in self.organizations.values():
            for form in [o.name, *o.aliases]:
                add(form, Surface("organization", o.id))
        for p in self.people.values():
            for form in [p.name, *p.aliases]:
                add(form, Surface("person", p.id))
        self.surfaces = surfaces

    def country_ref(self, code: str, sector: str | None = None) -> ActorRef:
        """The actor for a country, or for one sector of it (its government, its armed forces)."""
        country = self.countries.get(code)
        name = country.name if country else code
        if sector:
            label = SECTOR_LABELS.get(sector, sector)
            return ActorRef(
                name=f"{label} of {name}" if sector != "CVL" else f"Civilians of {name}",
                actor_id=f"{code}{sector}".lower(),
                kind="organization" if sector in {"GOV", "MIL", "LEG", "JUD", "SPY", "COP"} else "group",
                country=code,
                sector=sector,
                code=f"{code}{sector}",
            )
        return ActorRef(name=name, actor_id=code.lower(), kind="country", country=code, sector=None, code=code)

    def person_ref(self, person: Person, day: str | None) -> ActorRef:
        """The actor for a known person, with the role they held on the day."""
        role = person.role_on(day)
        country = role.country if role else None
        sector = role.sector if role else None
        return ActorRef(
            name=person.name,
            actor_id=person.id,
            kind="person",
            country=country,
            sector=sector,
            code=(country or "") + (sector or "") or None,
            title=role.title if role else None,
        )

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

    def holder(self, title_words: set[str], country: str | None, day: str | None) -> Person | None:
        """The person who held an office (by title words and country) on a day, if exactly one did."""
        found = []
        for p in self.people.values():
            for r in p.roles:
                if not r.active_on(day) or (country and r.country != country) or not r.title:
                    continue
                words = set(r.title.lower().replace("-", " ").split())
                if title_words <= words:
                    found.append(p)
                    break
        return found[0] if len(found) == 1 else None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


def _date(value: Any) -> str | None:
    return None if value in (None, "", "null") else str(value)


def merge(kb: KnowledgeBase, data: dict[str, Any], source: str) -> None:
    """Add or override the entries of one actor file (already parsed) in the knowledge base."""
    for c in data.get("countries") or []:
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
        else:
            kb.countries[code] = Country(
                code=code,
                name=c.get("name", code),
                names=_as_list(c.get("names")),
                adjectives=_as_list(c.get("adjectives")),
                demonyms=_as_list(c.get("demonyms")),
                capitals=capitals,
                seats=seats,
                source=c.get("source", source),
            )
    for o in data.get("organizations") or []:
        oid = o.get("id") or slug(o["name"])
        kb.organizations[oid] = Organization(
            id=oid,
            name=o["name"],
            aliases=_as_list(o.get("aliases")),
            code=o.get("code"),
            sector=o.get("sector"),
            country=o.get("country"),
            source=o.get("source", source),
        )
    for p in data.get("people") or []:
        pid = p.get("id") or slug(p["name"])
        roles = [
            Role(
                country=r.get("country"),
                sector=r.get("sector"),
                title=r.get("title"),
                start=_date(r.get("start")),
                end=_date(r.get("end")),
            )
            for r in p.get("roles") or []
        ]
        roles.sort(key=lambda r: r.start or "")
        kb.people[pid] = Person(
            id=pid,
            name=p["name"],
            aliases=_as_list(p.get("aliases")),
            gender=p.get("gender", "unknown") or "unknown",
            roles=roles,
            source=p.get("source", source),
        )
    for sector, nouns in (data.get("agents") or {}).items():
        for noun in _as_list(nouns):
            kb.agents[noun.lower()] = sector


def read_actor_file(path: Path) -> dict[str, Any]:
    """Parse a user's YAML or CSV actor file into the knowledge-base layout; raise ActorFileError if unreadable."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorFileError(f"cannot read the actor file ({exc})", source=str(path)) from exc
    if path.suffix.lower() == ".csv":
        people, orgs = [], []
        for n, row in enumerate(csv.DictReader(text.splitlines()), 2):
            if not row.get("name"):
                raise ActorFileError(f"row {n} has no name", source=str(path), hint="columns: kind,id,name,aliases,country,sector,code,title,start,end,gender")
            if (row.get("kind") or "person").strip() == "person":
                people.append({**row, "roles": [{k: row.get(k) or None for k in ("country", "sector", "title", "start", "end")}]})
            else:
                orgs.append(row)
        return {"people": people, "organizations": orgs}
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ActorFileError(f"not valid YAML ({exc})", source=str(path)) from exc
    if not isinstance(data, dict):
        raise ActorFileError("expected a mapping with countries, people, organizations or agents", source=str(path))
    return data


_BUNDLED = ("countries.yaml", "organizations.yaml", "agents.yaml", "people.yaml")


@lru_cache(maxsize=8)
def load_kb(actors_file: str | None = None) -> KnowledgeBase:
    """Load the bundled knowledge base plus a user's actor file (cached: once per process and file)."""
    kb = KnowledgeBase()
    folder = resources.files("crisisdesk.data.actors")
    for name in _BUNDLED:
        entry = folder.joinpath(name)
        if entry.is_file():
            merge(kb, yaml.safe_load(entry.read_text("utf-8")) or {}, name)
    if actors_file:
        try:
            merge(kb, read_actor_file(Path(actors_file)), actors_file)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ActorFileError(f"an entry lacks a required field ({exc})", source=actors_file) from exc
    kb.index()
    return kb
