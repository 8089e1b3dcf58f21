"""API latency on a synthetic store of 1,000,000 events: p50/p95/max of four typical requests.

Run: python -m benchmarks api   (or python -m benchmarks.api [EVENTS] [REQUESTS]; defaults 1,000,000 events,
200 requests per kind; CRISISDESK_BENCH_EVENTS and CRISISDESK_BENCH_REQUESTS set them too)

The store is written with DuckDB SQL straight into the real schema (`store/schema.py`, migrations
applied by `Store.open`): 100,000 articles over three years, ten events, three quotes, five actor
mentions and two time expressions each, 5% of the articles near-duplicates. Parties and speakers are
drawn with a skew (a few busy pairs, many quiet ones), as in real crisis coverage; ids are hashes
and rows go in in publication order, as `ingest` writes them. Then a real
`crisisdesk serve` (uvicorn on 127.0.0.1) answers, one request at a time over a kept-alive
connection, with parameters varied per request:

- events of one pair in a 90-day window (`/api/events?pair=A,B&from=&to=`),
- the escalation series of one pair over a year (`/api/escalation?pair=A,B&from=&to=`),
- a quote search by speaker name (`/api/quotes?speaker=...`),
- one article with all its annotations (`/api/articles/{id}`).
Target: p95 under 200 ms for each.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import save

TARGET_P95_MS = 200.0
EVENTS_PER_ARTICLE = 10
# Forty parties: the first few are the busy ones (the draw below favours low indexes).
PARTIES = [
    "RUS", "UKR", "USA", "CHN", "TUR", "IRN", "ISR", "POL", "DEU", "FRA", "GBR", "BLR", "IND", "PAK", "SYR", "SAU",
    "EGY", "JPN", "KOR", "PRK", "TWN", "ARM", "AZE", "GEO", "MDA", "SRB", "HUN", "ROU", "ITA", "ESP", "CAN", "BRA",
    "MEX", "ZAF", "NGA", "ETH", "SDN", "LBY", "IRQ", "AFG",
]
FIRST = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hamid", "Irina", "Jonas"]
LAST = ["Velska", "Rydek", "Dolan", "Aalund", "Brandt", "Holm", "Obst", "Rask", "Vell", "Pettersen",
        "Moreau", "Kaya", "Novak", "Sato", "Park", "Ivanova", "Haddad", "Costa", "Meyer", "Larsen"]
N_PEOPLE = len(FIRST) * len(LAST) * 10  # 2,000 speakers, 50 per party
# CAMEO code, root, PLOVER type, Goldstein (GDELT table), quad class: a spread over the four quads.
CODES = [
    ("010", "01", None, 0.0, 1), ("036", "03", "CONSULT", 4.0, 1), ("042", "04", "CONSULT", 1.9, 1),
    ("051", "05", "COOPERATE", 3.4, 1), ("061", "06", "COOPERATE", 6.4, 2), ("070", "07", "AID", 7.0, 2),
    ("112", "11", "ACCUSE", -2.0, 3), ("130", "13", "THREATEN", -4.4, 3), ("141", "14", "PROTEST", -6.5, 3),
    ("173", "17", "COERCE", -5.0, 4), ("190", "19", "ASSAULT", -10.0, 4), ("195", "19", "ASSAULT", -10.0, 4),
]
START = dt.date(2022, 1, 1)
DAYS = 3 * 365


def _values(rows: list[tuple]) -> str:
    def lit(v: object) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, str):
            return "'" + v.replace("'", "''") + "'"
        return repr(v)

    return ", ".join("(" + ", ".join(lit(v) for v in row) + ")" for row in rows)


def build_store(path: Path, n_events: int) -> dict:
    """Write the synthetic store; return its size and the time it took."""
    from crisisdesk.store.store import Store

    n_articles = max(n_events // EVENTS_PER_ARTICLE, 1)
    started = time.perf_counter()
    with Store.open(path) as store:
        con = store.con
        con.execute(f"CREATE TEMP TABLE parties AS SELECT * FROM (VALUES {_values([(i, p) for i, p in enumerate(PARTIES)])}) t(pid, code)")
        con.execute(f"CREATE TEMP TABLE codes AS SELECT * FROM (VALUES {_values([(i, *c) for i, c in enumerate(CODES)])}) t(cid, cameo, root, plover, goldstein, quad)")
        people = [(n, f"{FIRST[n % 10]} {LAST[(n // 10) % 20]} {n // 200 + 1}", PARTIES[n % len(PARTIES)]) for n in range(N_PEOPLE)]
        con.execute(f"CREATE TEMP TABLE people AS SELECT * FROM (VALUES {_values(people)}) t(pn, name, country)")
        con.execute("""CREATE TEMP TABLE people_ref AS SELECT pn, name, country, 'person-' || pn AS actor_id, country || 'GOV' AS code,
                         json_object('name', name, 'actor_id', 'person-' || pn, 'kind', 'person', 'country', country,
                                     'sector', 'GOV', 'code', country || 'GOV', 'title', NULL) AS ref FROM people""")
        text = "The talks resumed in the capital. " * 24  # 816 characters; offsets below stay inside
        con.execute(
            f"""INSERT INTO articles (id, source, url, site, title, author, published, dateline, language, text, duplicate_of, warnings, extra, text_hash)
                SELECT md5(i::VARCHAR)[:16], 'synthetic', 'https://example.org/' || i, 'site' || (i % 50),
                       'Synthetic story ' || i, NULL, DATE '{START}' + CAST(i * {DAYS} // {n_articles} AS INTEGER), [], 'en', ?,
                       CASE WHEN i % 20 = 19 THEN md5((i - 1)::VARCHAR)[:16] END, [], '{{}}', md5(i::VARCHAR)
                FROM range({n_articles}) r(i)""",
            [text],
        )
        # Parties: u**2 favours the first ones, so a few pairs are busy and most are quiet.
        con.execute(
            f"""INSERT INTO events
                WITH draw AS (
                    SELECT i, i // {EVENTS_PER_ARTICLE} AS a,
                           CAST(floor({len(PARTIES)} * pow((hash(i, 1) % 10000) / 10000.0, 2)) AS INTEGER) AS sp,
                           CAST(floor({len(PARTIES)} * pow((hash(i, 2) % 10000) / 10000.0, 2)) AS INTEGER) AS tp0,
                           CAST(hash(i, 3) % {len(CODES)} AS INTEGER) AS cid,
                           CAST(hash(i, 4) % 50 AS INTEGER) AS k1, CAST(hash(i, 5) % 50 AS INTEGER) AS k2,
                           CAST(hash(i, 6) % 20 AS INTEGER) AS m, CAST(hash(i, 7) % 3 AS INTEGER) AS back
                    FROM range({n_events}) r(i)),
                picked AS (
                    SELECT d.*, CASE WHEN d.tp0 = d.sp THEN (d.sp + 1) % {len(PARTIES)} ELSE d.tp0 END AS tp FROM draw d),
                e AS (
                    SELECT md5(p.a::VARCHAR)[:16] AS article_id, md5(p.a::VARCHAR)[:16] || '-e' || (p.i % {EVENTS_PER_ARTICLE}) AS id,
                           s.actor_id AS source_id, s.code AS source_code, s.country AS source_country, s.ref AS sref,
                           t.actor_id AS target_id, t.code AS target_code, t.country AS target_country, t.ref AS tref,
                           c.cameo, c.root, c.plover, c.goldstein, c.quad,
                           CASE WHEN p.m < 17 THEN 'asserted' WHEN p.m = 17 THEN 'negated' WHEN p.m = 18 THEN 'hypothetical' ELSE 'future' END AS modality,
                           DATE '{START}' + CAST(p.a * {DAYS} // {n_articles} AS INTEGER) - p.back AS date,
                           (p.i % {EVENTS_PER_ARTICLE}) * 34 + 4 AS start, p.i AS p_order
                    FROM picked p
                    JOIN people_ref s ON s.pn = p.sp + {len(PARTIES)} * p.k1
                    JOIN people_ref t ON t.pn = p.tp + {len(PARTIES)} * p.k2
                    JOIN codes c ON c.cid = p.cid)
                SELECT id, article_id, source_id, source_code, source_country, target_id, target_code, target_country, cameo, root, plover,
                       goldstein, quad, modality, date, start, start + 5,
                       json_object('type', 'event', 'id', id, 'article_id', article_id, 'source', sref::JSON, 'target', tref::JSON,
                                   'cameo', cameo, 'cameo_root', root, 'plover', plover, 'plover_mode', NULL, 'goldstein', goldstein,
                                   'quad_class', quad, 'date', CAST(date AS VARCHAR), 'date_text', NULL, 'location', NULL,
                                   'modality', modality, 'reported_by', NULL, 'start', start, 'end', start + 5,
                                   'sentence', 'The talks resumed in the capital.', 'confidence', 0.8, 'coder', 'synthetic')::VARCHAR
                FROM e ORDER BY p_order"""
        )
        con.execute(
            f"""INSERT INTO quotes
                WITH q AS (SELECT i, i // 3 AS a, CAST(hash(i, 8) % {N_PEOPLE} AS INTEGER) AS pn FROM range({n_articles * 3}) r(i))
                SELECT md5(q.a::VARCHAR)[:16] || '-q' || (q.i % 3), md5(q.a::VARCHAR)[:16], 'direct',
                       p.actor_id, p.name, p.country, p.name, 'We will talk again ' || q.i, (q.i % 3) * 200, (q.i % 3) * 200 + 30,
                       json_object('type', 'quote', 'id', md5(q.a::VARCHAR)[:16] || '-q' || (q.i % 3),
                                   'article_id', md5(q.a::VARCHAR)[:16], 'text', 'We will talk again ' || q.i, 'kind', 'direct',
                                   'speaker', p.ref::JSON, 'speaker_text', p.name, 'speaker_start', NULL, 'speaker_end', NULL, 'cue', 'said',
                                   'start', (q.i % 3) * 200, 'end', (q.i % 3) * 200 + 30, 'sentence', 'The talks resumed in the capital.')::VARCHAR
                FROM q JOIN people_ref p ON p.pn = q.pn ORDER BY q.i"""
        )
        con.execute(
            f"""INSERT INTO actors
                WITH x AS (SELECT i, i // 5 AS a, CAST((hash(i // 5, 9) + (i % 5) * 397) % {N_PEOPLE} AS INTEGER) AS pn FROM range({n_articles * 5}) r(i))
                SELECT md5(x.a::VARCHAR)[:16], p.actor_id, p.name, 'person', p.country, 'GOV', p.code, 2,
                       json_object('type', 'actor', 'article_id', md5(x.a::VARCHAR)[:16], 'name', p.name, 'actor_id', p.actor_id,
                                   'kind', 'person', 'country', p.country, 'sector', 'GOV', 'code', p.code, 'title', NULL,
                                   'mentions', [[(x.i % 5) * 100, (x.i % 5) * 100 + 4]])::VARCHAR
                FROM x JOIN people_ref p ON p.pn = x.pn ORDER BY x.i"""
        )
        con.execute(
            f"""INSERT INTO timexes
                SELECT md5((i // 2)::VARCHAR)[:16], i % 2, 'date', '2022-01-01', 'the capital', 20 + (i % 2) * 340, 31 + (i % 2) * 340,
                       json_object('type', 'timex', 'article_id', md5((i // 2)::VARCHAR)[:16], 'text', 'the capital',
                                   'start', 20 + (i % 2) * 340, 'end', 31 + (i % 2) * 340, 'kind', 'date', 'value', '2022-01-01')::VARCHAR
                FROM range({n_articles * 2}) r(i)"""
        )
        counts = store.counts()
        con.execute("CHECKPOINT")
    return {"seconds": round(time.perf_counter() - started, 1), "mb": round(path.stat().st_size / 1e6), **counts}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _requests(path: Path, n: int, rng: random.Random) -> dict[str, list[str]]:
    """The request paths of each kind, parameters drawn from the store itself."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    busy = con.execute(
        """SELECT least(source_country, target_country) a, greatest(source_country, target_country) b, count(*) n
           FROM events GROUP BY 1, 2 ORDER BY n DESC LIMIT 20"""
    ).fetchall()
    names = [r[0] for r in con.execute("SELECT DISTINCT speaker_name FROM quotes").fetchall()]
    article_ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
    con.close()
    out: dict[str, list[str]] = {"events_pair_window": [], "escalation_pair_year": [], "quotes_by_speaker": [], "article_annotated": []}
    for _ in range(n):
        a, b, _n = rng.choice(busy)
        start = START + dt.timedelta(days=rng.randrange(DAYS - 90))
        out["events_pair_window"].append(f"/api/events?pair={a},{b}&from={start}&to={start + dt.timedelta(days=89)}")
        year = START + dt.timedelta(days=rng.randrange(DAYS - 365))
        out["escalation_pair_year"].append(f"/api/escalation?pair={b},{a}&from={year}&to={year + dt.timedelta(days=364)}")
        name = rng.choice(names)
        out["quotes_by_speaker"].append("/api/quotes?speaker=" + name.replace(" ", "%20"))
        out["article_annotated"].append(f"/api/articles/{rng.choice(article_ids)}")
    return out


def _serve(path: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    exe = str(Path(sys.executable).with_name("crisisdesk"))
    env = {**os.environ, "CRISISDESK_DB": str(path)}
    env.pop("CRISISDESK_TOKEN", None)
    proc = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/articles?limit=1")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("crisisdesk serve did not start")


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(port: int, pid: int, paths: list[str], warmup: int = 5) -> dict:
    """Latency in ms of each request in turn over one kept-alive connection, and the server's CPU time per request.

    The CPU time does not grow when other work shares the cores, so it shows what a quiet machine would see.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(p: str) -> float:
        started = time.perf_counter()
        conn.request("GET", p)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{p}: HTTP {response.status} {body[:200]!r}")
        return (time.perf_counter() - started) * 1000

    for p in paths[:warmup]:
        get(p)
    cpu = _cpu_seconds(pid)
    times = sorted(get(p) for p in paths)
    cpu_ms = (_cpu_seconds(pid) - cpu) * 1000 / len(paths)
    conn.close()
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(round(0.95 * len(times))) - 1)], 1),
        "max_ms": round(times[-1], 1),
        "server_cpu_ms_per_request": round(cpu_ms, 1),
    }


def main(argv: list[str] | None = None) -> None:
    args = argv or []  # `python -m benchmarks api` passes none: sizes then come from the environment
    n_events = int(args[0]) if args else int(os.environ.get("CRISISDESK_BENCH_EVENTS", 1_000_000))
    n_requests = int(args[1]) if len(args) > 1 else int(os.environ.get("CRISISDESK_BENCH_REQUESTS", 200))
    rng = random.Random(9)
    with tempfile.TemporaryDirectory(prefix="crisisdesk-api-") as tmp:
        path = Path(tmp) / "synthetic.duckdb"
        built = build_store(path, n_events)
        print(f"built {built}", flush=True)
        requests = _requests(path, n_requests, rng)
        proc, port = _serve(path)
        try:
            load_before = os.getloadavg()[0]
            results = {kind: measure(port, proc.pid, paths) for kind, paths in requests.items()}
            load_after = os.getloadavg()[0]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    figures = {
        "store": built,
        "target_p95_ms": TARGET_P95_MS,
        "latency": results,
        "all_under_target": all(r["p95_ms"] < TARGET_P95_MS for r in results.values()),
        "load_average_1min": [round(load_before, 1), round(load_after, 1)],
        "note": "one request at a time over HTTP to a real `crisisdesk serve` on 127.0.0.1; 2 shared cores",
    }
    save("api", figures)


if __name__ == "__main__":
    main(sys.argv[1:])
