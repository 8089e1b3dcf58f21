"""The command line: parses options and calls the library (see runner.py, store/, analysis/, web/)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .errors import CrisisdeskError
from .ingest.sources import Failure
from .records import parse_record_types
from .settings import Settings, get_settings

app = typer.Typer(help="crisisdesk: who said what and who did what to whom in crisis news, with evidence.", no_args_is_help=True, add_completion=False)
err = Console(stderr=True, highlight=False)

EXIT_SOME_FAILED = 1

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB store file [default: $CRISISDESK_DB or crisisdesk.duckdb]")]
PublishedOption = Annotated[str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for documents that carry none")]
RecordsOption = Annotated[str | None, typer.Option("--records", help="Comma list of record types: article,actor,quote,timex,event [default: all]")]
ActorsOption = Annotated[Path | None, typer.Option("--actors", help="Your own actor file (YAML or CSV) added to the knowledge base")]


def _settings(actors: Path | None = None, db: Path | None = None) -> Settings:
    base = get_settings()
    changes = {}
    if actors is not None:
        if not actors.is_file():
            raise typer.BadParameter(f"no actor file at {actors}", param_hint="--actors")
        changes["actors_file"] = actors
    if db is not None:
        changes["db"] = db
    return Settings(**{**base.__dict__, **changes})


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD", param_hint="--published") from None


def _types(spec: str | None) -> tuple[str, ...]:
    try:
        return parse_record_types(spec)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--records") from None


def _report_failure(failure: Failure) -> None:
    err.print(f"[red]skipped[/red] {failure.source}: {failure.reason}", markup=True, soft_wrap=True)


def _fail(exc: CrisisdeskError) -> None:
    err.print(f"[red]error[/red] {exc}", markup=True, soft_wrap=True)
    raise typer.Exit(2)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to analyse")],
    published: PublishedOption = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format (jsonl)")] = "jsonl",
    records: RecordsOption = None,
    actors: ActorsOption = None,
) -> None:
    """Analyse files or folders and print records to stdout. No database."""
    from .runner import extract_records

    if fmt != "jsonl":
        raise typer.BadParameter(f"unknown format {fmt!r}; extract prints jsonl", param_hint="--format")
    failures: list[Failure] = []

    def on_failure(f: Failure) -> None:
        failures.append(f)
        _report_failure(f)

    try:
        out = sys.stdout
        for rec in extract_records(paths, record_types=_types(records), published=_check_date(published), settings=_settings(actors), on_failure=on_failure):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    except CrisisdeskError as exc:
        _fail(exc)
    if failures:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to analyse and store")],
    db: DbOption = None,
    published: PublishedOption = None,
    records: RecordsOption = None,
    actors: ActorsOption = None,
    engine: Annotated[str, typer.Option("--engine", help="local (a DuckDB store) or dask (a Parquet dataset folder)")] = "local",
    workers: Annotated[int | None, typer.Option("--workers", help="Dask workers [default: one per core]", min=1)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786); without it a local cluster starts")] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", help="Dask: articles per shard (files, or JSONL lines)", min=1)] = 100,  # scale.shards.DEFAULT_SHARD_SIZE
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Analyse and store; idempotent (the same content twice is stored once)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .runner import ingest_paths
    from .store.store import Store

    if engine == "dask":
        _ingest_dask(paths, db, published, records, actors, workers, scheduler, shard_size, quiet)
        return
    if engine != "local":
        raise typer.BadParameter(f"unknown engine {engine!r}; use local or dask", param_hint="--engine")
    settings = _settings(actors, db)
    try:
        store = Store.open(settings.db)
    except CrisisdeskError as exc:
        _fail(exc)
    progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"), TimeElapsedColumn(), console=err, disable=quiet, transient=True)
    task = progress.add_task("ingest", total=None)

    def on_article(_article: object, _added: bool) -> None:
        progress.advance(task)

    try:
        with progress, store:
            report = ingest_paths(
                paths, store, published=_check_date(published), record_types=_types(records), settings=settings,
                on_failure=_report_failure, on_article=on_article,
            )
    except CrisisdeskError as exc:
        _fail(exc)
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
    err.print(f"stored {report.added} new articles, {report.unchanged} already stored, {len(report.failures)} failed; store {settings.db}: {counts}")
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


DEFAULT_DATASET = Path("crisisdesk-dataset")


def _ingest_dask(
    paths: list[str], db: Path | None, published: str | None, records: str | None, actors: Path | None,
    workers: int | None, scheduler: str | None, shard_size: int, quiet: bool,
) -> None:
    """`ingest --engine dask`: shards on a Dask cluster into the Parquet dataset folder named by --db."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .scale.dask_runner import run_dataset
    from .scale.worker import ShardOptions

    settings = _settings(actors)
    folder = db if db is not None else DEFAULT_DATASET
    if folder.suffix == ".duckdb":
        raise typer.BadParameter("the dask engine writes a dataset folder; give --db a folder, then `crisisdesk load FOLDER --db FILE`", param_hint="--db")
    options = ShardOptions(record_types=_types(records), published=_check_date(published), settings=settings)
    progress = Progress(TextColumn("ingest (dask)"), BarColumn(), MofNCompleteColumn(), TextColumn("shards"), TimeElapsedColumn(), console=err, disable=quiet, transient=True)
    task = progress.add_task("shards", total=None)
    try:
        with progress:
            report = run_dataset(
                paths, folder, options, scheduler=scheduler, workers=workers, shard_size=shard_size,
                on_plan=lambda shards, done: progress.update(task, total=len(shards), completed=done),
                on_shard=lambda _result: progress.advance(task),
            )
    except CrisisdeskError as exc:
        _fail(exc)
    for failure in report.failures:
        _report_failure(failure)
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
    err.print(
        f"wrote {report.written} shards ({report.articles} articles), {report.skipped} already written, "
        f"{len(report.failures)} failed; dataset {folder}: {counts}, {report.duplicates} copies"
    )
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="Parquet dataset folder written by `ingest --engine dask`")],
    db: DbOption = None,
) -> None:
    """Bring a Parquet dataset into the DuckDB store; idempotent."""
    from .store.load import load_dataset
    from .store.store import Store

    settings = _settings(db=db)
    try:
        with Store.open(settings.db) as store:
            report = load_dataset(dataset, store)
    except CrisisdeskError as exc:
        _fail(exc)
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
    err.print(f"loaded {report.added} new articles, {report.unchanged} already stored; store {settings.db}: {counts}")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet")],
    out: Annotated[Path, typer.Option("--out", help="Output file (jsonl) or folder (csv, parquet)")],
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB store file, or a Parquet dataset folder [default: $CRISISDESK_DB or crisisdesk.duckdb]")] = None,
    records: RecordsOption = None,
) -> None:
    """Export the records of a store or of a Parquet dataset."""
    from .store.export import FORMATS
    from .store.export import export as run_export
    from .store.store import Store

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}", param_hint="--format")
    settings = _settings(db=db)
    try:
        with Store.open(settings.db, read_only=True) as store:
            counts = run_export(store, fmt, out, _types(records))
    except CrisisdeskError as exc:
        _fail(exc)
    err.print("exported " + ", ".join(f"{n} {t}" for t, n in counts.items()) + f" to {out}")


