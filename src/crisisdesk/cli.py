"""The command line: parses options and calls the library (see runner.py, store/, analysis/, web/)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

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
AlertsOption = Annotated[Path | None, typer.Option("--alerts", help="Alert rules (YAML) to check after the analysis [default: $CRISISDESK_ALERTS]")]
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


FetchLinksOption = Annotated[bool, typer.Option("--fetch-links", help="Read each feed entry's linked page instead of its embedded text")]
AllowPrivateOption = Annotated[bool, typer.Option("--allow-private", help="Fetch from private, loopback and link-local addresses too")]


def _read_options(fetch_links: bool, allow_private: bool):
    from .ingest.sources import ReadOptions

    return ReadOptions(fetch_links=fetch_links, allow_private=allow_private)


def _url_list(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror or exc}", param_hint="--urls") from None
    return [u for u in (line.split("#", 1)[0].strip() for line in lines) if u]


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or http(s) URLs to analyse and store")] = None,
    db: DbOption = None,
    published: PublishedOption = None,
    records: RecordsOption = None,
    actors: ActorsOption = None,
    urls: Annotated[Path | None, typer.Option("--urls", help="A file of URLs to fetch, one per line")] = None,
    fetch_links: FetchLinksOption = False,
    allow_private: AllowPrivateOption = False,
    engine: Annotated[str, typer.Option("--engine", help="local (a DuckDB store) or dask (a Parquet dataset folder)")] = "local",
    workers: Annotated[int | None, typer.Option("--workers", help="Dask workers [default: one per core]", min=1)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786); without it a local cluster starts")] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", help="Dask: articles per shard (files, or JSONL lines)", min=1)] = 100,  # scale.shards.DEFAULT_SHARD_SIZE
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    alerts: AlertsOption = None,
) -> None:
    """Analyse and store; idempotent (the same content twice is stored once). Then update the analysis and check alerts."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .runner import ingest_paths
    from .store.store import Store

    if engine == "dask":
        _ingest_dask(paths or [], db, published, records, actors, workers, scheduler, shard_size, quiet)
        return
    if engine != "local":
        raise typer.BadParameter(f"unknown engine {engine!r}; use local or dask", param_hint="--engine")
    sources = [*(paths or []), *_url_list(urls)]
    if not sources:
        raise typer.BadParameter("give files, folders or URLs to ingest, or --urls FILE", param_hint="PATHS")
    settings = _settings(actors, db)
    from .web.writer import served

    if (server := served(settings.db)) is not None:
        _ingest_via_server(server, sources, settings, published, records, actors, fetch_links, allow_private)
        return
    try:
        rules = _alert_rules(alerts, settings)
        store = Store.open(settings.db)
    except CrisisdeskError as exc:
        _fail(exc)
    progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"), TimeElapsedColumn(), console=err, disable=quiet, transient=True)
    task = progress.add_task("ingest", total=None)

    def on_article(_article: object, _added: bool) -> None:
        progress.advance(task)

    options = _read_options(fetch_links, allow_private)
    try:
        with progress, store:
            report = ingest_paths(
                sources, store, published=_check_date(published), record_types=_types(records), settings=settings,
                on_failure=_report_failure, on_article=on_article, alerts=rules, options=options,
            )
    except CrisisdeskError as exc:
        _fail(exc)
    finally:
        options.close()
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
    err.print(f"stored {report.added} new articles, {report.unchanged} already stored, {len(report.failures)} failed; store {settings.db}: {counts}")
    if report.analysis is not None:
        _print_analysis(report.analysis)
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


