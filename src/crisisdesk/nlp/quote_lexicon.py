"""The cue lexicon of the quote finder (data/lexicons/quote_cues.yaml), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Cues:
    """Words that introduce reported speech, by the role they play."""

    speech_verbs: frozenset[str]
    object_infinitive: frozenset[str]
    object_content: frozenset[str]
    as_verbs: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]
    speech_nouns: frozenset[str]
    cue_extensions: tuple[tuple[str, ...], ...]
    role_nouns: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue lexicon bundled with crisisdesk."""
    raw = yaml.safe_load(resources.files("crisisdesk.data.lexicons").joinpath("quote_cues.yaml").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in raw[key])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((tuple(str(v).lower().split()) for v in raw[key]), key=len, reverse=True))

    return Cues(
        speech_verbs=words("speech_verbs"),
        object_infinitive=words("object_infinitive"),
        object_content=words("object_content"),
        as_verbs=words("as_verbs"),
        source_prepositions=phrases("source_prepositions"),
        speech_nouns=words("speech_nouns"),
        cue_extensions=phrases("cue_extensions"),
        role_nouns=words("role_nouns"),
    )
