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
    # 2: analysis tables (analysis/): events as GDELT separates them (one real-world event, many
    # mentions), the daily escalation index with the day's coverage, the claims ledger and the log of
    # alerts already sent. All are derived from the tables of migration 1 and can be rebuilt from them.
    """
    CREATE TABLE event_clusters (
        id BIGINT PRIMARY KEY,
        date DATE,
        source_party VARCHAR,
        target_party VARCHAR,
        source_code VARCHAR,
        target_code VARCHAR,
        cameo VARCHAR,
        cameo_root VARCHAR,
        quad_class INTEGER,
        goldstein DOUBLE,
        modality VARCHAR,
        location VARCHAR,
        first_event_id VARCHAR,
        n_mentions INTEGER,
        n_sources INTEGER,
        n_articles INTEGER,
        n_copies INTEGER,
        added_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE event_mentions (
        event_id VARCHAR PRIMARY KEY,
        cluster_id BIGINT,
        article_id VARCHAR,
        similarity DOUBLE
    );
    CREATE INDEX event_mentions_cluster ON event_mentions(cluster_id);
    CREATE INDEX event_clusters_date ON event_clusters(date);
    CREATE TABLE daily_index (
        day DATE,
        source VARCHAR,
        target VARCHAR,
        events INTEGER,
        goldstein_sum DOUBLE,
        quad1 INTEGER,
        quad2 INTEGER,
        quad3 INTEGER,
        quad4 INTEGER,
        PRIMARY KEY (day, source, target)
    );
    CREATE TABLE daily_coverage (
        day DATE PRIMARY KEY,
        articles INTEGER,
        events INTEGER
    );
    CREATE TABLE claims (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        published DATE,
        speaker_id VARCHAR,
        speaker_name VARCHAR,
        speaker_party VARCHAR,
        subject_party VARCHAR,
        object_party VARCHAR,
        action VARCHAR,
        cameo_root VARCHAR,
        target_date DATE,
        target_end DATE,
        date_text VARCHAR,
        text VARCHAR,
        status VARCHAR,
        status_event_id VARCHAR,
        record VARCHAR
    );
    CREATE INDEX claims_target_date ON claims(target_date);
    CREATE TABLE alert_log (
        rule VARCHAR,
        key VARCHAR,
        fired_at TIMESTAMP DEFAULT current_timestamp,
        payload VARCHAR,
        PRIMARY KEY (rule, key)
    );
    CREATE TABLE analysed_articles (
        article_id VARCHAR PRIMARY KEY
    );
    """,
    # 3: facts about the store itself, such as the MinHash scheme its signatures were made with
    # (signatures of two schemes cannot be compared: store.py recomputes old ones from the text).
    """
    CREATE TABLE store_meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    );
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
