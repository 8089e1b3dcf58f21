"""Alerts: user rules in YAML, checked after each ingest, sent to stdout, a JSONL file and a webhook."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crisisdesk.analysis.alerts import AlertRulesError, load_rules
from crisisdesk.analysis.refresh import analyse_pending
from crisisdesk.records import Event

from .analysis_helpers import filler, make_article, make_event, store_with


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"type": self.headers["Content-Type"], "body": json.loads(body)})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def webhook():
    """A real HTTP server on 127.0.0.1 collecting what it is sent."""
    handler = type("Hook", (_Hook,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler.received
    server.shutdown()
    server.server_close()


RULES = """
outputs:
  stdout: true
  jsonl: out/alerts.jsonl
  webhook: {url}
rules:
  - name: rus-ukr-fighting
    when: count
    source: RUS
    target: UKR
    quad_class: 4
    window: 24h
    above: 2
  - name: any-assault-by-wagner
    when: event
    plover: ASSAULT
    actor: wagner
  - name: rus-ukr-index-drop
    when: index_drop
    pair: [RUS, UKR]
    days: 2
    drop: 50
"""


def _day(day: dt.date, attacks: int, wagner: bool = False) -> list:
    items = []
    for n in range(max(attacks, 1)):
        art = make_article(f"Report {n}: Russian forces shelled positions in the east. {filler()}", day.isoformat(), site=f"S{n}")
        evs: list[Event] = []
        if n < attacks:
            evs.append(make_event(art, "Russian forces shelled positions", "RUS", "UKR", "194", day.isoformat(), n=0))
        if wagner and n == 0:
            ev = make_event(art, "shelled positions", "RUS", "UKR", "190", day.isoformat(), n=1)
            ev.source.actor_id = "wagner"
            ev.plover = "ASSAULT"
            evs.append(ev)
        items.append((art, evs))
    return items


def test_alerts_fire_once_to_every_output(tmp_path: Path, webhook) -> None:
    url, received = webhook
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(RULES.format(url=url))
    rules = load_rules(rules_file)
    d = dt.date(2022, 2, 20)
    store = store_with(tmp_path / "s.duckdb", _day(d, 1) + _day(d + dt.timedelta(days=1), 1))
    out = io.StringIO()
    first = analyse_pending(store.con, rules, stdout=out)
    assert first.alerts == []  # quiet days: nothing above the thresholds

    for article, records in _day(d + dt.timedelta(days=2), 3, wagner=True):
        store.add(article, records)
    report = analyse_pending(store.con, rules, stdout=out)
    fired = {a["rule"]: a for a in report.alerts}
    assert set(fired) == {"rus-ukr-fighting", "any-assault-by-wagner", "rus-ukr-index-drop"}, report.alerts
    assert fired["rus-ukr-fighting"]["count"] == 3 + 1  # three shellings and Wagner's assault, all material conflict
    assert fired["rus-ukr-fighting"]["evidence"][0]["sentence"]
    assert report.problems == []
    printed = [json.loads(line) for line in out.getvalue().splitlines()]
    written = [json.loads(line) for line in (tmp_path / "out" / "alerts.jsonl").read_text().splitlines()]
    posted = [r["body"] for r in received]
    assert [a["rule"] for a in printed] == [a["rule"] for a in written] == [a["rule"] for a in posted] == [a["rule"] for a in report.alerts]
    assert all(r["type"] == "application/json" for r in received)

    # the same facts do not alert twice: a new quiet article re-checks the same days
    for article, records in _day(d + dt.timedelta(days=2), 0):
        store.add(article, records)
    again = analyse_pending(store.con, rules, stdout=out)
    assert again.articles == 1 and again.alerts == []
    store.close()


def test_alerts_webhook_down_is_reported_and_other_outputs_still_written(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.yaml"
    # port 9 (discard) on the loopback: nothing listens there
    rules_file.write_text(RULES.format(url="http://127.0.0.1:9/hook"))
    store = store_with(tmp_path / "s.duckdb", _day(dt.date(2022, 2, 24), 3))
    out = io.StringIO()
    report = analyse_pending(store.con, load_rules(rules_file), stdout=out)
    assert report.alerts and report.problems and "webhook failed" in report.problems[0]
    assert (tmp_path / "out" / "alerts.jsonl").read_text().count("\n") == len(report.alerts)
    store.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [", "not valid YAML"),
        ("outputs: {}", "needs a `rules:` list"),
        ("rules:\n  - {name: a, when: sometimes}", "`when` must be one of"),
        ("rules:\n  - {name: a, when: count, source: RUS}", "needs `above:`"),
        ("rules:\n  - {name: a, when: count, above: 1, window: soon}", "not like 24h"),
        ("rules:\n  - {name: a, when: event, colour: red}", "unknown keys colour"),
        ("rules:\n  - {name: a, when: event, quad_class: 5}", "quad_class must be"),
        ("rules:\n  - {name: a, when: index_drop, pair: [RUS], drop: 2}", "pair: [A, B]"),
        ("rules:\n  - {name: a, when: event}\n  - {name: a, when: event}", "defined twice"),
        ("outputs: {webhook: 'ftp://x'}\nrules: []", "not an http(s) URL"),
    ],
)
def test_alerts_bad_rules_file_names_file_and_rule(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(AlertRulesError) as info:
        load_rules(path)
    assert message in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize(("window", "days"), [("24h", 1), ("36h", 2), ("48h", 2), ("7d", 7), (3, 3)])
def test_alerts_window_in_days(tmp_path: Path, window, days: int) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(f"rules:\n  - {{name: a, when: count, above: 1, window: {window}}}")
    assert load_rules(path).rules[0].window_days == days
