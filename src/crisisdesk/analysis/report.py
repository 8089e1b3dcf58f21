"""A short text summary of a store: articles, most quoted speakers, events by quad class, daily escalation."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.store import Store

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass
class Summary:
    """The figures of a report."""

    articles: int
    duplicates: int
    speakers: list[tuple[str, int]]
    quads: list[tuple[int, int]]
    daily: list[tuple[str, int, float]]


def summarise(store: Store, date_from: str | None = None, date_to: str | None = None, top: int = 8) -> Summary:
    """Compute the report's figures over a date range (inclusive; open ends allowed)."""
    con = store.con
    where = "WHERE (? IS NULL OR a.published >= CAST(? AS DATE)) AND (? IS NULL OR a.published <= CAST(? AS DATE))"
    args = [date_from, date_from, date_to, date_to]
    articles, duplicates = con.execute(f"SELECT count(*), count(a.duplicate_of) FROM articles a {where}", args).fetchone()
    speakers = con.execute(
        f"""SELECT q.speaker_name, count(*) n FROM quotes q JOIN articles a ON a.id = q.article_id
            {where} AND q.speaker_name IS NOT NULL AND a.duplicate_of IS NULL
            GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?""",
        [*args, top],
    ).fetchall()
    quads = con.execute(
        f"""SELECT e.quad_class, count(*) FROM events e JOIN articles a ON a.id = e.article_id
            {where} AND a.duplicate_of IS NULL AND e.modality = 'asserted' GROUP BY 1 ORDER BY 1""",
        args,
    ).fetchall()
    daily = con.execute(
        f"""SELECT CAST(e.date AS VARCHAR), count(*), avg(e.goldstein) FROM events e JOIN articles a ON a.id = e.article_id
            {where} AND a.duplicate_of IS NULL AND e.modality = 'asserted' AND e.date IS NOT NULL
            GROUP BY 1 ORDER BY 1""",
        args,
    ).fetchall()
    return Summary(int(articles), int(duplicates), [(s, int(n)) for s, n in speakers], [(int(q), int(n)) for q, n in quads], [(d, int(n), float(g)) for d, n, g in daily])


def render_text(summary: Summary) -> str:
    """The report as plain text, with a bar per day for the mean Goldstein score (-10 conflict to +10 cooperation)."""
    lines = [f"Articles: {summary.articles} ({summary.duplicates} duplicates of another article)", "", "Most quoted speakers:"]
    lines += [f"  {n:4d}  {name}" for name, n in summary.speakers] or ["  (none)"]
    lines += ["", "Asserted events by quad class:"]
    lines += [f"  {n:4d}  {q} {QUAD_NAMES[q]}" for q, n in summary.quads] or ["  (none)"]
    lines += ["", "Escalation line (mean Goldstein of the day's asserted events; left of | is conflict):"]
    for day, n, g in summary.daily:
        width = round(abs(g) * 2)
        bar = ("#" * width).rjust(20) + "|" if g < 0 else " " * 20 + "|" + "+" * width
        lines.append(f"  {day}  {bar:<42} {g:+5.1f}  ({n} events)")
    if not summary.daily:
        lines.append("  (no dated events)")
    return "\n".join(lines)
