"""Shared fixtures: the bundled examples analysed once per test session, and small hand-written inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests run 60 cases each by default, which keeps all of them to about a minute on CI's two
# cores; HYPOTHESIS_PROFILE=thorough runs 1,000 each (e.g. before a release).
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
EXAMPLE_ACTORS = ROOT / "examples" / "actors.yaml"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def example_settings():
    """Settings that add the examples' invented actors to the knowledge base."""
    from crisisdesk.settings import Settings

    return Settings(actors_file=EXAMPLE_ACTORS)


@pytest.fixture(scope="session")
def example_records(example_settings) -> list[dict]:
    """Every record `extract` gives for the bundled examples (the spaCy model runs once per session)."""
    from crisisdesk.runner import extract_records

    return list(extract_records([EXAMPLES], settings=example_settings))


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline with crisisdesk's components."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.settings import get_settings

    return load_pipeline(get_settings().spacy_model)


@pytest.fixture()
def cli_env(tmp_path) -> dict[str, str]:
    """Environment for running the CLI in a subprocess with a private store."""
    env = dict(os.environ)
    env["CRISISDESK_DB"] = str(tmp_path / "store.duckdb")
    return env