def _ingest_via_server(server: dict, sources: list, settings: Any, published: str | None, records: str | None,
                       actors: Path | None, fetch_links: bool, allow_private: bool) -> None:
    """`ingest` into a served store: read here, and let the server (the store's one writer) store."""
    from .web.writer import send_to_server

    err.print(f"{settings.db} is served by process {server['pid']} ({server['url']}): handing the documents to it")
    options = _read_options(fetch_links, allow_private)
    try:
        report = send_to_server(server, sources, published=_check_date(published), record_types=_types(records),
                                actors=actors, options=options, on_failure=_report_failure)
    except CrisisdeskError as exc:
        _fail(exc)
    finally:
        options.close()
    counts = ", ".join(f"{n} {t}" for t, n in report["counts"].items())
    err.print(f"stored {report['added']} new articles, {report['unchanged']} already stored, {len(report['failures'])} failed (by the server); store {settings.db}: {counts}")
    if report["failures"]:
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
    from .analysis.refresh import analyse_pending
    from .store.load import load_dataset
    from .store.store import Store

    settings = _settings(db=db)
    try:
        with Store.open(settings.db) as store:
            report = load_dataset(dataset, store)
            analysis = analyse_pending(store.con, _alert_rules(None, settings))
    except CrisisdeskError as exc:
        _fail(exc)
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items())
    err.print(f"loaded {report.added} new articles, {report.unchanged} already stored; store {settings.db}: {counts}")
    _print_analysis(analysis)


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(help="A file of feed URLs, one per line")],
    every: Annotated[str, typer.Option("--every", help="Polling interval: 15m, 1h, 90s")] = "15m",
    db: DbOption = None,
    records: RecordsOption = None,
    actors: ActorsOption = None,
    fetch_links: FetchLinksOption = False,
    allow_private: AllowPrivateOption = False,
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop")] = False,
    cycles: Annotated[int | None, typer.Option("--cycles", min=1, help="Poll this many times and stop")] = None,
    state: Annotated[Path | None, typer.Option("--state", help="Watch state file [default: the store's name + .watch.json]")] = None,
) -> None:
    """Poll feeds with conditional requests and store what is new, until stopped."""
    from .ingest.watch import WatchState, parse_every, read_feed_list, watch_loop
    from .runner import ingest_paths
    from .store.store import Store

    try:
        interval = parse_every(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    settings = _settings(actors, db)
    try:
        urls = read_feed_list(feeds_file)
        store = Store.open(settings.db)
    except CrisisdeskError as exc:
        _fail(exc)
    memory = WatchState.load(state or Path(f"{settings.db}.watch.json"))
    options = _read_options(fetch_links, allow_private)
    types = _types(records)
    round_no = 0

    def handle(items: list, report) -> None:
        nonlocal round_no
        round_no += 1
        done = ingest_paths(items, store, record_types=types, settings=settings, on_failure=_report_failure)
        err.print(
            f"round {round_no}: {len(report.unchanged)} feeds unchanged, {len(report.fetched)} read, "
            f"{done.added} new articles stored, {done.unchanged} already stored, {len(done.failures)} failed"
        )

    try:
        with store:
            watch_loop(urls, memory, options, handle, every=interval, cycles=1 if once else cycles)
    except KeyboardInterrupt:
        err.print("stopped")
    except CrisisdeskError as exc:
        _fail(exc)
    finally:
        options.close()


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet or gdelt")],
    out: Annotated[Path, typer.Option("--out", help="Output file (jsonl) or folder (csv, parquet, gdelt)")],
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB store file, or a Parquet dataset folder [default: $CRISISDESK_DB or crisisdesk.duckdb]")] = None,
    records: RecordsOption = None,
) -> None:
    """Export the records of a store or of a Parquet dataset (gdelt: a store's events and mentions in GDELT 2.0 files)."""
    from .store.export import FORMATS
    from .store.export import export as run_export
    from .store.store import Store

    if fmt == "gdelt":
        _export_gdelt(out, db)
        return
    if fmt not in FORMATS and fmt != "gdelt":
        raise typer.BadParameter(f"unknown format {fmt!r}; choose from {', '.join((*FORMATS, 'gdelt'))}", param_hint="--format")
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
    actors_list: Annotated[str | None, typer.Option("--actors", help="Comma list of parties (country or CAMEO codes), e.g. RUS,UKR")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or html")] = "text",
    out: Annotated[Path | None, typer.Option("--out", help="Write the report to this file instead of stdout")] = None,
) -> None:
    """A report on a period: index lines and weekly verdicts, top events with evidence, who said what, claims due."""
    from .analysis.report import build_report, render_html, render_text
    from .store.store import Store

    if fmt not in ("text", "html"):
        raise typer.BadParameter(f"unknown format {fmt!r}; choose text or html", param_hint="--format")
    settings = _settings(db=db)
    parties = [a.strip().upper() for a in actors_list.split(",")] if actors_list else None
    try:
        with Store.open(settings.db, read_only=True) as store:
            result = build_report(store, _check_date(date_from), _check_date(date_to), parties)
    except CrisisdeskError as exc:
        _fail(exc)
    text = render_html(result) if fmt == "html" else render_text(result)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", "utf-8")
        err.print(f"wrote the report to {out}")