@app.command()
def report(
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD)")] = None,
) -> None:
    """Print a short summary of the store: articles, speakers, events, escalation per day."""
    from .analysis.report import render_text, summarise
    from .store.store import Store

    settings = _settings(db=db)
    try:
        with Store.open(settings.db, read_only=True) as store:
            typer.echo(render_text(summarise(store, _check_date(date_from), _check_date(date_to))))
    except CrisisdeskError as exc:
        _fail(exc)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
) -> None:
    """Web dashboard and HTTP API over the store."""
    import uvicorn

    from .web.app import create_app

    settings = _settings(db=db)
    if host not in {"127.0.0.1", "localhost", "::1"} and not settings.token:
        raise typer.BadParameter("binding beyond this machine needs a token: set CRISISDESK_TOKEN", param_hint="--host")
    try:
        application = create_app(settings.db, token=settings.token)
    except CrisisdeskError as exc:
        _fail(exc)
    shown = f"[{host}]" if ":" in host else host
    guard = ", bearer token required" if settings.token else ""
    typer.echo(f"serving {settings.db} read-only on http://{shown}:{port}{guard}", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def schema() -> None:
    """Print the JSON Schema of every record type."""
    from .records import json_schemas

    typer.echo(json.dumps(json_schemas(), indent=2))


@app.callback(invoke_without_command=True)
def main(version: Annotated[bool, typer.Option("--version", help="Print the version")] = False) -> None:
    """crisisdesk."""
    if version:
        typer.echo(__version__)
        raise typer.Exit()
