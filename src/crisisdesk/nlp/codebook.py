"""The CAMEO codebook: root, Goldstein score (GDELT table), quad class and PLOVER type of every code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

GOLDSTEIN_TABLE = "gdelt"


@dataclass(frozen=True)
class Code:
    """One CAMEO code and what it maps to."""

    code: str
    root: str
    description: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None


@lru_cache(maxsize=1)
def codebook() -> dict[str, Code]:
    """Load data/codebooks/cameo_codebook_merged.csv once."""
    text = resources.files("crisisdesk.data.codebooks").joinpath("cameo_codebook_merged.csv").read_text("latin-1")
    codes: dict[str, Code] = {}
    for row in csv.DictReader(text.splitlines()):
        plover = row["plover_event"].strip() or None
        if plover and plover.startswith("("):  # "(dropped in PLOVER)": CAMEO 01 and 02 have no PLOVER type
            plover = None
        if plover and "/" in plover:  # "CONCEDE/RETREAT" on a root: the first type stands for the root
            plover = plover.split("/")[0]
        codes[row["cameo_code"]] = Code(
            code=row["cameo_code"],
            root=row["root"],
            description=row["description"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover=plover,
            plover_mode=row["plover_mode"].strip() or None,
        )
    return codes


def lookup(code: str) -> Code:
    """The codebook entry of a code; an unknown code falls back to its parent (0871 -> 087 -> 08)."""
    book = codebook()
    probe = code
    while probe and probe not in book:
        probe = probe[:-1]
    if not probe:
        raise KeyError(f"unknown CAMEO code {code!r}")
    entry = book[probe]
    if entry.plover is None and entry.root not in {"01", "02"}:
        # Some codes carry no PLOVER type of their own (163, 181): their parent's applies.
        parent = probe[:-1]
        while parent and (parent not in book or book[parent].plover is None):
            parent = parent[:-1]
        if parent:
            entry = Code(entry.code, entry.root, entry.description, entry.goldstein, entry.quad_class, book[parent].plover, entry.plover_mode)
    return entry if probe == code else Code(code, entry.root, entry.description, entry.goldstein, entry.quad_class, entry.plover, entry.plover_mode)