@app.command()
def analyse(
    db: DbOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute every analysis table from the stored records")] = False,
    alerts: AlertsOption = None,
) -> None:
    """Bring events and mentions, the escalation index and the claims ledger up to date; check alerts."""
    from .analysis.refresh import analyse_pending
    from .store.store import Store

    settings = _settings(db=db)
    try:
        rules = _alert_rules(alerts, settings)
        with Store.open(settings.db) as store:
            result = analyse_pending(store.con, rules, rebuild=rebuild)
    except CrisisdeskError as exc:
        _fail(exc)
    _print_analysis(result)


@app.command()
def claims(
    db: DbOption = None,
    status: Annotated[str | None, typer.Option("--status", help="open, 'borne out' or 'not borne out'")] = None,
    action: Annotated[str | None, typer.Option("--action", help="attack, visit, talks, sanctions, withdrawal, recognition")] = None,
    party: Annotated[str | None, typer.Option("--actor", help="A party (country or CAMEO code) as speaker, subject or object")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many")] = 1000,
) -> None:
    """Print the claims ledger as JSON lines, soonest due first."""
    from .analysis.claims import list_claims
    from .store.store import Store

    settings = _settings(db=db)
    try:
        with Store.open(settings.db, read_only=True) as store:
            rows = list_claims(store.con, status=status, action=action, party=party.upper() if party else None, limit=limit)
    except CrisisdeskError as exc:
        _fail(exc)
    except Exception as exc:  # a store from before the analysis tables
        _fail(CrisisdeskError(f"cannot read the claims ledger ({exc})", source=str(settings.db), hint="run `crisisdesk analyse` first"))
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))


def _alert_rules(path: Path | None, settings: Settings):  # noqa: ANN202
    from .analysis.alerts import load_rules

    path = path or settings.alerts_file
    return load_rules(path) if path else None


def _print_analysis(result) -> None:  # noqa: ANN001
    mode = "rebuilt" if result.rebuilt else "updated"
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(result.statuses.items())) or "none"
    err.print(f"analysis {mode} for {result.articles} articles in {result.seconds:.1f}s: {result.events_touched} events touched, "
              f"{result.claims} claims found (ledger: {statuses}), {len(result.alerts)} alerts")
    for problem in result.problems:
        err.print(f"[yellow]alert delivery[/yellow] {problem}", markup=True, soft_wrap=True)


def _export_gdelt(out: Path, db: Path | None) -> None:
    from .analysis.gdelt import export_gdelt
    from .analysis.refresh import pending_articles
    from .store.store import Store

    settings = _settings(db=db)
    try:
        with Store.open(settings.db, read_only=True) as store:
            try:
                pending = pending_articles(store.con)
            except Exception as exc:  # a store from before the analysis tables
                raise CrisisdeskError("the store has no event clusters yet", source=str(settings.db), hint="run `crisisdesk analyse` first") from exc
            if pending:
                raise CrisisdeskError(f"{len(pending)} articles are not analysed yet", source=str(settings.db), hint="run `crisisdesk analyse` first")
            counts = export_gdelt(store.con, out)
    except CrisisdeskError as exc:
        _fail(exc)
    err.print(f"exported {counts['events']} events and {counts['mentions']} mentions in GDELT 2.0 format to {out}")


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
    from .web.writer import new_key, remove_lock, write_lock

    key = new_key()
    try:
        application = create_app(settings.db, token=settings.token, writer_key=key)
    except CrisisdeskError as exc:
        _fail(exc)
    shown = f"[{host}]" if ":" in host else host
    guard = ", bearer token required" if settings.token else ""
    typer.echo(f"serving {settings.db} on http://{shown}:{port}{guard}; it is the store's writer now: `ingest` hands its work to it", err=True)
    # A local ingest reaches the writer over loopback only; bound elsewhere, it meets DuckDB's lock instead.
    loopback = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::1": "[::1]", "::": "[::1]"}.get(host)
    if loopback and getattr(application.state, "writer", None) is not None:
        write_lock(settings.db, f"http://{loopback}:{port}", key)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    finally:
        remove_lock(settings.db)


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
