"""The analysis from the command line: analyse, report (text and HTML), claims, export --format gdelt, ingest --alerts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crisisdesk.cli import app

from .analysis_helpers import filler, make_article, make_event, records_store, store_with
from .conftest import EXAMPLE_ACTORS, FIXTURES

runner = CliRunner()


@pytest.fixture(scope="module")
def example_db(tmp_path_factory, example_records) -> Path:
    """The examples stored from the session's `extract` records, then analysed by the CLI."""
    db = tmp_path_factory.mktemp("report") / "ex.duckdb"
    records_store(db, example_records).close()
    result = runner.invoke(app, ["analyse", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "analysis updated for 13 articles" in result.stderr
    return db


def test_report_text_has_every_section(example_db: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(example_db), "--actors", "xvr,XOS", "--from", "2024-03-01", "--to", "2024-03-15"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("Articles: 13 (1 duplicates", "Escalation index XVR-XOS", "Weekly verdicts XVR-XOS", "Top events", "Who said what", "Claims due"):
        assert heading in out
    assert "2024-03-10" in out and "Brenna" in out


def test_report_period_limits_the_figures(example_db: Path) -> None:
    out = runner.invoke(app, ["report", "--db", str(example_db), "--from", "2024-03-10", "--to", "2024-03-11"]).stdout
    assert "Articles: 2 (1 duplicates" in out
    assert "2024-03-02" not in out


def test_report_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> Russian forces shelled Kharkiv"
    art = make_article(f"{hostile}. {filler()}", "2022-03-01", site="<b>evil</b>", title="<img src=x onerror=alert(2)>")
    db = tmp_path / "h.duckdb"
    store_with(db, [(art, [make_event(art, "Russian forces shelled Kharkiv", "RUS", "UKR", "194", "2022-03-01")])]).close()
    assert runner.invoke(app, ["analyse", "--db", str(db)]).exit_code == 0
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--db", str(db), "--format", "html", "--out", str(out), "--actors", "RUS,UKR"])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<script>" not in html and "<img" not in html and "<b>evil" not in html
    assert "&lt;script&gt;" in html and "<svg" in html and "<polyline" in html
    assert "http://" not in html and "https://" not in html  # no external assets


def test_report_bad_format_is_a_usage_error(example_db: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(example_db), "--format", "pdf"])
    assert result.exit_code == 2 and "choose text or html" in result.output


def test_claims_command_prints_the_ledger(example_db: Path) -> None:
    result = runner.invoke(app, ["claims", "--db", str(example_db)])
    assert result.exit_code == 0
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and all(c["type"] == "claim" and c["status"] in ("open", "borne out", "not borne out") for c in claims)
    assert all({"speaker_name", "subject_party", "target_date", "text", "article_id"} <= set(c) for c in claims)


def test_export_gdelt_from_the_cli(example_db: Path, tmp_path: Path) -> None:
    from crisisdesk.analysis.gdelt import EVENTS_FILE, MENTIONS_FILE, read_gdelt

    result = runner.invoke(app, ["export", "--db", str(example_db), "--format", "gdelt", "--out", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    events = read_gdelt(tmp_path / "g" / EVENTS_FILE, "events")
    mentions = read_gdelt(tmp_path / "g" / MENTIONS_FILE, "mentions")
    assert events and len(mentions) == sum(int(e["NumMentions"]) for e in events)


def test_export_gdelt_refuses_a_store_not_analysed(tmp_path: Path) -> None:
    art = make_article(f"Text. {filler()}", "2022-03-01")
    db = tmp_path / "n.duckdb"
    from crisisdesk.store.store import Store

    with Store.open(db) as store:
        store.add(art, [])
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "g")])
    assert result.exit_code == 2 and "crisisdesk analyse" in result.stderr


def test_analyse_rebuild_gives_the_same_events(example_db: Path) -> None:
    from crisisdesk.store.store import Store

    def snapshot() -> list[tuple]:
        with Store.open(example_db, read_only=True) as store:
            return store.con.execute(
                "SELECT date, source_party, target_party, cameo_root, n_mentions, n_articles FROM event_clusters ORDER BY ALL").fetchall()

    before = snapshot()
    result = runner.invoke(app, ["analyse", "--db", str(example_db), "--rebuild"])
    assert result.exit_code == 0 and "analysis rebuilt" in result.stderr
    assert snapshot() == before


def test_ingest_with_alerts_prints_them_on_stdout(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("outputs: {jsonl: alerts.jsonl}\nrules:\n  - {name: any-attack, when: event, cameo_root: '19'}\n")
    db = tmp_path / "c.duckdb"
    args = ["ingest", str(FIXTURES / "claims"), "--db", str(db), "--actors", str(EXAMPLE_ACTORS), "--alerts", str(rules), "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert alerts and all(a["rule"] == "any-attack" for a in alerts)
    assert (tmp_path / "alerts.jsonl").read_text().count("\n") == len(alerts)
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and again.stdout == ""  # nothing new, nothing sent


def test_ingest_with_bad_alert_rules_stops_before_storing(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules: [{when: never}]")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "claims"), "--db", str(tmp_path / "x.duckdb"), "--alerts", str(rules), "--quiet"])
    assert result.exit_code == 2 and "E400" in result.stderr
    assert not (tmp_path / "x.duckdb").exists()
