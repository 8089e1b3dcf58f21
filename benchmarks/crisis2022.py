"""A real crisis end to end: crisis2022 (12,576 articles, 1 Jan to 30 Apr 2022) ingested, analysed, judged.

Run: python -m benchmarks crisis2022                  (the whole corpus: about an hour on 2 cores)
     python -m benchmarks.crisis2022 --limit 300      (a slice: every k-th article plus some near-duplicate pairs)
     python -m benchmarks.crisis2022 --every 12 --until 2022-03-10   (every 12th article up to a day)
     python -m benchmarks.crisis2022 --dataset DIR    (load the Parquet dataset of
                                                     `python -m benchmarks scale --full` instead of ingesting)
     options: --db PATH (default benchmarks/work/crisis2022[-N].duckdb), --no-plot,
              --reanalyse (rebuild the analysis tables of a complete store, e.g. after a code change)

The ingest is resumable: stored articles are skipped (content ids), and a store that already holds
the whole selection is not ingested again. The analysis is rebuilt once at the end. Figures:

- quad-4 share of RUS->UKR events, 24 Feb-10 Mar over 1-20 Feb (target: at least 3x);
- the weekly verdict of the RUS-UKR pair for the week of 21 Feb (target: deteriorated), with its
  evidence events and the verdicts of every week (the rule is in analysis/index.py and the README);
- cross-outlet pairs of near_duplicates.tsv told as one story (target: at least 90%), by
  near-duplicate clusters (`duplicate_of`) alone, joined with contained copies (MinHash containment),
  and joined with event clusters too (analysis/clusters.py `stories`);
- February forecasts of an invasion or attack date in the claims ledger (target: at least 5 distinct),
  each with who made it, the date it names and its status;
- a plot of the RUS-UKR index over the four months (docs/figures/crisis2022_rus_ukr.png, shown in the README).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from .common import ROOT, SHARED_DATA, crisis_articles, require, save

WORK = ROOT / "benchmarks" / "work"
FIGURES = ROOT / "docs" / "figures"  # tracked: the README shows the plots from here
PAIR = ("RUS", "UKR")
BEFORE = (dt.date(2022, 2, 1), dt.date(2022, 2, 20))
AFTER = (dt.date(2022, 2, 24), dt.date(2022, 3, 10))
WEEK = dt.date(2022, 2, 21)
PERIOD = (dt.date(2022, 1, 1), dt.date(2022, 4, 30))
SLICE_PAIRS = 20  # near-duplicate pairs added whole to a slice, so the story figure has something to count
FIELDS = ("url", "site", "title", "published", "text")


def _cross_outlet_pairs() -> list[dict[str, str]]:
    path = require(SHARED_DATA / "crisis2022" / "near_duplicates.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r["site_a"] != r["site_b"]]


def select(limit: int | None, every: int | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """The articles to ingest: all, every k-th in file (date) order up to a day, or a slice of about
    `limit` articles (every k-th plus the articles of a few near-duplicate pairs)."""
    if every is not None:
        return [{k: a.get(k) for k in FIELDS} for n, a in enumerate(crisis_articles())
                if n % every == 0 and (until is None or a["published"] <= until)]
    if limit is None:
        return [{k: a.get(k) for k in FIELDS} for a in crisis_articles()]
    pairs = _cross_outlet_pairs()[:: max(1, len(_cross_outlet_pairs()) // SLICE_PAIRS)][:SLICE_PAIRS]
    wanted = {u for p in pairs for u in (p["url_a"], p["url_b"])}
    total = 12576
    step = max(1, total // max(1, limit - len(wanted)))
    return [{k: a.get(k) for k in FIELDS} for n, a in enumerate(crisis_articles()) if n % step == 0 or a["url"] in wanted]


def ingest(db: Path, articles: list[dict[str, Any]], reanalyse: bool = False, dataset: Path | None = None) -> dict[str, Any]:
    """Ingest the selection into the store (skipping what is stored), or load it from a Parquet dataset
    the Dask path wrote; then rebuild the analysis."""
    from crisisdesk.analysis.refresh import analyse_pending, pending_articles
    from crisisdesk.runner import ingest_paths
    from crisisdesk.store.load import load_dataset
    from crisisdesk.store.store import Store

    db.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    with Store.open(db) as store:
        stored = int(store.con.execute("SELECT count(*) FROM articles").fetchone()[0])
        added = 0
        if dataset is not None:
            added = load_dataset(dataset, store).added
        elif stored < len(articles):
            corpus = db.with_suffix(".input.jsonl")
            with corpus.open("w", encoding="utf-8") as fh:
                for a in articles:
                    fh.write(json.dumps(a, ensure_ascii=False) + "\n")
            done = [0]

            def progress(_article: object, _added: bool) -> None:
                done[0] += 1
                if done[0] % 250 == 0:
                    print(f"  {done[0]}/{len(articles)} articles, {time.perf_counter() - began:.0f}s", file=sys.stderr, flush=True)

            report = ingest_paths([corpus], store, analyse=False, on_article=progress)
            added = report.added
            corpus.unlink()
        ingest_s = time.perf_counter() - began
        began = time.perf_counter()
        rebuilt = reanalyse or bool(pending_articles(store.con)) or not store.con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
        if rebuilt:
            analyse_pending(store.con, rebuild=True)
        counts = store.counts()
    return {"added": added, "ingest_s": round(ingest_s), "analysis_s": round(time.perf_counter() - began, 1), "analysis_rebuilt": rebuilt, **counts}


def quad_figure(con) -> dict[str, Any]:  # noqa: ANN001
    """The material-conflict share of RUS->UKR events before and after the invasion."""
    from crisisdesk.analysis.index import quad_share

    before, n_before = quad_share(con, *PAIR, *BEFORE)
    after, n_after = quad_share(con, *PAIR, *AFTER)
    ratio = (after / before) if before else None
    return {
        "rus_ukr_quad4_share_1_20_feb": None if before is None else round(before, 3), "rus_ukr_events_1_20_feb": n_before,
        "rus_ukr_quad4_share_24feb_10mar": None if after is None else round(after, 3), "rus_ukr_events_24feb_10mar": n_after,
        "quad4_share_ratio": None if ratio is None else round(ratio, 2), "quad4_share_ratio_target": ">= 3",
        **_by_root_figure(con),
        **_distinct_figure(con),
    }


def _distinct_figure(con) -> dict[str, Any]:  # noqa: ANN001
    """Diagnostic: the same share over distinct events (event clusters, GDELT's event rows) rather
    than over mentions, which the index and the figure above count."""
    shares = []
    out: dict[str, Any] = {}
    for name, (lo, hi) in (("1_20_feb", BEFORE), ("24feb_10mar", AFTER)):
        n, q4 = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE quad_class = 4) FROM event_clusters
               WHERE modality = 'asserted' AND source_party = ? AND target_party = ? AND date BETWEEN ? AND ?""",
            [*PAIR, lo, hi],
        ).fetchone()
        out[f"rus_ukr_distinct_events_{name}"] = n
        shares.append(q4 / n if n else None)
    if all(shares):
        out["quad4_share_ratio_distinct_events"] = round(shares[1] / shares[0], 2)
    return out


