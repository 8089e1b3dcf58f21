"""Alerts: rules that users write in a YAML file, checked after each ingest, sent to stdout, a JSONL
file and a webhook.

A rules file::

    outputs:
      stdout: true                       # one JSON line per alert on standard output
      jsonl: alerts.jsonl                # appended; a relative path is taken from the rules file
      webhook: http://127.0.0.1:9000/x   # each alert POSTed as JSON
    rules:
      - name: rus-ukr-fighting           # material conflict RUS->UKR in 24 hours above 5
        when: count
        source: RUS
        target: UKR
        quad_class: 4
        window: 24h
        above: 5
      - name: wagner-assault             # any PLOVER ASSAULT involving an actor
        when: event
        plover: ASSAULT
        actor: wagner-group
      - name: rus-ukr-index-drop         # the 7-day index line fell by more than 3 points in 7 days
        when: index_drop
        pair: [RUS, UKR]
        days: 7
        drop: 3

Event filters (any rule kind): `source`, `target`, `actor` (either side), each an actor id, CAMEO
code or country; `cameo` (a code prefix), `cameo_root`, `quad_class`, `plover`, `modality`
(default `asserted`). Only events of articles that are not copies of another count. Each alert
fires once: the store remembers (rule, key) in `alert_log`, the key being the window's last day,
the event (its event cluster) or the day of the drop.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import duckdb
import yaml

from ..errors import CrisisdeskError
from .index import index_series
from .tables import insert_rows, one, temp_values

WEBHOOK_TIMEOUT_S = 5.0  # a slow receiver must not hold up an ingest for long
MAX_EVIDENCE = 5
KINDS = ("count", "event", "index_drop")
FILTERS = ("source", "target", "actor", "cameo", "cameo_root", "quad_class", "plover", "modality")


class AlertRulesError(CrisisdeskError):
    """The alert rules file cannot be read or has a rule crisisdesk does not understand."""

    code = "E400"


@dataclass(frozen=True)
class Rule:
    """One alert rule."""

    name: str
    when: str
    filters: dict[str, Any] = field(default_factory=dict)
    window_days: int = 1
    above: int = 0
    pair: tuple[str, str] | None = None
    days: int = 7
    drop: float = 0.0


@dataclass(frozen=True)
class Outputs:
    """Where alerts go."""

    stdout: bool = True
    jsonl: Path | None = None
    webhook: str | None = None


@dataclass(frozen=True)
class RuleSet:
    """A parsed rules file."""

    rules: tuple[Rule, ...]
    outputs: Outputs
    source: str


_WINDOW = re.compile(r"^\s*(\d+)\s*([hd])\s*$", re.IGNORECASE)


def _window_days(value: Any, where: str, source: str) -> int:
    if isinstance(value, int) and value > 0:
        return value
    m = _WINDOW.match(str(value))
    if not m or int(m[1]) == 0:
        raise AlertRulesError(f"{where}: window {value!r} is not like 24h or 7d", source=source, hint="give hours (h) or days (d)")
    n = int(m[1])
    # Events are dated by day: a window of hours covers the days it spans (24h is one day, 36h two).
    return n if m[2].lower() == "d" else -(-n // 24)


def load_rules(path: str | Path) -> RuleSet:
    """Read and check a rules file; raise AlertRulesError naming the file and rule when it is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise AlertRulesError(f"cannot read the rules file ({exc.strerror})", source=str(path)) from exc
    except yaml.YAMLError as exc:
        raise AlertRulesError(f"not valid YAML ({exc})", source=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise AlertRulesError("the file needs a `rules:` list", source=str(path), hint="see `crisisdesk alerts --help`")
    rules, names = [], set()
    for n, spec in enumerate(data["rules"], 1):
        where = f"rule {n}"
        if not isinstance(spec, dict):
            raise AlertRulesError(f"{where} is not a mapping", source=str(path))
        name = str(spec.get("name") or f"rule-{n}")
        where = f"rule {name!r}"
        if name in names:
            raise AlertRulesError(f"{where} is defined twice", source=str(path))
        names.add(name)
        when = spec.get("when")
        if when not in KINDS:
            raise AlertRulesError(f"{where}: `when` must be one of {', '.join(KINDS)}, not {when!r}", source=str(path))
        unknown = set(spec) - {"name", "when", "window", "above", "pair", "days", "drop", *FILTERS}
        if unknown:
            raise AlertRulesError(f"{where}: unknown keys {', '.join(sorted(unknown))}", source=str(path))
        filters = {k: spec[k] for k in FILTERS if k in spec}
        if "quad_class" in filters and filters["quad_class"] not in (1, 2, 3, 4):
            raise AlertRulesError(f"{where}: quad_class must be 1, 2, 3 or 4", source=str(path))
        kwargs: dict[str, Any] = {}
        if when == "count":
            if not isinstance(spec.get("above"), int) or spec["above"] < 0:
                raise AlertRulesError(f"{where}: a count rule needs `above:` a whole number", source=str(path))
            kwargs = {"above": spec["above"], "window_days": _window_days(spec.get("window", "24h"), where, str(path))}
        elif when == "index_drop":
            pair = spec.get("pair")
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise AlertRulesError(f"{where}: an index_drop rule needs `pair: [A, B]`", source=str(path))
            drop = spec.get("drop")
            if not isinstance(drop, int | float) or drop <= 0:
                raise AlertRulesError(f"{where}: an index_drop rule needs `drop:` a positive number", source=str(path))
            days = spec.get("days", 7)
            if not isinstance(days, int) or days <= 0:
                raise AlertRulesError(f"{where}: `days` must be a positive whole number", source=str(path))
            kwargs = {"pair": (pair[0], pair[1]), "drop": float(drop), "days": days}
        rules.append(Rule(name, when, filters, **kwargs))
    out = data.get("outputs") or {}
    if not isinstance(out, dict):
        raise AlertRulesError("`outputs` must be a mapping", source=str(path))
    jsonl = out.get("jsonl")
    webhook = out.get("webhook")
    if webhook is not None and not re.match(r"^https?://", str(webhook)):
        raise AlertRulesError(f"webhook {webhook!r} is not an http(s) URL", source=str(path))
    outputs = Outputs(
        stdout=bool(out.get("stdout", True)),
        jsonl=(path.parent / jsonl) if jsonl and not Path(jsonl).is_absolute() else (Path(jsonl) if jsonl else None),
        webhook=str(webhook) if webhook else None,
    )
    return RuleSet(tuple(rules), outputs, str(path))


def _filter_sql(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL conditions (alias e) of a rule's event filters."""
    conds = ["e.article_id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)", "e.date IS NOT NULL"]
    args: list[Any] = []
    for side in ("source", "target"):
        if side in filters:
            conds.append(f"? IN (e.{side}_id, e.{side}_code, e.{side}_country)")
            args.append(str(filters[side]))
    if "actor" in filters:
        conds.append("? IN (e.source_id, e.source_code, e.source_country, e.target_id, e.target_code, e.target_country)")
        args.append(str(filters["actor"]))
    if "cameo" in filters:
        conds.append("starts_with(e.cameo, ?)")
        args.append(str(filters["cameo"]))
    for key, column in (("cameo_root", "e.cameo_root"), ("plover", "e.plover")):
        if key in filters:
            conds.append(f"{column} = ?")
            args.append(str(filters[key]).zfill(2) if key == "cameo_root" else str(filters[key]).upper())
    if "quad_class" in filters:
        conds.append("e.quad_class = ?")
        args.append(int(filters["quad_class"]))
    conds.append("e.modality = ?")
    args.append(str(filters.get("modality", "asserted")))
    return " AND ".join(conds), args


def _evidence(con: duckdb.DuckDBPyConnection, where: str, args: list[Any]) -> list[dict[str, Any]]:
    rows = con.execute(
        f"""SELECT e.id, e.article_id, a.title, a.url, CAST(e.date AS VARCHAR), e.cameo, e.goldstein,
                   json_extract_string(e.record, '$.sentence')
            FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}
            ORDER BY e.goldstein, e.date, e.id LIMIT {MAX_EVIDENCE}""",
        args,
    ).fetchall()
    keys = ("event_id", "article_id", "title", "url", "date", "cameo", "goldstein", "sentence")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def evaluate(con: duckdb.DuckDBPyConnection, rules: RuleSet, days: Iterable[dt.date], event_ids: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The alerts the rules raise for these (new) days and events, not counting those already sent."""
    days = sorted({d for d in days if d is not None})
    new_events = list(dict.fromkeys(event_ids))
    alerts: list[dict[str, Any]] = []
    for rule in rules.rules:
        where, args = _filter_sql(rule.filters)
        if rule.when == "count":
            ends = sorted({d + dt.timedelta(days=k) for d in days for k in range(rule.window_days)})
            for end in ends:
                start = end - dt.timedelta(days=rule.window_days - 1)
                w, a = f"{where} AND e.date BETWEEN ? AND ?", [*args, start, end]
                n = int(one(con, f"SELECT count(*) FROM events e WHERE {w}", a)[0])
                if n > rule.above:
                    alerts.append({
                        "rule": rule.name, "when": rule.when, "key": end.isoformat(),
                        "message": f"{n} matching events from {start} to {end} (above {rule.above})",
                        "count": n, "from": start.isoformat(), "to": end.isoformat(), "evidence": _evidence(con, w, a),
                    })
        elif rule.when == "event" and new_events:
            temp_values(con, "alert_events", "id", new_events)
            rows = con.execute(
                f"""SELECT coalesce(CAST(em.cluster_id AS VARCHAR), e.id), min(e.id) FROM events e
                    LEFT JOIN event_mentions em ON em.event_id = e.id
                    WHERE {where} AND e.id IN (SELECT id FROM alert_events) GROUP BY 1 ORDER BY 2""",
                args,
            ).fetchall()
            for key, event_id in rows:
                ev = _evidence(con, "e.id = ?", [event_id])
                alerts.append({
                    "rule": rule.name, "when": rule.when, "key": f"event:{key}",
                    "message": f"matching event {ev[0]['cameo']} on {ev[0]['date']}: {ev[0]['sentence']}",
                    "evidence": ev,
                })
        elif rule.when == "index_drop" and rule.pair and days:
            a_, b_ = rule.pair
            lo, hi = days[0] - dt.timedelta(days=rule.days), days[-1]
            line = {p.date: p.rolling for p in index_series(con, a_, b_, start=lo, end=hi)}
            for d in days:
                now, before = line.get(d), line.get(d - dt.timedelta(days=rule.days))
                if now is not None and before is not None and before - now > rule.drop:
                    alerts.append({
                        "rule": rule.name, "when": rule.when, "key": d.isoformat(),
                        "message": f"{a_}-{b_} 7-day index fell from {before:.2f} to {now:.2f} in {rule.days} days (more than {rule.drop})",
                        "pair": [a_, b_], "from_value": round(before, 3), "to_value": round(now, 3), "day": d.isoformat(),
                    })
    fresh = []
    for alert in alerts:
        seen = con.execute("SELECT 1 FROM alert_log WHERE rule = ? AND key = ?", [alert["rule"], alert["key"]]).fetchone()
        if not seen:
            fresh.append(alert)
    return fresh


def send(alerts: list[dict[str, Any]], outputs: Outputs, *, stdout: TextIO | None = None) -> list[str]:
    """Write alerts to every output; return the problems met (a failed webhook does not stop the others)."""
    problems: list[str] = []
    lines = [json.dumps(a, ensure_ascii=False, default=str) for a in alerts]
    if outputs.stdout:
        out = stdout or sys.stdout
        for line in lines:
            out.write(line + "\n")
        out.flush()
    if outputs.jsonl is not None and lines:
        try:
            outputs.jsonl.parent.mkdir(parents=True, exist_ok=True)
            with outputs.jsonl.open("a", encoding="utf-8") as fh:
                fh.writelines(line + "\n" for line in lines)
        except OSError as exc:
            problems.append(f"{outputs.jsonl}: cannot append alerts ({exc.strerror})")
    if outputs.webhook:
        for line in lines:
            req = urllib.request.Request(outputs.webhook, data=line.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json", "User-Agent": "crisisdesk-alerts"})
            try:
                with urllib.request.urlopen(req, timeout=WEBHOOK_TIMEOUT_S) as resp:
                    resp.read()
            except (urllib.error.URLError, OSError) as exc:
                problems.append(f"{outputs.webhook}: webhook failed ({getattr(exc, 'reason', exc)})")
                break
    return problems


def check(
    con: duckdb.DuckDBPyConnection, rules: RuleSet, days: Iterable[dt.date], event_ids: Iterable[str] = (), *, stdout: TextIO | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Evaluate the rules, send the new alerts and remember them; return (alerts, delivery problems)."""
    alerts = evaluate(con, rules, days, event_ids)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for a in alerts:
        a["fired_at"] = now.isoformat()
    problems = send(alerts, rules.outputs, stdout=stdout)
    if alerts:
        insert_rows(con, "alert_log", ["rule", "key", "fired_at", "payload"],
                    [(a["rule"], a["key"], now.replace(tzinfo=None), json.dumps(a, default=str, ensure_ascii=False)) for a in alerts],
                    mode="INSERT OR IGNORE")
    return alerts, problems


def recent_alerts(con: duckdb.DuckDBPyConnection, limit: int = 100) -> list[dict[str, Any]]:
    """Alerts sent so far, newest first."""
    return [json.loads(r[0]) for r in con.execute("SELECT payload FROM alert_log ORDER BY fired_at DESC, rule, key LIMIT ?", [limit]).fetchall()]
