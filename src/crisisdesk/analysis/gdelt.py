"""Export event clusters and their mentions in the GDELT 2.0 Events (61 columns) and Mentions formats.

Files are tab-separated without a header, as GDELT publishes them, named `crisisdesk.export.CSV` and
`crisisdesk.mentions.CSV`; the column lists (from the GDELT 2.0 codebook header rows) are package
data in `data/gdelt/`. One Events row is one event cluster (analysis/clusters.py) of asserted
events: GDELT has no modality, so a denied or hypothetical action is not exported as an event.

Where crisisdesk has no value the GDELT field is left empty (tone, ethnic and religion codes, known
group codes, ADM codes and feature ids), and where GDELT uses FIPS 10-4 country codes in the Geo
fields crisisdesk writes the ISO 3166-1 alpha-3 code it carries (stated here, so readers can map it).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ..nlp.kb import region_codes

EVENTS_FILE = "crisisdesk.export.CSV"
MENTIONS_FILE = "crisisdesk.mentions.CSV"
MENTION_TYPE_WEB = 1  # GDELT's MentionType 1: a web document
# The lead of an article (GDELT's IsRootEvent) is its first paragraph; a paragraph shorter than
# this is a dateline or a kicker, and the lead runs on to the next one.
MIN_LEAD_CHARS = 40


@lru_cache(maxsize=2)
def columns(table: str) -> tuple[str, ...]:
    """The GDELT 2.0 column names of a table (`events` or `mentions`), in file order."""
    text = resources.files("crisisdesk.data.gdelt").joinpath(f"{table}_columns.csv").read_text("utf-8")
    rows = list(csv.reader(line for line in text.splitlines() if line and not line.startswith("#")))
    return tuple(r[0] for r in rows[1:])


def _day(d: dt.date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _stamp(t: dt.datetime | dt.date | None) -> str:
    if t is None:
        return ""
    if not isinstance(t, dt.datetime):
        t = dt.datetime(t.year, t.month, t.day)
    return t.strftime("%Y%m%d%H%M%S")


def _fraction(d: dt.date) -> str:
    """GDELT's FractionDate: the year plus the fraction of it elapsed (YYYY.FFFF)."""
    return f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"


_SENT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n+")


def sentence_number(text: str, offset: int) -> int:
    """The 1-based number of the sentence holding a character offset (GDELT's SentenceID)."""
    return 1 + sum(1 for _ in _SENT_END.finditer(text, 0, max(0, offset)))


def _lead_end(text: str) -> int:
    pos = 0
    while True:
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        if nxt >= MIN_LEAD_CHARS:
            return nxt
        pos = nxt + 1


def _actor_fields(ref: dict[str, Any] | None) -> list[str]:
    """Actor{1,2} Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1, Type2, Type3."""
    if not ref:
        return [""] * 10
    code = ref.get("code") or ""
    # GDELT's CountryCode is CAMEO's, which has regions too ("WST" the West); a record's country is only a state's.
    country = ref.get("country") or (code[:3] if code[:3] in region_codes() else "")
    return [code, (ref.get("name") or "").upper(), country, "", "", "", "", ref.get("sector") or "", "", ""]


def _geo_fields(loc: dict[str, Any] | None) -> list[str]:
    """Geo Type, FullName, CountryCode, ADM1, ADM2, Lat, Long, FeatureID (Type 1 country, 4 place, 0 none)."""
    if not loc:
        return ["0", "", "", "", "", "", "", ""]
    lat, lon = loc.get("lat"), loc.get("lon")
    kind = "4" if lat is not None and loc.get("name") != loc.get("country") else "1"
    return [kind, loc.get("name") or "", loc.get("country") or "", "", "",
            "" if lat is None else f"{lat:.4f}", "" if lon is None else f"{lon:.4f}", ""]


def _clean(value: str) -> str:
    """A field value without the tabs and newlines that would break a row."""
    return re.sub(r"[\t\r\n]+", " ", value)