def _by_root_figure(con) -> dict[str, Any]:  # noqa: ANN001
    """Diagnostic: the RUS->UKR counted events of each window by CAMEO root, and the quad-4 share
    without root 15 (force posture: build-ups, drills), which GDELT's table puts in material conflict."""
    from crisisdesk.analysis.escalation import COUNTED, party_sql

    out: dict[str, Any] = {}
    shares = []
    for name, (lo, hi) in (("1_20_feb", BEFORE), ("24feb_10mar", AFTER)):
        rows = con.execute(
            f"""SELECT e.cameo_root, count(*), count(*) FILTER (WHERE e.quad_class = 4) FROM events e
                WHERE {COUNTED} AND {party_sql("source")} = ? AND {party_sql("target")} = ? AND e.date BETWEEN ? AND ?
                GROUP BY 1 ORDER BY 2 DESC""",
            [*PAIR, lo, hi],
        ).fetchall()
        out[f"rus_ukr_events_by_root_{name}"] = {r[0]: r[1] for r in rows}
        n = sum(r[1] for r in rows if r[0] != "15")
        q4 = sum(r[2] for r in rows if r[0] != "15")
        shares.append(q4 / n if n else None)
    if all(shares):
        out["quad4_share_ratio_without_root_15"] = round(shares[1] / shares[0], 2)
    return out


