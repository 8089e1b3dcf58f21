"""The claims ledger: forward-looking statements and warnings, who made them, about whom, the date
they point to, and whether later articles bore them out.

A claim is a sentence that looks ahead (a marker such as "could", "will", "as early as", "ready to",
from `data/lexicons/claims.yaml`), names an action the ledger can check (an attack, a visit, talks,
sanctions, a withdrawal, a recognition: each with the CAMEO roots of the events that bear it out),
and either names a day after its publication (a resolved time expression) or is an undated warning
("ready to strike at any moment"). Events the coder marked `future` or `hypothetical` are claims
too. Who made it is the speaker of the quotation around the sentence, else the event's `reported_by`,
else the outlet itself; about whom are the actors around the action word (or the event's actors).

Status, checked after every ingest against counted events (asserted, of non-copy articles):
- borne out: an event of the action's roots, by the claim's subject (and against its object, or
  with no target), dated within a day of the named date (or period), after the claim was made, and
  told in a sentence that does not itself look ahead or hang on a condition ("should Russia invade");
- not borne out: the store's newest article is past the date plus that day and no such event exists;
- open: otherwise. An undated claim has a horizon of UNDATED_HORIZON_DAYS from its publication.
A claim naming neither who will act nor against whom cannot be checked and stays open. When only
the object is known, only an event against it bears the claim out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb
import yaml

from ..nlp.kb import party
from .escalation import party_sql
from .index import COUNTED
from .tables import insert_rows, one, temp_values

BORNE_OUT, NOT_BORNE_OUT, OPEN = "borne out", "not borne out", "open"
# A named day is met by an event dated the day before to the day after: reports of an attack at
# night carry either date, and time zones shift a day.
DATE_TOLERANCE_DAYS = 1
# "At any moment" and "imminent" are the language of weeks, not months: a month without the event
# is taken as the warning not borne out. Fixed in advance (no crisis data was looked at to set it).
UNDATED_HORIZON_DAYS = 30
CLAIM_COLUMNS = ("id", "article_id", "published", "speaker_id", "speaker_name", "speaker_party", "subject_party", "object_party",
                 "action", "cameo_root", "target_date", "target_end", "date_text", "text", "status", "status_event_id", "record")
# The longest sentence the ledger keeps whole; longer spans (lists, run-on paragraphs) are cut.
MAX_SENTENCE = 600


@dataclass(frozen=True)
class Lexicon:
    """The compiled claims lexicon."""

    markers: re.Pattern[str]
    undated: re.Pattern[str]
    actions: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]


def _pattern(words: list[str]) -> re.Pattern[str]:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        w = str(w)
        body = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if w.endswith("*") else r"\b"))
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The claims lexicon, loaded once from the package data."""
    data = yaml.safe_load(resources.files("crisisdesk.data.lexicons").joinpath("claims.yaml").read_text("utf-8"))
    actions = tuple((name, tuple(spec["roots"]), _pattern(spec["words"])) for name, spec in data["actions"].items())
    return Lexicon(_pattern(data["markers"]), _pattern(data["undated_markers"]), actions)


# Words that make a sentence conditional: "should Russia choose to invade" reports no invasion.
CONDITIONALS = ["if", "should", "unless", "were to", "in case", "in the event", "whether"]


@lru_cache(maxsize=1)
def _looks_ahead_re() -> str:
    """An RE2 pattern (for DuckDB) of sentences that look ahead or are conditional: they report no fact."""
    data = yaml.safe_load(resources.files("crisisdesk.data.lexicons").joinpath("claims.yaml").read_text("utf-8"))
    return "(?i)" + _pattern([*data["markers"], *CONDITIONALS]).pattern


_SENT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n+")


def sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The bounds of the sentence around [start, end) of a text (split at . ! ? followed by space, or a newline)."""
    end = start if end is None else end
    lo = 0
    for m in _SENT_END.finditer(text, max(0, start - MAX_SENTENCE), start):
        lo = m.end()
    after = _SENT_END.search(text, end)
    hi = after.start() if after else len(text)
    if hi - lo > MAX_SENTENCE:
        lo, hi = max(lo, start - MAX_SENTENCE // 2), min(hi, end + MAX_SENTENCE // 2)
    return lo, hi


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a TIMEX3 date value (day, ISO week or month), or None."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _WEEK.match(value):
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, first + dt.timedelta(days=6)
        if m := _MONTH.match(value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


@dataclass
class Claim:
    """One entry of the ledger."""

    id: str
    article_id: str
    published: dt.date | None
    text: str
    start: int
    end: int
    action: str
    cameo_roots: tuple[str, ...]
    speaker_id: str | None
    speaker_name: str | None
    speaker_party: str | None
    subject_party: str | None
    subject_name: str | None
    object_party: str | None
    object_name: str | None
    target_date: dt.date | None
    target_end: dt.date | None
    date_text: str | None
    source: str  # "timex", "event" or "quote": what made it a claim
    status: str = OPEN
    status_event_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The claim as a JSON-ready dict."""
        data = asdict(self)
        for k in ("published", "target_date", "target_end"):
            data[k] = data[k].isoformat() if data[k] else None
        data["cameo_roots"] = list(self.cameo_roots)
        return {"type": "claim", **data}


def _claim_id(article_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:16]


def _action(sentence: str) -> tuple[str, tuple[str, ...], int] | None:
    """The first action the sentence names: (name, CAMEO roots, offset of the word in the sentence)."""
    best = None
    for name, roots, pattern in lexicon().actions:
        m = pattern.search(sentence)
        if m and (best is None or m.start() < best[2]):
            best = (name, roots, m.start())
    return best


def _party(ref: dict[str, Any] | None) -> str | None:
    return party(ref.get("country"), ref.get("code")) if ref else None


@lru_cache(maxsize=1)
def country_adjectives() -> dict[str, str]:
    """Adjective -> country code from the bundled country list ("Russian" -> RUS)."""
    data = yaml.safe_load(resources.files("crisisdesk.data.actors").joinpath("countries.yaml").read_text("utf-8"))
    out: dict[str, str] = {}
    for c in data if isinstance(data, list) else data.get("countries", []):
        for adj in c.get("adjectives") or []:
            out.setdefault(str(adj).lower(), c["code"])
    return out


_WORD_BEFORE = re.compile(r"([A-Z][\w-]+)\s+(?:[a-z-]+\s+)?$")
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")


def _adjective_party(sentence: str, at: int, article_adjectives: dict[str, str]) -> dict[str, Any] | None:
    """The country of an adjective just before the action word ("a Russian invasion", "Russian military action")."""
    m = _WORD_BEFORE.search(sentence[max(0, at - 40):at])
    if not m:
        return None
    word = m.group(1).lower()
    code = article_adjectives.get(word) or country_adjectives().get(word)
    return {"name": m.group(1), "country": code, "code": code} if code else None


