"""A report on a period: escalation index lines and weekly verdicts, top events with evidence, who
said what, and the claims that fall due. Rendered as plain text or as a self-contained HTML page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..store.store import Store
from .claims import list_claims
from .index import IndexPoint, WeekVerdict, index_series, weekly_verdicts

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TEMPLATES = Path(__file__).parent / "templates"
TOP_PAIRS = 3  # without --actors, the report follows the three most reported pairs of the period


@dataclass
class PairSection:
    """The index line and the weekly verdicts of one pair (or one party when b is None)."""

    a: str
    b: str | None
    points: list[IndexPoint]
    verdicts: list[WeekVerdict]


@dataclass
class Report:
    """Everything a report shows."""

    date_from: dt.date | None
    date_to: dt.date | None
    actors: list[str]
    articles: int
    duplicates: int
    speakers: list[tuple[str, int]]
    quads: list[tuple[int, int]]
    pairs: list[PairSection] = field(default_factory=list)
    top_events: list[dict[str, Any]] = field(default_factory=list)
    said: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    analysed: bool = True


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _period_bounds(con: duckdb.DuckDBPyConnection, date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    lo, hi = con.execute("SELECT min(published), max(published) FROM articles").fetchone() or (None, None)
    return date_from or lo, date_to or hi


def _top_pairs(con: duckdb.DuckDBPyConnection, lo: dt.date, hi: dt.date, n: int) -> list[tuple[str, str]]:
    rows = con.execute(
        """SELECT least(source, target), greatest(source, target), sum(events) n FROM daily_index
           WHERE target <> '' AND source <> target AND day BETWEEN ? AND ? GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?""",
        [lo, hi, n],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def build_report(store: Store, date_from: str | None = None, date_to: str | None = None, actors: list[str] | None = None, top: int = 8) -> Report:
    """Compute a report over a date range (inclusive; open ends take the store's first and last day)."""
    con = store.con
    actors = [a.strip() for a in (actors or []) if a.strip()]
    lo, hi = _period_bounds(con, dt.date.fromisoformat(date_from) if date_from else None, dt.date.fromisoformat(date_to) if date_to else None)
    where = "WHERE (CAST(? AS DATE) IS NULL OR a.published >= ?) AND (CAST(? AS DATE) IS NULL OR a.published <= ?)"
    args: list[Any] = [lo, lo, hi, hi]
    articles, duplicates = con.execute(f"SELECT count(*), count(a.duplicate_of) FROM articles a {where}", args).fetchone() or (0, 0)
    speaker_filter = "AND list_contains(?, q.speaker_country)" if actors else ""
    speakers = con.execute(
        f"""SELECT q.speaker_name, count(*) n FROM quotes q JOIN articles a ON a.id = q.article_id
            {where} AND q.speaker_name IS NOT NULL AND a.duplicate_of IS NULL {speaker_filter}
            GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?""",
        [*args, *([actors] if actors else []), top],
    ).fetchall()
    quads = con.execute(
        f"""SELECT e.quad_class, count(*) FROM events e JOIN articles a ON a.id = e.article_id
            {where} AND a.duplicate_of IS NULL AND e.modality = 'asserted' GROUP BY 1 ORDER BY 1""",
        args,
    ).fetchall()
    report = Report(lo, hi, actors, int(articles), int(duplicates), [(s, int(n)) for s, n in speakers], [(int(q), int(n)) for q, n in quads])
    if "event_clusters" not in _tables(con):
        report.analysed = False
        return report
    if lo is None or hi is None:
        return report
    if len(actors) >= 2:
        pairs: list[tuple[str, str | None]] = [(a, b) for i, a in enumerate(actors) for b in actors[i + 1:]]
    elif len(actors) == 1:
        pairs = [(actors[0], None)]
    else:
        pairs = list(_top_pairs(con, lo, hi, TOP_PAIRS))
    for a, b in pairs:
        points = index_series(con, a, b, start=lo, end=hi)
        verdicts = weekly_verdicts(con, a, b, start=lo, end=hi) if b else []
        report.pairs.append(PairSection(a, b, points, verdicts))
    actor_filter = "AND (list_contains(?, c.source_party) OR list_contains(?, c.target_party))" if actors else ""
    rows = con.execute(
        f"""SELECT c.id, CAST(c.date AS VARCHAR), c.source_party, c.target_party, c.cameo, c.goldstein, c.quad_class,
                   c.n_mentions, c.n_sources, c.n_articles, c.n_copies, json_extract_string(e.record, '$.sentence'),
                   a.title, a.site, a.url, e.article_id
            FROM event_clusters c JOIN events e ON e.id = c.first_event_id JOIN articles a ON a.id = e.article_id
            WHERE c.modality = 'asserted' AND c.date BETWEEN ? AND ? {actor_filter}
            ORDER BY c.n_articles DESC, c.n_mentions DESC, abs(c.goldstein) DESC, c.id LIMIT ?""",
        [lo, hi, *([actors, actors] if actors else []), top],
    ).fetchall()
    keys = ("id", "date", "source", "target", "cameo", "goldstein", "quad_class", "mentions", "sources", "articles", "copies",
            "sentence", "title", "site", "url", "article_id")
    report.top_events = [dict(zip(keys, r, strict=True)) for r in rows]
    said = con.execute(
        f"""WITH ranked AS (
                SELECT q.speaker_name, q.text, q.kind, a.title, a.site, CAST(a.published AS VARCHAR) AS published, q.article_id,
                       row_number() OVER (PARTITION BY q.speaker_name ORDER BY (q.kind = 'direct') DESC, length(q.text) DESC, q.id) AS k
                FROM quotes q JOIN articles a ON a.id = q.article_id
                {where} AND q.speaker_name IS NOT NULL AND a.duplicate_of IS NULL {speaker_filter})
            SELECT speaker_name, text, kind, title, site, published, article_id FROM ranked
            WHERE k <= 2 AND list_contains(?, speaker_name) ORDER BY speaker_name, k""",
        [*args, *([actors] if actors else []), [s for s, _n in speakers]],
    ).fetchall()
    order = {s: i for i, (s, _n) in enumerate(speakers)}
    report.said = sorted(
        ({"speaker": r[0], "text": r[1], "kind": r[2], "title": r[3], "site": r[4], "published": r[5], "article_id": r[6]} for r in said),
        key=lambda d: order.get(d["speaker"], len(order)),
    )
    claims = list_claims(con, due_from=lo, due_to=hi + dt.timedelta(days=7), limit=200)
    if actors:
        claims = [c for c in claims if {c.get("subject_party"), c.get("object_party"), c.get("speaker_party")} & set(actors)]
    report.claims = claims[:top * 2]
    return report


def _bar(value: float | None, scale: float) -> str:
    if value is None:
        return " " * 20 + "|"
    width = min(20, round(abs(value) / scale * 20)) if scale else 0
    return ("#" * width).rjust(20) + "|" if value < 0 else " " * 20 + "|" + "+" * width


def render_text(report: Report) -> str:
    """The report as plain text."""
    period = f"{report.date_from or '...'} to {report.date_to or '...'}"
    lines = [f"crisisdesk report, {period}" + (f", actors {', '.join(report.actors)}" if report.actors else ""), ""]
    lines += [f"Articles: {report.articles} ({report.duplicates} duplicates of another article)", "", "Most quoted speakers:"]
    lines += [f"  {n:4d}  {name}" for name, n in report.speakers] or ["  (none)"]
    lines += ["", "Asserted events by quad class:"]
    lines += [f"  {n:4d}  {q} {QUAD_NAMES[q]}" for q, n in report.quads] or ["  (none)"]
    if not report.analysed:
        lines += ["", "(this store has not been analysed yet: run `crisisdesk analyse --db FILE`)"]
        return "\n".join(lines)
    for section in report.pairs:
        name = f"{section.a}-{section.b}" if section.b else section.a
        lines += ["", f"Escalation index {name} (Goldstein points per 100 articles; left of | is conflict; 7-day line):"]
        scale = max((abs(p.rolling) for p in section.points if p.rolling is not None), default=0.0)
        for p in section.points:
            if p.articles == 0 and p.events == 0:
                continue
            value = "   n/a" if p.rolling is None else f"{p.rolling:+6.2f}"
            lines.append(f"  {p.date}  {_bar(p.rolling, scale):<42} {value}  ({p.events} events, {p.articles} articles)")
        if section.verdicts:
            lines.append(f"  Weekly verdicts {name}:")
            for v in section.verdicts:
                idx = "n/a" if v.index is None else f"{v.index:+.2f}"
                base = "" if v.baseline_median is None else f" vs median {v.baseline_median:+.2f} +- 2 x {v.spread:.2f}"
                lines.append(f"    week of {v.week}: {v.verdict:<20} index {idx}{base}")
                for ev in v.evidence:
                    lines.append(f"      - {ev['date']} {ev['source']}->{ev['target']} {ev['cameo']} ({ev['goldstein']:+g}, {ev['mentions']} mentions): {_short(ev['sentence'])}")
    lines += ["", "Top events (by articles reporting them):"]
    for ev in report.top_events:
        lines.append(f"  {ev['date']} {ev['source']}->{ev['target'] or '-'} CAMEO {ev['cameo']} ({ev['goldstein']:+g}): "
                     f"{ev['mentions']} mentions, {ev['sources']} sources, {ev['articles']} articles, {ev['copies']} copies")
        lines.append(f"      {_short(ev['sentence'])}  [{ev['site']}: {_short(ev['title'], 60)}]")
    if not report.top_events:
        lines.append("  (none)")
    lines += ["", "Who said what:"]
    for q in report.said:
        lines.append(f"  {q['speaker']} ({q['published']}, {q['site']}): \u201c{_short(q['text'])}\u201d")
    if not report.said:
        lines.append("  (none)")
    lines += ["", "Claims due in the period:"]
    for c in report.claims:
        about = " -> ".join(x for x in (c.get("subject_name") or c.get("subject_party"), c.get("object_name") or c.get("object_party")) if x)
        lines.append(f"  due {c['target_date'] or 'undated'} [{c['status']}] {c['speaker_name']} on {about or '?'} ({c['action']}, said {c['published']}): {_short(c['text'])}")
    if not report.claims:
        lines.append("  (none)")
    return "\n".join(lines)


def _short(text: str | None, n: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _svg_points(points: list[IndexPoint], width: int = 640, height: int = 160) -> dict[str, Any]:
    """Polyline coordinates of a 7-day line, scaled to a box, with the zero line."""
    values = [p.rolling for p in points]
    known = [v for v in values if v is not None]
    if not known:
        return {"line": "", "zero": height / 2, "width": width, "height": height, "lo": 0, "hi": 0}
    top, bottom = max(max(known), 0.0), min(min(known), 0.0)
    span = (top - bottom) or 1.0
    step = width / max(1, len(points) - 1)
    coords = [f"{i * step:.1f},{(top - v) / span * (height - 10) + 5:.1f}" for i, v in enumerate(values) if v is not None]
    return {"line": " ".join(coords), "zero": (top / span) * (height - 10) + 5, "width": width, "height": height, "lo": bottom, "hi": top}


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (no external assets; all text escaped)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.filters["short"] = _short
    sections = [(s, _svg_points(s.points)) for s in report.pairs]
    return env.get_template("report.html").render(report=report, sections=sections, quad_names=QUAD_NAMES)