def verdict_figure(con) -> dict[str, Any]:  # noqa: ANN001
    """Weekly verdicts of the RUS-UKR pair over the four months, with the week of 21 February in full."""
    from crisisdesk.analysis.index import weekly_verdicts

    verdicts = weekly_verdicts(con, *PAIR, start=PERIOD[0], end=PERIOD[1])
    week = next((v for v in verdicts if v.week == WEEK), None)
    return {
        "week_of_21_feb": week.to_json() if week else None,
        "week_of_21_feb_target": "deteriorated",
        "weeks": [f"{v.week} {v.verdict} ({'n/a' if v.index is None else f'{v.index:+.2f}'}, {v.events} events, {v.articles} articles)" for v in verdicts],
    }


def story_figure(con) -> dict[str, Any]:  # noqa: ANN001
    """Cross-outlet near-duplicate pairs told as one story, by duplicate_of alone, with contained copies, with event clusters."""
    from crisisdesk.analysis.clusters import stories

    ids = dict(con.execute("SELECT url, id FROM articles WHERE url IS NOT NULL").fetchall())
    pairs = [(ids.get(p["url_a"]), ids.get(p["url_b"])) for p in _cross_outlet_pairs()]
    present = [(a, b) for a, b in pairs if a and b]
    out: dict[str, Any] = {"cross_outlet_pairs": len(pairs), "pairs_with_both_articles_stored": len(present)}
    for name, by_text, by_events in (("duplicate_of", False, False), ("duplicate_of_and_containment", True, False),
                                     ("duplicate_of_containment_and_event_clusters", True, True)):
        story = stories(con, by_events=by_events, by_text=by_text)
        same = sum(story.get(a) == story.get(b) for a, b in present)
        sizes: dict[str, int] = {}
        for s in story.values():
            sizes[s] = sizes.get(s, 0) + 1
        out[f"same_story_{name}"] = round(same / len(present), 3) if present else None
        out[f"largest_story_{name}"] = max(sizes.values(), default=0)  # a giant story would mean links too loose
        out[f"stories_{name}"] = len(sizes)
    out["same_story_target"] = ">= 0.90"
    return out