def article_claims(con: duckdb.DuckDBPyConnection, article_id: str) -> list[Claim]:
    """Find the claims of one stored article."""
    row = con.execute("SELECT text, published, site FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return []
    text, published, site = row
    lex = lexicon()
    quotes = [json.loads(r[0]) for r in con.execute("SELECT record FROM quotes WHERE article_id = ?", [article_id]).fetchall()]
    events = [json.loads(r[0]) for r in con.execute("SELECT record FROM events WHERE article_id = ?", [article_id]).fetchall()]
    timexes = con.execute("SELECT value, text, start, \"end\" FROM timexes WHERE article_id = ? AND kind = 'date' ORDER BY start", [article_id]).fetchall()
    mentions: list[tuple[int, int, dict[str, Any]]] = []
    for (record,) in con.execute("SELECT record FROM actors WHERE article_id = ?", [article_id]).fetchall():
        actor = json.loads(record)
        for s, e in actor.get("mentions", []):
            mentions.append((int(s), int(e), actor))
    mentions.sort(key=lambda m: m[0])
    # Adjectives this article uses for its actors ("Varenian forces" -> XVR), beside the bundled list.
    article_adjectives: dict[str, str] = {}
    for s_, e_, actor in mentions:
        words = text[s_:e_].split()
        party = _party(actor)
        if len(words) > 1 and party and words[0][:1].isupper() and words[0].lower() != actor["name"].lower():
            article_adjectives.setdefault(words[0].lower(), party)

    spans: dict[tuple[int, int], dict[str, Any]] = {}
    # 1. Time expressions that point ahead of the publication day, in a sentence that looks ahead.
    for value, ttext, tstart, tend in timexes:
        p = period(value)
        if p is None or published is None or p[1] <= published:
            continue
        lo, hi = sentence_span(text, tstart, tend)
        spans.setdefault((lo, hi), {"date": (p, ttext), "source": "timex"})
    # 2. Events coded as future or hypothetical.
    for ev in events:
        if ev.get("modality") not in ("future", "hypothetical"):
            continue
        lo, hi = sentence_span(text, ev["start"], ev["end"])
        spans.setdefault((lo, hi), {"source": "event"})["event"] = ev
    # 3. Quotations that look ahead, without a date ("ready to strike at any moment").
    for q in quotes:
        if lex.undated.search(q["text"]):
            lo, hi = sentence_span(text, q["start"], q["end"])
            spans.setdefault((lo, hi), {"source": "quote"})

    claims = []
    for (lo, hi), found in sorted(spans.items()):
        sentence = text[lo:hi]
        if not lex.markers.search(sentence):
            continue
        ev = found.get("event")
        act = _action(sentence)
        if act is None and ev is not None:
            act = next(((n, roots, 0) for n, roots, _p in lex.actions if ev["cameo_root"] in roots), None)
        if act is None:
            continue
        name, roots, at = act
        date_info = found.get("date")
        if date_info is None:
            # An undated sentence needs a strong marker; an event's own date counts when the text gave it.
            for value, ttext, tstart, _tend in timexes:
                p = period(value)
                if lo <= tstart < hi and p and published and p[1] > published:
                    date_info = (p, ttext)
                    break
        if date_info is None and not lex.undated.search(sentence):
            continue
        quote = next((q for q in quotes if q["start"] < hi and q["end"] > lo), None)
        speaker = (quote or {}).get("speaker") or (ev or {}).get("reported_by")
        speaker_name = speaker["name"] if speaker else ((quote or {}).get("speaker_text") or site)
        # Subject and object: the event's actors, else the actor mentions around the action word.
        subject = object_ = None
        if ev is not None:
            subject, object_ = ev.get("source"), ev.get("target")
        else:
            pivot = lo + at
            before = [m for m in mentions if lo <= m[0] < pivot and (not speaker or m[2]["actor_id"] != speaker.get("actor_id"))]
            after = [m for m in mentions if pivot <= m[0] < hi]
            # "an invasion ... by Russia": the agent of a nominal action follows it after "by"
            agent = next((m for m in after if _BY_BEFORE.search(text[max(lo, m[0] - 8):m[0]])), None)
            subject = _adjective_party(sentence, at, article_adjectives) or (agent[2] if agent else None) or (before[-1][2] if before else None)
            object_ = next((m[2] for m in after if m is not agent and _party(m[2]) != _party(subject)), None)
        (first, last), date_text = date_info if date_info else ((None, None), None)
        claims.append(
            Claim(
                id=_claim_id(article_id, lo, hi), article_id=article_id, published=published, text=sentence.strip(),
                start=lo, end=hi, action=name, cameo_roots=roots,
                speaker_id=speaker.get("actor_id") if speaker else None, speaker_name=speaker_name,
                speaker_party=_party(speaker), subject_party=_party(subject), subject_name=subject["name"] if subject else None,
                object_party=_party(object_), object_name=object_["name"] if object_ else None,
                target_date=first, target_end=last, date_text=date_text, source=found["source"],
            )
        )
    return claims


def store_claims(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> int:
    """Find and store the claims of these articles (copies of another article are skipped); return how many."""
    if not article_ids:
        return 0
    temp_values(con, "claim_articles", "id", article_ids)
    ids = [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT id FROM claim_articles) AND duplicate_of IS NULL ORDER BY id").fetchall()]
    rows = []
    for aid in ids:
        for c in article_claims(con, aid):
            rows.append([
                c.id, c.article_id, c.published, c.speaker_id, c.speaker_name, c.speaker_party, c.subject_party,
                c.object_party, c.action, ",".join(c.cameo_roots), c.target_date, c.target_end, c.date_text, c.text, c.status,
                c.status_event_id, json.dumps(c.to_json(), ensure_ascii=False),
            ])
    con.execute("BEGIN TRANSACTION")
    try:
        # Claims of articles that became copies of another leave the ledger (their story is there already).
        con.execute(
            "DELETE FROM claims WHERE article_id IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
        if rows:
            insert_rows(con, "claims", CLAIM_COLUMNS, rows, mode="INSERT OR REPLACE")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def update_statuses(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Re-judge every claim against the store's events; return the number of claims per status."""
    now = one(con, "SELECT max(published) FROM articles")[0]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE claim_windows AS
            SELECT id, article_id, published, subject_party, object_party, string_split(cameo_root, ',') AS roots,
                   coalesce(target_date - INTERVAL {DATE_TOLERANCE_DAYS} DAY, published)::DATE AS lo,
                   coalesce(target_end + INTERVAL {DATE_TOLERANCE_DAYS} DAY,
                            published + INTERVAL {UNDATED_HORIZON_DAYS} DAY)::DATE AS hi
            FROM claims"""
    )
    matches = con.execute(
        f"""SELECT w.id, arg_min(e.id, e.date) FROM claim_windows w JOIN events e
              ON e.date BETWEEN greatest(w.lo, w.published) AND w.hi
             AND list_contains(w.roots, e.cameo_root)
             AND (w.subject_party IS NOT NULL OR w.object_party IS NOT NULL)
             AND (w.subject_party IS NULL OR {party_sql("source")} = w.subject_party)
             AND (w.object_party IS NULL OR {party_sql("target")} = w.object_party
                  OR (w.subject_party IS NOT NULL AND {party_sql("target")} IS NULL))
             AND e.article_id <> w.article_id
            WHERE {COUNTED} AND NOT regexp_matches(coalesce(json_extract_string(e.record, '$.sentence'), ''), ?)
            GROUP BY w.id""",
        [_looks_ahead_re()],
    ).fetchall()
    borne = {r[0]: r[1] for r in matches}
    windows = con.execute("SELECT id, hi, subject_party IS NOT NULL OR object_party IS NOT NULL FROM claim_windows").fetchall()
    updates = []
    for cid, hi, checkable in windows:
        if cid in borne:
            updates.append([BORNE_OUT, borne[cid], cid])
        elif checkable and now is not None and hi is not None and now > hi:
            updates.append([NOT_BORNE_OUT, None, cid])
        else:
            updates.append([OPEN, None, cid])
    if updates:
        con.execute("CREATE OR REPLACE TEMP TABLE claim_updates (status VARCHAR, event_id VARCHAR, id VARCHAR)")
        insert_rows(con, "claim_updates", ["status", "event_id", "id"], updates)
        con.execute(
            """UPDATE claims SET status = u.status, status_event_id = u.event_id,
                      record = json_merge_patch(claims.record, json_object('status', u.status, 'status_event_id', u.event_id))
               FROM claim_updates u WHERE claims.id = u.id"""
        )
    return dict(con.execute("SELECT status, count(*) FROM claims GROUP BY 1").fetchall())


def list_claims(
    con: duckdb.DuckDBPyConnection,
    *,
    status: str | None = None,
    action: str | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    made_from: dt.date | None = None,
    made_to: dt.date | None = None,
    party: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Claims of the ledger, filtered; soonest due first."""
    rows = con.execute(
        """SELECT c.record, a.title, a.site, a.url FROM claims c JOIN articles a ON a.id = c.article_id
           WHERE (? IS NULL OR c.status = ?) AND (? IS NULL OR c.action = ?)
             AND (CAST(? AS DATE) IS NULL OR c.target_date >= ?) AND (CAST(? AS DATE) IS NULL OR c.target_date <= ?)
             AND (CAST(? AS DATE) IS NULL OR c.published >= ?) AND (CAST(? AS DATE) IS NULL OR c.published <= ?)
             AND (? IS NULL OR ? IN (c.subject_party, c.object_party, c.speaker_party))
           ORDER BY c.target_date NULLS LAST, c.published, c.id LIMIT ? OFFSET ?""",
        [status, status, action, action, due_from, due_from, due_to, due_to, made_from, made_from, made_to, made_to,
         party, party, limit, offset],
    ).fetchall()
    out = []
    for record, title, site, url in rows:
        item = json.loads(record)
        item.update({"article_title": title, "article_site": site, "article_url": url})
        out.append(item)
    return out
