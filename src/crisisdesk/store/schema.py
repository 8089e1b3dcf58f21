"""The DuckDB schema of the store and its migrations, applied in order and recorded by version."""

from __future__ import annotations

import duckdb

# Each migration moves the store from version n to n + 1. Never edit a released migration: add one.
MIGRATIONS: list[str] = [
    # 1: articles and their annotations; each table keeps the full record as JSON (`record`) beside
    # the columns that queries filter on, so exports give back exactly what `extract` prints.
    """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        source VARCHAR,
        url VARCHAR,
        site VARCHAR,
        title VARCHAR,
        author VARCHAR,
        published DATE,
        dateline VARCHAR[],
        language VARCHAR,
        text VARCHAR,
        duplicate_of VARCHAR,
        warnings VARCHAR[],
        extra VARCHAR,
        text_hash VARCHAR,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE actors (
        article_id VARCHAR,
        actor_id VARCHAR,
        name VARCHAR,
        kind VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        code VARCHAR,
        n_mentions INTEGER,
        record VARCHAR,
        PRIMARY KEY (article_id, actor_id)
    );
    CREATE TABLE quotes (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        kind VARCHAR,
        speaker_id VARCHAR,
        speaker_name VARCHAR,
        speaker_country VARCHAR,
        speaker_text VARCHAR,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        record VARCHAR
    );
    CREATE TABLE timexes (
        article_id VARCHAR,
        idx INTEGER,
        kind VARCHAR,
        value VARCHAR,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        record VARCHAR,
        PRIMARY KEY (article_id, idx)
    );
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        source_id VARCHAR,
        source_code VARCHAR,
        source_country VARCHAR,
        target_id VARCHAR,
        target_code VARCHAR,
        target_country VARCHAR,
        cameo VARCHAR,
        cameo_root VARCHAR,
        plover VARCHAR,
        goldstein DOUBLE,
        quad_class INTEGER,
        modality VARCHAR,
        date DATE,
        start INTEGER,
        "end" INTEGER,
        record VARCHAR
    );
    CREATE TABLE minhashes (
        article_id VARCHAR PRIMARY KEY,
        text_hash VARCHAR,
        signature BLOB
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX actors_actor ON actors(actor_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a store is at (0 for a new file)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring a store to the current schema, one migration per transaction; return the version reached."""
    version = current_version(con)
    if version > SCHEMA_VERSION:
        from ..errors import StoreError

        raise StoreError(
            f"the store is at schema version {version}, newer than this crisisdesk ({SCHEMA_VERSION})",
            hint="upgrade crisisdesk",
        )
    for n in range(version, SCHEMA_VERSION):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(MIGRATIONS[n])
            con.execute("INSERT INTO schema_version VALUES (?)", [n + 1])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