def claims_figure(con) -> dict[str, Any]:  # noqa: ANN001
    """Distinct February forecasts of an invasion or attack date (speaker and date named)."""
    from crisisdesk.analysis.claims import list_claims

    rows = list_claims(con, action="attack", made_from=dt.date(2022, 2, 1), made_to=dt.date(2022, 2, 28), limit=100000)
    dated = [c for c in rows if c["target_date"]]
    distinct: dict[tuple[str, str], dict[str, Any]] = {}
    for c in dated:
        distinct.setdefault((c["speaker_name"] or "?", c["target_date"]), c)
    forecasts = [
        {"who": who, "date_named": day, "status": c["status"], "said": c["published"], "about": f"{c['subject_party']}->{c['object_party']}",
         "text": c["text"][:200], "site": c["article_site"]}
        for (who, day), c in sorted(distinct.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    statuses = dict(con.execute("SELECT status, count(*) FROM claims GROUP BY 1").fetchall())
    return {"claims_total": sum(statuses.values()), "claims_by_status": statuses,
            "feb_attack_claims": len(rows), "feb_attack_claims_dated": len(dated),
            "distinct_feb_attack_date_forecasts": len(forecasts), "distinct_forecasts_target": ">= 5", "forecasts": forecasts[:40]}


def plot(con, path: Path) -> None:  # noqa: ANN001
    """Draw the RUS-UKR daily index and its 7-day line over the four months, with the verdict weeks shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crisisdesk.analysis.index import DETERIORATED, IMPROVED, index_series, weekly_verdicts

    points = index_series(con, *PAIR, start=PERIOD[0], end=PERIOD[1])
    verdicts = weekly_verdicts(con, *PAIR, start=PERIOD[0], end=PERIOD[1], evidence=0)
    fig, ax = plt.subplots(figsize=(10, 4), dpi=110)
    for v in verdicts:
        if v.verdict in (DETERIORATED, IMPROVED):
            ax.axvspan(v.week, v.week + dt.timedelta(days=7), color="#f4c7c3" if v.verdict == DETERIORATED else "#c8e6c9", lw=0)
    days = [p.date for p in points]
    ax.bar(days, [p.index or 0 for p in points], color="#9e9e9e", width=0.8, label="daily index")
    ax.plot(days, [p.rolling for p in points], color="#b71c1c", lw=2, label="7-day line")
    ax.axhline(0, color="black", lw=0.6)
    top, bottom = ax.get_ylim()[1], ax.get_ylim()[0]
    for day, label, at in ((dt.date(2022, 2, 21), "recognition ", top), (dt.date(2022, 2, 24), " invasion", bottom)):
        ax.axvline(day, color="black", ls=":", lw=1)
        ax.text(day, at, label, va="top" if at == top else "bottom", ha="right" if at == top else "left", fontsize=8)
    ax.set_title("RUS-UKR escalation index, crisis2022 (Goldstein points per 100 articles of the day; "
                 "weeks judged deteriorated in red, improved in green)", fontsize=9)
    ax.legend(loc="lower left", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def run(limit: int | None = None, db: Path | None = None, draw: bool = True, reanalyse: bool = False,
        every: int | None = None, until: str | None = None, dataset: Path | None = None) -> dict[str, Any]:
    """Ingest (or load) the selection, rebuild the analysis, and save and return the figures."""
    from crisisdesk.store.store import Store

    if every is not None:
        limit = limit or every  # names the store and results of a sample
    db = db or WORK / (f"crisis2022-{limit}.duckdb" if limit else "crisis2022.duckdb")
    articles = select(None if every else limit, every, until)
    figures: dict[str, Any] = {"articles_selected": len(articles), "store": str(db)}
    if dataset is not None:
        figures["loaded_from_dataset"] = str(dataset)
    figures.update(ingest(db, articles, reanalyse, dataset))
    with Store.open(db, read_only=True) as store:
        con = store.con
        figures.update(quad_figure(con))
        figures.update(verdict_figure(con))
        figures.update(story_figure(con))
        figures.update(claims_figure(con))
        if draw:
            name = "crisis2022_rus_ukr.png" if limit is None else f"crisis2022_rus_ukr_{limit}.png"
            plot(con, FIGURES / name)
            figures["plot"] = str((FIGURES / name).relative_to(ROOT))
    save("crisis2022" if limit is None else f"crisis2022_{limit}", figures)
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """The benchmark with the options of the command line (`python -m benchmarks crisis2022 ...`)."""
    argv = sys.argv[1:] if argv is None else argv
    lim = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    path = Path(argv[argv.index("--db") + 1]) if "--db" in argv else None
    every_k = int(argv[argv.index("--every") + 1]) if "--every" in argv else None
    last = argv[argv.index("--until") + 1] if "--until" in argv else None
    parquet = Path(argv[argv.index("--dataset") + 1]) if "--dataset" in argv else None
    if every_k is not None:
        lim = lim or 10000 + every_k  # a sample's own store and results (crisis2022-100NN)
    return run(lim, path, draw="--no-plot" not in argv, reanalyse="--reanalyse" in argv, every=every_k, until=last, dataset=parquet)


if __name__ == "__main__":
    main()
