"""The record contract of design.md as pydantic models: every output is checked against these."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RECORD_TYPES: tuple[str, ...] = ("article", "actor", "quote", "timex", "event")

ActorKind = Literal["person", "organization", "country", "group"]
Offset = Annotated[int, Field(ge=0)]


class Record(BaseModel):
    """Base of every record: extra fields are allowed, the contract's fields are required."""

    model_config = ConfigDict(extra="allow")

    def to_json(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict with its `type` first."""
        data = self.model_dump(mode="json")
        return {"type": data.pop("type"), **data}


class ActorRef(BaseModel):
    """An actor as it appears in quotes and events: canonical name, codes and role."""

    model_config = ConfigDict(extra="allow")

    name: str
    actor_id: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    title: str | None = None


class Article(Record):
    """A cleaned article: the text every offset points into."""

    type: Literal["article"] = "article"
    id: str
    source: str
    url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    dateline: list[str] = Field(default_factory=list)
    language: str | None = None
    text: str
    duplicate_of: str | None = None
    warnings: list[str] = Field(default_factory=list)


class ActorRecord(ActorRef, Record):
    """One actor of an article with the offsets of every mention."""

    type: Literal["actor"] = "actor"
    article_id: str
    mentions: list[tuple[Offset, Offset]] = Field(default_factory=list)


class Quote(Record):
    """A quotation and who said it."""

    type: Literal["quote"] = "quote"
    id: str
    article_id: str
    text: str
    kind: Literal["direct", "indirect", "mixed"]
    speaker: ActorRef | None = None
    speaker_text: str | None = None
    speaker_start: Offset | None = None
    speaker_end: Offset | None = None
    cue: str | None = None
    start: Offset
    end: Offset
    sentence: str
    # Extra: the pieces of one statement (a quote split around its cue, a follow-up paragraph) share it.
    statement: str | None = None


class Timex(Record):
    """A time expression normalised TIMEX3-style against the publication date."""

    type: Literal["timex"] = "timex"
    article_id: str
    text: str
    start: Offset
    end: Offset
    kind: Literal["date", "time", "duration", "set"]
    value: str | None = None


class Location(BaseModel):
    """A place an event happened."""

    model_config = ConfigDict(extra="allow")

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Event(Record):
    """Who did what to whom, when and where, coded in CAMEO and PLOVER."""

    type: Literal["event"] = "event"
    id: str
    article_id: str
    source: ActorRef
    target: ActorRef | None = None
    cameo: str
    cameo_root: str
    plover: str | None = None
    plover_mode: str | None = None
    goldstein: float
    quad_class: Literal[1, 2, 3, 4]
    date: str | None = None
    date_text: str | None = None
    location: Location | None = None
    modality: Literal["asserted", "negated", "hypothetical", "future"]
    reported_by: ActorRef | None = None
    start: Offset
    end: Offset
    sentence: str
    confidence: float = Field(ge=0.0, le=1.0)
    coder: str


MODELS: dict[str, type[Record]] = {
    "article": Article,
    "actor": ActorRecord,
    "quote": Quote,
    "timex": Timex,
    "event": Event,
}


def validate_record(data: dict[str, Any]) -> Record:
    """Check one JSON record against the contract; raise ValueError naming the problem."""
    kind = data.get("type")
    model = MODELS.get(kind)  # type: ignore[arg-type]
    if model is None:
        raise ValueError(f"unknown record type {kind!r}; expected one of {', '.join(RECORD_TYPES)}")
    return model.model_validate(data)


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of every record type, for users and other tools."""
    return {name: model.model_json_schema() for name, model in MODELS.items()}


def parse_record_types(spec: str | None) -> tuple[str, ...]:
    """Turn a `--records` comma list into record types, in contract order; raise ValueError on unknown ones."""
    if not spec or spec.strip() in {"all", "*"}:
        return RECORD_TYPES
    wanted = {part.strip().lower() for part in spec.split(",") if part.strip()}
    unknown = sorted(wanted - set(RECORD_TYPES))
    if unknown:
        raise ValueError(
            f"unknown record type(s) {', '.join(unknown)}; choose from {', '.join(RECORD_TYPES)}"
        )
    return tuple(t for t in RECORD_TYPES if t in wanted)