def event_rows(con: duckdb.DuckDBPyConnection, date_from: dt.date | None = None, date_to: dt.date | None = None) -> Iterator[list[str]]:
    """GDELT Events rows, one per event cluster of asserted events."""
    cur = con.cursor()
    rel = cur.execute(
        """SELECT c.id, c.date, c.cameo, c.cameo_root, c.quad_class, c.goldstein, c.n_mentions, c.n_sources, c.n_articles,
                  c.added_at, e.record, a.url, a.source, a.published, a.text
           FROM event_clusters c JOIN events e ON e.id = c.first_event_id JOIN articles a ON a.id = e.article_id
           WHERE c.modality = 'asserted' AND (CAST(? AS DATE) IS NULL OR c.date >= ?) AND (CAST(? AS DATE) IS NULL OR c.date <= ?)
           ORDER BY c.id""",
        [date_from, date_from, date_to, date_to],
    )
    while batch := rel.fetchmany(2048):
        for cid, day, cameo, root, quad, gold, nm, ns, na, added, record, url, source, published, text in batch:
            ev = json.loads(record)
            day = day or published
            row = [str(cid), _day(day), day.strftime("%Y%m") if day else "", str(day.year) if day else "", _fraction(day) if day else ""]
            row += _actor_fields(ev.get("source")) + _actor_fields(ev.get("target"))
            row += ["1" if ev["start"] < _lead_end(text) else "0", cameo, cameo[:3], root, str(quad), f"{gold:g}", str(nm), str(ns), str(na), ""]
            row += _geo_fields(None) + _geo_fields(None) + _geo_fields(ev.get("location"))
            row += [_stamp(added), url or source or ""]
            yield [_clean(v) for v in row]


def _offset_of(actors: dict[str, list[list[int]]], ref: dict[str, Any] | None, lo: int, hi: int) -> int:
    """The offset of the actor's mention nearest the event span, or -1 (GDELT's 'not found')."""
    if not ref:
        return -1
    spans = actors.get(ref.get("actor_id") or "", [])
    inside = [s for s, _e in spans if lo <= s < hi]
    if inside:
        return inside[0]
    return min((s for s, _e in spans), key=lambda s: abs(s - lo), default=-1)


def mention_rows(con: duckdb.DuckDBPyConnection, date_from: dt.date | None = None, date_to: dt.date | None = None) -> Iterator[list[str]]:
    """GDELT Mentions rows, one per mention of an exported event."""
    cur = con.cursor()
    rel = cur.execute(
        """SELECT c.id, c.added_at, e.record, a.id, a.site, a.url, a.source, a.published, a.ingested_at, a.text
           FROM event_mentions em JOIN event_clusters c ON c.id = em.cluster_id
           JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = e.article_id
           WHERE c.modality = 'asserted' AND (CAST(? AS DATE) IS NULL OR c.date >= ?) AND (CAST(? AS DATE) IS NULL OR c.date <= ?)
           ORDER BY c.id, a.published, a.id, e.start""",
        [date_from, date_from, date_to, date_to],
    )
    actor_cur = con.cursor()
    cache: tuple[str, dict[str, list[list[int]]]] | None = None
    while batch := rel.fetchmany(2048):
        for cid, added, record, aid, site, url, source, published, ingested, text in batch:
            ev = json.loads(record)
            if cache is None or cache[0] != aid:
                mentions = {}
                for (rec,) in actor_cur.execute("SELECT record FROM actors WHERE article_id = ?", [aid]).fetchall():
                    actor = json.loads(rec)
                    mentions[actor["actor_id"]] = actor.get("mentions", [])
                cache = (aid, mentions)
            actors = cache[1]
            lo = text.rfind(ev["sentence"][:40], 0, ev["end"]) if ev.get("sentence") else ev["start"]
            lo = ev["start"] if lo < 0 else lo
            hi = lo + len(ev.get("sentence") or "")
            confidence = ev.get("confidence")
            row = [
                str(cid), _stamp(added), _stamp(published or ingested), str(MENTION_TYPE_WEB), site or "", url or source or "",
                str(sentence_number(text, ev["start"])),
                str(_offset_of(actors, ev.get("source"), lo, hi)), str(_offset_of(actors, ev.get("target"), lo, hi)),
                str(ev["start"]), "1", "" if confidence is None else str(round(float(confidence) * 100)),
                str(len(text)), "", "", "",
            ]
            yield [_clean(v) for v in row]


def export_gdelt(con: duckdb.DuckDBPyConnection, out: Path, date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict[str, int]:
    """Write the GDELT Events and Mentions files into a folder; return the rows written per table."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows, table in ((EVENTS_FILE, event_rows, "events"), (MENTIONS_FILE, mention_rows, "mentions")):
        width = len(columns(table))
        n = 0
        with (out / name).open("w", encoding="utf-8", newline="") as fh:
            for row in rows(con, date_from, date_to):
                assert len(row) == width, f"{table} row of {len(row)} fields, GDELT has {width}"
                fh.write("\t".join(row) + "\n")
                n += 1
        counts[table] = n
    return counts


def read_gdelt(path: Path, table: str) -> list[dict[str, str]]:
    """Parse a GDELT 2.0 Events or Mentions file (tab-separated, no header) with the column list."""
    names = columns(table)
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) != len(names):
                raise ValueError(f"{path}:{n}: {len(fields)} fields, a GDELT {table} row has {len(names)}")
            out.append(dict(zip(names, fields, strict=True)))
    return out
