"""Build data/actors/phoenix.json from the PETRARCH-2 / Phoenix actor dictionaries (openeventdata, MIT).

Run: python scripts/build_phoenix.py [PETRARCH_DICTIONARY_FOLDER]
Facts carry over with their source named: people with their dated CAMEO codes (titles from the
comments of CountryInfo.120116.txt), national institutions, international bodies and armed
non-state groups. The dictionaries date from 2014; the hand-written people.yaml wins over them.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CRISISDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEFAULT = SHARED / "events" / "petrarch_dictionaries"
OUT = ROOT / "src" / "crisisdesk" / "data" / "actors" / "phoenix.json"

# Words that make an alias a title phrase ("PRESIDENT_PUTIN") rather than a name: the linker reads titles itself.
TITLE_WORDS = {
    "PRESIDENT", "PRIME", "MINISTER", "SECRETARY", "FOREIGN", "DEFENSE", "DEFENCE", "SENATOR", "AMBASSADOR",
    "GENERAL", "KING", "QUEEN", "PRINCE", "SHEIKH", "SHEIK", "FORMER", "LEADER", "CHAIRMAN", "SPEAKER", "GOVERNOR",
    "MR", "MR.", "MRS", "MRS.", "DR", "DR.", "THE", "U.S.", "US", "RUSSIAN", "AMERICAN", "BRITISH", "CHIEF", "DEPUTY",
    "VICE", "COLONEL", "COL.", "GEN.", "MAYOR", "JUDGE", "AYATOLLAH", "EMIR", "SULTAN", "POPE", "CARDINAL", "BISHOP",
    "LT.", "MAJOR", "CAPTAIN", "ADMIRAL", "REP.", "SEN.", "PRES.", "CHANCELLOR", "PREMIER", "MINISTRY", "UN", "U.N.",
}
# Words that make an entry a body rather than a person.
BODY_WORDS = {
    "ARMY", "FORCES", "FORCE", "MINISTRY", "PARTY", "COUNCIL", "FRONT", "MOVEMENT", "ORGANIZATION", "ORGANISATION",
    "UNION", "COMMITTEE", "BANK", "POLICE", "GUARD", "BRIGADE", "BRIGADES", "COURT", "ASSEMBLY", "PARLIAMENT",
    "AGENCY", "SERVICE", "OFFICE", "DEPARTMENT", "COMMISSION", "GROUP", "ALLIANCE", "NETWORK", "CONGRESS", "SENATE",
    "GOVERNMENT", "REGIME", "MILITARY", "NAVY", "ASSOCIATION", "FEDERATION", "LEAGUE", "INSTITUTE", "FUND", "PROGRAM",
    "PROGRAMME", "AUTHORITY", "CORPS", "UNIT", "TRIBUNAL", "CHURCH", "COMPANY", "CORPORATION", "SOCIETY", "FOUNDATION",
    "STATE", "REPUBLIC", "ISLANDS", "CITY", "NATIONS", "SECRETARIAT",
}
# CAMEO role codes that are sectors (religion and ethnic codes are not: they become REL or nothing).
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED", "EDU", "BUS", "CRM", "CVL", "REF", "ELI",
    "LAB", "AGR", "HLH", "HRI", "UAF", "NGO", "IGO", "ENV", "DEV", "MNC", "SET", "MOD", "RAD", "REL", "IMG",
}
RELIGIONS = {"MUS", "CHR", "HIN", "JEW", "BUD", "CTH", "SHI", "SUN", "ORT", "PRO", "SIK", "JAN"}
LINE_CODE = re.compile(r"\[([^\]]*)\]")


def words(entry: str) -> str:
    """Turn a TABARI phrase like SERGEY_LAVROV_ into 'Sergey Lavrov' (initials kept; a leading THE dropped)."""
    entry = re.sub(r"[{}]", " ", entry).strip().rstrip("_").replace("_", " ")
    entry = re.sub(r"^THE\s+", "", entry)
    out = []
    for w in entry.split():
        if re.fullmatch(r"([A-Z]\.)+", w) or (len(entry.split()) == 1 and len(w) <= 4 and not re.search(r"[AEIOU][A-Z]*[AEIOU]", w)):
            out.append(w)
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def day(text: str) -> str | None:
    """A TABARI date (YYMMDD or YYYYMMDD) as an ISO day, or None when it cannot be read."""
    text = text.strip()
    if re.fullmatch(r"\d{6}", text):
        year = int(text[:2])
        text = (f"19{text[:2]}" if year > 30 else f"20{text[:2]}") + text[2:]  # the dictionaries span 1931-2014
    if not re.fullmatch(r"\d{8}", text):
        return None
    month, dom = int(text[4:6]), int(text[6:8])
    if not (1 <= month <= 12 and 1 <= dom <= 31):
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def parse_code(body: str) -> tuple[str, str | None, str | None] | None:
    """'RUSGOV 991231-080507' -> ('RUSGOV', start, end); open ends are None."""
    parts = body.split()
    if not parts or not re.fullmatch(r"~?[A-Z]{3,15}", parts[0]):
        return None
    code, start, end = parts[0].lstrip("~"), None, None
    span = " ".join(parts[1:]).replace(" ", "")
    if span.startswith(">"):
        start = day(span[1:])
    elif span.startswith("<"):
        end = day(span[1:])
    elif "-" in span:
        a, b = span.split("-", 1)
        start, end = day(a), day(b)
    return code, start, end


def entries(path: Path) -> list[dict]:
    """The entries of a TABARI .actors file: names, aliases, codes and the comment of the first line."""
    out: list[dict] = []
    current: dict | None = None
    for raw in path.read_bytes().decode("latin-1").replace("\r", "").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        line, _, comment = raw.partition("#")
        if raw[0] in " \t":
            if current is not None:
                for body in LINE_CODE.findall(line):
                    parsed = parse_code(body)
                    if parsed:
                        current["codes"].append(parsed)
            continue
        if line.startswith("+"):
            if current is not None:
                current["aliases"].append(words(LINE_CODE.sub("", line[1:])))
            continue
        inline = [parse_code(b) for b in LINE_CODE.findall(line)]
        name = words(LINE_CODE.sub("", line))
        if not name:
            continue
        if current is not None and not current["codes"]:
            current["aliases"].append(name)  # a root without a code shares the code of the entry after it
            current["codes"].extend(c for c in inline if c)
            continue
        current = {"name": name, "aliases": [], "codes": [c for c in inline if c], "comment": comment.strip()}
        out.append(current)
    return [e for e in out if e["codes"]]


def titles(countryinfo: Path) -> dict[str, str]:
    """Person name -> office title, from the '# Minister of Trade' comments and leader sub-tags of CountryInfo."""
    found: dict[str, str] = {}
    tag = None
    for raw in countryinfo.read_bytes().decode("latin-1").replace("\r", "").splitlines():
        line = raw.strip()
        m = re.fullmatch(r"<([A-Za-z][^>/]*)>", line)
        if m:
            tag = m.group(1)
            continue
        if line.startswith("</"):
            tag = None
            continue
        name_part = re.split(r"\[", line, maxsplit=1)[0]
        for name in re.findall(r"\{([^}]*)\}", name_part) or [name_part]:
            key = words(name)
            if not key:
                continue
            if "#" in line:
                found.setdefault(key, line.split("#", 1)[1].strip())
            elif tag and tag.lower() in {"presidents", "prime ministers", "kings", "chancellors", "premiers", "emirs", "sultans"}:
                singular = {"presidents": "President", "prime ministers": "Prime Minister", "kings": "King", "chancellors": "Chancellor", "premiers": "Premier", "emirs": "Emir", "sultans": "Sultan"}
                found.setdefault(key, singular[tag.lower()])
    return found


def split_code(code: str, countries: set[str]) -> tuple[str | None, str | None]:
    """'RUSGOVMIL' -> ('RUS', 'GOV'); 'IGOUNO' -> (None, None)."""
    if code[:3] in countries:
        sector = code[3:6] or None
        return code[:3], (sector if sector in SECTORS else "REL" if sector in RELIGIONS else None)
    return None, None


def is_person(entry: dict) -> bool:
    """Whether a dictionary entry names a person (dated codes or a CountryInfo leader, and no body word)."""
    tokens = set(entry["name"].upper().split())
    if tokens & BODY_WORDS or len(tokens) > 5:
        return False
    return "CountryInfo" in entry["comment"] or any(s or e for _, s, e in entry["codes"])


def name_aliases(entry: dict) -> list[str]:
    """Aliases that are names, not title phrases."""
    keep = []
    for alias in entry["aliases"]:
        first = alias.split()[0].upper() if alias.split() else ""
        if alias and first not in TITLE_WORDS and alias != entry["name"] and alias.isascii():
            keep.append(alias)
    return sorted(set(keep))


def main(folder: Path) -> None:
    countries = {e["codes"][0][0][:3] for e in entries(folder / "Phoenix.Countries.actors.txt") if len(e["codes"][0][0]) == 3}
    office = titles(folder / "CountryInfo.120116.txt")
    people, bodies = [], []
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        for entry in entries(folder / fname):
            codes = entry["codes"]
            if fname.startswith("Phoenix.Countries") and len(codes[0][0]) == 3 and not (codes[0][1] or codes[0][2]):
                continue  # a country's own names: countries.yaml has the clean ones
            if is_person(entry):
                roles = []
                for code, start, end in codes:
                    country, sector = split_code(code, countries)
                    roles.append([country, sector, office.get(entry["name"]) if sector in {"GOV", "MIL", "LEG", "JUD", "SPY"} else None, start, end] + ([] if country else [code]))
                aliases = name_aliases(entry)
                people.append({"name": entry["name"], "aliases": [a for a in aliases if " " in a], "short": [a for a in aliases if " " not in a], "roles": roles, "source": fname})
            else:
                code = codes[0][0]
                country, sector = split_code(code, countries)
                bodies.append({"name": entry["name"], "aliases": sorted(set(a for a in entry["aliases"] if a and a.isascii())), "code": code, "country": country, "sector": sector, "source": fname})
    agents: dict[str, list[str]] = {}
    subst: dict[str, list[str]] = {}
    for raw in (folder / "Phoenix.agents.txt").read_bytes().decode("latin-1").replace("\r", "").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.*)", line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"(.*?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3})[A-Z]*\]", line)
        if not m:
            continue
        sector = m.group(3)
        sector = sector if sector in SECTORS else "REL" if sector in RELIGIONS else None
        if sector is None:
            continue
        phrases = [m.group(1)]
        for key, options in subst.items():
            if key in m.group(1):
                phrases = [m.group(1).replace(key, o) for o in options]
        for phrase in phrases:
            noun = re.sub(r"\s+", " ", phrase.replace("_", " ")).strip().lower()
            if noun and noun.replace(" ", "").replace("-", "").isalpha():
                agents.setdefault(sector, []).append(noun)
                if not noun.endswith("s"):
                    agents[sector].append(noun + ("es" if noun.endswith(("sh", "ch", "x")) else "s"))  # PETRARCH adds regular plurals
    data = {
        "source": "PETRARCH-2/Phoenix dictionaries (openeventdata/petrarch2, MIT), generated by scripts/build_phoenix.py",
        "people": people,
        "organizations": bodies,
        "agents": {k: sorted(set(v)) for k, v in sorted(agents.items())},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":")), "utf-8")
    print(f"{len(people)} people, {len(bodies)} bodies -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
